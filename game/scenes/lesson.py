"""The level's lesson (I in play, or the pause menu): its story, the play mode, the rules and what each star
needs. It can be read again at any time."""

from __future__ import annotations

import pygame

from engine.level import Level
from engine.rules import STAR_RULES

from ..gfx import fmt, panel, star
from ..input import Binding
from ..records import MODE_WORDS
from ..render.text import ACCENT, DIM, INK, text, text_block
from .base import Dismissible


def veil(surface: pygame.Surface, alpha: int = 160) -> None:
    layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    layer.fill((0, 0, 0, alpha))
    surface.blit(layer, (0, 0))


def card_rect(surface: pygame.Surface, px, width: int, height: int) -> pygame.Rect:
    """A centred card of the given size (in base pixels), never larger than the window minus a margin."""
    w, h = surface.get_size()
    rect = pygame.Rect(0, 0, min(px(width), w - px(40)), min(px(height), h - px(40)))
    rect.center = (w // 2, h // 2)
    return rect


class LessonOverlay(Dismissible):
    overlay = True
    title = "The lesson"
    KEYS = [Binding((pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_i, pygame.K_SPACE), "close",
                    "close the lesson")]
    MOUSE = [("Click", "close the lesson")]

    def __init__(self, app, level: Level, mode: str = "fog") -> None:
        super().__init__(app)
        self.level = level
        self.mode = mode

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil(surface)
        rect = card_rect(surface, px, 820, 560)
        panel(surface, rect, (18, 22, 32, 245), border=ACCENT)
        inner = rect.inflate(-px(48), -px(36))
        lvl = self.level
        r = lvl.rules
        text(surface, lvl.title, inner.topleft, px(30), ACCENT, True, max_width=inner.width, box=inner)
        y = text_block(surface, lvl.info.description or "Find the lowest point of the map.",
                       pygame.Rect(inner.x, inner.y + px(46), inner.width, px(96)), px(18), INK, box=inner)
        y += px(10)
        rows = [
            ("Play mode", MODE_WORDS[self.mode] + " (Settings can change it)"),
            ("Steps", f"{r.steps}; par {r.par_steps} (finish within par for the third star)"),
            ("Stride", f"{fmt(r.stride)} to start with; + and - change it"),
            ("Abilities", f"sled ×{r.abilities.sled}, leap ×{r.abilities.leap}, restart ×{r.abilities.restart}"),
        ]
        label_w = px(130)
        for label, value in rows:
            text(surface, label, (inner.x, y), px(16), DIM, max_width=label_w - px(8), box=inner)
            y = text_block(surface, value, pygame.Rect(inner.x + label_w, y, inner.width - label_w, px(42)),
                           px(16), INK, box=inner) + px(4)
        y += px(8)
        text(surface, "Stars", (inner.x, y), px(16), ACCENT, True, max_width=inner.width, box=inner)
        y += px(26)
        for k, rule in enumerate(STAR_RULES):
            for i in range(k + 1):
                star(surface, ACCENT, (inner.x + px(9) + i * px(18), y + px(10)), px(8))
            y = text_block(surface, rule, pygame.Rect(inner.x + px(64), y, inner.width - px(64), px(42)), px(15),
                           INK, box=inner) + px(4)
        text(surface, "Esc, Enter, I or a click closes this", (inner.centerx, inner.bottom), px(14), DIM,
             anchor="midbottom", max_width=inner.width, box=inner)
