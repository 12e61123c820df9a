"""pygame drawing helpers shared by every scene: panels, arrows, stars, terrain surfaces, legend, axes."""

from __future__ import annotations

import math
import re
import weakref
from functools import lru_cache
from itertools import repeat

import numpy as np
import pygame

from engine.landscapes import Landscape

from .render.terrain import Scale, terrain_rgb
from .render.text import ACCENT, DIM, INK, PANEL, fit, text, width_of
from .render.view import View


def panel(surface: pygame.Surface, rect, color=PANEL, radius: int = 10, border=(70, 82, 104)) -> None:
    rect = pygame.Rect(rect)
    surface.blit(_panel_layer(rect.size, tuple(color), radius, tuple(border) if border else None), rect)


@lru_cache(maxsize=64)  # a screen of cards draws the same few panels every frame
def _panel_layer(size: tuple[int, int], color: tuple, radius: int, border: tuple | None) -> pygame.Surface:
    layer = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(layer, color, layer.get_rect(), border_radius=radius)
    if border:
        pygame.draw.rect(layer, border, layer.get_rect(), 1, border_radius=radius)
    return layer


@lru_cache(maxsize=16)
def _dot(size: int, color: tuple) -> pygame.Surface:
    dot = pygame.Surface((size, size))
    dot.fill(color)
    return dot


def draw_points(surface: pygame.Surface, pts: np.ndarray, color, size: int = 4) -> int:
    """A size x size square of ``color`` at each screen point (its top-left ``size // 2`` up and left of the
    point, truncated to whole pixels), all in one batched blit. Returns the number of draw calls made (0 or 1)."""
    if len(pts) == 0:
        return 0
    corners = (np.trunc(np.asarray(pts, dtype=float)).astype(np.int64) - size // 2).tolist()
    surface.fblits(zip(repeat(_dot(size, tuple(color))), corners))
    return 1


def arrow(surface: pygame.Surface, color, start, end, width: int = 3, head: float = 10) -> None:
    sx, sy = start
    ex, ey = end
    length = math.hypot(ex - sx, ey - sy)
    if length < 1:
        return
    pygame.draw.line(surface, color, (sx, sy), (ex, ey), width)
    ux, uy = (ex - sx) / length, (ey - sy) / length
    h = min(head, length * 0.6)
    left = (ex - ux * h - uy * h * 0.6, ey - uy * h + ux * h * 0.6)
    right = (ex - ux * h + uy * h * 0.6, ey - uy * h - ux * h * 0.6)
    pygame.draw.polygon(surface, color, [(ex, ey), left, right])


def star(surface: pygame.Surface, color, center, radius: float, filled: bool = True) -> None:
    cx, cy = center
    pts = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    pygame.draw.polygon(surface, color, pts, 0 if filled else 2)


def _shape_points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]] | None:
    if shape == "square":
        k = r * 0.85
        return [(cx - k, cy - k), (cx + k, cy - k), (cx + k, cy + k), (cx - k, cy + k)]
    if shape == "triangle":
        return [(cx, cy - r * 1.1), (cx + r, cy + r * 0.75), (cx - r, cy + r * 0.75)]
    if shape == "down":
        return [(cx, cy + r * 1.1), (cx + r, cy - r * 0.75), (cx - r, cy - r * 0.75)]
    if shape == "diamond":
        return [(cx, cy - r * 1.15), (cx + r * 1.15, cy), (cx, cy + r * 1.15), (cx - r * 1.15, cy)]
    if shape == "hexagon":
        return [(cx + r * math.cos(a), cy + r * math.sin(a)) for a in (k * math.pi / 3 for k in range(6))]
    if shape in ("plus", "cross"):
        t = r * 0.38
        pts = [(-t, -r), (t, -r), (t, -t), (r, -t), (r, t), (t, t), (t, r), (-t, r), (-t, t), (-r, t), (-r, -t),
               (-t, -t)]
        c = math.cos(math.pi / 4) if shape == "cross" else 1.0
        s = math.sin(math.pi / 4) if shape == "cross" else 0.0
        return [(cx + x * c - y * s, cy + x * s + y * c) for x, y in pts]
    if shape == "star":
        return [(cx + (r * 1.2 if i % 2 == 0 else r * 0.5) * math.cos(-math.pi / 2 + i * math.pi / 5),
                 cy + (r * 1.2 if i % 2 == 0 else r * 0.5) * math.sin(-math.pi / 2 + i * math.pi / 5))
                for i in range(10)]
    return None


