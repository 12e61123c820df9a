"""Basins of attraction: every start point of a grid, colored by the minimum the optimizer reaches.

All grid starts are stepped together by the vectorized engine, a few steps per frame under a time
budget, so the window never freezes while the map fills in.
"""

from __future__ import annotations

import time

import numpy as np
import pygame

from engine.hikers import Hikers
from engine.landscapes import Landscape
from engine.minimum import MinimaReport
from engine.optim import build

from .view import View

GRID = 96
PALETTE = np.array([(86, 180, 233), (0, 158, 115), (204, 121, 167), (230, 159, 0), (240, 228, 66),
                    (0, 114, 178), (213, 94, 0), (150, 150, 255), (120, 220, 200), (255, 150, 150)], dtype=np.uint8)
NO_MINIMUM = (40, 40, 40)


class BasinMap:
    def __init__(self, landscape: Landscape, minimum: MinimaReport, optimizer: str, params: dict, steps: int,
                 seed: int, grid: int = GRID) -> None:
        d = landscape.domain
        self.grid = grid
        xs = d.x[0] + (np.arange(grid) + 0.5) / grid * d.span[0]
        ys = d.y[1] - (np.arange(grid) + 0.5) / grid * d.span[1]  # row 0 at the top
        X, Y = np.meshgrid(xs, ys)
        self.hikers = Hikers(build(optimizer, params, steps), landscape, np.column_stack([X.ravel(), Y.ravel()]),
                             np.random.default_rng(seed))
        self.landscape = landscape
        self.minimum = minimum
        self.steps = steps
        self.labels: np.ndarray | None = None
        self.surface: pygame.Surface | None = None

    @property
    def done(self) -> bool:
        return self.labels is not None

    @property
    def progress(self) -> float:
        return min(1.0, self.hikers.t / max(1, self.steps))

    def advance(self, budget_seconds: float) -> None:
        if self.done:
            return
        deadline = time.perf_counter() + budget_seconds
        while self.hikers.t < self.steps:
            self.hikers.step()
            if time.perf_counter() > deadline:
                return
        self.labels = self.classify()

    def classify(self) -> np.ndarray:
        """The index (into minimum.minima, deepest first) of the minimum each start ends in; -1 for none."""
        m = self.minimum
        x = self.hikers.reported_x
        labels = np.full(len(x), -1)
        if m.minima:
            pts = np.array([mm.point for mm in m.minima])
            dist = np.linalg.norm(x[:, None, :] - pts[None], axis=2)
            nearest = dist.argmin(1)
            close = dist.min(1) <= 0.03 * self.landscape.domain.diagonal
            labels[close] = nearest[close]
        labels[self.hikers.fell] = -1
        return labels

    def global_share(self) -> float:
        """The fraction of start points from which the optimizer reaches a global minimum."""
        if not self.done:
            return 0.0
        m = self.minimum
        is_global = np.array([mm.value <= m.value + m.tolerance for mm in m.minima] + [False])
        return float(np.mean(is_global[self.labels]))

    def image(self) -> np.ndarray:
        colors = np.empty((len(self.labels), 3), dtype=np.uint8)
        colors[:] = NO_MINIMUM
        found = self.labels >= 0
        colors[found] = PALETTE[self.labels[found] % len(PALETTE)]
        return colors.reshape(self.grid, self.grid, 3)

    def draw(self, surface: pygame.Surface, view: View) -> None:
        if not self.done:
            return
        if self.surface is None or self.surface.get_size() != (view.width, view.height):
            img = pygame.surfarray.make_surface(np.ascontiguousarray(self.image().transpose(1, 0, 2)))
            self.surface = pygame.transform.scale(img, (view.width, view.height))
            self.surface.set_alpha(150)
        surface.blit(self.surface, view.rect[:2])
