"""A team of N hikers driven by one optimizer: positions, costs, best points, falls, optional paths."""

from __future__ import annotations

import numpy as np

from .landscapes import Landscape
from .optim.base import Optimizer, Oracle


class Hikers:
    """Steps N hikers at once. Positions leaving the domain are clamped to its edge; a hiker whose
    position, altitude or gradient stops being a finite number is frozen and marked ``fell``."""

    def __init__(self, optimizer: Optimizer, landscape: Landscape, starts: np.ndarray,
                 rng: np.random.Generator, record_path: bool = False) -> None:
        self.optimizer = optimizer
        self.landscape = landscape
        self.oracle = Oracle(landscape, rng)
        self.x = landscape.domain.clamp(np.array(starts, dtype=float).reshape(-1, 2))
        self.state = optimizer.init(self.x)
        self.t = 0
        with np.errstate(all="ignore"):
            self.cost = landscape.value(self.x)
        self.fell = ~np.isfinite(self.cost)
        self.best_x = self.x.copy()
        self.best_cost = np.where(self.fell, np.inf, self.cost)
        self.path_length = np.zeros(len(self.x))
        self.path: list[np.ndarray] | None = [self.x.copy()] if record_path else None

    def __len__(self) -> int:
        return len(self.x)

    @property
    def reported_x(self) -> np.ndarray:
        return self.best_x if self.optimizer.REPORTS_BEST else self.x

    @property
    def reported_cost(self) -> np.ndarray:
        return self.best_cost if self.optimizer.REPORTS_BEST else self.cost

    def step(self) -> None:
        with np.errstate(all="ignore"):
            self.oracle.bad_grad = None
            proposed = self.landscape.domain.clamp(self.optimizer.step(self.x, self.state, self.t, self.oracle))
            if self.optimizer.USES_GRADIENT:
                cost, grad = self.landscape.value_and_grad(proposed)  # the next step's slope comes free
            else:
                cost, grad = self.landscape.value(proposed), None
            # One fused test: the sum is finite exactly when position and altitude all are.
            bad = ~np.isfinite(proposed[:, 0] + proposed[:, 1] + cost)
            if self.oracle.bad_grad is not None:
                bad |= self.oracle.bad_grad
            self.fell |= bad
            if self.fell.any():  # fallen hikers stay where they were
                moving = ~self.fell
                proposed = np.where(moving[:, None], proposed, self.x)
                cost = np.where(moving, cost, self.cost)
            d = proposed - self.x
            self.path_length += np.hypot(d[:, 0], d[:, 1])
            self.x, self.cost = proposed, cost
            better = cost < self.best_cost
            if better.any():
                self.best_x = np.where(better[:, None], proposed, self.best_x)
                self.best_cost = np.where(better, cost, self.best_cost)
            self.oracle.cache = (self.x, self.cost, grad)
        self.t += 1
        if self.path is not None:
            self.path.append(self.x.copy())

    def run(self, steps: int) -> None:
        for _ in range(steps):
            self.step()
