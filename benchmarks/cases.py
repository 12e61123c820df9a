"""The benchmark's landscapes and optimizers, built straight from the built-in level files.

Each case is a landscape of the engine plus the same function written for the peers (torch, JAX and a
hand-fused numba loop), so every implementation computes exactly the same altitudes and slopes.
Levels are read with tomllib here (not through engine.level) so the benchmark runs against any
version of the engine that has these landscape classes.
"""

from __future__ import annotations

import csv
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LEVELS = Path(__file__).resolve().parent.parent / "levels"


@dataclass(frozen=True)
class Case:
    id: str
    kind: str  # function, formula, wells, heightmap, data
    level: str  # the level file it comes from
    lr: dict[str, float]  # learning rate per optimizer, from the level's race where it has one


CASES = [
    Case("rastrigin", "function", "classic-rastrigin", {"gd": 1e-3, "momentum": 1e-3, "adam": 0.05}),
    Case("rosenbrock", "function", "classic-rosenbrock", {"gd": 1e-4, "momentum": 1e-4, "adam": 0.01}),
    Case("formula", "formula", "twin-valleys", {"gd": 0.05, "momentum": 0.05, "adam": 0.1}),
    Case("wells", "wells", "the-needle", {"gd": 0.2, "momentum": 0.05, "adam": 0.05}),
    Case("heightmap", "heightmap", "alpine-range", {"gd": 2e-4, "momentum": 5e-5, "adam": 0.05}),
    Case("data", "data", "study-hours", {"gd": 0.005, "momentum": 0.001, "adam": 0.02}),
]
OPTIMIZERS = ("gd", "momentum", "adam")
MOMENTUM = 0.9


def read_level(case: Case) -> dict:
    return tomllib.loads((LEVELS / f"{case.level}.toml").read_text())["landscape"]


def domain_of(case: Case) -> tuple[tuple[float, float], tuple[float, float]]:
    spec = read_level(case)
    if "domain" in spec:
        return tuple(spec["domain"]["x"]), tuple(spec["domain"]["y"])
    from engine.functions import CLASSIC

    return CLASSIC[spec["name"]].domain


def engine_landscape(case: Case):
    """The engine's landscape for a case."""
    return build_landscape(read_level(case), LEVELS)


def build_landscape(spec: dict, folder: Path):
    """An engine landscape from a level file's [landscape] table (the built-in levels are trusted)."""
    from engine.landscapes import Domain, FormulaLandscape, FunctionLandscape, Well, WellsLandscape

    kind = spec["kind"]
    domain = Domain(tuple(spec["domain"]["x"]), tuple(spec["domain"]["y"])) if "domain" in spec else None
    consts = spec.get("constants")
    if kind == "function":
        return FunctionLandscape(spec["name"], domain)
    if kind == "formula":
        return FormulaLandscape(spec["formula"], domain, consts)
    if kind == "wells":
        return WellsLandscape(spec["base"], [Well(tuple(w["at"]), w["depth"], w["width"]) for w in spec["wells"]],
                              domain, consts)
    if kind == "heightmap":
        from engine.heightmap import HeightmapLandscape, load_gray

        return HeightmapLandscape(load_gray(folder / spec["image"]), tuple(spec["height"]), domain)
    from engine.dataset import DataLandscape

    rows = _rows(spec, folder)
    return DataLandscape(rows[:, 0], rows[:, 1], domain)


def data_rows(case: Case) -> np.ndarray:
    return _rows(read_level(case), LEVELS)


def _rows(spec: dict, folder: Path) -> np.ndarray:
    if "data" in spec:
        return np.array(spec["data"], dtype=float)
    with open(folder / spec["csv"], newline="") as fh:
        rows = [r for r in csv.reader(fh) if r and not r[0].startswith("#")]
    return np.array([[float(a), float(b)] for a, b in rows[1:]], dtype=float)


def heightmap_table(case: Case) -> tuple[np.ndarray, float, float, float, float, int, int]:
    """The padded height table and the pixel scale the engine's Catmull-Rom interpolant uses."""
    from engine.heightmap import load_gray

    spec = read_level(case)
    (x0, x1), (y0, y1) = domain_of(case)
    lo, hi = spec["height"]
    z = lo + (hi - lo) * load_gray(LEVELS / spec["image"])
    rows, cols = z.shape
    return np.pad(z, ((1, 2), (1, 2)), mode="edge"), x0, y1, (cols - 1) / (x1 - x0), -(rows - 1) / (y1 - y0), rows, cols


def starts(case: Case, n: int, seed: int = 1) -> np.ndarray:
    (x0, x1), (y0, y1) = domain_of(case)
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


# --------------------------------------------------------------------------- the same functions for the peers


def cost_fn(case: Case, lib):
    """Per-hiker altitude as a function of (x, y) arrays, for ``lib`` = torch or jax.numpy."""
    pi = math.pi
    if case.id == "rastrigin":
        return lambda x, y: 20 + x**2 - 10 * lib.cos(2 * pi * x) + y**2 - 10 * lib.cos(2 * pi * y)
    if case.id == "rosenbrock":
        return lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2
    if case.id == "formula":
        return lambda x, y: (x**2 + y**2 - 2 * lib.exp(-((x - 1) ** 2 + y**2) / 0.2)
                             - 6 * lib.exp(-((x + 1) ** 2 + y**2) / 0.2))
    if case.id == "wells":
        spec = read_level(case)
        wells = [(w["at"][0], w["at"][1], w["depth"], 2 * w["width"] ** 2) for w in spec["wells"]]

        def wells_cost(x, y):
            v = 0.1 * (x**2 + y**2)
            for cx, cy, d, s in wells:
                v = v - d * lib.exp(-((x - cx) ** 2 + (y - cy) ** 2) / s)
            return v

        return wells_cost
    if case.id == "heightmap":
        return _heightmap_fn(case, lib)
    rows = data_rows(case)
    is_torch = lib.__name__ == "torch"
    feats = lib.tensor(rows[:, 0]) if is_torch else lib.asarray(rows[:, 0])
    targets = lib.tensor(rows[:, 1]) if is_torch else lib.asarray(rows[:, 1])

    def data_cost(w0, w1):  # 1/2 sum over examples of (target - (w0 + w1 * feature))^2, per hiker
        r = targets[None, :] - (w0[:, None] + w1[:, None] * feats[None, :])
        return 0.5 * (r * r).sum(1)

    return data_cost


def _heightmap_fn(case: Case, lib):
    zp, x0, y1, sx, sy, rows, cols = heightmap_table(case)
    is_torch = lib.__name__ == "torch"
    flat = lib.tensor(zp.ravel()) if is_torch else lib.asarray(zp.ravel())
    width = zp.shape[1]

    def weights(t):
        t2, t3 = t * t, t * t * t
        return ((-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2)

    def height(x, y):
        u = (x - x0) * sx
        v = (y - y1) * sy
        i = lib.clip(lib.floor(u), 0, cols - 2)
        j = lib.clip(lib.floor(v), 0, rows - 2)
        wu, wv = weights(u - i), weights(v - j)
        if is_torch:
            i, j = i.detach().long(), j.detach().long()
        else:
            i, j = i.astype(int), j.astype(int)
        base = j * width + i
        total = 0.0
        for r in range(4):
            row = 0.0
            for c in range(4):
                row = row + wu[c] * (flat[base + (r * width + c)])
            total = total + wv[r] * row
        return total

    return height
