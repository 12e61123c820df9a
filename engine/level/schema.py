"""The level format: which sections and keys exist, their types, defaults and ranges.

``validate`` turns a parsed TOML document into a ``LevelSpec`` with every default filled in, or collects
every problem it finds (it does not stop at the first). Files the level names are read through a
``FileSource`` that the loader provides, so this module never touches the disk itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..datasets2d import GENERATORS, MIN_SIZE
from ..expr import FUNCTIONS, FormulaError, compile_formula
from ..functions import CLASSIC
from ..landscapes import Domain, Well
from ..network import (
    ACTIVATIONS,
    LOSSES,
    MAX_LAYERS,
    MAX_OUTPUTS,
    MAX_PARAMS,
    MAX_TRAIN_STEPS,
    MAX_WIDTH,
    MAX_WORK,
    Architecture,
    ParamNameError,
    work,
)
from ..numbers import is_number, range_problem
from ..optim import NAMES, SpecError, complete, parse_spec
from ..suggest import did_you_mean
from .spec import (
    DEFAULT_LINEUP,
    MODES,
    Abilities,
    AxesSpec,
    DatasetSpec,
    DataSpec,
    FormulaSpec,
    FunctionSpec,
    Goal,
    Gray,
    HeightmapSpec,
    LandscapeSpec,
    LevelInfo,
    LevelSpec,
    NetworkSpec,
    RacerSpec,
    RaceSpec,
    Rules,
    TrainSpec,
    WellsSpec,
)

KINDS = ("function", "formula", "wells", "heightmap", "data", "network")
ABILITIES = ("sled", "leap", "restart")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9\-]{0,63}")  # used with fullmatch: no trailing newline slips through
CONSTANT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
MAX_WELLS = 256
MAX_ROWS = 10_000
MAX_LINEUP = 9
MAX_GENERATED = 2000  # points of a generated network data set

# Every section and key of the format. docs/levels.md documents each one (a test checks).
KEYS: dict[str, tuple[str, ...]] = {
    "level": ("id", "title", "description", "author", "difficulty"),
    "landscape": ("kind", "domain", "name", "formula", "constants", "base", "wells", "image", "height",
                  "data", "csv", "layers", "activation", "loss", "dataset", "axes", "train", "theta"),
    "start": ("point", "random"),
    "rules": ("steps", "stride", "fog", "abilities", "par", "mode"),
    "goal": ("value", "points", "tolerance"),
    "race": ("lineup", "steps", "seed"),
}
KIND_KEYS = {
    "function": {"name", "domain"},
    "formula": {"formula", "constants", "domain"},
    "wells": {"base", "wells", "constants", "domain"},
    "heightmap": {"image", "height", "domain"},
    "data": {"data", "csv", "domain"},
    "network": {"layers", "activation", "loss", "data", "csv", "dataset", "axes", "train", "theta", "domain"},
}
REQUIRED_KIND_KEYS = {"function": ["name"], "formula": ["formula"], "heightmap": ["image"],
                      "network": ["layers", "axes"]}
# The sub-tables of a network landscape and their keys.
NETWORK_TABLES = {"dataset": ("generate", "size", "noise", "seed"), "axes": ("weights", "slice"),
                  "train": ("steps", "lr", "seed")}


@dataclass(frozen=True)
class Finding:
    """A problem before it has a file position: the key, the message, a hint, and for formulas the column
    inside the formula text."""

    key: str
    message: str
    hint: str = ""
    formula_col: int | None = None


class FileSource(Protocol):
    """Reads the files a level names (relative to its folder), reporting problems as Findings."""

    def image(self, name: str, key: str, findings: list[Finding]) -> Gray | None: ...
    def csv(self, name: str, key: str, findings: list[Finding],
            columns: int = 2) -> tuple[tuple[float, ...], ...] | None: ...


class NoFiles:
    """For level text with no folder (a share code before it is unpacked, a test): files cannot be named."""

    def image(self, name: str, key: str, findings: list[Finding]) -> Gray | None:
        findings.append(Finding(key, f"this level names the file {name!r} but has no folder to read it from"))
        return None

    def csv(self, name: str, key: str, findings: list[Finding],
            columns: int = 2) -> tuple[tuple[float, ...], ...] | None:
        return self.image(name, key, findings)  # type: ignore[return-value]


def _number_check(lo: float | None = None, hi: float | None = None, integer: bool = False,
                  lo_open: bool = False) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        if integer and not (isinstance(v, int) and not isinstance(v, bool)):
            return f"expected a whole number, got {_type(v)}"
        if not is_number(v):
            return f"expected a number, got {_type(v)}"
        rule = range_problem(v, lo, hi, integer, lo_open)
        return None if rule is None else f"{v} is out of range: it {rule}"
    return check


def string(v: Any) -> str | None:
    return None if isinstance(v, str) else f"expected a string, got {_type(v)}"


def boolean(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"expected true or false, got {_type(v)}"


def pair(v: Any) -> str | None:
    if not isinstance(v, list) or len(v) != 2 or not all(is_number(a) for a in v):
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
    if isinstance(v, list | dict) and len(v) > 8:
        return f"[... {len(v)} items ...]" if isinstance(v, list) else "{...}"
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


class Validator:
    """Collects Findings; the loader adds file names and positions."""

    def __init__(self, files: FileSource) -> None:
        self.findings: list[Finding] = []
        self.files = files

    def error(self, key: str, message: str, hint: str = "", formula_col: int | None = None) -> None:
        self.findings.append(Finding(key, message, hint, formula_col))

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
                           did_you_mean(key, sorted(allowed), 0.5))

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

    def formula(self, text: str | None, consts: dict[str, float], key: str) -> None:
        """Compile a formula now, so its errors point at their column."""
        if text is None:
            return
        try:
            compile_formula(text, consts)
        except FormulaError as err:
            self.error(key, f"in the formula: {err.message}", err.hint, err.col)


def validate(doc: dict, files: FileSource | None = None) -> tuple[LevelSpec | None, list[Finding]]:
    v = Validator(files or NoFiles())
    for section in doc:
        if section not in KEYS:
            v.error(f"[{section}]", f"unknown section [{section}]", did_you_mean(section, list(KEYS), 0.5))
    info = _level(v, v.table(doc, "level", required=True))
    land = _landscape(v, v.table(doc, "landscape", required=True))
    domain = land.domain if land is not None else None
    start = _start(v, v.table(doc, "start"), domain)
    rules = _rules(v, v.table(doc, "rules"))
    goal = _goal(v, v.table(doc, "goal"), domain)
    race = _race(v, v.table(doc, "race"))
    if v.findings or info is None or land is None:
        return None, v.findings
    return LevelSpec(info, land, start, rules, goal, race), []


def _level(v: Validator, t: dict) -> LevelInfo | None:
    v.unknown(t, "level", KEYS["level"])
    lid = v.get(t, "level", "id", string, required=True, expected='a short id like "twin-valleys"')
    if isinstance(lid, str) and not ID_PATTERN.fullmatch(lid):
        v.error("[level].id", f"id {_short(lid)} is not allowed",
                "use lowercase letters, digits and dashes, e.g. \"twin-valleys\"")
    title = v.get(t, "level", "title", string, required=True, expected='a title like "Twin Valleys"')
    info = LevelInfo(
        lid, title,
        v.get(t, "level", "description", string, ""),
        v.get(t, "level", "author", string, ""),
        v.get(t, "level", "difficulty", _number_check(1, 5, integer=True), 2,
              expected="a whole number from 1 (gentle) to 5 (devious)"),
    )
    return info if isinstance(lid, str) and isinstance(title, str) else None


def _domain(v: Validator, t: dict, required: bool) -> Domain | None:
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
    if not all(out.values()):
        return None
    return Domain((float(out["x"][0]), float(out["x"][1])), (float(out["y"][0]), float(out["y"][1])))


def _constants(v: Validator, t: dict) -> dict[str, float]:
    consts = t.get("constants", {})
    if not isinstance(consts, dict):
        v.error("[landscape].constants", f"expected a table, got {_type(consts)}",
                "write [landscape.constants] with lines like a = 1.5")
        return {}
    out: dict[str, float] = {}
    for name, value in consts.items():
        if not is_number(value):
            v.error(f"[landscape.constants].{name}", f"expected a number, got {_type(value)}")
        elif not CONSTANT_NAME.fullmatch(name) or name in ("x", "y", *FUNCTIONS):
            v.error(f"[landscape.constants].{name}", f"{_short(name)} cannot be a constant name",
                    "use a plain name that is not x, y or a function")
        else:
            out[name] = float(value)
    return out


def _landscape(v: Validator, t: dict) -> LandscapeSpec | None:
    kind = v.get(t, "landscape", "kind", string, required=True, expected=f"one of: {', '.join(KINDS)}")
    if kind is None:
        return None
    if kind not in KINDS:
        v.error("[landscape].kind", f"unknown landscape kind {_short(kind)}", did_you_mean(kind, KINDS, 0.5))
        return None
    allowed = {"kind"} | KIND_KEYS[kind]
    for key in t:
        if key not in allowed:
            hint = did_you_mean(key, sorted(allowed), 0.5)
            if key in KEYS["landscape"]:
                hint = f"{key!r} belongs to another kind; a {kind} landscape takes: {', '.join(sorted(allowed))}"
            v.error(f"[landscape].{key}", f"unknown key {key!r} for kind = {kind!r}", hint)
    for key in REQUIRED_KIND_KEYS.get(kind, []):
        if key not in t:
            v.error(f"[landscape].{key}", f"missing required key {key!r} for kind = {kind!r}")
    domain = _domain(v, t, required=kind != "function")
    consts = _constants(v, t) if "constants" in allowed else {}
    constants = tuple(consts.items())
    if kind == "function":
        name = v.get(t, "landscape", "name", string)
        if isinstance(name, str) and name not in CLASSIC:
            v.error("[landscape].name", f"unknown function {_short(name)}", did_you_mean(name, sorted(CLASSIC), 0.5))
            return None
        return FunctionSpec(name, domain) if name else None
    if kind == "formula":
        formula = v.get(t, "landscape", "formula", string, expected='a formula like "x**2 + y**2"')
        v.formula(formula, consts, "[landscape].formula")
        return FormulaSpec(formula, domain, constants) if formula is not None and domain else None
    if kind == "wells":
        base = v.get(t, "landscape", "base", string, "0")
        v.formula(base, consts, "[landscape].base")
        wells = _wells(v, t.get("wells", []))
        return WellsSpec(base, wells, domain, constants) if domain and wells is not None else None
    if kind == "heightmap":
        image = v.get(t, "landscape", "image", string, expected='a PNG next to the level, e.g. "map.png"')
        h = v.get(t, "landscape", "height", interval, [0.0, 1.0], expected="height = [low, high]")
        findings: list[Finding] = []
        gray = v.files.image(image, "[landscape].image", findings) if image is not None else None
        v.findings.extend(findings)
        if gray is None or domain is None:
            return None
        return HeightmapSpec(image, gray, (float(h[0]), float(h[1])), domain)
    if kind == "network":
        return _network(v, t, domain)
    return _data(v, t, domain)


def _wells(v: Validator, wells: Any) -> tuple[Well, ...] | None:
    if not isinstance(wells, list):
        v.error("[landscape].wells", f"expected an array of tables, got {_type(wells)}",
                "wells = [{ at = [1, 1], depth = 2, width = 0.5 }]")
        return None
    if len(wells) > MAX_WELLS:
        v.error("[landscape].wells", f"{len(wells)} wells; the limit is {MAX_WELLS}")
        return None
    out = []
    for i, w in enumerate(wells):
        key = f"[landscape].wells[{i}]"
        if not isinstance(w, dict):
            v.error(key, f"expected a table like {{ at = [1, 1], depth = 2, width = 0.5 }}, got {_type(w)}")
            continue
        section = f"landscape.wells[{i}]"
        v.unknown(w, section, ("at", "depth", "width"))
        at = v.get(w, section, "at", pair, required=True, expected="at = [x, y]")
        depth = v.get(w, section, "depth", _number_check(), required=True,
                      expected="a number; negative makes a hill")
        width = v.get(w, section, "width", _number_check(0, lo_open=True), required=True, expected="a number > 0")
        if at is not None and depth is not None and width is not None:
            out.append(Well((float(at[0]), float(at[1])), float(depth), float(width)))
    return tuple(out)


def _data(v: Validator, t: dict, domain: Domain | None) -> DataSpec | None:
    if ("data" in t) == ("csv" in t):
        v.error("[landscape].data", "a data landscape needs exactly one of 'data' or 'csv'",
                'data = [[2, 1]] (rows of feature, target) or csv = "points.csv"')
        return None
    if "csv" in t:
        name = v.get(t, "landscape", "csv", string, expected='a CSV file next to the level, e.g. "data.csv"')
        findings: list[Finding] = []
        rows = v.files.csv(name, "[landscape].csv", findings) if name is not None else None
        v.findings.extend(findings)
        return DataSpec(rows, domain, name) if rows is not None and domain else None
    rows = t["data"]
    if not isinstance(rows, list) or not rows:
        v.error("[landscape].data", "expected a non-empty array of [feature, target] rows",
                "data = [[2, 1], [3, 1.5]]")
        return None
    if len(rows) > MAX_ROWS:
        v.error("[landscape].data", f"{len(rows)} rows; the limit is {MAX_ROWS}")
        return None
    for i, row in enumerate(rows):
        if pair(row):
            v.error("[landscape].data", f"row {i + 1} is {_short(row)}", "each row is [feature, target]")
            return None
    return DataSpec(tuple((float(a), float(b)) for a, b in rows), domain) if domain else None


def _network(v: Validator, t: dict, domain: Domain | None) -> NetworkSpec | None:
    """A network landscape: the architecture, its data, the map's two coordinates, and θ* (trained or stored)."""
    ok = True
    layers = v.get(t, "landscape", "layers", lambda x: None if isinstance(x, list) and x and all(
        isinstance(n, int) and not isinstance(n, bool) for n in x) else f"expected an array of whole numbers, got "
        f"{_type(x)}", expected="layer sizes, inputs first: layers = [2, 8, 1]")
    arch = None
    if isinstance(layers, list):
        problem = None
        if not 2 <= len(layers) <= MAX_LAYERS:
            problem = (f"{len(layers)} sizes; a network lists 2 to {MAX_LAYERS} (the inputs, the hidden layers, "
                       "the outputs)")
        elif layers[0] != 2:
            problem = f"the first size is the number of inputs, which is 2 (the data's x1 and x2), not {layers[0]}"
        elif not all(1 <= n <= MAX_WIDTH for n in layers[1:-1]):
            problem = f"a hidden layer has 1 to {MAX_WIDTH} units"
        elif not 1 <= layers[-1] <= MAX_OUTPUTS:
            problem = (f"the last size is the number of outputs: 1 (two classes) or one per class, at most "
                       f"{MAX_OUTPUTS}")
        if problem:
            v.error("[landscape].layers", problem, "e.g. layers = [2, 8, 1]: 2 inputs, 8 hidden units, 1 output")
        else:
            arch = Architecture(tuple(layers))
            if arch.size > MAX_PARAMS:
                v.error("[landscape].layers", f"the network has {arch.size} parameters; the limit is {MAX_PARAMS}",
                        "use fewer or narrower hidden layers")
                arch = None
    activation = v.get(t, "landscape", "activation", string, "tanh", expected=f"one of: {', '.join(ACTIVATIONS)}")
    if activation not in ACTIVATIONS:
        v.error("[landscape].activation", f"unknown activation {_short(activation)}",
                did_you_mean(activation, ACTIVATIONS, 0.5) or f"one of: {', '.join(ACTIVATIONS)}")
        ok = False
    loss = v.get(t, "landscape", "loss", string, "cross-entropy", expected=f"one of: {', '.join(LOSSES)}")
    if loss not in LOSSES:
        v.error("[landscape].loss", f"unknown loss {_short(loss)}",
                did_you_mean(loss, LOSSES, 0.5) or f"one of: {', '.join(LOSSES)}")
        ok = False
    classes = arch.classes if arch else None
    dataset = _network_data(v, t, classes)
    tables = {name: _network_table(v, t, name) for name in ("axes", "train")}
    axes = _network_axes(v, tables["axes"], arch) if "axes" in t else None
    train = _network_train(v, tables["train"])
    theta = None
    if "theta" in t:
        if "train" in t:
            v.error("[landscape].theta", "give either a stored theta or train, not both",
                    "theta is the trained parameters; without it, train says how to find them")
        theta = v.get(t, "landscape", "theta", lambda x: None if isinstance(x, list) and all(is_number(a) for a in x)
                      else "expected an array of numbers", expected="every parameter in order (hiker inspect shows it)")
        if theta is not None and arch is not None and len(theta) != arch.size:
            v.error("[landscape].theta", f"{len(theta)} numbers; this network has {arch.size} parameters",
                    "list every parameter, layer by layer: w[1] row by row, b[1], w[2], ...")
            theta = None
        ok = ok and theta is not None
    if arch is not None and dataset is not None:
        rows = len(dataset.rows) if dataset.generate is None else dataset.size
        cost = work(arch, rows)
        if cost > MAX_WORK:
            v.error("[landscape].layers", f"{rows} examples through {arch.size} parameters and "
                    f"{sum(arch.layers[1:-1])} hidden units is too much work for a level ({cost:,}; the limit is "
                    f"{MAX_WORK:,} = examples × (parameters + 10 × hidden units))",
                    "use fewer examples or a smaller network")
            ok = False
    if not ok or arch is None or dataset is None or axes is None or domain is None:
        return None
    return NetworkSpec(arch.layers, dataset, axes, domain, activation, loss, train,
                       None if theta is None else tuple(float(a) for a in theta))


def _network_table(v: Validator, t: dict, name: str) -> dict:
    table = t.get(name, {})
    if not isinstance(table, dict):
        v.error(f"[landscape].{name}", f"expected a table, got {_type(table)}",
                {"dataset": 'dataset = { generate = "moons", size = 200, noise = 0.1, seed = 0 }',
                 "axes": 'axes = { slice = 1 } or axes = { weights = ["w[1][0,0]", "b[2][0]"] }',
                 "train": "train = { steps = 500, lr = 0.05, seed = 0 }"}[name])
        return {}
    v.unknown(table, f"landscape.{name}", NETWORK_TABLES[name])
    return table


def _network_data(v: Validator, t: dict, classes: int | None) -> DatasetSpec | None:
    given = [k for k in ("data", "csv", "dataset") if k in t]
    if len(given) != 1:
        v.error("[landscape].data", "a network landscape needs exactly one of 'data', 'csv' or 'dataset'" +
                (f" (it has {' and '.join(given)})" if given else ""),
                'data = [[x1, x2, label], ...], csv = "points.csv" or dataset = { generate = "moons" }')
        return None
    if "dataset" in t:
        d = _network_table(v, t, "dataset")
        gen = v.get(d, "landscape.dataset", "generate", string, required=True,
                    expected=f"one of: {', '.join(GENERATORS)}")
        if gen is not None and gen not in GENERATORS:
            v.error("[landscape.dataset].generate", f"unknown data set {_short(gen)}",
                    did_you_mean(gen, GENERATORS, 0.5) or f"one of: {', '.join(GENERATORS)}")
            gen = None
        size = v.get(d, "landscape.dataset", "size", _number_check(MIN_SIZE, MAX_GENERATED, integer=True), 200,
                     expected=f"the number of points, {MIN_SIZE} to {MAX_GENERATED}")
        noise = v.get(d, "landscape.dataset", "noise", _number_check(0, 10), 0.1,
                      expected="the std-dev of the Gaussian noise added to the points, >= 0")
        seed = v.get(d, "landscape.dataset", "seed", _number_check(0, 2**63 - 1, integer=True), 0,
                     expected="a whole number >= 0")
        return DatasetSpec((), None, gen, size, float(noise), seed) if gen is not None else None
    if "csv" in t:
        name = v.get(t, "landscape", "csv", string, expected='a CSV file next to the level, e.g. "points.csv"')
        findings: list[Finding] = []
        rows = v.files.csv(name, "[landscape].csv", findings, columns=3) if name is not None else None
        v.findings.extend(findings)
        key = "[landscape].csv"
    else:
        rows = t["data"]
        key = "[landscape].data"
        if not isinstance(rows, list) or not rows:
            v.error(key, "expected a non-empty array of [x1, x2, label] rows", "data = [[0.5, 1, 0], [-1, 0.2, 1]]")
            return None
        if len(rows) > MAX_ROWS:
            v.error(key, f"{len(rows)} rows; the limit is {MAX_ROWS}")
            return None
        for i, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != 3 or not all(is_number(a) for a in row):
                v.error(key, f"row {i + 1} is {_short(row)}", "each row is [x1, x2, label]")
                return None
    if rows is None:
        return None
    top = (classes or 2) - 1
    for i, row in enumerate(rows):
        label = row[2]
        if not float(label).is_integer() or not 0 <= label <= top:
            v.error(key, f"row {i + 1} has the label {label:g}; labels are whole numbers from 0 to {top}",
                    "one output: labels 0 and 1; K outputs: labels 0 to K-1")
            return None
    clean = tuple((float(a), float(b), int(c)) for a, b, c in rows)
    return DatasetSpec(clean, name if "csv" in t else None)


