"""The level format: which sections and keys exist, their types, defaults and ranges.

``validate`` turns a parsed TOML document into a normalized dict with every default filled in, or
collects every problem it finds (it does not stop at the first).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from typing import Any

from ..expr import FUNCTIONS
from ..functions import CLASSIC
from ..optim import NAMES, SpecError, complete, parse_spec

KINDS = ("function", "formula", "wells", "heightmap", "data")
ABILITIES = ("sled", "leap", "restart")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-]{0,63}$")
MAX_WELLS = 256
MAX_ROWS = 10_000
MAX_LINEUP = 9

# Every section and key of the format. docs/levels.md documents each one (a test checks).
KEYS: dict[str, tuple[str, ...]] = {
    "level": ("id", "title", "description", "author", "difficulty"),
    "landscape": ("kind", "domain", "name", "formula", "constants", "base", "wells", "image", "height",
                  "data", "csv"),
    "start": ("point", "random"),
    "rules": ("steps", "stride", "fog", "abilities", "par"),
    "goal": ("value", "points", "tolerance"),
    "race": ("lineup", "steps", "seed"),
}
KIND_KEYS = {
    "function": {"name", "domain"},
    "formula": {"formula", "constants", "domain"},
    "wells": {"base", "wells", "constants", "domain"},
    "heightmap": {"image", "height", "domain"},
    "data": {"data", "csv", "domain"},
}
REQUIRED_KIND_KEYS = {"function": ["name"], "formula": ["formula"], "heightmap": ["image"]}


def suggest(word: str, choices, cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=cutoff)
    return f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(choices)}"


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


class Validator:
    """Collects problems as (key, message, hint); the loader adds file names and positions."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str, str]] = []

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append((key, message, hint))

    def table(self, doc: dict, name: str, required: bool = False) -> dict:
        value = doc.get(name, {})
        if name not in doc and required:
            self.error(f"[{name}]", f"the [{name}] section is missing", f"add a [{name}] section")
        if not isinstance(value, dict):
            self.error(f"[{name}]", f"[{name}] must be a table", f"write it as a [{name}] section")
            return {}
        return value

    def unknown(self, table: dict, section: str, allowed) -> None:
        for key in table:
            if key not in allowed:
                self.error(f"[{section}].{key}", f"unknown key {key!r} in [{section}]",
                           suggest(key, sorted(allowed), 0.5))

    def get(self, table: dict, section: str, key: str, check: Callable[[Any], str | None],
            default: Any = None, required: bool = False, expected: str = "") -> Any:
        if key not in table:
            if required:
                self.error(f"[{section}].{key}", f"missing required key {key!r}", expected)
            return default
        value = table[key]
        message = check(value)
        if message:
            self.error(f"[{section}].{key}", message, expected)
            return default
        return value


def string(v: Any) -> str | None:
    return None if isinstance(v, str) else f"expected a string, got {_type(v)}"


