"""Basins of attraction: which minimum an optimizer reaches from every start point of a grid.

All grid starts step together as one batch of hikers. ``advance`` works under a time budget so a
front end can fill the map in over several frames without freezing.
"""

from __future__ import annotations

import time

import numpy as np

from .hikers import Hikers
from .landscapes import Landscape
from .minimum import MinimaReport
from .optim import build
from .rules import NOWHERE, ended_in, is_global, known_minima


class Basins:
    def __init__(self, landscape: Landscape, minimum: MinimaReport, optimizer: str, params: dict, steps: int,
                 seed: int = 0, grid: int = 96) -> None:
        d = landscape.domain
        self.grid = grid
        xs = d.x[0] + (np.arange(grid) + 0.5) / grid * d.span[0]
        ys = d.y[1] - (np.arange(grid) + 0.5) / grid * d.span[1]  # row 0 is the north edge
        X, Y = np.meshgrid(xs, ys)
        self.starts = np.column_stack([X.ravel(), Y.ravel()])
        self.hikers = Hikers(build(optimizer, params, steps), landscape, self.starts, np.random.default_rng(seed))
        self.landscape = landscape
        self.minimum = minimum
        self.places = known_minima(minimum)  # the minima the labels index, deepest first
        self.steps = steps
        self.labels: np.ndarray | None = None

    @property
    def done(self) -> bool:
        return self.labels is not None

    @property
    def progress(self) -> float:
        return min(1.0, self.hikers.t / max(1, self.steps))

    def advance(self, budget_seconds: float | None = None) -> None:
        """Step the batch until done, or until the time budget is spent."""
        if self.done:
            return
        deadline = None if budget_seconds is None else time.perf_counter() + budget_seconds
        while self.hikers.t < self.steps:
            self.hikers.step()
            if deadline is not None and time.perf_counter() > deadline:
                return
        self.labels = self.classify()

    def classify(self) -> np.ndarray:
        """Index into ``places`` of the minimum each start ends in (the rule of engine/rules.py); -1 for none."""
        h = self.hikers
        labels = ended_in(h.reported_x, h.reported_cost, self.minimum, self.landscape.domain, self.places)
        labels[h.fell] = NOWHERE
        return labels

    def is_global(self) -> np.ndarray:
        flags = np.array([is_global(m, self.minimum) for m in self.places] + [False])
        return flags[self.labels]

    def global_share(self) -> float:
        """The fraction of start points from which the optimizer reaches a global minimum."""
        return float(np.mean(self.is_global())) if self.done else 0.0

    def summary(self) -> dict:
        counts = np.bincount(self.labels + 1, minlength=len(self.places) + 1)
        basins = [{"value": m.value, "point": list(m.point), "share": float(c) / len(self.labels),
                   "global": is_global(m, self.minimum)}
                  for m, c in zip(self.places, counts[1:], strict=True) if c]
        return {"grid": self.grid, "steps": self.steps, "global_share": self.global_share(),
                "no_minimum_share": float(counts[0]) / len(self.labels), "basins": basins}