def _network_axes(v: Validator, a: dict, arch: Architecture | None) -> AxesSpec | None:
    if ("weights" in a) == ("slice" in a):
        v.error("[landscape].axes", "the axes need exactly one of 'weights' or 'slice'",
                'axes = { weights = ["w[1][0,0]", "b[2][0]"] } (two parameters) or axes = { slice = 1 } '
                "(a random filter-normalized slice through the trained parameters, from seed 1)")
        return None
    if "slice" in a:
        seed = v.get(a, "landscape.axes", "slice", _number_check(0, 2**63 - 1, integer=True),
                     expected="the seed of the two random directions, a whole number >= 0")
        return None if seed is None else AxesSpec(None, seed)
    names = v.get(a, "landscape.axes", "weights", lambda x: None if isinstance(x, list) and len(x) == 2 and all(
        isinstance(n, str) for n in x) else f"expected two parameter names, got {_short(x)}",
        expected='two parameters, e.g. weights = ["w[1][0,3]", "b[2][0]"]')
    if names is None or arch is None:
        return None
    index = []
    for name in names:
        try:
            index.append(arch.index(name))
        except ParamNameError as err:
            v.error("[landscape.axes].weights", err.message, err.hint)
    if len(index) == 2 and index[0] == index[1]:
        v.error("[landscape.axes].weights", f"{names[0]!r} and {names[1]!r} are the same parameter",
                "the map needs two different parameters")
        return None
    return AxesSpec((names[0], names[1]), None) if len(index) == 2 else None


