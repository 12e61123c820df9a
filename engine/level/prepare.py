"""Preparing a level: build its landscape and find its hidden global minimum, once.

``prepare(spec)`` is the one explicit step between a ``LevelSpec`` (what the file says) and a ``Level``
(what the game and the commands play on). It never touches the disk and holds no locks: the game runs
it in a background job and hands the finished ``Level`` to its scenes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..dataset import DataLandscape
from ..expr import compile_formula
from ..heightmap import HeightmapLandscape
from ..landscapes import Domain, FormulaLandscape, FunctionLandscape, Landscape, WellsLandscape
from ..minimum import MinimaReport, global_minimum
from ..network import Architecture, Axes, NetworkLandscape, train
from .problems import LevelError, Problem
from .schema import Finding
from .spec import (
    DataSpec,
    FormulaSpec,
    FunctionSpec,
    HeightmapSpec,
    LandscapeSpec,
    LevelInfo,
    LevelSpec,
    NetworkSpec,
    RaceSpec,
    Rules,
    WellsSpec,
)

WARNING_GRID = 101  # sample points per side when looking for undefined or kinked spots in a formula


def build_landscape(spec: LandscapeSpec) -> Landscape:
    """The landscape a spec describes. The spec was validated, so its formulas compile."""
    if isinstance(spec, FunctionSpec):
        return FunctionLandscape(spec.name, spec.domain)
    if isinstance(spec, FormulaSpec):
        return FormulaLandscape(compile_formula(spec.formula, dict(spec.constants)), spec.domain)
    if isinstance(spec, WellsSpec):
        return WellsLandscape(compile_formula(spec.base, dict(spec.constants)), spec.wells, spec.domain)
    if isinstance(spec, HeightmapSpec):
        return HeightmapLandscape(spec.gray.pixels, spec.height, spec.domain)
    if isinstance(spec, DataSpec):
        rows = np.asarray(spec.rows, dtype=float).reshape(-1, 2)
        return DataLandscape(rows[:, 0], rows[:, 1], spec.domain)
    if isinstance(spec, NetworkSpec):
        return build_network(spec)
    raise TypeError(f"not a landscape spec: {spec!r}")


def network_data(spec: NetworkSpec) -> tuple[np.ndarray, np.ndarray]:
    """A network level's examples (n, 2) and labels (n,): its rows, or its generated set."""
    from ..datasets2d import generate

    d = spec.dataset
    if d.generate is not None:
        return generate(d.generate, d.size, d.noise, d.seed)
    rows = np.asarray(d.rows, dtype=float).reshape(-1, 3)
    return rows[:, :2].copy(), rows[:, 2].astype(np.int64)


def build_network(spec: NetworkSpec) -> NetworkLandscape:
    """The network's landscape: its data, θ* (stored, or from the level's seeded training run), its axes."""
    arch = Architecture(spec.layers, spec.activation, spec.loss)
    X, y = network_data(spec)
    if spec.theta is not None:
        theta = np.asarray(spec.theta, dtype=float)
    else:
        theta = train(arch, X, y, spec.train.steps, spec.train.lr, spec.train.seed)
    if spec.axes.weights is not None:
        axes = Axes.two_weights(arch, theta, *spec.axes.weights)
    else:
        axes = Axes.random_slice(arch, theta, int(spec.axes.slice or 0))
    return NetworkLandscape(arch, X, y, theta, axes, spec.domain)


def formula_warnings(spec: LandscapeSpec, landscape: Landscape) -> list[Finding]:
    """Where a formula is undefined or not differentiable inside the domain, with a sample point."""
    if isinstance(spec, FormulaSpec):
        formula, key = landscape.formula, "[landscape].formula"
    elif isinstance(spec, WellsSpec):
        formula, key = landscape.base, "[landscape].base"
    else:
        return []
    _, _, P = landscape.domain.grid(WARNING_GRID)
    return [Finding(key, f"the formula has {what} inside the domain, e.g. at ({x:.4g}, {y:.4g})",
                    "hikers that step there fall; keep such points out of the domain or smooth the formula")
            for what, (x, y) in formula.problems(P)]


@dataclass(frozen=True, eq=False)
class Level:
    """A prepared level: its spec, its landscape, its global minimum, and where it came from."""

    spec: LevelSpec
    landscape: Landscape
    minimum: MinimaReport
    source: Path | None = None
    builtin: bool = False

    @property
    def info(self) -> LevelInfo:
        return self.spec.info

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def rules(self) -> Rules:
        return self.spec.rules

    @property
    def race(self) -> RaceSpec:
        return self.spec.race

    @property
    def domain(self) -> Domain:
        return self.landscape.domain

    def start(self, rng: np.random.Generator | None = None) -> tuple[float, float]:
        """The level's start, or a random point of the domain if it declares none."""
        if self.spec.start is not None:
            return self.spec.start
        p = self.domain.uniform(rng or np.random.default_rng(), 1)[0]
        return (float(p[0]), float(p[1]))

    def lineup(self) -> list[tuple[str, dict]]:
        """The default race line-up as (optimizer name, given parameters)."""
        return [(r.name, r.params) for r in self.spec.race.lineup]


def prepare(spec: LevelSpec, source: Path | None = None, builtin: bool = False) -> Level:
    """Build the landscape and find the global minimum. A LevelError if the landscape has no minimum."""
    landscape = build_landscape(spec.landscape)
    try:
        minimum = global_minimum(landscape, spec.goal.declared, spec.goal.tolerance)
    except ValueError as err:
        raise LevelError([Problem(str(source or spec.id), "[landscape]", str(err),
                                  "make the altitude a finite number somewhere in the domain")]) from None
    return Level(spec, landscape, minimum, source, builtin)
