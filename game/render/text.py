"""Text and the palette of the interface: fonts (DejaVu, shipped), a text blitter with a shadow, word wrap."""

from __future__ import annotations

from functools import lru_cache

import pygame

from ..resources import FONT_BOLD, FONT_MONO, FONT_REGULAR, asset

INK = (236, 240, 245)
DIM = (160, 170, 185)
BG = (16, 20, 28)
PANEL = (24, 30, 42, 225)
ACCENT = (255, 196, 61)
GOOD = (92, 220, 140)
BAD = (240, 96, 96)
FOG = (10, 12, 18)



@lru_cache(maxsize=64)
def font(size: int, bold: bool = False, mono: bool = False) -> pygame.font.Font:
    path = FONT_MONO if mono else (FONT_BOLD if bold else FONT_REGULAR)
    return pygame.font.Font(str(asset(path)), max(8, int(size)))


def text(surface: pygame.Surface, msg: str, pos: tuple[float, float], size: int, color=INK, bold: bool = False,
         anchor: str = "topleft", mono: bool = False, shadow: bool = True) -> pygame.Rect:
    f = font(size, bold, mono)
    img = f.render(msg, True, color)
    rect = img.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
    if shadow:
        surface.blit(f.render(msg, True, (0, 0, 0)), rect.move(1, 1))
    surface.blit(img, rect)
    return rect


def wrap(msg: str, size: int, width: int, bold: bool = False) -> list[str]:
    f = font(size, bold)
    lines: list[str] = []
    for para in msg.split("\n"):
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines
