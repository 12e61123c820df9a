"""The race's standings: a live leaderboard that fits its box, and at the end a podium strip that sits in the
header (never over the map, so it neither hides the trails nor catches clicks meant for the map)."""

from __future__ import annotations

import pygame

from engine.race import Race

from ..gfx import fmt, marker
from .text import ACCENT, BAD, DIM, GOOD, INK, text

PODIUM_COLORS = ((212, 175, 55), (192, 192, 200), (205, 127, 50))  # gold, silver, bronze


def leaderboard_height(rows: int, px) -> int:
    return px(26) + px(19) + rows * px(21)


def draw_leaderboard(surface: pygame.Surface, rect: pygame.Rect, race: Race, names: list[str], colors: list,
                     shapes: list[str], px) -> int:
    """Rank, racer, altitude, distance to the global minimum, the step it was reached (or fell), inside
    ``rect``: columns are measured to fit, names are shortened with an ellipsis, and when there are more
    racers than rows the last row says how many are not shown. Returns the y below the table."""
    x, y = rect.x, rect.y
    m = race.minimum
    text(surface, "Leaderboard", (x, y), px(17), ACCENT, bold=True, max_width=rect.width, box=rect)
    y += px(26)
    w = rect.width
    cols = (0, px(24), int(w * 0.42), int(w * 0.63), int(w * 0.82))
    widths = [cols[i + 1] - cols[i] - px(6) for i in range(4)] + [w - cols[4]]
    for c, label, cw in zip(cols, ("#", "racer", "altitude", "to min", "reached"), widths, strict=True):
        text(surface, label, (x + c, y), px(13), DIM, max_width=cw, box=rect)
    y += px(19)
    index = {id(r): i for i, r in enumerate(race.racers)}
    standings = race.standings()
    room = max(0, (rect.bottom - y) // px(21))
    shown = standings if len(standings) <= room else standings[: max(0, room - 1)]
    for rank, r in enumerate(shown, 1):
        h = r.hikers
        i = index[id(r)]
        dist = float(m.distance(h.reported_x[:1])[0])
        reached = "fell" if h.fell[0] else ("-" if r.reached_at is None else f"step {r.reached_at}")
        color = BAD if h.fell[0] else (GOOD if r.reached_at is not None else INK)
        text(surface, str(rank), (x + cols[0], y), px(15), INK, max_width=widths[0], box=rect)
        marker(surface, shapes[i], (x + cols[1] + px(5), y + px(9)), px(5), colors[i])
        text(surface, names[i], (x + cols[1] + px(16), y), px(15), INK, max_width=widths[1] - px(16), box=rect)
        text(surface, fmt(float(h.reported_cost[0])), (x + cols[2], y), px(15), INK, mono=True, max_width=widths[2],
             box=rect)
        text(surface, fmt(dist), (x + cols[3], y), px(15), INK, mono=True, max_width=widths[3], box=rect)
        text(surface, reached, (x + cols[4], y), px(15), color, max_width=widths[4], box=rect)
        y += px(21)
    if len(shown) < len(standings) and room:
        text(surface, f"… {len(standings) - len(shown)} more", (x + cols[1], y), px(14), DIM,
             max_width=rect.width - cols[1], box=rect)
        y += px(21)
    return y


def draw_podium_strip(surface: pygame.Surface, rect: pygame.Rect, race: Race, names: list[str], colors: list,
                      shapes: list[str], px) -> None:
    """The first three racers in one line inside ``rect``: a gold, silver and bronze medal, the racer's
    marker and name."""
    top = race.standings()[:3]
    if not top:
        return
    index = {id(r): i for i, r in enumerate(race.racers)}
    x = rect.x
    label = text(surface, "Podium:", (x, rect.y), px(15), ACCENT, bold=True, max_width=rect.width, box=rect)
    x = label.right + px(10)
    slot = max(0, (rect.right - x) // len(top))
    for place, r in enumerate(top):
        i = index[id(r)]
        cy = rect.y + px(9)
        pygame.draw.circle(surface, PODIUM_COLORS[place], (x + px(8), cy), px(8))
        text(surface, str(place + 1), (x + px(8), cy), px(11), (20, 20, 20), bold=True, anchor="center",
             shadow=False, box=rect)
        marker(surface, shapes[i], (x + px(26), cy), px(5), colors[i])
        text(surface, names[i], (x + px(36), rect.y), px(15), INK, bold=place == 0,
             max_width=max(0, slot - px(44)), box=rect)
        x += slot
