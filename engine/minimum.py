"""Finding the minima of a landscape: a dense grid, local refinement with exact gradients, de-duplication.

Refinement is a bounded quasi-Newton descent run on all candidates at once (engine/refine.py), fed the
landscape's exact gradient, so minima on the domain's edge are found too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .landscapes import Landscape

GRID = 201
CANDIDATES = 128


@dataclass(frozen=True)
class Minimum:
    value: float
    point: tuple[float, float]


@dataclass
class MinimaReport:
    """The global minimum (value, every minimizer), where it came from, and the local minima found."""

    value: float
    points: list[tuple[float, float]]
    source: str  # "declared" or "found"
    tolerance: float  # altitude within which a hiker counts as having found the global minimum
    minima: list[Minimum] = field(default_factory=list)  # every minimum found, deepest first
    found_value: float | None = None
    spread: float = 1.0  # median altitude minus lowest on the search grid: how tall the landscape is

    def distance(self, P: np.ndarray) -> np.ndarray:
        """Distance from each point to the nearest global minimizer."""
        pts = np.asarray(self.points, dtype=float).reshape(-1, 2)
        return np.min(np.linalg.norm(np.asarray(P)[:, None, :] - pts[None], axis=2), axis=1)


def _grid_candidates(landscape: Landscape, n: int) -> tuple[np.ndarray, np.ndarray, float]:
    _, _, P = landscape.domain.grid(n)
    with np.errstate(all="ignore"):
        v = landscape.value(P)
    V = np.where(np.isfinite(v), v, np.inf).reshape(n, n)
    padded = np.pad(V, 1, constant_values=np.inf)
    is_min = np.isfinite(V)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dx or dy:
                is_min &= padded[1 + dy:1 + dy + n, 1 + dx:1 + dx + n] >= V
    idx = np.flatnonzero(is_min.ravel())
    idx = idx[np.argsort(V.ravel()[idx])]
    finite = V[np.isfinite(V)]
    spread = float(np.median(finite) - finite.min()) if finite.size else 1.0
    return P[idx], V.ravel()[idx], spread


def _refine(landscape: Landscape, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Refine every candidate at once; a candidate that does not improve keeps its grid point and value."""
    from .refine import refine

    d = landscape.domain
    X = refine(landscape.value_and_grad, P, d.lo, d.hi)
    with np.errstate(all="ignore"):
        v = landscape.value(X)
        v0 = landscape.value_and_grad(P)[0]
    v0 = np.where(np.isfinite(v0), v0, 1e300)  # as the refinement sees a non-finite start
    better = v <= v0
    return np.where(better[:, None], X, P), np.where(better, v, v0)


def find_minima(landscape: Landscape, grid: int = GRID, candidates: int = CANDIDATES,
                extra: list | None = None) -> tuple[list[Minimum], float]:
    """Every distinct minimum found (deepest first) and the altitude spread used for tolerances.

    ``extra`` points (e.g. a declared minimum) are refined too: a declared point that is not really a
    minimum, or a deeper point elsewhere, then shows up as a disagreement.
    """
    P, _, spread = _grid_candidates(landscape, grid)
    if extra:
        P = np.vstack([np.asarray(extra, dtype=float).reshape(-1, 2), P])
    P = P[:candidates + len(extra or [])]
    merge = 1e-4 * landscape.domain.diagonal
    found: list[Minimum] = []
    X, V = _refine(landscape, P) if len(P) else (P, np.zeros(0))
    kept = np.empty((0, 2))
    for x, v in zip(X, V, strict=True):  # in candidate order: the first of near-duplicates is kept
        if not np.isfinite(v) or np.any(np.hypot(*(kept - x).T) <= merge):
            continue
        kept = np.vstack([kept, x])
        found.append(Minimum(float(v), (float(x[0]), float(x[1]))))
    found.sort(key=lambda m: m.value)
    return found, max(spread, 1e-12)


def default_tolerance(spread: float) -> float:
    """Altitude tolerance when a level declares none: 0.1% of (median altitude - lowest altitude)."""
    return 1e-3 * spread


def global_minimum(landscape: Landscape, declared: tuple[float, list] | None = None,
                   tolerance: float | None = None) -> MinimaReport:
    if declared is None:
        declared = landscape.known_minimum()
    minima, spread = find_minima(landscape, extra=None if declared is None else declared[1])
    tol = tolerance if tolerance is not None else default_tolerance(spread)
    found_value = minima[0].value if minima else None
    if declared is not None:
        value, points = declared
        return MinimaReport(float(value), [tuple(map(float, p)) for p in points], "declared", tol,
                            minima, found_value, spread)
    if not minima:
        raise ValueError("no minimum found: the landscape is not finite anywhere on its grid")
    best = minima[0].value
    same = 1e-8 * max(1.0, abs(best))
    points = [m.point for m in minima if m.value - best <= same]
    return MinimaReport(best, points, "found", tol, minima, found_value, spread)
