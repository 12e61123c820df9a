"""The optional compiled fast path (numba), for crowds of hikers.

``pip install 'gradient-hiker[fast]'`` adds numba; without it everything runs on NumPy, with the same
results to 1e-12. Hikers use it by themselves for crowds of at least ``MIN_HIKERS`` when numba can
be imported (environment variable GRADIENT_HIKER_BACKEND=numpy turns it off). The kernels compile
once and are cached on disk (numba's cache=True), so later runs load them in a fraction of a second.
"""

from __future__ import annotations

import importlib.util
import os

MIN_HIKERS = 2048  # below this a step is short anyway; numba's import (~0.4 s) would not pay off


def available() -> bool:
    """numba can be imported (checked without importing it)."""
    return importlib.util.find_spec("numba") is not None


def wanted(n: int, backend: str) -> bool:
    """Whether to step n hikers compiled: asked for, or by default for a crowd when numba is present."""
    if backend == "numpy":
        return False
    if backend == "numba":
        return True
    if os.environ.get("GRADIENT_HIKER_BACKEND", "").lower() == "numpy":
        return False
    return n >= MIN_HIKERS and available()

