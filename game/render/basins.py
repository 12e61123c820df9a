"""Drawing a basins-of-attraction map (computed by engine.basins) over the terrain."""

from __future__ import annotations

import numpy as np
import pygame

from engine.basins import Basins

from ..pacing import WorkPacer
from .view import View

PALETTE = np.array([(86, 180, 233), (0, 158, 115), (204, 121, 167), (230, 159, 0), (240, 228, 66),
                    (0, 114, 178), (213, 94, 0), (150, 150, 255), (120, 220, 200), (255, 150, 150)], dtype=np.uint8)
NO_MINIMUM = (40, 40, 40)
CLASSIFY_CHUNK = 2048  # starts labelled a frame once the map's hikers have finished (9,216 at once took 10 ms)


def basin_image(basins: Basins) -> np.ndarray:
    """(grid, grid, 3) colors: one color per minimum, dark grey where no minimum was reached."""
    colors = np.empty((len(basins.labels), 3), dtype=np.uint8)
    colors[:] = NO_MINIMUM
    found = basins.labels >= 0
    colors[found] = PALETTE[basins.labels[found] % len(PALETTE)]
    return colors.reshape(basins.grid, basins.grid, 3)


class BasinLayer:
    """A Basins computation plus its cached, scaled, translucent surface."""

    def __init__(self, basins: Basins) -> None:
        self.basins = basins
        self.surface: pygame.Surface | None = None
        self.last_work = 0  # hiker-steps done by the last ``advance``
        self._over: tuple[pygame.Surface, View, pygame.Surface] | None = None

    def advance(self, pacer: WorkPacer) -> int:
        """One frame's share of the map: at most ``pacer.allowance`` hiker-steps (whole slice-steps), then
        CLASSIFY_CHUNK starts labelled a frame (no step: ``last_work`` 0)."""
        self.last_work = pacer.run(lambda budget: self.basins.advance(max_hiker_steps=budget,
                                                                      classify_chunk=CLASSIFY_CHUNK))
        return self.last_work

    def draw(self, surface: pygame.Surface, view: View) -> None:
        if not self.basins.done:
            return
        surface.blit(self._overlay(view), view.rect[:2])

    def _overlay(self, view: View) -> pygame.Surface:
        if self.surface is None or self.surface.get_size() != (view.width, view.height):
            img = pygame.surfarray.make_surface(np.ascontiguousarray(basin_image(self.basins).transpose(1, 0, 2)))
            self.surface = pygame.transform.scale(img, (view.width, view.height))
            self.surface.set_alpha(150)
        return self.surface

    def over(self, terrain: pygame.Surface, view: View) -> pygame.Surface:
        """The terrain with the finished map blended over it, made once: a frame then blits one opaque image
        instead of blending a translucent one over the whole map (the same pixels)."""
        if not self.basins.done:
            return terrain
        if self._over is None or self._over[0] is not terrain or self._over[1] != view:
            mixed = terrain.copy()
            mixed.blit(self._overlay(view), (0, 0))
            self._over = (terrain, view, mixed)
        return self._over[2]
