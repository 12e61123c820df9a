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


def save_gif(level, race, path: Path, size: int = 480, frames: int = 60, colormap: str = "viridis") -> None:
    """The race as an animated GIF: terrain, trails and hikers, ``frames`` frames over the whole race."""
    from PIL import Image, ImageDraw, ImageFont

    from .resources import FONT_BOLD, asset

    label_font = ImageFont.truetype(str(asset(FONT_BOLD)), 16)

    land = level.landscape
    d = land.domain
    w = size
    h = max(2, int(round(size * d.span[1] / d.span[0])))
    base = Image.fromarray(terrain_rgb(land, w, h, colormap, 12)[0])

    def screen(P: np.ndarray) -> list[tuple[float, float]]:
        sx = (P[:, 0] - d.x[0]) / d.span[0] * (w - 1)
        sy = (d.y[1] - P[:, 1]) / d.span[1] * (h - 1)
        return list(zip(sx.tolist(), sy.tolist(), strict=True))

    paths = {i: np.array([p[0] for p in r.hikers.path]) for i, r in enumerate(race.racers)}
    images = []
    for k in np.linspace(0, race.steps, min(frames, race.steps + 1)).astype(int):
        img = base.copy()
        draw = ImageDraw.Draw(img)
        for i, r in enumerate(race.racers):
            pts = screen(paths[i][: k + 1])
            color = OPTIMIZER_COLORS[r.name]
            if len(pts) > 1:
                draw.line(pts, fill=color, width=2)
            x, y = pts[-1]
            draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=color, outline=(0, 0, 0))
        draw.text((10, 8), f"{level.title} · step {k}", fill=(255, 255, 255), font=label_font, stroke_width=2,
                  stroke_fill=(0, 0, 0))
        images.append(img.convert("P", palette=Image.Palette.ADAPTIVE))
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, save_all=True, append_images=images[1:], duration=80, loop=0)
