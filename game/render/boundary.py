"""A network level's decision boundary: the data points coloured by class over the regions the network gives
each class, at one point of the map (one hiker's weights). Drawn in a small panel beside the map."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from engine.network import NetworkLandscape

from ..gfx import panel
from .text import DIM, INK, font, text, wrap

CLASS_COLORS = ((86, 150, 255), (255, 150, 60), (90, 210, 120), (200, 110, 230), (240, 220, 80),
                (80, 220, 220), (240, 100, 120), (170, 170, 170))
LEGEND = "dots: each point's true class; shade: what this network answers there"
GRID = 72  # regions are computed on a GRID x GRID lattice of inputs, then scaled to the panel


def data_box(land: NetworkLandscape) -> tuple[float, float, float, float]:
    """The input square shown: the data's bounding box, padded by a tenth, made square."""
    lo, hi = land.X.min(axis=0), land.X.max(axis=0)
    centre = (lo + hi) / 2
    half = max(float((hi - lo).max()) * 0.55, 1e-6)
    return (float(centre[0] - half), float(centre[0] + half), float(centre[1] - half), float(centre[1] + half))


@lru_cache(maxsize=16)
def _regions(land: NetworkLandscape, point: tuple[float, float]) -> np.ndarray:
    """The predicted class on the GRID lattice (row 0 at the top) for the weights at map point ``point``."""
    x0, x1, y0, y1 = data_box(land)
    xs = x0 + (np.arange(GRID) + 0.5) / GRID * (x1 - x0)
    ys = y1 - (np.arange(GRID) + 0.5) / GRID * (y1 - y0)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        return land.classify(point, np.column_stack([X.ravel(), Y.ravel()])).reshape(GRID, GRID)


@lru_cache(maxsize=16)
def _accuracy(land: NetworkLandscape, point: tuple[float, float]) -> float:
    with np.errstate(all="ignore"):
        return land.accuracy(point)


def key_height(width: int, px) -> int:
    """The height the key under the picture takes in a panel ``width`` pixels wide: add it to the panel's height
    to keep the picture as large as without the key."""
    small, pad = px(11), px(6)
    return font(small).get_linesize() * len(wrap(LEGEND, small, width - 2 * pad)) + px(3)


def draw_boundary(surface: pygame.Surface, rect: pygame.Rect, land: NetworkLandscape, point, caption: str,
                  px, color=INK) -> None:
    """The panel in ``rect``: a caption, the regions and points, a key saying which is which (when the panel is
    tall enough), and the share of points the network gets right. Nothing is drawn if the rect is too small."""
    rect = pygame.Rect(rect)
    if rect.width < px(90) or rect.height < px(110):
        return
    panel(surface, rect)
    pad = px(6)
    box = rect.inflate(-2, -2)
    size = px(13)
    text(surface, caption, (rect.x + pad, rect.y + pad), size, color, bold=True, max_width=rect.width - 2 * pad,
         box=box)
    point = (float(point[0]), float(point[1]))
    right = _accuracy(land, point)
    foot = text(surface, f"{right:.0%} of the points right", (rect.x + pad, rect.bottom - pad), px(12), DIM,
                anchor="bottomleft", max_width=rect.width - 2 * pad, box=box)
    top = rect.y + pad + size + px(6)
    # What the picture means, under it: kept if the picture stays at least half the panel's width.
    small = px(11)
    key = wrap(LEGEND, small, rect.width - 2 * pad)
    line = font(small).get_linesize()
    legend_top = foot.top - px(3) - line * len(key)
    side = min(rect.width - 2 * pad, legend_top - px(4) - top)
    if side < (rect.width - 2 * pad) // 2:
        key, legend_top = [], foot.top
        side = min(rect.width - 2 * pad, foot.top - px(4) - top)
    if side < px(40):
        return
    for i, msg in enumerate(key):
        text(surface, msg, (rect.x + pad, top + side + px(3) + i * line), small, DIM, max_width=rect.width - 2 * pad,
             box=box)
    plot = pygame.Rect(rect.x + (rect.width - side) // 2, top, side, side)
    classes = _regions(land, point)
    colors = np.array(CLASS_COLORS, dtype=float)
    tint = (colors[classes % len(CLASS_COLORS)] * 0.45 + 18).astype(np.uint8)  # dim regions, bright points
    image = pygame.surfarray.make_surface(np.ascontiguousarray(tint.transpose(1, 0, 2)))
    surface.blit(pygame.transform.scale(image, plot.size), plot.topleft)
    pygame.draw.rect(surface, (90, 100, 120), plot, 1)
    x0, x1, y0, y1 = data_box(land)
    sx = plot.x + (land.X[:, 0] - x0) / (x1 - x0) * plot.width
    sy = plot.y + (y1 - land.X[:, 1]) / (y1 - y0) * plot.height
    r = max(2, px(2.5))
    for x, y, k in zip(sx.tolist(), sy.tolist(), land.labels.tolist(), strict=True):
        pygame.draw.circle(surface, (10, 12, 18), (x, y), r + 1)
        pygame.draw.circle(surface, CLASS_COLORS[k % len(CLASS_COLORS)], (x, y), r)
