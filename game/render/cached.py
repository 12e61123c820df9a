"""Drawings that change less often than frames: drawn once per change, blitted in between.

A ``CachedDrawing`` paints onto a copy of what lies under its rect, so the pixels are the ones a direct
drawing gives (the background there must be the same from frame to frame: the scene's plain backdrop). The
text it drew is recorded again at every blit (game/render/text.py ``capture``/``replay``), so the layout
checks (OVERFLOWS, DRAWN) see the same text every frame whether or not it was drawn afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import pygame

from . import text as T


class CachedDrawing:
    def __init__(self) -> None:
        self.key: Hashable | None = None
        self.surface: pygame.Surface | None = None
        self.lines: list = []
        self.result: Any = None
        self.paints = 0  # how many times it was drawn afresh (not blitted from the cache)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, key: Hashable,
             paint: Callable[[pygame.Surface, pygame.Rect], Any]) -> Any:
        """Draw ``paint(target, rect_on_target)`` into ``rect`` of ``surface``, or blit the last drawing when the
        key, the rect and the surface's size are the ones it was made for. Returns what ``paint`` returned (a
        position it returns should be relative to the rect it was given)."""
        rect = pygame.Rect(rect)
        full = (key, tuple(rect), surface.get_size())
        if full == self.key and self.surface is not None:
            surface.blit(self.surface, rect)
            T.replay(self.lines, rect.topleft)
            return self.result
        self.paints += 1
        if rect.width <= 0 or rect.height <= 0 or rect.clip(surface.get_rect()) != rect:
            self.key = self.surface = None  # partly off the surface: drawn directly, not kept
            return paint(surface, rect)
        under = surface.subsurface(rect).copy()
        with T.capture() as lines:
            self.result = paint(under, pygame.Rect(0, 0, rect.width, rect.height))
        self.surface, self.lines, self.key = under, lines, full
        surface.blit(under, rect)
        T.replay(lines, rect.topleft)
        return self.result
