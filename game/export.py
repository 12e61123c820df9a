"""Files for slides: a loss-vs-step plot (matplotlib) and an animated GIF of a race (Pillow).

Both run headless; neither needs pygame.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .render.palette import OPTIMIZER_COLORS
from .render.terrain import terrain_rgb


def _costs(level, racer) -> np.ndarray:
    return level.landscape.value(np.array([p[0] for p in racer.hikers.path]))


def save_plot(level, race, path: Path) -> None:
    """Altitude above the global minimum against step, on a log scale, one line per racer."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor = level.minimum.value
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=150)
    for racer in race.racers:
        gap = np.maximum(_costs(level, racer) - floor, 1e-16)
        color = np.array(OPTIMIZER_COLORS[racer.name]) / 255
        if racer.name == "gd":
            color = (0.2, 0.2, 0.2)
        ax.semilogy(np.arange(len(gap)), gap, label=racer.label, color=color, lw=2)
    ax.set_xlabel("step")
    ax.set_ylabel("altitude above the global minimum")
    ax.set_title(f"{level.title}: {race.steps} steps from ({race.start[0]:g}, {race.start[1]:g})")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def save_gif(level, race, path: Path, size: int = 480, frames: int = 60, colormap: str = "viridis",
             upto: int | None = None, colors: list | None = None, player: list | None = None) -> None:
    """The race as an animated GIF: terrain, trails and hikers, ``frames`` frames over the whole race (or its
    first ``upto`` steps). ``colors``: one per racer (default: each optimizer's colour). ``player``: the
    player's path too, drawn in white on top (the results screen's export of a run)."""
    from PIL import Image, ImageDraw, ImageFont

    from .render.palette import PLAYER_COLOR, racer_colors
    from .resources import FONT_BOLD, asset

    label_font = ImageFont.truetype(str(asset(FONT_BOLD)), 16)

    land = level.landscape
    d = land.domain
    w = size
    h = max(2, int(round(size * d.span[1] / d.span[0])))
    base = Image.fromarray(terrain_rgb(land, w, h, colormap, 12)[0])
    colors = colors or racer_colors([r.name for r in race.racers])

    def screen(P: np.ndarray) -> list[tuple[float, float]]:
        sx = (P[:, 0] - d.x[0]) / d.span[0] * (w - 1)
        sy = (d.y[1] - P[:, 1]) / d.span[1] * (h - 1)
        return list(zip(sx.tolist(), sy.tolist(), strict=True))

    paths = {i: np.array([p[0] for p in r.hikers.path]) for i, r in enumerate(race.racers)}
    you = np.array(player, dtype=float) if player else None
    last = race.steps if upto is None else max(0, min(int(upto), race.steps))
    if you is not None:
        last = max(last, len(you) - 1)
    images = []
    for k in np.unique(np.linspace(0, last, min(frames, last + 1)).astype(int)):
        img = base.copy()
        draw = ImageDraw.Draw(img)
        for i in range(len(race.racers)):
            pts = screen(paths[i][: k + 1])
            color = tuple(colors[i])
            if len(pts) > 1:
                draw.line(pts, fill=color, width=2)
            x, y = pts[-1]
            draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=color, outline=(0, 0, 0))
        if you is not None:
            pts = screen(you[: k + 1])
            if len(pts) > 1:
                draw.line(pts, fill=(0, 0, 0), width=5)
                draw.line(pts, fill=PLAYER_COLOR, width=3)
            x, y = pts[-1]
            draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=PLAYER_COLOR, outline=(0, 0, 0), width=2)
        draw.text((10, 8), f"{level.title} · step {k}", fill=(255, 255, 255), font=label_font, stroke_width=2,
                  stroke_fill=(0, 0, 0))
        images.append(img.convert("P", palette=Image.Palette.ADAPTIVE))
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, save_all=True, append_images=images[1:], duration=80, loop=0)
