"""Keeping the work a level causes in proportion, from outside the landscapes themselves.

Two tools, both used by prepare.py:

- Chunked landscapes: the same landscape classes, but a big batch of points (a 500,000-pixel thumbnail, a
  201x201 grid, a swarm of a million hikers) is evaluated in slices, so that no temporary array grows with
  (points x wells) or (points x data rows) beyond a fixed size. Results are identical: every point is
  computed independently of the others.
- A budget for the minimum search: refining candidate minima calls the landscape one point at a time, and on
  a costly landscape (a formula of 2,000 terms) 128 refinements took minutes. ``Budgeted`` counts the work
  of those small calls with a cost model (a fixed cost per call plus the landscape's cost per point) and,
  once the budget is spent, answers from the values already known (the grid, the declared points) with a
  zero gradient, which ends each further refinement at once: the remaining candidates keep their grid
  value. The deepest candidates are refined first, so the global minimum is refined before any is skipped.
  Nothing here reads a clock: the same level always gets the same answer.
"""

from __future__ import annotations

import numpy as np

from ..dataset import DataLandscape
from ..expr.syntax import height
from ..heightmap import HeightmapLandscape
from ..landscapes import FormulaLandscape, FunctionLandscape, Landscape, WellsLandscape

CHUNK_ELEMENTS = 1 << 21  # float64 elements (16 MB) that one slice's temporaries may hold
CALL_COST = 20  # work units of one call into a landscape, whatever its size (about 2.5 microseconds a unit)
REFINE_BUDGET = 400_000  # work units the minimum search may spend on small calls for a user's level (~1 s)
GRID_CALL = 4096  # calls with at least this many points are grid evaluations: always computed, remembered


class _Chunked:
    """Mixin: ``value``, ``value_and_grad`` and ``stochastic_grad`` of many points, slice by slice."""

    per_point = 8  # float64 elements of temporaries per point (set per landscape by ``chunked``)

    def _size(self) -> int:
        return max(64, CHUNK_ELEMENTS // max(1, self.per_point))

    def value(self, P: np.ndarray) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        k = self._size()
        if len(P) <= k:
            return super().value(P)  # type: ignore[misc]
        parts = []
        for i in range(0, len(P), k):
            parts.append(super().value(P[i:i + k]))  # type: ignore[misc]
        return np.concatenate(parts)

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        k = self._size()
        if len(P) <= k:
            return super().value_and_grad(P)  # type: ignore[misc]
        values, grads = [], []
        for i in range(0, len(P), k):
            v, g = super().value_and_grad(P[i:i + k])  # type: ignore[misc]
            values.append(v)
            grads.append(g)
        return np.concatenate(values), np.concatenate(grads)

    def stochastic_grad(self, P: np.ndarray, rng: np.random.Generator, batch: int, noise: float) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        k = max(1, self._size() // 4)  # a data level's mini-batch draws (points x rows) random numbers
        if len(P) <= k:
            return super().stochastic_grad(P, rng, batch, noise)  # type: ignore[misc]
        parts = []
        for i in range(0, len(P), k):
            parts.append(super().stochastic_grad(P[i:i + k], rng, batch, noise))  # type: ignore[misc]
        return np.concatenate(parts)


class ChunkedFormula(_Chunked, FormulaLandscape):
    pass


class ChunkedFunction(_Chunked, FunctionLandscape):
    pass


class ChunkedWells(_Chunked, WellsLandscape):
    pass


class ChunkedHeightmap(_Chunked, HeightmapLandscape):
    pass


class ChunkedData(_Chunked, DataLandscape):
    pass


def point_cost(land: Landscape) -> float:
    """Work units to evaluate the landscape (value and gradient) at one point: its size."""
    if isinstance(land, WellsLandscape):
        return height_cost(land.base.tree) + 4 + len(land.wells) / 8
    if isinstance(land, FormulaLandscape):
        return height_cost(land.formula.tree)
    if isinstance(land, DataLandscape):
        return 4 + land.size / 100
    return 30.0  # a heightmap: a fixed 4x4 stencil


def height_cost(tree) -> float:
    """A formula's nodes (what one evaluation walks), counted without recursion."""
    count = 0
    stack = [tree]
    while stack:
        node = stack.pop()
        count += 1
        for name in ("operand", "left", "right"):
            child = getattr(node, name, None)
            if child is not None:
                stack.append(child)
        stack.extend(getattr(node, "args", ()))
    return float(count)


def temporaries_per_point(land: Landscape) -> int:
    """Float64 elements of temporaries one point needs while it is evaluated (for the slice size)."""
    if isinstance(land, WellsLandscape):
        return 3 * height(land.base.tree) + 8 * max(1, len(land.wells))
    if isinstance(land, FormulaLandscape):
        return 3 * height(land.formula.tree) + 8
    if isinstance(land, DataLandscape):
        return 4 * max(1, land.size)
    return 64


class Budgeted(Landscape):
    """The landscape as the minimum search sees it: grid evaluations computed and remembered; small calls
    (refinement) charged to a budget; once it is spent, known values and a zero gradient (see the module)."""

    kind = "budgeted"

    def __init__(self, inner: Landscape, budget: float | None, known: np.ndarray | None = None) -> None:
        super().__init__(inner.domain)
        self.inner = inner
        self.cost = point_cost(inner)
        self.left = float("inf") if budget is None else float(budget)
        self.exhausted = False
        self.memory: dict[bytes, float] = {}
        self.grid_values: np.ndarray | None = None
        if known is not None and len(known):
            self._remember(np.asarray(known, dtype=float).reshape(-1, 2), with_grid=False)

    def known_minimum(self):
        return self.inner.known_minimum()

    def _remember(self, P: np.ndarray, with_grid: bool = True) -> np.ndarray:
        with np.errstate(all="ignore"):
            v = np.asarray(self.inner.value(P), dtype=float)
        if with_grid:
            self.grid_values = v
        for p, value in zip(P, v.tolist(), strict=True):
            self.memory[p.tobytes()] = value
        return v

    def _recall(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.exhausted = True
        v = np.array([self.memory.get(p.tobytes(), np.nan) for p in P], dtype=float)
        return v, np.zeros((len(P), 2))

    def value(self, P: np.ndarray) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        if len(P) >= GRID_CALL:
            return self._remember(P)
        return self.value_and_grad(P)[0]

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        if len(P) >= GRID_CALL:
            v = self._remember(P)
            return v, self.inner.grad(P)
        cost = CALL_COST + self.cost * len(P)
        if self.left < cost:
            return self._recall(P)
        self.left -= cost
        return self.inner.value_and_grad(P)
