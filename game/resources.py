"""Paths to packaged assets (found through package data, never through the current directory)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np


def asset(*parts: str) -> Path:
    return Path(str(files("assets").joinpath(*parts)))


@cache
def colormap(name: str) -> np.ndarray:
    """A 256x3 uint8 lookup table (perceptual maps sampled from matplotlib, shipped as data)."""
    with np.load(asset("colormaps.npz")) as maps:
        return maps[name if name in maps.files else "viridis"]


FONT_REGULAR = "fonts/DejaVuSans.ttf"
FONT_BOLD = "fonts/DejaVuSans-Bold.ttf"
FONT_MONO = "fonts/DejaVuSansMono.ttf"
