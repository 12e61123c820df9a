"""Designing levels in memory: templates, the edits the in-game editor makes, validation of an edited level,
warnings a designer needs, free ids, and an undo history.

Every edit takes a ``LevelSpec`` and returns a new one (specs are frozen), so undo and redo are a stack of
specs. Nothing here touches the disk or pygame; the editor scene (game/scenes/editor.py) calls these.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..functions import CLASSIC
from ..landscapes import Domain, Well
from .prepare import Level, build_landscape
from .schema import ID_PATTERN, MAX_ROWS, MAX_WELLS, Finding, validate
from .spec import (
    DataSpec,
    FormulaSpec,
    FunctionSpec,
    Gray,
    HeightmapSpec,
    LandscapeSpec,
    LevelInfo,
    LevelSpec,
    NetworkSpec,
    RacerSpec,
    RaceSpec,
    Rules,
    WellsSpec,
)
from .writer import to_document

HISTORY_LIMIT = 500  # undo steps kept (the issue asks for at least 200)

# --------------------------------------------------------------------------- numbers and ids


def tidy(value: float, span: float) -> float:
    """``value`` rounded to a thousandth of ``span`` (positions the editor writes stay short in the file)."""
    digits = max(0, 3 - math.floor(math.log10(span))) if span > 0 else 6
    return round(float(value), digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def nice(value: float) -> float:
    """``value`` rounded to one significant digit (1, 2, 3 ... 9 times a power of ten)."""
    if not math.isfinite(value) or value == 0:
        return 1.0
    return float(f"{value:.0e}")


def slug(title: str) -> str:
    """An id made from a title: lowercase letters, digits and dashes ("My Trap!" -> "my-trap")."""
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].strip("-")
    return s if s and ID_PATTERN.fullmatch(s) else "my-level"


def free_id(title: str, taken: Iterable[str]) -> str:
    """The slug of ``title``, or the slug with -2, -3 ... appended, whichever no other level uses."""
    taken = set(taken)
    base = slug(title)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def with_file_names(spec: LevelSpec) -> LevelSpec:
    """Name the files a level owns after its id (``<id>.png``, ``<id>.csv``), so two levels in one folder
    never write each other's image."""
    land = spec.landscape
    if isinstance(land, HeightmapSpec):
        return spec.with_(landscape=replace(land, image=f"{spec.id}.png"))
    if isinstance(land, DataSpec) and land.csv is not None:
        return spec.with_(landscape=replace(land, csv=f"{spec.id}.csv"))
    if isinstance(land, NetworkSpec) and land.dataset.csv is not None:
        return spec.with_(landscape=replace(land, dataset=replace(land.dataset, csv=f"{spec.id}.csv")))
    return spec


def with_id(spec: LevelSpec, lid: str) -> LevelSpec:
    return with_file_names(spec.with_(info=replace(spec.info, id=lid)))


def content_key(spec: LevelSpec) -> LevelSpec:
    """The spec with its id and file names blanked: two levels with equal keys are the same level."""
    land = spec.landscape
    if isinstance(land, HeightmapSpec):
        land = replace(land, image="")
    elif isinstance(land, DataSpec) and land.csv is not None:
        land = replace(land, csv="")
    elif isinstance(land, NetworkSpec) and land.dataset.csv is not None:
        land = replace(land, dataset=replace(land.dataset, csv=""))
    return spec.with_(info=replace(spec.info, id=""), landscape=land)


def editable_copy(spec: LevelSpec, taken: Iterable[str]) -> LevelSpec:
    """A built-in level opened in the editor: a copy with its own id and title, and its own file names."""
    title = f"{spec.title} (copy)"
    return with_id(spec.with_(info=replace(spec.info, title=title)), free_id(title, taken))


def edit_target(spec: LevelSpec, path: Path, builtin: bool, taken: Iterable[str],
                user_folder: Path) -> tuple[LevelSpec, Path, str]:
    """What the editor opens for a level file: (spec, where Ctrl+S saves it, a phrase saying what it is).
    A built-in level opens as a copy in the user's folder; any other file is edited where it is."""
    if builtin:
        copy = editable_copy(spec, taken)
        return copy, user_folder / f"{copy.id}.toml", f"a copy of the built-in level {spec.id}"
    return spec, path, str(path)


