"""Landscapes: a rectangular domain plus a vectorized value and exact gradient.

Every landscape takes points P of shape (N, 2) and returns values (N,) and gradients (N, 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .expr import Formula, compile_formula
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


class Landscape:
    """Base class. Subclasses implement ``value_and_grad``; ``value`` may be overridden for speed."""

    kind = "landscape"

    def __init__(self, domain: Domain) -> None:
        self.domain = domain

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def value(self, P: np.ndarray) -> np.ndarray:
        return self.value_and_grad(P)[0]

    def grad(self, P: np.ndarray) -> np.ndarray:
        return self.value_and_grad(P)[1]

    def stochastic_grad(self, P: np.ndarray, rng: np.random.Generator, batch: int,
                        noise: float) -> np.ndarray:
        """A noisy gradient: the exact gradient plus Gaussian noise of standard deviation ``noise``."""
        return self.grad(P) + noise * rng.standard_normal(P.shape)

    # Known minima (declared by a classic table); None means "search for them".
    def known_minimum(self) -> tuple[float, list[tuple[float, float]]] | None:
        return None


class FormulaLandscape(Landscape):
    kind = "formula"

    def __init__(self, formula: Formula | str, domain: Domain,
                 constants: Mapping[str, float] | None = None) -> None:
        super().__init__(domain)
        self.formula = formula if isinstance(formula, Formula) else compile_formula(formula, constants)

    def value(self, P: np.ndarray) -> np.ndarray:
        return self.formula.value(P)

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.formula.value_and_grad(P)


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

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        v, G = self.base.value_and_grad(P)
        if len(self.wells):
            diff = P[:, None, :] - self._c[None, :, :]  # (N, W, 2)
            g = self._d * np.exp(-(diff**2).sum(-1) / (2 * self._s2))  # (N, W)
            v = v - g.sum(1)
            G = G + ((g / self._s2)[:, :, None] * diff).sum(1)
        return v, G

