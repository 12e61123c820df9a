"""Text and the palette of the interface: fonts (DejaVu, shipped), a text blitter with a shadow, word wrap."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Overflow:
    """A piece of text drawn (partly) outside the box it was given: a layout bug."""

    text: str
    rect: pygame.Rect
    box: pygame.Rect


# Every overflow since the last clear. Tests clear it, draw every scene at several sizes, and expect none.
OVERFLOWS: list[Overflow] = []
MAX_OVERFLOWS = 1000  # the newest ones are kept: a long session must not grow the list frame after frame
# When a list: every line of text drawn, as (text, rect), so tests can check what a screen says and where.
DRAWN: list[tuple[str, pygame.Rect]] | None = None

MAX_CHARS = 2000  # no label needs more; a stranger's 100,000-character title is cut before it is measured
ELLIPSIS = "…"
_CONTROL = dict.fromkeys(range(32), " ") | {127: " "}


def clean(msg: object) -> str:
    """Text safe to render: control characters (NUL, ESC, newlines) become spaces, and it is capped."""
    return str(msg)[:MAX_CHARS].translate(_CONTROL)


def fit(msg: str, size: int, width: int, bold: bool = False, mono: bool = False) -> str:
    """``msg`` shortened with an ellipsis to fit ``width`` pixels (unchanged if it fits)."""
    f = font(size, bold, mono)
    if f.size(msg)[0] <= width:
        return msg
    lo, hi = 0, len(msg)  # the longest prefix that fits with the ellipsis: a binary search, O(log n) renders
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f.size(msg[:mid].rstrip() + ELLIPSIS)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return msg[:lo].rstrip() + ELLIPSIS if lo else ""


def text(surface: pygame.Surface, msg: str, pos: tuple[float, float], size: int, color=INK, bold: bool = False,
         anchor: str = "topleft", mono: bool = False, shadow: bool = True, max_width: int | None = None,
         box: pygame.Rect | None = None, clamp: bool = False) -> pygame.Rect:
    """Draw one line of text. With ``max_width`` it is shortened with an ellipsis to fit. It must lie inside
    ``box`` (default: the surface); text that does not is drawn anyway and recorded in OVERFLOWS. With
    ``clamp`` a label that would stick out of ``box`` is moved inside it (labels on a map)."""
    msg = clean(msg)
    if max_width is not None:
        msg = fit(msg, size, max(0, int(max_width)), bold, mono)
    f = font(size, bold, mono)
    img = f.render(msg, True, color)
    rect = img.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
    if clamp:
        rect = rect.clamp(pygame.Rect(box) if box is not None else surface.get_rect())
    if shadow:
        surface.blit(f.render(msg, True, (0, 0, 0)), rect.move(1, 1))
    surface.blit(img, rect)
    if DRAWN is not None:
        DRAWN.append((msg, rect))
    bounds = pygame.Rect(box) if box is not None else surface.get_rect()
    if msg and not bounds.contains(rect):
        if len(OVERFLOWS) >= MAX_OVERFLOWS:
            del OVERFLOWS[: MAX_OVERFLOWS // 2]
        OVERFLOWS.append(Overflow(msg, rect, bounds))
    return rect


def width_of(msg: str, size: int, bold: bool = False, mono: bool = False) -> int:
    """The width in pixels of one line of ``msg``."""
    return font(size, bold, mono).size(clean(msg))[0]


def wrap(msg: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Lines of at most ``width`` pixels; a word longer than a line is cut with an ellipsis."""
    f = font(size, bold)
    lines: list[str] = []
    for para in clean_lines(msg):
        line = ""
        for word in para.split():
            if f.size(word)[0] > width:
                word = fit(word, size, width, bold)
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def clean_lines(msg: object) -> list[str]:
    """Paragraphs of ``msg`` (split on newlines), each cleaned."""
    return [clean(p) for p in str(msg)[:MAX_CHARS].split("\n")]


def text_block(surface: pygame.Surface, msg: str, rect: pygame.Rect, size: int, color=INK, bold: bool = False,
               line_height: int | None = None, box: pygame.Rect | None = None) -> int:
    """Wrapped text inside ``rect`` (cut down to ``box`` if given); lines that do not fit are dropped and the
    last one shown ends in an ellipsis. Returns the y below the last line drawn."""
    rect = pygame.Rect(rect)
    if box is not None:
        rect = rect.clip(pygame.Rect(box))
    step = line_height or int(size * 1.3)
    room = max(0, rect.height // step)
    lines = wrap(msg, size, rect.width, bold)
    if len(lines) > room and room:
        lines = lines[:room]
        lines[-1] = fit(lines[-1] + " " + ELLIPSIS, size, rect.width, bold)
    y = rect.y
    for line in lines[:room]:
        text(surface, line, (rect.x, y), size, color, bold, box=rect)
        y += step
    return y
