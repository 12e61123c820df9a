"""The controls overlay (H or F1 in every scene): every key and mouse action of the scene below.

The key column is as wide as its longest entry (up to 40% of the card) and descriptions wrap beside it,
so a long key list ("Enter / keypad Enter / Space") never runs into its description; when the list is
long the font shrinks, then the rows flow into two columns."""

from __future__ import annotations

import pygame

from ..gfx import panel
from ..input import GLOBAL, Binding, describe
from ..render.text import ACCENT, DIM, INK, text, width_of, wrap
from .base import Dismissible, Scene
from .lesson import card_rect, veil


class HelpOverlay(Dismissible):
    overlay = True
    is_help = True
    title = "Controls"
    KEYS = [Binding((pygame.K_ESCAPE, pygame.K_RETURN), "close", "close this overlay")]

    def __init__(self, app, below: Scene) -> None:
        super().__init__(app)
        self.below = below

    def lines(self) -> list[tuple[str, str]]:
        return describe(self.below.KEYS) + list(self.below.MOUSE) + describe(GLOBAL)

    def layout(self, rows, width: int, height: int, size: int, columns: int):
        """(key column width, [(keys lines, what lines)], fits) for a font size and column count."""
        col_w = (width - (columns - 1) * self.app.px(24)) // columns
        key_w = min(int(col_w * 0.4), max(width_of(k, size, True) for k, _ in rows) + self.app.px(16))
        line_h = int(size * 1.3)
        laid = [(wrap(k, size, key_w - self.app.px(12), True), wrap(what, size, col_w - key_w)) for k, what in rows]
        heights = [max(len(a), len(b)) * line_h + self.app.px(4) for a, b in laid]
        per_col = (sum(heights) + columns - 1) // columns
        return key_w, col_w, laid, heights, per_col + max(heights) <= height or sum(heights) <= height

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil(surface)
        rows = self.lines()
        rect = card_rect(surface, px, 1000, 660)
        panel(surface, rect, (18, 22, 32, 245), border=ACCENT)
        inner = rect.inflate(-px(48), -px(36))
        text(surface, f"Controls — {self.below.title}", inner.topleft, px(26), ACCENT, bold=True,
             max_width=inner.width, box=inner)
        body = pygame.Rect(inner.x, inner.y + px(46), inner.width, inner.height - px(46) - px(26))
        choice = None
        for columns in (1, 2):
            for size in (px(18), px(16), px(14), px(13), px(12)):
                key_w, col_w, laid, heights, fits = self.layout(rows, body.width, body.height, size, columns)
                if fits:
                    choice = (columns, size, key_w, col_w, laid, heights)
                    break
            if choice:
                break
        if choice is None:
            choice = (2, px(12), *self.layout(rows, body.width, body.height, px(12), 2)[:4])
        columns, size, key_w, col_w, laid, heights = choice
        line_h = int(size * 1.3)
        limit = (sum(heights) + columns - 1) // columns
        x, y, used = body.x, body.y, 0
        for (keys, what), hgt in zip(laid, heights, strict=True):
            if columns == 2 and used + hgt > limit and x == body.x:
                x, y, used = body.x + col_w + px(24), body.y, 0
            if y + hgt > body.bottom + px(4):
                break
            for i, ln in enumerate(keys):
                text(surface, ln, (x, y + i * line_h), size, INK, True, box=body)
            for i, ln in enumerate(what):
                text(surface, ln, (x + key_w, y + i * line_h), size, DIM, box=body)
            y += hgt
            used += hgt
        text(surface, "Esc, Enter, H or a click closes this", (inner.centerx, inner.bottom), px(14), DIM,
             anchor="midbottom", max_width=inner.width, box=inner)
