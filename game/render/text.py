"""Text and the palette of the interface: fonts (DejaVu, shipped), a text blitter with a shadow, word wrap."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
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
    return _fit(msg, int(size), int(width), bool(bold), bool(mono))


@lru_cache(maxsize=2048)  # the same labels are fitted to the same widths every frame
def _fit(msg: str, size: int, width: int, bold: bool, mono: bool) -> str:
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
    img, dark = rendered(msg, size, color, bold, mono, shadow)
    rect = img.get_rect(**{anchor: (int(pos[0]), int(pos[1]))})
    if clamp:
        rect = rect.clamp(pygame.Rect(box) if box is not None else surface.get_rect())
    if dark is not None:
        surface.blit(dark, rect.move(1, 1))
    surface.blit(img, rect)
    bounds = pygame.Rect(box) if box is not None else surface.get_rect()
    _record(msg, rect, bounds)
    return rect


def _record(msg: str, rect: pygame.Rect, bounds: pygame.Rect) -> None:
    """Note a line of text drawn: into the innermost ``capture``, or else for the checks (DRAWN, OVERFLOWS)."""
    if _CAPTURES:
        _CAPTURES[-1].append((msg, pygame.Rect(rect), pygame.Rect(bounds)))
        return
    if DRAWN is not None:
        DRAWN.append((msg, rect))
    if msg and not bounds.contains(rect):
        OVERFLOWS.append(Overflow(msg, rect, bounds))


# Rendered labels, most recently used last: a frame draws the same few hundred labels as the last one, and a
# font render costs far more than a blit. Bounded, so labels that change every step (altitudes) age out.
RENDERED_MAX = 1024
_RENDERED: OrderedDict[tuple, tuple[pygame.Surface, pygame.Surface | None]] = OrderedDict()
RENDER_STATS = {"renders": 0, "hits": 0}


def rendered(msg: str, size: int, color=INK, bold: bool = False, mono: bool = False, shadow: bool = True
             ) -> tuple[pygame.Surface, pygame.Surface | None]:
    """The label ``msg`` rendered in ``color`` (and in black for its shadow, if wanted), from the cache when it
    was drawn lately. The surfaces are shared: blit them, never draw on them."""
    key = (msg, int(size), tuple(color), bool(bold), bool(mono), bool(shadow))
    hit = _RENDERED.get(key)
    if hit is not None:
        _RENDERED.move_to_end(key)
        RENDER_STATS["hits"] += 1
        return hit
    f = font(size, bold, mono)
    made = (f.render(msg, True, color), f.render(msg, True, (0, 0, 0)) if shadow else None)
    RENDER_STATS["renders"] += 1
    _RENDERED[key] = made
    if len(_RENDERED) > RENDERED_MAX:
        _RENDERED.popitem(last=False)
    return made


def reset_caches() -> None:
    """Forget fonts and rendered labels (fonts die with pygame.quit(); a new App starts afresh)."""
    font.cache_clear()
    _fit.cache_clear()
    _wrap.cache_clear()
    _RENDERED.clear()


# Text drawn inside ``capture()`` blocks (innermost last), so a drawing cached as a surface can replay it.
_CAPTURES: list[list[tuple[str, pygame.Rect, pygame.Rect]]] = []


@contextmanager
def capture() -> Iterator[list[tuple[str, pygame.Rect, pygame.Rect]]]:
    """Collect every (text, rect, box) drawn in the block instead of recording it, for ``replay`` (every time the
    drawing is shown, once at least)."""
    lines: list[tuple[str, pygame.Rect, pygame.Rect]] = []
    _CAPTURES.append(lines)
    try:
        yield lines
    finally:
        _CAPTURES.remove(lines)


def replay(lines: list[tuple[str, pygame.Rect, pygame.Rect]], offset: tuple[int, int] = (0, 0)) -> None:
    """Record captured text again, moved by ``offset``, as if it had just been drawn (DRAWN, OVERFLOWS)."""
    dx, dy = offset
    for msg, rect, bounds in lines:
        _record(msg, rect.move(dx, dy), bounds.move(dx, dy))


def width_of(msg: str, size: int, bold: bool = False, mono: bool = False) -> int:
    """The width in pixels of one line of ``msg``."""
    return font(size, bold, mono).size(clean(msg))[0]


def wrap(msg: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Lines of at most ``width`` pixels; a word longer than a line is cut with an ellipsis."""
    return list(_wrap(str(msg), int(size), int(width), bool(bold)))


@lru_cache(maxsize=256)
def _wrap(msg: str, size: int, width: int, bold: bool) -> tuple[str, ...]:
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
    return tuple(lines)


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
