"""The controls overlay (H or F1 in every scene): every key and mouse action of the scene below."""

from __future__ import annotations

import pygame

from ..gfx import panel
from ..input import GLOBAL, Binding, describe
from ..render.text import ACCENT, DIM, INK, text
from .base import Scene


class HelpOverlay(Scene):
    overlay = True
    is_help = True
    title = "Controls"
    KEYS = [Binding((pygame.K_ESCAPE, pygame.K_RETURN), "close", "close this overlay")]

    def __init__(self, app, below: Scene) -> None:
        super().__init__(app)
        self.below = below

    def on_action(self, action: str) -> None:
        if action == "close":
            self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.app.pop()

    def lines(self) -> list[tuple[str, str]]:
        rows = describe(self.below.KEYS) + list(self.below.MOUSE) + describe(GLOBAL)
        return rows

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((0, 0, 0, 160))
        surface.blit(veil, (0, 0))
        rows = self.lines()
        size = px(18)
        line_h = int(size * 1.55)
        w, h = px(900), min(surface.get_height() - px(40), px(110) + line_h * len(rows))
        rect = pygame.Rect(0, 0, w, h)
        rect.center = surface.get_rect().center
        panel(surface, rect, (18, 22, 32, 245), border=ACCENT)
        text(surface, f"Controls — {self.below.title}", (rect.x + px(28), rect.y + px(20)), px(26), ACCENT, bold=True)
        y = rect.y + px(70)
        for keys, what in rows:
            if y > rect.bottom - line_h:
                break
            text(surface, keys, (rect.x + px(28), y), size, INK, bold=True)
            text(surface, what, (rect.x + px(300), y), size, DIM)
            y += line_h
        text(surface, "Esc, Enter, H or a click closes this", (rect.centerx, rect.bottom - px(14)), px(15), DIM,
             anchor="midbottom")
