"""Keeping the work a level causes in proportion, from outside the landscapes themselves.

Two tools, both used by prepare.py:

- Bounded memory: every landscape evaluates a big batch of points (a 500,000-pixel thumbnail, a swarm of a
  million hikers) in slices of a few thousand points (engine/expr/evaluate.py CHUNK, engine/network.py
  CHUNK_BYTES), so no temporary grows with (points x wells) or (points x rows). The one exception was a data
  level's mini-batch gradient, which draws (points x rows) random numbers at once: ``ChunkedData`` draws
  them in slices (the same numbers in the same order, so the same result).
- A budget for the minimum search: refining candidate minima calls the landscape on the candidates, round
  after round, and on a costly landscape (a formula of 2,000 terms) that took minutes. ``Budgeted`` counts
  the work of those calls with a cost model (a fixed cost per call plus the landscape's cost per point) and,
  once the budget is spent, answers from the values already known (the grid, the declared points) with a
  zero gradient, which ends every further refinement at once: the remaining candidates keep their grid
  value. Nothing here reads a clock: the same level always gets the same answer.
"""

from __future__ import annotations

import numpy as np

from ..dataset import DataLandscape
from ..landscapes import FormulaLandscape, Landscape, Out, WellsLandscape
from ..network import NetworkLandscape

CHUNK_ELEMENTS = 1 << 21  # float64 elements (16 MB) that one slice's temporaries may hold
CALL_COST = 20  # work units of one call into a landscape, whatever its size (about 2.5 microseconds a unit)
BATCH_SHARE = 64  # one more point in a batched call costs 1/64 of a single point (NumPy's per-call overhead)
REFINE_BUDGET = 400_000  # work units the minimum search may spend on small calls for a user's level (~1 s)
GRID_CALL = 4096  # calls with at least this many points are grid evaluations: always computed, remembered


class ChunkedData(DataLandscape):
    """A data level whose mini-batch gradient draws its random numbers in slices of points."""

    def stochastic_grad(self, P: np.ndarray, rng: np.random.Generator, batch: int, noise: float) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        k = max(1, CHUNK_ELEMENTS // (4 * max(1, self.size)))  # the draw, its sort and (k, batch, 2) gathers
        if len(P) <= k:
            return super().stochastic_grad(P, rng, batch, noise)
        return np.concatenate([super(ChunkedData, self).stochastic_grad(P[i:i + k], rng, batch, noise)
                               for i in range(0, len(P), k)])


def point_cost(land: Landscape) -> float:
    """Work units to evaluate the landscape (value and gradient) at one point: its size."""
    if isinstance(land, WellsLandscape):
        return height_cost(land.base.tree) + 4 + len(land.wells) / 8
    if isinstance(land, FormulaLandscape):
        return height_cost(land.formula.tree)
    if isinstance(land, DataLandscape):
        return 4 + land.size / 100
    if isinstance(land, NetworkLandscape):
        return 4 + land.work_per_point / 100
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
        self.memory: dict[bytes, float] = {}  # point -> value, made from ``_unsorted`` only when recalled
        self._unsorted: list[tuple[np.ndarray, np.ndarray]] = []  # (points, values) not yet in ``memory``
        self.grid_values: np.ndarray | None = None
        if known is not None and len(known):
            self._remember(np.asarray(known, dtype=float).reshape(-1, 2), with_grid=False)

    def known_minimum(self):
        return self.inner.known_minimum()

    def _remember(self, P: np.ndarray, with_grid: bool = True) -> np.ndarray:
        with np.errstate(all="ignore"):
            v = np.array(self.inner.value(P), dtype=float)
        if with_grid:
            self.grid_values = v
        # Kept as arrays: most searches never run out of budget, and filling a dict point by point took a
        # third of a level's preparation.
        self._unsorted.append((np.array(P, dtype=float), v))
        return v

    def _recall(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.exhausted = True
        for points, values in self._unsorted:  # in the order remembered: a later value of a point wins
            for p, value in zip(points, values.tolist(), strict=True):
                self.memory[p.tobytes()] = value
        self._unsorted.clear()
        v = np.array([self.memory.get(p.tobytes(), np.nan) for p in P], dtype=float)
        return v, np.zeros((len(P), 2))

    def value(self, P: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        v = self._remember(P) if len(P) >= GRID_CALL else self.value_and_grad(P)[0]
        if out is None:
            return v
        np.copyto(out, v)
        return out

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        if len(P) >= GRID_CALL:
            v, G = self._remember(P), self.inner.grad(P)
        else:
            cost = CALL_COST + self.cost * (1 + len(P) / BATCH_SHARE)
            if self.left < cost:
                v, G = self._recall(P)
            else:
                self.left -= cost
                v, G = self.inner.value_and_grad(P)
        if out is None:
            return v, G
        np.copyto(out[0], v)
        np.copyto(out[1], G)
        return out
