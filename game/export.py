"""Files for slides: a loss-vs-step plot and a sweep's picture (matplotlib), an animated GIF of a race
(Pillow) and an MP4 video of it (imageio-ffmpeg, the optional ``video`` extra).

All run headless; none needs pygame.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from .args import CliError
from .render.palette import racer_colors
from .render.terrain import terrain_rgb

VIDEO_HINT = "pip install 'gradient-hiker[video]'"


def _costs(level, racer) -> np.ndarray:
    return level.landscape.value(np.array([p[0] for p in racer.hikers.path]))


def save_plot(level, race, path: Path) -> None:
    """Altitude above the global minimum against step, on a log scale, one line per racer."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor = level.minimum.value
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=150)
    colors = racer_colors([r.name for r in race.racers])
    for racer, rgb in zip(race.racers, colors, strict=True):
        gap = np.maximum(_costs(level, racer) - floor, 1e-16)
        color = np.array(rgb) / 255
        if racer.name == "gd" and rgb == racer_colors(["gd"])[0]:
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


def race_frames(level, race, size: int = 480, frames: int = 60, colormap: str = "viridis",
                upto: int | None = None, colors: list | None = None, player: list | None = None,
                even: bool = False) -> Iterator:
    """The race's frames as RGB Pillow images: terrain, trails and hikers, ``frames`` frames over the whole
    race (or its first ``upto`` steps). ``even``: width and height rounded to even numbers (video needs it)."""
    from PIL import Image, ImageDraw, ImageFont

    from .render.palette import PLAYER_COLOR
    from .resources import FONT_BOLD, asset

    label_font = ImageFont.truetype(str(asset(FONT_BOLD)), 16)

    land = level.landscape
    d = land.domain
    w = size
    h = max(2, int(round(size * d.span[1] / d.span[0])))
    if even:
        w, h = w + w % 2, h + h % 2
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
        yield img


