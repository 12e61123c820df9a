"""Data landscapes: the squared-error surface of a single linear neuron.

E(w) = 1/2 * sum over (x, y) in D of (y - w . x)^2, with w = (w0, w1) and inputs x = (1, x1): a bias
and one feature. The delta rule is gradient descent on this surface.

The surface is a quadratic, so it is computed from a few sums over the data made once, whatever the
number of examples. Centred on the data's means it is a sum of squares, free of cancellation:

    2 E(w) = n * c(w)^2 + Sxx * (w1 - beta)^2 + RSS,   c(w) = ybar - w0 - w1 * xbar,

where Sxx is the feature's sum of squared deviations, beta the least-squares slope and RSS the
least-squares residual; its gradient is (-n c, -n c xbar + Sxx (w1 - beta)).
"""

from __future__ import annotations

import math

import numpy as np

from .expr.evaluate import CHUNK
from .landscapes import Domain, Landscape, Out, outputs


class DataLandscape(Landscape):
    kind = "data"

    def __init__(self, features: np.ndarray, targets: np.ndarray, domain: Domain) -> None:
        super().__init__(domain)
        features = np.asarray(features, dtype=float).reshape(-1)
        self.targets = np.asarray(targets, dtype=float).reshape(-1)
        self.inputs = np.column_stack([np.ones_like(features), features])  # (n, 2): bias, feature
        n = len(features)
        self._n = float(n)
        self._xbar = math.fsum(features) / n
        self._ybar = math.fsum(self.targets) / n
        dx, dy = features - self._xbar, self.targets - self._ybar
        self._sxx = math.fsum(dx * dx)
        self._beta = math.fsum(dx * dy) / self._sxx if self._sxx > 0 else 0.0
        r = dy - self._beta * dx  # the least-squares residuals, summed exactly
        self._rss = math.fsum(r * r)

    @property
    def size(self) -> int:
        return len(self.targets)

    def predict(self, W: np.ndarray) -> np.ndarray:
        """Predictions a = w . x for every hiker (rows of W) and every example: shape (N, n)."""
        return np.asarray(W, dtype=float) @ self.inputs.T

    def value(self, P: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        v = np.empty(len(P)) if out is None else out
        for s in range(0, len(P), CHUNK):  # chunks: temporaries stay small and in the cache
            e = min(len(P), s + CHUNK)
            self._values(P[s:e], v[s:e])
        return v

    def _values(self, P: np.ndarray, v: np.ndarray) -> np.ndarray:
        c = self._ybar - P[:, 0] - P[:, 1] * self._xbar
        b = P[:, 1] - self._beta
        np.multiply(c, c, out=v)
        v *= self._n
        v += self._sxx * (b * b)
        v += self._rss
        v *= 0.5
        return c

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        v, G = outputs(P, out)
        if len(P) == 1:  # one point: the same arithmetic on Python floats
            w0, w1 = P.item(0), P.item(1)
            c, b = self._ybar - w0 - w1 * self._xbar, w1 - self._beta
            v[0] = ((c * c * self._n + self._sxx * (b * b)) + self._rss) * 0.5
            G[0, 0] = g0 = c * -self._n
            G[0, 1] = g0 * self._xbar + self._sxx * (w1 - self._beta)
            return v, G
        for s in range(0, len(P), CHUNK):
            e = min(len(P), s + CHUNK)
            c = self._values(P[s:e], v[s:e])
            g = G[s:e]
            np.multiply(c, -self._n, out=g[:, 0])
            g[:, 1] = g[:, 0] * self._xbar + self._sxx * (P[s:e, 1] - self._beta)
        return v, G

    def stochastic_grad(self, P: np.ndarray, rng: np.random.Generator, batch: int,
                        noise: float) -> np.ndarray:
        """The gradient of a random mini-batch per hiker, scaled by n/batch so it is unbiased."""
        n = self.size
        b = int(min(max(batch, 1), n))
        if b == n:
            return self.grad(P)
        idx = np.argsort(rng.random((P.shape[0], n)), axis=1)[:, :b]  # without replacement, per hiker
        X = self.inputs[idx]  # (N, b, 2)
        residual = self.targets[idx] - np.einsum("nbk,nk->nb", X, P)
        return -(n / b) * np.einsum("nb,nbk->nk", residual, X)