def _network_train(v: Validator, tr: dict) -> TrainSpec:
    d = TrainSpec()
    return TrainSpec(
        v.get(tr, "landscape.train", "steps", _number_check(0, MAX_TRAIN_STEPS, integer=True), d.steps,
              expected=f"full-batch Adam steps, 0 to {MAX_TRAIN_STEPS}"),
        float(v.get(tr, "landscape.train", "lr", _number_check(0, 10, lo_open=True), d.lr,
                    expected="Adam's learning rate, > 0 and <= 10")),
        v.get(tr, "landscape.train", "seed", _number_check(0, 2**63 - 1, integer=True), d.seed,
              expected="the seed of the initial parameters, a whole number >= 0"))


def _inside(point, domain: Domain) -> bool:
    return domain.contains(point)


def _start(v: Validator, t: dict, domain: Domain | None) -> tuple[float, float] | None:
    v.unknown(t, "start", KEYS["start"])
    point = v.get(t, "start", "point", pair, expected="point = [x, y] inside the domain")
    random = v.get(t, "start", "random", boolean, False)
    if point is not None and random:
        v.error("[start].random", "give either point or random = true, not both")
    if point is not None and domain is not None and not _inside(point, domain):
        v.error("[start].point", f"start {_short(point)} is outside the domain x {list(domain.x)}, "
                f"y {list(domain.y)}", "move the start inside the domain or widen the domain")
    return None if point is None else (float(point[0]), float(point[1]))