# --------------------------------------------------------------------------- validation


class MemoryFiles:
    """A FileSource that serves an edited level's own image and rows from memory (nothing is on disk yet)."""

    def __init__(self, spec: LevelSpec) -> None:
        self.land = spec.landscape

    def image(self, name: str, key: str, findings: list[Finding]) -> Gray | None:
        if isinstance(self.land, HeightmapSpec) and name == self.land.image:
            return self.land.gray
        findings.append(Finding(key, f"file {name!r} is not part of this level"))
        return None

    def csv(self, name: str, key: str, findings: list[Finding],
            columns: int = 2) -> tuple[tuple[float, ...], ...] | None:
        if isinstance(self.land, DataSpec) and name == self.land.csv:
            return self.land.rows
        if isinstance(self.land, NetworkSpec) and name == self.land.dataset.csv:
            return self.land.dataset.rows
        findings.append(Finding(key, f"file {name!r} is not part of this level"))
        return None


def check_spec(spec: LevelSpec) -> list[Finding]:
    """Every problem the level file written from ``spec`` would have (the same validator as `hiker check`).
    An empty list means: write it, read it back, and you get ``spec`` again."""
    try:
        doc = to_document(spec)
    except (TypeError, ValueError) as err:
        return [Finding("", f"cannot be written: {err}")]
    again, findings = validate(doc, MemoryFiles(spec))
    if findings:
        return findings
    if again != spec:
        return [Finding("", "this value cannot be written exactly to a level file")]
    return []


# --------------------------------------------------------------------------- templates


def _gray_template(n: int = 64) -> Gray:
    v, u = np.mgrid[0:n, 0:n] / (n - 1)
    z = 0.25 + 0.5 * ((u - 0.5) ** 2 + (v - 0.5) ** 2) + 0.12 * np.sin(5 * u) * np.cos(4 * v)
    z -= 0.3 * np.exp(-((u - 0.7) ** 2 + (v - 0.35) ** 2) / 0.01)
    z = (z - z.min()) / (z.max() - z.min())
    return Gray(np.rint(z * 255) / 255)  # 8-bit steps: enough for a painted map, and a short share code


def _race(*specs: str, steps: int = 150) -> RaceSpec:
    from ..optim import parse_spec

    return RaceSpec(tuple(RacerSpec.of(*parse_spec(s)) for s in specs), steps, 0)


SQUARE = Domain((-2.0, 2.0), (-2.0, 2.0))


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    blurb: str
    build: Callable[[], LevelSpec]


