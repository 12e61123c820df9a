"""Preparing a level in the background (building its landscape, finding its hidden minimum) while the
window keeps drawing a progress indicator, so opening a level never freezes the game."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import pygame

from ..gfx import ACCENT, DIM, INK, panel, text
from . import level_problem
from .base import Scene


def is_ready(level) -> bool:
    return "minimum" in level.__dict__ and "landscape" in level.__dict__


def open_level(app, level, make_scene: Callable[[], Scene], replace: bool = False) -> None:
    """Push (or replace with) the scene make_scene builds, once the level is ready; errors become a toast."""
    if is_ready(level):
        scene = make_scene()
        (app.replace if replace else app.push)(scene)
        return
    app.push(LoadingOverlay(app, level, make_scene, replace))


class LoadingOverlay(Scene):
    overlay = True
    title = "Preparing a level"

    def __init__(self, app, level, make_scene: Callable[[], Scene], replace: bool) -> None:
        super().__init__(app)
        self.level = level
        self.make_scene = make_scene
        self.replace_below = replace
        self.problem: str | None = None
        self.elapsed = 0.0
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def _work(self) -> None:
        self.problem = level_problem(self.level)

    def update(self, dt: float) -> None:
        self.elapsed += dt
        if self.thread.is_alive():
            return
        self.app.pop()  # this overlay
        if self.problem:
            self.app.toast(f"{self.level.title}: {self.problem}", 5)
            return
        scene = self.make_scene()
        (self.app.replace if self.replace_below else self.app.push)(scene)

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((0, 0, 0, 140))
        surface.blit(veil, (0, 0))
        rect = pygame.Rect(0, 0, px(520), px(120))
        rect.center = surface.get_rect().center
        panel(surface, rect, (18, 22, 32, 245), border=ACCENT)
        text(surface, f"Preparing {self.level.title}", (rect.x + px(96), rect.y + px(28)), px(22), INK, bold=True)
        text(surface, "finding its hidden global minimum…", (rect.x + px(96), rect.y + px(62)), px(16), DIM)
        c = (rect.x + px(52), rect.centery)
        for k in range(8):  # a turning ring of dots
            a = self.elapsed * 5 + k * math.pi / 4
            shade = 90 + 20 * k
            pygame.draw.circle(surface, (shade, shade, shade // 2 + 40),
                               (c[0] + px(20) * math.cos(a), c[1] + px(20) * math.sin(a)), px(4))
