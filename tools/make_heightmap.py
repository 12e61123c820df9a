"""Writes levels/alpine-range.png: a 16-bit fractal mountain range (seeded, reproducible)."""

from pathlib import Path

import numpy as np
from PIL import Image


def smooth_noise(rng: np.random.Generator, size: int, cells: int) -> np.ndarray:
    """Value noise: random heights on a coarse grid, smoothly (cosine) interpolated up to size."""
    coarse = rng.random((cells + 1, cells + 1))
    t = np.linspace(0, cells, size, endpoint=False)
    i = t.astype(int)
    f = (1 - np.cos(np.pi * (t - i))) / 2
    rows = coarse[i] * (1 - f)[:, None] + coarse[i + 1] * f[:, None]
    return rows[:, i] * (1 - f)[None, :] + rows[:, i + 1] * f[None, :]


def main() -> None:
    rng = np.random.default_rng(2026)
    size = 256
    z = sum(smooth_noise(rng, size, 2**k) / 1.9**k for k in range(1, 7))
    y, x = np.mgrid[0:size, 0:size] / size
    z = z + 0.6 * ((x - 0.5) ** 2 + (y - 0.5) ** 2)  # higher towards the edges: a range around basins
    z -= 0.35 * np.exp(-((x - 0.72) ** 2 + (y - 0.3) ** 2) / 0.004)  # one deep glacial lake
    z = (z - z.min()) / (z.max() - z.min())
    Image.fromarray((z * 65535).astype(np.uint16)).save(Path("levels/alpine-range.png"))


if __name__ == "__main__":
    main()