def boolean(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"expected true or false, got {_type(v)}"


def number(lo: float | None = None, hi: float | None = None, integer: bool = False, lo_open: bool = False):
    def check(v: Any) -> str | None:
        if integer and not (isinstance(v, int) and not isinstance(v, bool)):
            return f"expected a whole number, got {_type(v)}"
        if not _is_number(v):
            return f"expected a number, got {_type(v)}"
        if lo is not None and (v < lo or (lo_open and v == lo)):
            return f"{v} is out of range: it must be {'>' if lo_open else '>='} {lo:g}"
        if hi is not None and v > hi:
            return f"{v} is out of range: it must be <= {hi:g}"
        return None
    return check


def pair(v: Any) -> str | None:
    if not isinstance(v, list) or len(v) != 2 or not all(_is_number(a) for a in v):
        return f"expected two numbers like [1.5, -2], got {_short(v)}"
    return None


def interval(v: Any) -> str | None:
    bad = pair(v)
    if bad:
        return bad.replace("like [1.5, -2]", "like [-2, 2]")
    if not v[0] < v[1]:
        return f"the interval {_short(v)} is empty: the first number must be smaller than the second"
    return None


def _type(v: Any) -> str:
    names = {bool: "a boolean", int: "a whole number", float: "a number", str: "a string",
             list: "an array", dict: "a table"}
    return names.get(type(v), type(v).__name__) + (f" ({_short(v)})" if not isinstance(v, dict | list) else "")


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def validate(doc: dict) -> tuple[dict | None, list[tuple[str, str, str]]]:
    v = Validator()
    for section in doc:
        if section not in KEYS:
            v.error(f"[{section}]", f"unknown section [{section}]", suggest(section, list(KEYS), 0.5))
    level = _level(v, v.table(doc, "level", required=True))
    land = _landscape(v, v.table(doc, "landscape", required=True))
    start = _start(v, v.table(doc, "start"), land)
    rules = _rules(v, v.table(doc, "rules"))
    goal = _goal(v, v.table(doc, "goal"), land)
    race = _race(v, v.table(doc, "race"))
    if v.problems:
        return None, v.problems
    return {"level": level, "landscape": land, "start": start, "rules": rules, "goal": goal,
            "race": race}, []


def _level(v: Validator, t: dict) -> dict:
    v.unknown(t, "level", KEYS["level"])
    lid = v.get(t, "level", "id", string, required=True, expected='a short id like "twin-valleys"')
    if isinstance(lid, str) and not ID_PATTERN.match(lid):
        v.error("[level].id", f"id {lid!r} is not allowed",
                "use lowercase letters, digits and dashes, e.g. \"twin-valleys\"")
    return {
        "id": lid,
        "title": v.get(t, "level", "title", string, required=True, expected='a title like "Twin Valleys"'),
        "description": v.get(t, "level", "description", string, ""),
        "author": v.get(t, "level", "author", string, ""),
        "difficulty": v.get(t, "level", "difficulty", number(1, 5, integer=True), 2,
                            expected="a whole number from 1 (gentle) to 5 (devious)"),
    }


def _domain(v: Validator, t: dict, required: bool) -> dict | None:
    if "domain" not in t:
        if required:
            v.error("[landscape].domain", "missing required key 'domain'",
                    "write domain = { x = [-2, 2], y = [-2, 2] }")
        return None
    d = t["domain"]
    if not isinstance(d, dict):
        v.error("[landscape].domain", f"expected a table, got {_type(d)}",
                "write domain = { x = [-2, 2], y = [-2, 2] }")
        return None
    v.unknown(d, "landscape.domain", ("x", "y"))
    out = {}
    for axis in ("x", "y"):
        out[axis] = v.get(d, "landscape.domain", axis, interval, required=True,
                          expected=f"{axis} = [low, high] with low < high")
    return out if all(out.values()) else None


def _landscape(v: Validator, t: dict) -> dict:
    kind = v.get(t, "landscape", "kind", string, required=True, expected=f"one of: {', '.join(KINDS)}")
    if kind is None:
        return {"kind": None}
    if kind not in KINDS:
        v.error("[landscape].kind", f"unknown landscape kind {kind!r}", suggest(kind, KINDS, 0.5))
        return {"kind": None}
    allowed = {"kind"} | KIND_KEYS[kind]
    for key in t:
        if key not in allowed:
            hint = suggest(key, sorted(allowed), 0.5)
            if key in KEYS["landscape"]:
                hint = f"{key!r} belongs to another kind; a {kind} landscape takes: {', '.join(sorted(allowed))}"
            v.error(f"[landscape].{key}", f"unknown key {key!r} for kind = {kind!r}", hint)
    for key in REQUIRED_KIND_KEYS.get(kind, []):
        if key not in t:
            v.error(f"[landscape].{key}", f"missing required key {key!r} for kind = {kind!r}")
    out: dict[str, Any] = {"kind": kind}
    out["domain"] = _domain(v, t, required=kind != "function")
    if "constants" in allowed:
        consts = t.get("constants", {})
        if not isinstance(consts, dict):
            v.error("[landscape].constants", f"expected a table, got {_type(consts)}",
                    "write [landscape.constants] with lines like a = 1.5")
            consts = {}
        for name, value in consts.items():
            if not _is_number(value):
                v.error(f"[landscape.constants].{name}", f"expected a number, got {_type(value)}")
            elif not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name) or name in ("x", "y", *FUNCTIONS):
                v.error(f"[landscape.constants].{name}", f"{name!r} cannot be a constant name",
                        "use a plain name that is not x, y or a function")
        out["constants"] = {k: float(c) for k, c in consts.items() if _is_number(c)}
    if kind == "function":
        name = v.get(t, "landscape", "name", string)
        if isinstance(name, str) and name not in CLASSIC:
            v.error("[landscape].name", f"unknown function {name!r}", suggest(name, sorted(CLASSIC), 0.5))
        out["name"] = name
    elif kind == "formula":
        out["formula"] = v.get(t, "landscape", "formula", string, expected='a formula like "x**2 + y**2"')
    elif kind == "wells":
        out["base"] = v.get(t, "landscape", "base", string, "0")
        out["wells"] = _wells(v, t.get("wells", []))
    elif kind == "heightmap":
        out["image"] = v.get(t, "landscape", "image", string, expected='a PNG next to the level, e.g. "map.png"')
        h = v.get(t, "landscape", "height", interval, [0.0, 1.0], expected="height = [low, high]")
        out["height"] = [float(a) for a in h]
    elif kind == "data":
        _data(v, t, out)
    return out


