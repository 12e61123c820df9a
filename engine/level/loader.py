"""Loading a level file: read safely, parse TOML, validate, build the landscape, locate every problem.

Level files come from strangers. Nothing in them is evaluated as code; files they name must lie in the
level's own folder; sizes are bounded; every problem becomes a Problem with the file, line and a hint.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ..dataset import DataLandscape
from ..expr import FormulaError, compile_formula
from ..heightmap import HeightmapError, HeightmapLandscape, load_gray
from ..landscapes import Domain, FormulaLandscape, FunctionLandscape, Landscape, Well, WellsLandscape
from ..minimum import MinimaReport, global_minimum
from .problems import KeyLocator, LevelError, Problem
from .schema import MAX_ROWS, validate

MAX_FILE_BYTES = 256 * 1024
MAX_CSV_BYTES = 1024 * 1024


@dataclass
class Level:
    """A validated level: the normalized document plus where it came from."""

    doc: dict[str, Any]
    path: Path | None = None
    builtin: bool = False
    warnings: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.doc["level"]["id"]

    @property
    def title(self) -> str:
        return self.doc["level"]["title"]

    @property
    def kind(self) -> str:
        return self.doc["landscape"]["kind"]

    @property
    def difficulty(self) -> int:
        return self.doc["level"]["difficulty"]

    @property
    def rules(self) -> dict[str, Any]:
        return self.doc["rules"]

    @property
    def race(self) -> dict[str, Any]:
        return self.doc["race"]

    @cached_property
    def landscape(self) -> Landscape:
        problems: list[Problem] = []
        land = build_landscape(self.doc["landscape"], self.path, problems, str(self.path or self.id))
        if land is None:
            raise LevelError(problems)
        return land

    @property
    def domain(self) -> Domain:
        return self.landscape.domain

    def start(self, rng: np.random.Generator | None = None) -> tuple[float, float]:
        point = self.doc["start"]["point"]
        if point is not None:
            return (point[0], point[1])
        p = self.domain.uniform(rng or np.random.default_rng(), 1)[0]
        return (float(p[0]), float(p[1]))

    @cached_property
    def minimum(self) -> MinimaReport:
        goal = self.doc["goal"]
        declared = (goal["value"], goal["points"]) if goal["value"] is not None else None
        return global_minimum(self.landscape, declared, goal["tolerance"])

    def lineup(self) -> list[tuple[str, dict[str, Any]]]:
        from ..optim import parse_spec

        return [parse_spec(s) for s in self.race["lineup"]]


def _locate(problems_in: list[tuple[str, str, str]], file: str, locator: KeyLocator | None) -> list[Problem]:
    out = []
    for key, message, hint in problems_in:
        pos = locator.find(key) if locator else None
        out.append(Problem(file, key, message, hint, *(pos or (None, None))))
    return out


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise LevelError([Problem(str(path), "", f"cannot read the file: {err.strerror or err}")]) from None
    if size > MAX_FILE_BYTES:
        raise LevelError([Problem(str(path), "", f"the file is {size} bytes; a level may be at most "
                                  f"{MAX_FILE_BYTES} bytes")])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LevelError([Problem(str(path), "", "the file is not UTF-8 text", "save it as UTF-8")]) from None
    except OSError as err:
        raise LevelError([Problem(str(path), "", f"cannot read the file: {err.strerror or err}")]) from None


def parse_level(text: str, file: str = "<level>", base: Path | None = None,
                builtin: bool = False, deep: bool = False) -> Level:
    """Parse and validate level text. With ``deep``, also build the landscape and collect warnings."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).rstrip(".")
        hint = "strings need quotes, tables need [brackets], and each key = value goes on its own line"
        if msg.startswith("Cannot overwrite") or "already" in msg.lower():
            hint = "a key or section appears twice"
        raise LevelError([Problem(file, "", f"TOML syntax error: {msg}", hint, line, col)]) from None
    locator = KeyLocator(text)
    norm, problems = validate(doc)
    if problems:
        raise LevelError(_locate(problems, file, locator))
    level = Level(norm, base, builtin)
    if deep or norm["landscape"]["kind"] in ("formula", "wells"):
        built: list[Problem] = []
        land = build_landscape(norm["landscape"], base, built, file, locator, text)
        if land is None:
            raise LevelError(built)
        level.__dict__["landscape"] = land
        level.warnings = [p for p in built if p.severity == "warning"]
    if deep:
        try:
            level.minimum  # noqa: B018 - the search itself is the check
        except ValueError as err:
            pos = locator.find("[landscape]") or (None, None)
            raise LevelError([Problem(file, "[landscape]", str(err), "make the altitude a finite number somewhere "
                                      "in the domain", *pos)]) from None
    return level


def load_level(path: str | Path, builtin: bool = False, deep: bool = False) -> Level:
    path = Path(path)
    text = read_text(path)
    return parse_level(text, str(path), path, builtin, deep)


# --------------------------------------------------------------------------- building landscapes