def _rules(v: Validator, t: dict) -> Rules:
    v.unknown(t, "rules", KEYS["rules"])
    defaults = Abilities()
    given = t.get("abilities", {})
    if not isinstance(given, dict):
        v.error("[rules].abilities", f"expected a table, got {_type(given)}",
                "abilities = { sled = 2, leap = 3, restart = 1 }")
        given = {}
    v.unknown(given, "rules.abilities", ABILITIES)
    uses = {name: v.get(given, "rules.abilities", name, _number_check(0, 99, integer=True), getattr(defaults, name),
                        expected="uses, a whole number from 0 to 99") for name in ABILITIES}
    steps = v.get(t, "rules", "steps", _number_check(1, 10_000, integer=True), 40,
                  expected="the step budget, a whole number from 1 to 10000")
    par = v.get(t, "rules", "par", _number_check(1, 10_000, integer=True), None, expected="steps for three stars")
    mode = v.get(t, "rules", "mode", string, "fog", expected=f"one of: {', '.join(MODES)}")
    if mode not in MODES:
        v.error("[rules].mode", f"unknown play mode {_short(mode)}", did_you_mean(mode, MODES, 0.5))
        mode = "fog"
    return Rules(
        steps=steps,
        stride=float(v.get(t, "rules", "stride", _number_check(0, 1e6, lo_open=True), 0.1,
                           expected="the player's learning rate, a number > 0")),
        fog=float(v.get(t, "rules", "fog", _number_check(0, 1e9), 0.0,
                        expected="how far the hiker sees; 0 = blind")),
        abilities=Abilities(**uses),
        par=par,
        mode=mode,
    )