def _wells(v: Validator, wells: Any) -> list[dict]:
    if not isinstance(wells, list):
        v.error("[landscape].wells", f"expected an array of tables, got {_type(wells)}",
                "wells = [{ at = [1, 1], depth = 2, width = 0.5 }]")
        return []
    if len(wells) > MAX_WELLS:
        v.error("[landscape].wells", f"{len(wells)} wells; the limit is {MAX_WELLS}")
        return []
    out = []
    for i, w in enumerate(wells):
        key = f"[landscape].wells[{i}]"
        if not isinstance(w, dict):
            v.error(key, f"expected a table like {{ at = [1, 1], depth = 2, width = 0.5 }}, got {_type(w)}")
            continue
        section = f"landscape.wells[{i}]"
        v.unknown(w, section, ("at", "depth", "width"))
        at = v.get(w, section, "at", pair, required=True, expected="at = [x, y]")
        depth = v.get(w, section, "depth", number(), required=True, expected="a number; negative makes a hill")
        width = v.get(w, section, "width", number(0, lo_open=True), required=True, expected="a number > 0")
        if at is not None and depth is not None and width is not None:
            out.append({"at": [float(at[0]), float(at[1])], "depth": float(depth), "width": float(width)})
    return out


def _data(v: Validator, t: dict, out: dict) -> None:
    if ("data" in t) == ("csv" in t):
        v.error("[landscape].data", "a data landscape needs exactly one of 'data' or 'csv'",
                'data = [[2, 1]] (rows of feature, target) or csv = "points.csv"')
        return
    if "csv" in t:
        out["csv"] = v.get(t, "landscape", "csv", string, expected='a CSV file next to the level, e.g. "data.csv"')
        return
    rows = t["data"]
    if not isinstance(rows, list) or not rows:
        v.error("[landscape].data", "expected a non-empty array of [feature, target] rows",
                "data = [[2, 1], [3, 1.5]]")
        return
    if len(rows) > MAX_ROWS:
        v.error("[landscape].data", f"{len(rows)} rows; the limit is {MAX_ROWS}")
        return
    for i, row in enumerate(rows):
        if pair(row):
            v.error("[landscape].data", f"row {i + 1} is {_short(row)}", "each row is [feature, target]")
            return
    out["data"] = [[float(a), float(b)] for a, b in rows]


def _start(v: Validator, t: dict, land: dict) -> dict:
    v.unknown(t, "start", KEYS["start"])
    point = v.get(t, "start", "point", pair, expected="point = [x, y] inside the domain")
    random = v.get(t, "start", "random", boolean, False)
    if point is not None and random:
        v.error("[start].random", "give either point or random = true, not both")
    if point is None and not random and "point" not in t:
        random = True
    domain = land.get("domain")
    if point is not None and domain is not None:
        (x0, x1), (y0, y1) = domain["x"], domain["y"]
        if not (x0 <= point[0] <= x1 and y0 <= point[1] <= y1):
            v.error("[start].point", f"start {_short(point)} is outside the domain x {domain['x']}, y {domain['y']}",
                    "move the start inside the domain or widen the domain")
    return {"point": None if point is None else [float(point[0]), float(point[1])], "random": bool(random)}