def _inside(base: Path | None, rel: str, key: str, file: str, problems: list[Problem],
            locator: KeyLocator | None) -> Path | None:
    """Resolve a file named by a level, refusing anything outside the level's own folder."""
    pos = (locator.find(key) if locator else None) or (None, None)
    folder = (base.parent if base else Path.cwd()).resolve()
    candidate = Path(rel)
    if candidate.is_absolute() or rel.startswith("~"):
        problems.append(Problem(file, key, f"{rel!r} is an absolute path",
                                "name a file in the level's own folder, e.g. \"map.png\"", *pos))
        return None
    target = (folder / candidate).resolve()
    if not target.is_relative_to(folder):
        problems.append(Problem(file, key, f"{rel!r} leaves the level's folder",
                                "levels may only use files in their own folder", *pos))
        return None
    if not target.is_file():
        problems.append(Problem(file, key, f"file {rel!r} not found next to the level",
                                f"put it in {folder}", *pos))
        return None
    return target


def _formula_position(text: str | None, locator: KeyLocator | None, key: str,
                      col: int | None) -> tuple[int | None, int | None]:
    pos = locator.find(key) if locator else None
    if not pos or text is None:
        return pos or (None, None)
    line_text = text.splitlines()[pos[0] - 1]
    quote = re.search(r"=\s*([\"'])", line_text[pos[1] - 1:])
    if quote and col:
        return pos[0], pos[1] - 1 + quote.end() + col
    return pos


def _compile(src: str, consts: dict, key: str, file: str, problems: list[Problem],
             locator: KeyLocator | None, text: str | None):
    try:
        return compile_formula(src, consts)
    except FormulaError as err:
        line, col = _formula_position(text, locator, key, err.col)
        problems.append(Problem(file, key, f"in the formula: {err.message}", err.hint, line, col))
        return None


def _read_csv(path: Path, key: str, file: str, problems: list[Problem], pos) -> np.ndarray | None:
    if path.stat().st_size > MAX_CSV_BYTES:
        problems.append(Problem(file, key, f"{path.name} is larger than {MAX_CSV_BYTES} bytes", "", *pos))
        return None
    rows = []
    text = path.read_text(encoding="utf-8", errors="replace")
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        try:
            rows.append([float(row[0]), float(row[1])])
        except (ValueError, IndexError):
            if n == 1 and not rows:
                continue  # a header line
            problems.append(Problem(f"{path}", "", f"line {n}: expected two numbers (feature, target), "
                                    f"got {','.join(row)[:40]!r}", "", n, 1))
            return None
        if len(rows) > MAX_ROWS:
            problems.append(Problem(file, key, f"{path.name} has more than {MAX_ROWS} rows", "", *pos))
            return None
    if not rows:
        problems.append(Problem(file, key, f"{path.name} holds no data rows", "rows are feature,target", *pos))
        return None
    arr = np.array(rows, dtype=float)
    if not np.isfinite(arr).all():
        problems.append(Problem(file, key, f"{path.name} holds a value that is not a finite number", "", *pos))
        return None
    return arr


def build_landscape(spec: dict, base: Path | None, problems: list[Problem], file: str,
                    locator: KeyLocator | None = None, text: str | None = None) -> Landscape | None:
    kind = spec["kind"]
    d = spec.get("domain")
    domain = Domain(tuple(d["x"]), tuple(d["y"])) if d else None
    consts = spec.get("constants", {})
    land: Landscape | None = None
    if kind == "function":
        land = FunctionLandscape(spec["name"], domain)
    elif kind == "formula":
        f = _compile(spec["formula"], consts, "[landscape].formula", file, problems, locator, text)
        land = f and FormulaLandscape(f, domain)
    elif kind == "wells":
        f = _compile(spec["base"], consts, "[landscape].base", file, problems, locator, text)
        wells = [Well(tuple(w["at"]), w["depth"], w["width"]) for w in spec["wells"]]
        land = f and WellsLandscape(f, wells, domain)
    elif kind == "heightmap":
        path = _inside(base, spec["image"], "[landscape].image", file, problems, locator)
        if path is not None:
            try:
                land = HeightmapLandscape(load_gray(path), tuple(spec["height"]), domain)
            except HeightmapError as err:
                pos = (locator.find("[landscape].image") if locator else None) or (None, None)
                problems.append(Problem(file, "[landscape].image", f"{spec['image']}: {err}",
                                        "use an 8- or 16-bit grayscale PNG", *pos))
    elif kind == "data":
        if "csv" in spec:
            path = _inside(base, spec["csv"], "[landscape].csv", file, problems, locator)
            pos = (locator.find("[landscape].csv") if locator else None) or (None, None)
            rows = None if path is None else _read_csv(path, "[landscape].csv", file, problems, pos)
        else:
            rows = np.array(spec["data"], dtype=float)
        if rows is not None:
            land = DataLandscape(rows[:, 0], rows[:, 1], domain)
    if land is not None and kind in ("formula", "wells"):
        _warn_formula(land, spec, file, problems, locator)
    return land


def _warn_formula(land: Landscape, spec: dict, file: str, problems: list[Problem],
                  locator: KeyLocator | None) -> None:
    formula = land.formula if spec["kind"] == "formula" else land.base
    key = "[landscape].formula" if spec["kind"] == "formula" else "[landscape].base"
    _, _, P = land.domain.grid(101)
    pos = (locator.find(key) if locator else None) or (None, None)
    for what, (x, y) in formula.problems(P):
        problems.append(Problem(file, key, f"the formula has {what} inside the domain, e.g. at "
                                f"({x:.4g}, {y:.4g})", "hikers that step there fall; keep such points "
                                "out of the domain or smooth the formula", *pos, severity="warning"))