def _bowl() -> LevelSpec:
    return LevelSpec(LevelInfo("bowl", "Bowl", "A round bowl. Dig a well somewhere to hide a deeper valley.", "", 1),
                     WellsSpec("0.5*(x**2 + y**2)", (), SQUARE), (1.5, 1.5), Rules(30, 0.1, 0.4),
                     race=_race("gd:lr=0.1", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"))


def _hills() -> LevelSpec:
    wells = (Well((-1.5, 1.0), 1.0, 0.5), Well((1.2, -1.3), 1.6, 0.35), Well((0.8, 1.4), -0.8, 0.6))
    return LevelSpec(LevelInfo("rolling-hills", "Rolling Hills", "Gentle hills, a few hollows, one of them deepest.",
                               "", 2),
                     WellsSpec("0.4*sin(1.3*x)*cos(1.1*y) + 0.08*(x**2 + y**2)", wells,
                               Domain((-3.0, 3.0), (-3.0, 3.0))),
                     (2.5, 2.5), Rules(40, 0.2, 0.6),
                     race=_race("gd:lr=0.2", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1", steps=200))


def _twin() -> LevelSpec:
    wells = (Well((1.0, 0.0), 1.2, 0.5), Well((-1.0, 0.0), 1.5, 0.3))
    return LevelSpec(LevelInfo("twin-valleys", "Twin Valleys", "Two valleys. The wide one is not the deepest.", "", 2),
                     WellsSpec("0.25*(x**2 + y**2)", wells, SQUARE), (1.6, 1.6), Rules(30, 0.1, 0.4),
                     race=_race("gd:lr=0.1", "momentum:lr=0.05,momentum=0.9", "adam:lr=0.1"))


def _classic() -> LevelSpec:
    return LevelSpec(LevelInfo("four-valleys", "Four Valleys", "Himmelblau's function: four valleys, all equally "
                               "deep.", "", 2),
                     FunctionSpec("himmelblau"), (-0.3, -0.4), Rules(40, 0.01, 0.8),
                     race=_race("gd:lr=0.01", "momentum:lr=0.002,momentum=0.9", "adam:lr=0.1", steps=300))


def _data() -> LevelSpec:
    rows = ((1.0, 0.9), (2.0, 2.1), (3.0, 2.9), (4.0, 4.2))
    return LevelSpec(LevelInfo("few-points", "A Few Points", "Four points and a line through them. The bottom of "
                               "this valley is the best line.", "", 2),
                     DataSpec(rows, Domain((-2.0, 2.0), (-0.5, 2.0))), (1.5, -0.3), Rules(40, 0.02, 0.3),
                     race=_race("gd:lr=0.02", "sgd:lr=0.01,batch=1", "adam:lr=0.05", steps=200))


def _formula() -> LevelSpec:
    return LevelSpec(LevelInfo("my-formula", "My Formula", "A landscape written as a formula.", "", 2),
                     FormulaSpec("x**2 + 3*y**2 - cos(3*x)", SQUARE), (1.6, 1.4), Rules(30, 0.05, 0.4),
                     race=_race("gd:lr=0.05", "momentum:lr=0.02,momentum=0.9", "adam:lr=0.1"))


def _heightmap() -> LevelSpec:
    return LevelSpec(LevelInfo("my-mountains", "My Mountains", "A painted range with one deep lake.", "", 2),
                     HeightmapSpec("my-mountains.png", _gray_template(), (0.0, 100.0), Domain((0.0, 10.0),
                                                                                              (0.0, 10.0))),
                     (1.5, 8.5), Rules(40, 0.02, 1.0),
                     race=_race("gd:lr=0.02", "momentum:lr=0.005,momentum=0.9", "adam:lr=0.2", steps=200))


TEMPLATES: dict[str, Template] = {t.name: t for t in (
    Template("bowl", "Bowl", "a round bowl: dig wells into it", _bowl),
    Template("rolling-hills", "Rolling hills", "gentle hills and hollows", _hills),
    Template("twin-valleys", "Twin valleys", "a wide valley and a deeper narrow one", _twin),
    Template("classic", "A classic function", "Himmelblau's four valleys (any of 24 classics)", _classic),
    Template("data", "A data set", "a few points: the valley is the best line", _data),
    Template("formula", "A formula", "write the altitude as a formula in x and y", _formula),
    Template("heightmap", "A heightmap", "paint mountains and lakes on an image", _heightmap),
)}


def template_name(name: str) -> str | None:
    """A template's name from what a person types ("rolling hills", "Rolling_Hills" -> "rolling-hills")."""
    key = re.sub(r"[\s_]+", "-", name.strip().lower())
    return key if key in TEMPLATES else None


def new_level(name: str, taken: Iterable[str] = ()) -> LevelSpec:
    """A fresh level from a template, with an id no other level uses."""
    spec = TEMPLATES[name].build()
    return with_id(spec, free_id(spec.title, taken))


# --------------------------------------------------------------------------- sizes the tools use


def altitude_range(land: LandscapeSpec) -> float:
    landscape = build_landscape(land)
    _, _, P = landscape.domain.grid(33)
    with np.errstate(all="ignore"):
        v = landscape.value(P)
    v = v[np.isfinite(v)]
    return float(v.max() - v.min()) if v.size else 1.0


def default_well(land: LandscapeSpec) -> tuple[float, float]:
    """(depth, width) of a freshly dug well: a quarter of the landscape's altitude range deep, a twelfth of
    the map wide, both rounded to one significant digit."""
    domain = domain_of(land)
    return nice(0.25 * altitude_range(land) or 1.0), nice(float(min(domain.span)) / 12)


def domain_of(land: LandscapeSpec) -> Domain:
    if isinstance(land, FunctionSpec) and land.domain is None:
        return Domain(*CLASSIC[land.name].domain)
    return land.domain  # type: ignore[return-value]


# --------------------------------------------------------------------------- wells


def as_wells(land: LandscapeSpec) -> WellsSpec | None:
    """The landscape as wells on a base, so wells can be dug into it (a formula or classic function becomes
    the base); None for heightmaps and data."""
    if isinstance(land, WellsSpec):
        return land
    if isinstance(land, FormulaSpec):
        return WellsSpec(land.formula, (), land.domain, land.constants)
    if isinstance(land, FunctionSpec):
        return WellsSpec(CLASSIC[land.name].formula, (), domain_of(land))
    return None


def _wells(spec: LevelSpec) -> WellsSpec:
    land = as_wells(spec.landscape)
    if land is None:
        raise ValueError(f"a {spec.kind} landscape has no wells")
    return land


def add_well(spec: LevelSpec, at: tuple[float, float], depth: float, width: float) -> LevelSpec:
    land = _wells(spec)
    if len(land.wells) >= MAX_WELLS:
        raise ValueError(f"a level holds at most {MAX_WELLS} wells")
    span = float(max(land.domain.span))
    well = Well((tidy(at[0], span), tidy(at[1], span)), float(depth), float(width))
    return spec.with_(landscape=replace(land, wells=land.wells + (well,)))


def set_well(spec: LevelSpec, i: int, well: Well) -> LevelSpec:
    land = _wells(spec)
    span = float(max(land.domain.span))
    well = Well((tidy(well.at[0], span), tidy(well.at[1], span)), float(well.depth), float(well.width))
    wells = land.wells[:i] + (well,) + land.wells[i + 1:]
    return spec.with_(landscape=replace(land, wells=wells))


def delete_well(spec: LevelSpec, i: int) -> LevelSpec:
    land = _wells(spec)
    return spec.with_(landscape=replace(land, wells=land.wells[:i] + land.wells[i + 1:]))


def nearest_well(spec: LevelSpec, p: tuple[float, float], reach: float | None = None) -> int | None:
    """The well whose centre is nearest ``p``, if within ``reach`` (default: twice its width, at least 4% of
    the map's diagonal)."""
    land = spec.landscape
    if not isinstance(land, WellsSpec) or not land.wells:
        return None
    d = [math.hypot(w.at[0] - p[0], w.at[1] - p[1]) for w in land.wells]
    i = int(np.argmin(d))
    limit = reach if reach is not None else max(2 * land.wells[i].width, 0.04 * land.domain.diagonal)
    return i if d[i] <= limit else None


# --------------------------------------------------------------------------- data points


def add_point(spec: LevelSpec, row: tuple[float, float]) -> LevelSpec:
    land = spec.landscape
    assert isinstance(land, DataSpec)
    if len(land.rows) >= MAX_ROWS:
        raise ValueError(f"a data level holds at most {MAX_ROWS} points")
    return spec.with_(landscape=replace(land, rows=land.rows + ((float(row[0]), float(row[1])),)))


def set_point(spec: LevelSpec, i: int, row: tuple[float, float]) -> LevelSpec:
    land = spec.landscape
    assert isinstance(land, DataSpec)
    rows = land.rows[:i] + ((float(row[0]), float(row[1])),) + land.rows[i + 1:]
    return spec.with_(landscape=replace(land, rows=rows))


def delete_point(spec: LevelSpec, i: int) -> LevelSpec:
    land = spec.landscape
    assert isinstance(land, DataSpec)
    if len(land.rows) <= 1:
        raise ValueError("a data level needs at least one point")
    return spec.with_(landscape=replace(land, rows=land.rows[:i] + land.rows[i + 1:]))


def data_bounds(rows) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (feature, target) box the scatter plot shows: the points with a margin, at least [-1, 5] x [-1, 5]."""
    a = np.asarray(rows, dtype=float).reshape(-1, 2)
    lo = np.minimum(a.min(0), (-1.0, -1.0)) if a.size else np.array([-1.0, -1.0])
    hi = np.maximum(a.max(0), (5.0, 5.0)) if a.size else np.array([5.0, 5.0])
    pad = 0.08 * (hi - lo)
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (float(lo[1] - pad[1]), float(hi[1] + pad[1]))


def nearest_point(spec: LevelSpec, row: tuple[float, float], reach: tuple[float, float]) -> int | None:
    """The data point nearest ``row`` within ``reach`` (a (feature, target) scale: an ellipse)."""
    land = spec.landscape
    if not isinstance(land, DataSpec) or not land.rows:
        return None
    a = np.asarray(land.rows, dtype=float)
    d = np.hypot((a[:, 0] - row[0]) / reach[0], (a[:, 1] - row[1]) / reach[1])
    i = int(np.argmin(d))
    return i if d[i] <= 1.0 else None


# --------------------------------------------------------------------------- heightmaps


def quantize16(pixels: np.ndarray) -> np.ndarray:
    """Pixels rounded to the 65536 levels a 16-bit PNG stores, so a painted image saves exactly."""
    return np.rint(np.clip(np.asarray(pixels, dtype=float), 0.0, 1.0) * 65535.0) / 65535.0


def paint(gray: Gray, domain: Domain, at: tuple[float, float], radius: float, amount: float, mode: str) -> Gray:
    """One dab of a soft brush (``radius`` in map units) at ``at``: "raise", "lower" or "smooth". The image keeps
    its precision: an 8-bit image (every pixel a multiple of 1/255) stays 8-bit, so its share code stays short;
    others keep 16 bits. Either way it saves exactly."""
    z = np.asarray(gray.pixels, dtype=float)
    rows, cols = z.shape
    c = (at[0] - domain.x[0]) / domain.span[0] * (cols - 1)
    r = (domain.y[1] - at[1]) / domain.span[1] * (rows - 1)
    rad = max(0.75, radius / domain.span[0] * (cols - 1))
    v, u = np.mgrid[0:rows, 0:cols]
    w = np.exp(-((u - c) ** 2 + (v - r) ** 2) / (2 * rad * rad))
    if mode == "raise":
        delta = amount * w
    elif mode == "lower":
        delta = -amount * w
    elif mode == "smooth":
        p = np.pad(z, 1, mode="edge")
        blur = sum(p[1 + dy:1 + dy + rows, 1 + dx:1 + dx + cols] for dy in (-1, 0, 1) for dx in (-1, 0, 1)) / 9
        delta = (blur - z) * np.clip(w * min(1.0, amount * 10), 0, 1)
    else:
        raise ValueError(f"unknown brush {mode!r}")
    levels = 255 if np.all(np.abs(z * 255 - np.rint(z * 255)) < 1e-6) else 65535
    return Gray(np.clip(np.rint(z * levels) + np.rint(delta * levels), 0, levels) / levels)


def gray_from_file(path) -> Gray:
    """A grayscale image for a heightmap, read by the same safe loader as level files (HeightmapError if not)."""
    from ..heightmap import load_gray

    return Gray(quantize16(load_gray(path)))


# --------------------------------------------------------------------------- warnings


@dataclass(frozen=True)
class Warning_:
    kind: str  # "easy", "ambiguous", "edge", "flat"
    message: str


def design_warnings(level: Level) -> list[Warning_]:
    """What a designer should know before sharing a level: it is too easy, its bottom is ambiguous or on the
    edge of the map, or it is too flat for a hiker to feel."""
    out = []
    for check in (_too_easy, _ambiguous, _on_edge, _too_flat):
        w = check(level)
        if w is not None:
            out.append(w)
    return out


def _p(p) -> str:
    return f"({p[0]:.3g}, {p[1]:.3g})"


def _too_easy(level: Level) -> Warning_ | None:
    from ..hikers import Hikers
    from ..optim import build
    from ..rules import found

    rules = level.rules
    rng = np.random.default_rng(level.race.seed)
    fixed = level.spec.start is not None
    starts = np.array([level.spec.start]) if fixed else level.domain.uniform(rng, 50)
    team = Hikers(build("gd", {"lr": rules.stride}), level.landscape, starts, rng)
    team.run(rules.steps)
    ok = found(np.where(team.fell, np.nan, team.cost), level.minimum)
    share = float(np.mean(ok))
    if fixed and share == 1.0:
        return Warning_("easy", f"Too easy: following the slope from the start (plain gd, stride {rules.stride:g}) "
                        f"reaches the global minimum within {rules.steps} steps. Move the start or dig a trap.")
    if not fixed and share >= 0.9:
        return Warning_("easy", f"Too easy: from {share:.0%} of random starts, following the slope reaches the "
                        "global minimum. Add a trap.")
    return None


def _ambiguous(level: Level) -> Warning_ | None:
    m = level.minimum
    near = 0.03 * level.domain.diagonal
    places = [tuple(p) for p in m.points] + [x.point for x in m.minima if x.value <= m.value + m.tolerance]
    distinct: list[tuple[float, float]] = []
    for p in places:
        if all(math.hypot(p[0] - q[0], p[1] - q[1]) > near for q in distinct):
            distinct.append(p)
    if len(distinct) >= 2:
        return Warning_("ambiguous", f"Ambiguous: {len(distinct)} places lie within the tolerance "
                        f"({m.tolerance:.3g}) of the lowest altitude, e.g. {_p(distinct[0])} and {_p(distinct[1])}. "
                        "Any of them counts as found.")
    return None


def _on_edge(level: Level) -> Warning_ | None:
    d = level.domain
    for p in level.minimum.points:
        gap = min((p[0] - d.x[0]) / d.span[0], (d.x[1] - p[0]) / d.span[0],
                  (p[1] - d.y[0]) / d.span[1], (d.y[1] - p[1]) / d.span[1])
        if gap < 1e-3:
            return Warning_("edge", f"On the edge: the global minimum {_p(p)} lies on the map's edge, so hikers "
                            "find it by sliding into the wall. Widen the domain or move the valley inside.")
    return None


def _too_flat(level: Level) -> Warning_ | None:
    _, _, P = level.domain.grid(41)
    with np.errstate(all="ignore"):
        v, g = level.landscape.value_and_grad(P)
    ok = np.isfinite(v) & np.isfinite(g).all(1)
    if not ok.any():
        return None
    if float(np.ptp(v[ok])) == 0.0:
        return Warning_("flat", "Completely flat: every point has the same altitude.")
    pace = level.rules.stride * np.hypot(g[ok, 0], g[ok, 1])
    flat = float(np.mean(pace < 1e-3 * level.domain.diagonal))
    if flat > 0.5:
        return Warning_("flat", f"Too flat to feel: on {flat:.0%} of the map a slope step moves less than 0.1% of "
                        "the map. Make it steeper or raise the stride.")
    return None


# --------------------------------------------------------------------------- undo and redo


class History:
    """The level being edited and every earlier version: undo and redo move along a stack of specs.

    Consecutive edits with the same ``key`` (dragging one well, typing into one field) merge into one step.
    """

    def __init__(self, spec: LevelSpec, limit: int = HISTORY_LIMIT) -> None:
        self.current = spec
        self.limit = limit
        self.undos: list[LevelSpec] = []
        self.redos: list[LevelSpec] = []
        self._key: object = None

    def push(self, spec: LevelSpec, key: object = None) -> bool:
        """Make ``spec`` the current level; False if nothing changed."""
        if spec == self.current:
            return False
        if key is None or key != self._key or not self.undos:
            self.undos.append(self.current)
            del self.undos[:-self.limit]
        self.current = spec
        self.redos.clear()
        self._key = key
        return True

    def seal(self) -> None:
        """End a run of merged edits: the next edit is a step of its own."""
        self._key = None

    def undo(self) -> bool:
        if not self.undos:
            return False
        self.redos.append(self.current)
        self.current = self.undos.pop()
        self._key = None
        return True

    def redo(self) -> bool:
        if not self.redos:
            return False
        self.undos.append(self.current)
        self.current = self.redos.pop()
        self._key = None
        return True
