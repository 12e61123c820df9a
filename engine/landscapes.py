"""Landscapes: a rectangular domain plus a vectorized value and exact gradient.

Every landscape takes points P of shape (N, 2) and returns values (N,) and gradients (N, 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .expr import Formula, compile_formula
from .expr.evaluate import CHUNK
from .functions import CLASSIC, ClassicFunction


@dataclass(frozen=True)
class Domain:
    x: tuple[float, float]
    y: tuple[float, float]

    @property
    def lo(self) -> np.ndarray:
        return np.array([self.x[0], self.y[0]], dtype=float)

    @property
    def hi(self) -> np.ndarray:
        return np.array([self.x[1], self.y[1]], dtype=float)

    @property
    def span(self) -> np.ndarray:
        return self.hi - self.lo

    @property
    def diagonal(self) -> float:
        return float(np.hypot(*self.span))

    def clamp(self, P: np.ndarray) -> np.ndarray:
        """Positions outside the domain are moved to its nearest edge (NaN stays NaN)."""
        P = np.asarray(P, dtype=float)
        out = np.empty_like(P)
        np.minimum(np.maximum(P[..., 0], self.x[0]), self.x[1], out=out[..., 0])
        np.minimum(np.maximum(P[..., 1], self.y[0]), self.y[1], out=out[..., 1])
        return out

    def contains(self, p: Sequence[float]) -> bool:
        return self.x[0] <= p[0] <= self.x[1] and self.y[0] <= p[1] <= self.y[1]

    def grid(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """An n-by-n grid over the domain: (xs, ys, points of shape (n*n, 2)), rows along y."""
        xs = np.linspace(self.x[0], self.x[1], n)
        ys = np.linspace(self.y[0], self.y[1], n)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, np.column_stack([X.ravel(), Y.ravel()])

    def uniform(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.lo + rng.random((n, 2)) * self.span


Out = tuple[np.ndarray, np.ndarray] | None


class Landscape:
    """Base class. Subclasses implement ``value_and_grad``; ``value`` may be overridden for speed.

    Both accept ``out``: arrays to write the result into (values (N,); gradients (N, 2)), so a caller
    stepping hikers reuses its buffers instead of allocating each step.
    """

    kind = "landscape"

    def __init__(self, domain: Domain) -> None:
        self.domain = domain

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def value(self, P: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        v = self.value_and_grad(P)[0]
        if out is None:
            return v
        np.copyto(out, v)
        return out

    def grad(self, P: np.ndarray) -> np.ndarray:
        return self.value_and_grad(P)[1]

    def stochastic_grad(self, P: np.ndarray, rng: np.random.Generator, batch: int,
                        noise: float) -> np.ndarray:
        """A noisy gradient: the exact gradient plus Gaussian noise of standard deviation ``noise``."""
        return self.grad(P) + noise * rng.standard_normal(P.shape)

    # Known minima (declared by a classic table); None means "search for them".
    def known_minimum(self) -> tuple[float, list[tuple[float, float]]] | None:
        return None


def outputs(P: np.ndarray, out: Out) -> tuple[np.ndarray, np.ndarray]:
    """The caller's output arrays, or new ones."""
    return (np.empty(len(P)), np.empty((len(P), 2))) if out is None else out


class FormulaLandscape(Landscape):
    kind = "formula"

    def __init__(self, formula: Formula | str, domain: Domain,
                 constants: Mapping[str, float] | None = None) -> None:
        super().__init__(domain)
        self.formula = formula if isinstance(formula, Formula) else compile_formula(formula, constants)

    def value(self, P: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        return self.formula.value(P, out)

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        return self.formula.value_and_grad(P, out)


class FunctionLandscape(FormulaLandscape):
    """A classic test function by id, with its published minimum."""

    kind = "function"

    def __init__(self, name: str, domain: Domain | None = None) -> None:
        self.spec: ClassicFunction = CLASSIC[name]
        super().__init__(self.spec.formula, domain or Domain(*self.spec.domain))

    def known_minimum(self) -> tuple[float, list[tuple[float, float]]] | None:
        pts = [p for p in self.spec.minimizers if self.domain.contains(p)]
        return (self.spec.minimum, pts) if pts else None


@dataclass(frozen=True)
class Well:
    at: tuple[float, float]
    depth: float
    width: float


class WellsLandscape(Landscape):
    """A base formula minus Gaussian wells: depth * exp(-|p - c|^2 / (2 width^2)); depth < 0 is a hill."""

    kind = "wells"

    def __init__(self, base: Formula | str, wells: Sequence[Well], domain: Domain,
                 constants: Mapping[str, float] | None = None) -> None:
        super().__init__(domain)
        self.base = base if isinstance(base, Formula) else compile_formula(base, constants)
        self.wells = list(wells)
        self._c = np.array([w.at for w in self.wells], dtype=float).reshape(-1, 2)
        self._d = np.array([w.depth for w in self.wells], dtype=float)
        self._s2 = np.array([w.width for w in self.wells], dtype=float) ** 2
        self._wells_one = [((float(cx), float(cy)), float(d), float(s2))
                           for (cx, cy), d, s2 in zip(self._c, self._d, self._s2, strict=True)]

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        v, G = self.base.value_and_grad(P, out)
        if not self.wells:
            return v, G
        if len(P) == 1:  # one point: the same arithmetic on Python floats
            v[0], G[0, 0], G[0, 1] = self._add_wells_one(P.item(0), P.item(1), v.item(0), G.item(0), G.item(1))
            return v, G
        with np.errstate(all="ignore"):
            for s in range(0, len(P), CHUNK):  # chunks: the temporaries stay in the cache
                e = min(len(P), s + CHUNK)
                self._add_wells(P[s:e], v[s:e], G[s:e])
        return v, G

    def _add_wells_one(self, x: float, y: float, v: float, g0: float, g1: float) -> tuple[float, float, float]:
        total = gx = gy = 0.0
        with np.errstate(all="ignore"):
            for (cx, cy), depth, s2 in self._wells_one:
                dx, dy = x - cx, y - cy
                g = float(np.exp((dx * dx + dy * dy) / -(2 * s2))) * depth  # NumPy's exp, as for many points
                total += g
                g /= s2
                gx += g * dx
                gy += g * dy
        return v - total, g0 + gx, g1 + gy

    def _add_wells(self, P: np.ndarray, v: np.ndarray, G: np.ndarray) -> None:
        """v -= sum of wells, G += their slopes, one well at a time (no (N, wells, 2) temporaries)."""
        n = len(P)
        dx, dy, g, t, total = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.zeros(n)
        gx, gy = np.zeros(n), np.zeros(n)
        for (cx, cy), depth, s2 in zip(self._c, self._d, self._s2, strict=True):
            np.subtract(P[:, 0], cx, out=dx)
            np.subtract(P[:, 1], cy, out=dy)
            np.multiply(dx, dx, out=g)
            g += np.multiply(dy, dy, out=t)
            g /= -(2 * s2)
            np.exp(g, out=g)
            g *= depth
            total += g
            g /= s2
            gx += np.multiply(g, dx, out=t)
            gy += np.multiply(g, dy, out=t)
        v -= total
        G[:, 0] += gx
        G[:, 1] += gy