def _rules(v: Validator, t: dict) -> dict:
    v.unknown(t, "rules", KEYS["rules"])
    abilities = {"sled": 2, "leap": 3, "restart": 1}
    given = t.get("abilities", {})
    if not isinstance(given, dict):
        v.error("[rules].abilities", f"expected a table, got {_type(given)}",
                "abilities = { sled = 2, leap = 3, restart = 1 }")
        given = {}
    v.unknown(given, "rules.abilities", ABILITIES)
    for name in ABILITIES:
        abilities[name] = v.get(given, "rules.abilities", name, number(0, 99, integer=True), abilities[name],
                                expected="uses, a whole number from 0 to 99")
    steps = v.get(t, "rules", "steps", number(1, 10_000, integer=True), 40,
                  expected="the step budget, a whole number from 1 to 10000")
    par = v.get(t, "rules", "par", number(1, 10_000, integer=True), None, expected="steps for three stars")
    return {
        "steps": steps,
        "stride": float(v.get(t, "rules", "stride", number(0, 1e6, lo_open=True), 0.1,
                              expected="the player's learning rate, a number > 0")),
        "fog": float(v.get(t, "rules", "fog", number(0, 1e9), 0.0, expected="how far the hiker sees; 0 = blind")),
        "abilities": abilities,
        "par": par if par is not None else max(1, (steps or 40) // 2),
    }


def _goal(v: Validator, t: dict, land: dict) -> dict:
    v.unknown(t, "goal", KEYS["goal"])
    value = v.get(t, "goal", "value", number(), expected="the global minimum's altitude")
    points = v.get(t, "goal", "points", lambda p: None if isinstance(p, list) and p and not any(pair(q) for q in p)
                   else "expected an array of points like [[1, 2], [-1, 0]]")
    if (value is None) != (points is None):
        missing = "points" if points is None else "value"
        v.error(f"[goal].{missing}", f"a declared minimum needs both value and points; {missing} is missing")
    domain = land.get("domain")
    if points and domain:
        for p in points:
            if not (domain["x"][0] <= p[0] <= domain["x"][1] and domain["y"][0] <= p[1] <= domain["y"][1]):
                v.error("[goal].points", f"point {_short(p)} is outside the domain")
    tol = v.get(t, "goal", "tolerance", number(0, lo_open=True), None, expected="an altitude > 0")
    return {"value": None if value is None else float(value),
            "points": None if points is None else [[float(a), float(b)] for a, b in points],
            "tolerance": None if tol is None else float(tol)}


def _race(v: Validator, t: dict) -> dict:
    v.unknown(t, "race", KEYS["race"])
    lineup = v.get(t, "race", "lineup", lambda x: None if isinstance(x, list) and all(isinstance(s, str) for s in x)
                   else "expected an array of optimizer specs", ["gd", "momentum", "adam"],
                   expected='lineup = ["gd:lr=0.01", "adam:lr=0.05"]')
    steps = v.get(t, "race", "steps", number(1, 100_000, integer=True), 200, expected="a whole number of steps")
    if len(lineup) > MAX_LINEUP:
        v.error("[race].lineup", f"{len(lineup)} racers; the limit is {MAX_LINEUP}")
    for spec in lineup:
        try:
            name, params = parse_spec(spec)
            if name not in NAMES:
                raise SpecError(f"unknown optimizer {name!r}; {suggest(name, NAMES, 0.5)}")
            complete(name, params, steps)
        except SpecError as err:
            v.error("[race].lineup", str(err), 'specs look like "adam:lr=0.05,beta1=0.8"')
    return {"lineup": list(lineup), "steps": steps,
            "seed": v.get(t, "race", "seed", number(0, 2**63 - 1, integer=True), 0, expected="a whole number >= 0")}