def marker(surface: pygame.Surface, shape: str, center, radius: float, color, outline=(0, 0, 0)) -> None:
    """A racer's marker: its shape (game.render.palette.SHAPES) in its colour, with a dark outline."""
    cx, cy = float(center[0]), float(center[1])
    pts = _shape_points(shape, cx, cy, radius)
    if pts is None:
        pygame.draw.circle(surface, outline, (cx, cy), radius + 2)
        pygame.draw.circle(surface, color, (cx, cy), radius)
        return
    pygame.draw.polygon(surface, outline, pts, 0)
    pygame.draw.polygon(surface, outline, pts, 4)
    inner = _shape_points(shape, cx, cy, max(1.0, radius - 1.5))
    pygame.draw.polygon(surface, color, inner, 0)


def marker_global(surface: pygame.Surface, pos, size: int) -> None:
    """The hidden global minimum: a gold star in a ring."""
    pygame.draw.circle(surface, (0, 0, 0), pos, size + 4, 3)
    pygame.draw.circle(surface, ACCENT, pos, size + 3, 2)
    star(surface, ACCENT, pos, size)


class TerrainCache:
    """Terrain surfaces, built once per landscape, size and look, then reused every frame."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple[pygame.Surface, Scale]] = {}

    @staticmethod
    def key(key: str, landscape: Landscape, view: View, cmap: str, contours: int) -> tuple:
        # A weak reference, not id(): a landscape freed after an edit may leave its id to the next one, whose
        # map would then be an old picture; a reference to a landscape that is gone equals nothing.
        return (key, weakref.ref(landscape), view.width, view.height, cmap, contours)

    def peek(self, k: tuple) -> tuple[pygame.Surface, Scale] | None:
        """The finished surface for a ``key``, or None."""
        return self._cache.get(k)

    def store(self, k: tuple, rgb: np.ndarray, scale: Scale) -> tuple[pygame.Surface, Scale]:
        """Keep an image built elsewhere (e.g. a row at a time, ``TerrainJob``) as the surface for ``k``."""
        if len(self._cache) > 24:
            self._cache.clear()
        surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
        self._cache[k] = (surf.convert() if pygame.display.get_surface() else surf, scale)
        return self._cache[k]

    def get(self, key: str, landscape: Landscape, view: View, cmap: str, contours: int
            ) -> tuple[pygame.Surface, Scale]:
        k = self.key(key, landscape, view, cmap, contours)
        return self.peek(k) or self.store(k, *terrain_rgb(landscape, view.width, view.height, cmap, contours))


def legend(surface: pygame.Surface, rect, scale: Scale, cmap_lut: np.ndarray, size: int,
           right: int | None = None) -> None:
    """A vertical color bar with altitude labels; labels end before ``right`` (shortened if they must)."""
    x, y, w, h = rect
    right = surface.get_width() if right is None else right
    box = pygame.Rect(x, y - size, max(0, right - x), h + 2 * size)
    key = (w, h, cmap_lut.tobytes())
    if _LEGEND_BAR.get("key") != key:  # the same bar every frame: made once per size and colormap
        bar = np.repeat(cmap_lut[np.linspace(255, 0, h).astype(int)][None, :, :], w, axis=0)
        _LEGEND_BAR.update(key=key, surface=pygame.surfarray.make_surface(np.ascontiguousarray(bar)))
    surface.blit(_LEGEND_BAR["surface"], (x, y))
    pygame.draw.rect(surface, (200, 200, 210), (x, y, w, h), 1)
    for i in range(5):
        t = 1 - i / 4
        ty = y + i * (h - 1) / 4
        pygame.draw.line(surface, INK, (x + w, ty), (x + w + 4, ty))
        text(surface, fmt(scale.value_at(t)), (x + w + 7, ty), size, DIM, anchor="midleft",
             max_width=right - (x + w + 7), box=box)


_LEGEND_BAR: dict = {}


def clear_caches() -> None:
    """Forget the cached panels, dots and legend bar (a new App starts afresh)."""
    _panel_layer.cache_clear()
    _dot.cache_clear()
    _LEGEND_BAR.clear()


def fmt(v: float) -> str:
    if v == 0 or not math.isfinite(v):
        return "0" if v == 0 else str(v)
    a = abs(v)
    if a >= 1e5 or a < 1e-3:
        return f"{v:.2e}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten apart) inside [lo, hi]."""
    span = hi - lo
    if not span > 0:
        return [lo]
    raw = span / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    return [first + k * step for k in range(int((hi - first) / step + 1e-9) + 1)]


