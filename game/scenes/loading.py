"""Preparing a level in a background job (building its landscape, finding its hidden minimum) while the
window keeps drawing a progress indicator, so opening a level never freezes the game."""

from __future__ import annotations

import math
from concurrent.futures import Future
from typing import Any

import pygame

from engine.level import Entry, Level, LevelError

from ..gfx import panel
from ..render.text import ACCENT, DIM, INK, text
from .base import AppLike, Scene


def _key(entry: Entry) -> tuple:
    return (str(entry.path), entry.spec)


def open_level(app: AppLike, entry: Entry, scene: str, replace: bool = False, **kwargs: Any) -> None:
    """Open scene ``scene`` on the entry's prepared level (pushed, or replacing the top scene). A level
    prepared before opens at once; otherwise a progress overlay waits for the background job."""
    level = app.prepared.get(_key(entry))
    if level is not None:
        made = app.make(scene, level, **kwargs)
        (app.replace if replace else app.push)(made)
        return
    app.push(app.make("loading", entry, scene, replace, kwargs))


def _problem(err: BaseException) -> str:
    if isinstance(err, LevelError) and err.problems:
        return err.first.message
    first = (str(err).strip().splitlines() or ["something went wrong"])[0]
    return f"could not be prepared ({first})"  # a stranger's file: a message, never a crash nor a class name


class LoadingOverlay(Scene):
    overlay = True
    busy = True
    title = "Preparing a level"

    def __init__(self, app: AppLike, entry: Entry, scene: str, replace: bool, kwargs: dict[str, Any]) -> None:
        super().__init__(app)
        self.entry = entry
        self.scene = scene
        self.replace_below = replace
        self.kwargs = kwargs
        self.elapsed = 0.0
        self.job: Future[Level] = app.jobs.submit(entry.prepare)

    def update(self, dt: float) -> None:
        self.elapsed += dt
        if not self.job.done():
            return
        self.app.pop()  # this overlay
        err = self.job.exception()
        if err is not None:
            self.app.toast(f"{self.entry.spec.title if self.entry.spec else self.entry.path.name}: "
                           f"{_problem(err)}", 5)
            return
        level = self.job.result()
        self.app.prepared[_key(self.entry)] = level
        made = self.app.make(self.scene, level, **self.kwargs)
        (self.app.replace if self.replace_below else self.app.push)(made)

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((0, 0, 0, 140))
        surface.blit(veil, (0, 0))
        rect = pygame.Rect(0, 0, min(px(560), surface.get_width() - px(40)), px(120))
        rect.center = surface.get_rect().center
        panel(surface, rect, (18, 22, 32, 245), border=ACCENT)
        name = self.entry.spec.title if self.entry.spec else self.entry.path.name
        room = rect.right - px(20) - (rect.x + px(96))
        text(surface, f"Preparing {name}", (rect.x + px(96), rect.y + px(28)), px(22), INK, bold=True,
             max_width=room, box=rect)
        text(surface, "finding its hidden global minimum…", (rect.x + px(96), rect.y + px(62)), px(16), DIM,
             max_width=room, box=rect)
        c = (rect.x + px(52), rect.centery)
        for k in range(8):  # a turning ring of dots
            a = self.elapsed * 5 + k * math.pi / 4
            shade = 90 + 20 * k
            pygame.draw.circle(surface, (shade, shade, shade // 2 + 40),
                               (c[0] + px(20) * math.cos(a), c[1] + px(20) * math.sin(a)), px(4))
