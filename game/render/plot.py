"""The live loss-vs-step plot, drawn directly with pygame (matplotlib is far too slow per frame)."""

from __future__ import annotations

import math

import numpy as np
import pygame

from .text import DIM, text


def draw_loss_plot(surface: pygame.Surface, rect: pygame.Rect, series, floor: float, steps: int, px) -> None:
    """series: [(color, costs per step)]. The y axis is log(cost - floor), so all racers stay visible."""
    pygame.draw.rect(surface, (18, 22, 32), rect, border_radius=6)
    pygame.draw.rect(surface, (70, 82, 104), rect, 1, border_radius=6)
    box = pygame.Rect(rect)
    text(surface, "altitude above the global minimum (log) vs step", (rect.x + px(8), rect.y + px(4)), px(12), DIM,
         max_width=rect.width - px(16), box=box)
    inner = rect.inflate(-px(52), -px(34)).move(px(18), px(6))
    all_gaps = np.concatenate([np.asarray(s, dtype=float) - floor for _, s in series]) if series else np.array([1.0])
    all_gaps = all_gaps[np.isfinite(all_gaps)]
    gaps = np.maximum(all_gaps, 1e-12)
    lo = math.floor(math.log10(max(gaps.min(), 1e-12)))
    hi = math.ceil(math.log10(max(gaps.max(), 10 ** (lo + 1))))
    if hi <= lo:
        hi = lo + 1
    for k in range(lo, hi + 1, max(1, (hi - lo) // 4)):
        y = inner.bottom - (k - lo) / (hi - lo) * inner.height
        pygame.draw.line(surface, (40, 46, 60), (inner.x, y), (inner.right, y))
        label = "1" if k == 0 else ("10" if k == 1 else f"1e{k}")
        text(surface, label, (inner.x - px(4), y), px(11), DIM, anchor="midright", shadow=False, box=box, clamp=True)
    text(surface, "0", (inner.x, inner.bottom + px(2)), px(11), DIM, shadow=False, box=box, clamp=True)
    text(surface, str(steps), (inner.right, inner.bottom + px(2)), px(11), DIM, anchor="topright", shadow=False,
         box=box, clamp=True)
    for color, costs in series:
        c = np.maximum(np.asarray(costs, dtype=float) - floor, 1e-12)
        if len(c) < 2:
            continue
        t = np.unique(np.linspace(0, len(c) - 1, min(len(c), 2 * inner.width)).astype(int))  # ~2 points a pixel
        c = c[t]
        ok = np.isfinite(c)
        t = t[ok]
        xs = inner.x + t / max(1, steps) * inner.width
        ys = inner.bottom - (np.log10(c[ok]) - lo) / (hi - lo) * inner.height
        pts = np.column_stack([xs, np.clip(ys, inner.y, inner.bottom)])
        if len(pts) > 1:
            pygame.draw.lines(surface, color, False, pts.tolist(), 2)