def axes(surface: pygame.Surface, view: View, size: int, names: tuple[str, str] = ("x", "y")) -> None:
    """Tick labels along the map's bottom and left edges (drawn inside, over the terrain), and axis names. A name
    is shortened to fit the map and a tick label that would overlap a name is left out."""
    d = view.domain
    bottom = view.top + view.height
    room = max(0, view.width - 12)
    x_name = fit(names[0] + " →", size, room)
    y_name = fit("↑ " + names[1], size, room)
    x_rect = pygame.Rect(0, 0, width_of(x_name, size), size + 4)
    x_rect.bottomright = (view.left + view.width - 6, bottom - 4)
    y_rect = pygame.Rect(view.left + 6, view.top + 4, width_of(y_name, size), size + 4)
    for v in nice_ticks(*d.x):
        sx = view.to_screen((v, d.y[0]))[0]
        label = f"{v:g}"
        half = width_of(label, size) // 2 + 4
        if view.left + 14 < sx < view.left + view.width - 30 and not (x_rect.left - half < sx < x_rect.right + half):
            pygame.draw.line(surface, INK, (sx, bottom - 5), (sx, bottom))
            text(surface, label, (sx, bottom - 6), size, INK, anchor="midbottom")
    for v in nice_ticks(*d.y):
        sy = view.to_screen((d.x[0], v))[1]
        if max(view.top + 14, y_rect.bottom + size // 2) < sy < bottom - 24:
            pygame.draw.line(surface, INK, (view.left, sy), (view.left + 5, sy))
            text(surface, f"{v:g}", (view.left + 8, sy), size, INK, anchor="midleft")
    text(surface, x_name, x_rect.bottomright, size, ACCENT, anchor="bottomright")
    text(surface, y_name, y_rect.topleft, size, ACCENT)


def weight_meaning(name: str, layers) -> str:
    """A network parameter's name in words, e.g. "w[1][0,2]" → "input 1 → hidden 3", "b[2][0]" → "output's bias"
    ("" for a name it cannot read). Units count from 1 here; layer 0 is the input, the last the output."""
    m = re.fullmatch(r"\s*([wb])\s*\[\s*(\d+)\s*\]\s*\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]\s*", name)
    if not m or not layers:
        return ""
    last = len(layers) - 1

    def unit(layer: int, k: int) -> str:
        if layer == 0:
            return f"input {k + 1}"
        if layer == last:
            return "output" if layers[last] == 1 else f"output {k + 1}"
        return f"hidden {k + 1}" if last == 2 else f"hidden {layer}.{k + 1}"

    layer = int(m.group(2))
    if not 1 <= layer <= last:
        return ""
    if m.group(1) == "b":
        return f"{unit(layer, int(m.group(3)))}'s bias"
    if m.group(4) is None:
        return ""
    return f"{unit(layer - 1, int(m.group(3)))} → {unit(layer, int(m.group(4)))}"


def axis_names(level) -> tuple[str, str]:
    """What the map's axes are called, for a prepared level or a spec. A network's two weights by name and in
    words ("w[1][0,0] (input 1 → hidden 1)"); a slice's two coordinates say that every weight moves: the trained
    weights are at (0, 0) and a, b move them along two random directions. The first word is the short name."""
    if level.kind == "network":
        spec = getattr(level, "spec", level)
        weights = spec.landscape.axes.weights
        if not weights:
            return ("a (all weights along random direction 1)", "b (all weights along random direction 2)")
        meaning = [weight_meaning(w, spec.landscape.layers) for w in weights]
        return tuple(f"{w} ({m})" if m else w for w, m in zip(weights, meaning, strict=True))
    return ("w0 (bias)", "w1 (weight)") if level.kind == "data" else ("x", "y")