def save_gif(level, race, path: Path, size: int = 480, frames: int = 60, colormap: str = "viridis",
             upto: int | None = None, colors: list | None = None, player: list | None = None,
             on_frame: Callable[[int], None] | None = None) -> None:
    """The race as an animated GIF (see ``race_frames``). ``colors``: one per racer (default: each optimizer's
    colour). ``player``: the player's path too, drawn in white on top (the results screen's export of a run)."""
    from itertools import chain

    from PIL import Image

    from .render.palette import PLAYER_COLOR, racer_colors

    colors = colors or racer_colors([r.name for r in race.racers])
    shots = race_frames(level, race, size, frames, colormap, upto, colors, player)
    first = next(shots)
    # One palette for the whole GIF: the first frame (the bare terrain, the title, the markers) above a band
    # of every trail's colour, large enough that the median cut keeps each. Colours no longer shift from frame
    # to frame, and each frame is mapped as it comes (a median cut per frame took 20x as long).
    trails = [tuple(c) for c in colors] + ([tuple(PLAYER_COLOR)] if player else [])
    band = max(8, first.height // 3)
    both = Image.new("RGB", (first.width, first.height + band))
    both.paste(first, (0, 0))
    for k, color in enumerate(trails):
        x0, x1 = k * first.width // len(trails), (k + 1) * first.width // len(trails)
        both.paste(color, (x0, first.height, x1, first.height + band))
    palette = both.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    images = []
    for img in chain([first], shots):
        images.append(img.quantize(palette=palette, dither=Image.Dither.NONE))
        if on_frame is not None:
            on_frame(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Pillow stores each later frame as the part that changed, with a table of just the colours it uses (all
    # from the one palette): 5x smaller than a global table of 256 colours would make it.
    images[0].save(path, save_all=True, append_images=images[1:], duration=80, loop=0)


def video_available() -> bool:
    return importlib.util.find_spec("imageio_ffmpeg") is not None


def mp4_arg(path: str) -> str:
    """--mp4 FILE checked before any work: an .mp4 name, and the optional video extra installed."""
    if Path(path).suffix.lower() != ".mp4":
        raise CliError(f"--mp4 {path}: the file name must end in .mp4; try e.g. race.mp4")
    if not video_available():
        raise CliError(f"--mp4 needs the optional video extra (imageio-ffmpeg): {VIDEO_HINT}")
    return path


def save_mp4(level, race, path: Path, size: int = 640, frames: int = 120, fps: int = 24, colormap: str = "viridis",
             on_frame: Callable[[int], None] | None = None) -> None:
    """The race as an H.264 MP4 video (imageio-ffmpeg's bundled ffmpeg): the GIF's frames, bigger and smoother."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise CliError(f"--mp4 needs the optional video extra (imageio-ffmpeg): {VIDEO_HINT}") from None
    images = race_frames(level, race, size, frames, colormap, even=True)
    first = next(images)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = imageio_ffmpeg.write_frames(str(path), first.size, fps=fps, codec="libx264", pix_fmt_out="yuv420p",
                                         macro_block_size=2, quality=7, ffmpeg_log_level="error")
    writer.send(None)  # start ffmpeg
    try:
        for img in (first, *images):
            writer.send(np.ascontiguousarray(np.asarray(img.convert("RGB"), dtype=np.uint8)))
            if on_frame is not None:
                on_frame(1)
    finally:
        writer.close()


# --------------------------------------------------------------------------- a sweep's picture


def save_sweep_plot(level, result: dict, path: Path) -> None:
    """One swept parameter: final altitude above the minimum (median and 25–75% over the starts) and the best
    altitude, the share of starts that fell or found the minimum, and the steps to reach it, against the value:
    too small crawls, too big overshoots. Two swept parameters: heat maps of the median gap and of the steps."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    swept = result["swept"]
    floor = result["minimum"]["value"]
    k = len(result["starts"])
    rows = result["rows"]
    where = f"{k} starts" if k > 1 else f"start ({result['starts'][0][0]:g}, {result['starts'][0][1]:g})"
    title = f"{level.title}: {result['optimizer']}, {result['steps']} steps, {where}"
    tiny = 1e-16

    def gap(v: float | None) -> float:
        return np.nan if v is None else max(v - floor, tiny)

    if len(swept) == 1:
        # Gaps far below the tolerance (0, or rounding noise like -9e-16) are all "at the minimum": drawn on the
        # bottom line a hundred times below the tolerance, not sixteen decades down, which squashes the rest.
        tol = result["minimum"]["tolerance"]
        tiny = tol / 100 if tol and tol > 0 else tiny
        name = swept[0]["name"]
        x = np.array([r[name] for r in rows])
        fig, (a1, a2, a3) = plt.subplots(3, 1, figsize=(8, 8), dpi=130, sharex=True,
                                         gridspec_kw={"height_ratios": [2.2, 1, 1]})
        med = np.array([gap(r["summary"]["final_cost_median"]) for r in rows])
        q25 = np.array([gap(r["summary"]["final_cost_q25"]) for r in rows])
        q75 = np.array([gap(r["summary"]["final_cost_q75"]) for r in rows])
        best = np.array([gap(r["summary"]["best_cost_min"]) for r in rows])
        if k > 1:
            a1.fill_between(x, q25, q75, color="#4c8fd6", alpha=0.25, label="final: 25–75% of starts")
        a1.plot(x, med, "o-", color="#1f5fa8", lw=2, label="final altitude (median)" if k > 1 else "final altitude")
        a1.plot(x, best, "s--", color="#2a9d5c", lw=1.5, ms=4, label="best altitude reached")
        a1.axhline(max(tol, tiny), color="#999999", lw=1, ls=":",
                   label=f"found: within the tolerance ({tol:.3g})")
        a1.set_yscale("log")
        a1.set_ylim(bottom=tiny / 2)
        a1.set_ylabel("altitude above the minimum\n(lowest row of points: at it)")
        a1.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
        fell = np.array([r["summary"]["fell"] / k for r in rows])
        found_share = np.array([r["summary"]["found"] / k for r in rows])
        width = np.diff(np.log10(x)).min() * 0.35 if swept[0]["scale"] == "log" and len(x) > 1 else None
        if width:
            lefts, rights = x * 10 ** (-width / 2), x * 10 ** (width / 2)
            a2.bar(lefts, fell, width=rights - lefts, align="edge", color="#d64c4c", alpha=0.8, label="fell")
        else:
            a2.bar(x, fell, width=(np.ptp(x) / max(1, len(x)) * 0.6) or 0.1, color="#d64c4c", alpha=0.8,
                   label="fell")
        a2.plot(x, found_share, "o-", color="#2a9d5c", label="found the minimum")
        a2.set_ylim(0, 1.05)
        a2.set_ylabel("share of starts")
        a2.legend(fontsize=8, loc="best")
        steps = np.array([np.nan if r["summary"]["median_reached_at"] is None else r["summary"]["median_reached_at"]
                          for r in rows])
        a3.plot(x, steps, "o-", color="#7b4cd6")
        never = np.isnan(steps)
        if never.any():
            a3.plot(x[never], np.full(never.sum(), result["steps"]), "x", color="#999999", label="never (median)")
            a3.legend(fontsize=8, loc="best")
        a3.set_ylim(0, result["steps"] * 1.05)
        a3.set_ylabel("steps to the minimum")
        a3.set_xlabel(name + (" (log scale)" if swept[0]["scale"] == "log" else ""))
        if swept[0]["scale"] == "log":
            a3.set_xscale("log")
        for ax in (a1, a2, a3):
            ax.grid(True, which="major", alpha=0.3)
        fig.suptitle(title + "\ntoo small crawls, too big overshoots", fontsize=10)
    else:
        from matplotlib.colors import ListedColormap, LogNorm

        (n0, n1) = (swept[0]["name"], swept[1]["name"])
        v0, v1 = swept[0]["values"], swept[1]["values"]
        grid = np.full((len(v1), len(v0)), np.nan)
        steps = np.full_like(grid, np.nan)
        for i, r in enumerate(rows):  # rows run over the first parameter, then the second
            a, b = divmod(i, len(v1))
            grid[b, a] = gap(r["summary"]["final_cost_median"])
            if r["summary"]["median_reached_at"] is not None:
                steps[b, a] = r["summary"]["median_reached_at"]
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.8), dpi=130)
        finite = grid[np.isfinite(grid)]
        norm = LogNorm(vmin=max(finite.min(), tiny), vmax=max(finite.max(), tiny * 10)) if len(finite) else None
        # Both maps read the same way: dark is good (low altitude, few steps), blank is "never found".
        im = a1.imshow(grid, origin="lower", aspect="auto", cmap="viridis", norm=norm)
        fig.colorbar(im, ax=a1, label="median final altitude above the minimum")
        im2 = a2.imshow(steps, origin="lower", aspect="auto", vmin=0, vmax=result["steps"],
                         cmap=ListedColormap(plt.get_cmap("magma")(np.linspace(0, 0.8, 256))))  # never white
        fig.colorbar(im2, ax=a2, label="median steps to the minimum (blank: never)")
        a1.set_title("where the hikers ended (lower is better)", fontsize=9)
        a2.set_title("how fast they found the minimum (fewer is better)", fontsize=9)
        best = result.get("best")
        at = next((i for i, r in enumerate(rows) if best and all(r.get(k) == v for k, v in best.items())), None)
        if at is not None:
            a, b = divmod(at, len(v1))
            for ax in (a1, a2):
                ax.plot(a, b, marker="*", ms=14, color="white", markeredgecolor="black", ls="none")
        for ax in (a1, a2):
            ax.set_xticks(range(len(v0)), [f"{v:.3g}" for v in v0], rotation=60, fontsize=8)
            ax.set_yticks(range(len(v1)), [f"{v:.3g}" for v in v1], fontsize=8)
            ax.set_xlabel(n0 + (" (log scale)" if swept[0]["scale"] == "log" else ""))
            ax.set_ylabel(n1 + (" (log scale)" if swept[1]["scale"] == "log" else ""))
        star = "; ★ best by the tuning objective" if at is not None else ""
        fig.suptitle(f"{title}\ndark is better on both maps; blank: the median start never found the minimum{star}",
                     fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
