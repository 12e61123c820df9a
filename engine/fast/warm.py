"""Load the compiled step before a crowd needs it (engine/fast)."""

from __future__ import annotations

import numpy as np

from ..hikers import Hikers
from ..landscapes import Domain, FormulaLandscape
from ..optim import build
from . import available


def warm_up() -> bool:
    """Compile (first run ever, ~10 s) or load from numba's cache (~0.8 s) the fused step, so the first
    crowd does not wait. Safe to call from a background thread; False when numba is absent."""
    if not available():
        return False
    land = FormulaLandscape("x*x + y", Domain((-1.0, 1.0), (-1.0, 1.0)))
    Hikers(build("gd", {}), land, np.zeros((2, 2)), np.random.default_rng(0), backend="numba").run(2)
    return True
