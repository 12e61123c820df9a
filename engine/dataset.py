"""Data landscapes: the squared-error surface of a single linear neuron.

E(w) = 1/2 * sum over (x, y) in D of (y - w . x)^2, with w = (w0, w1) and inputs x = (1, x1): a bias
and one feature. The delta rule is gradient descent on this surface.
"""

from __future__ import annotations

import numpy as np

from .landscapes import Domain, Landscape


class DataLandscape(Landscape):
    kind = "data"

    def __init__(self, features: np.ndarray, targets: np.ndarray, domain: Domain) -> None:
        super().__init__(domain)
        features = np.asarray(features, dtype=float).reshape(-1)
        self.targets = np.asarray(targets, dtype=float).reshape(-1)
        self.inputs = np.column_stack([np.ones_like(features), features])  # (n, 2): bias, feature

    @property
    def size(self) -> int:
        return len(self.targets)

    def predict(self, W: np.ndarray) -> np.ndarray:
        """Predictions a = w . x for every hiker (rows of W) and every example: shape (N, n)."""
        return np.asarray(W, dtype=float) @ self.inputs.T

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        residual = self.targets - self.predict(P)  # (N, n)
        return 0.5 * (residual**2).sum(1), -(residual @ self.inputs)

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
