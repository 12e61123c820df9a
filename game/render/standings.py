"""The race's standings: a live leaderboard and, at the end, a podium."""

from __future__ import annotations

import pygame

from engine.race import Race

from ..gfx import fmt, panel
from .text import ACCENT, BAD, DIM, GOOD, INK, text
from .view import View

PODIUM_COLORS = ((212, 175, 55), (192, 192, 200), (205, 127, 50))  # gold, silver, bronze


def draw_leaderboard(surface: pygame.Surface, x: int, y: int, race: Race, names: list[str], colors: list,
                     px) -> int:
    """Rank, racer, altitude, distance to the global minimum, the step it was reached (or fell).
    ``names`` and ``colors`` follow race.racers. Returns the y below the table."""
    m = race.minimum
    text(surface, "Leaderboard", (x, y), px(17), ACCENT, bold=True)
    y += px(26)
    cols = (0, px(26), px(140), px(240), px(335))
    for c, label in zip(cols, ("#", "racer", "altitude", "to min", "reached"), strict=True):
        text(surface, label, (x + c, y), px(13), DIM)
    y += px(19)
    index = {id(r): i for i, r in enumerate(race.racers)}
    for rank, r in enumerate(race.standings(), 1):
        h = r.hikers
        i = index[id(r)]
        dist = float(m.distance(h.reported_x[:1])[0])
        reached = "fell" if h.fell[0] else ("-" if r.reached_at is None else f"step {r.reached_at}")
        color = BAD if h.fell[0] else (GOOD if r.reached_at is not None else INK)
        text(surface, str(rank), (x + cols[0], y), px(15), INK)
        pygame.draw.circle(surface, colors[i], (x + cols[1] + px(5), y + px(9)), px(5))
        text(surface, names[i], (x + cols[1] + px(16), y), px(15), INK)
        text(surface, fmt(float(h.reported_cost[0])), (x + cols[2], y), px(15), INK, mono=True)
        text(surface, fmt(dist), (x + cols[3], y), px(15), INK, mono=True)
        text(surface, reached, (x + cols[4], y), px(15), color)
        y += px(21)
    return y


def draw_podium(surface: pygame.Surface, view: View, race: Race, names: list[str], colors: list, px) -> None:
    """The first three racers on blocks of gold, silver and bronze, over the bottom of the map."""
    top = race.standings()[:3]
    if not top:
        return
    index = {id(r): i for i, r in enumerate(race.racers)}
    rect = pygame.Rect(0, 0, px(420), px(170))
    rect.midbottom = (view.left + view.width // 2, view.top + view.height - px(12))
    panel(surface, rect, (14, 18, 26, 230), border=ACCENT)
    text(surface, "Podium", (rect.centerx, rect.y + px(8)), px(18), ACCENT, bold=True, anchor="midtop")
    heights = (px(74), px(52), px(38))
    width = px(120)
    for col, place in enumerate((1, 0, 2)):  # silver, gold, bronze from left to right
        if place >= len(top):
            continue
        i = index[id(top[place])]
        bx = rect.x + px(22) + col * (width + px(8))
        block = pygame.Rect(bx, rect.bottom - px(12) - heights[place], width, heights[place])
        pygame.draw.rect(surface, PODIUM_COLORS[place], block, border_radius=6)
        text(surface, str(place + 1), block.center, px(22), (20, 20, 20), bold=True, anchor="center", shadow=False)
        text(surface, names[i], (block.centerx, block.y - px(4)), px(15), colors[i], bold=True, anchor="midbottom")
