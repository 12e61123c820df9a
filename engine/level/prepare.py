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
    raise TypeError(f"not a landscape spec: {spec!r}")


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