def _points(p: Any) -> str | None:
    if isinstance(p, list) and p and not any(pair(q) for q in p):
        return None
    return "expected an array of points like [[1, 2], [-1, 0]]"


def _goal(v: Validator, t: dict, domain: Domain | None) -> Goal:
    v.unknown(t, "goal", KEYS["goal"])
    value = v.get(t, "goal", "value", _number_check(), expected="the global minimum's altitude")
    points = v.get(t, "goal", "points", _points)
    if (value is None) != (points is None):
        missing = "points" if points is None else "value"
        v.error(f"[goal].{missing}", f"a declared minimum needs both value and points; {missing} is missing")
    if points and domain:
        for p in points:
            if not _inside(p, domain):
                v.error("[goal].points", f"point {_short(p)} is outside the domain")
    tol = v.get(t, "goal", "tolerance", _number_check(0, lo_open=True), None, expected="an altitude > 0")
    return Goal(None if value is None else float(value),
                None if points is None else tuple((float(a), float(b)) for a, b in points),
                None if tol is None else float(tol))


def _race(v: Validator, t: dict) -> RaceSpec:
    v.unknown(t, "race", KEYS["race"])
    lineup = v.get(t, "race", "lineup",
                   lambda x: None if isinstance(x, list) and all(isinstance(s, str) for s in x)
                   else "expected an array of optimizer specs", list(DEFAULT_LINEUP),
                   expected='lineup = ["gd:lr=0.01", "adam:lr=0.05"]')
    steps = v.get(t, "race", "steps", _number_check(1, 100_000, integer=True), 200, expected="a whole number of steps")
    seed = v.get(t, "race", "seed", _number_check(0, 2**63 - 1, integer=True), 0, expected="a whole number >= 0")
    if len(lineup) > MAX_LINEUP:
        v.error("[race].lineup", f"{len(lineup)} racers; the limit is {MAX_LINEUP}")
        return RaceSpec((), steps, seed)
    racers = []
    for spec in lineup:
        try:
            name, params = parse_spec(spec)
            if name not in NAMES:
                raise SpecError(f"unknown optimizer {_short(name)}; {did_you_mean(name, NAMES, 0.5)}")
            complete(name, params, steps)
            racers.append(RacerSpec.of(name, params))
        except SpecError as err:
            v.error("[race].lineup", str(err), 'specs look like "adam:lr=0.05,beta1=0.8"')
    return RaceSpec(tuple(racers), steps, seed)
