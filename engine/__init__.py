"""Gradient Hiker's engine: landscapes with exact gradients, optimizers over many hikers, races.

Pure NumPy (SciPy for the minimum search, Pillow for heightmaps); it never imports pygame.
"""

import os

# Our arrays are small (2 coordinates per hiker; a 2-variable minimum search): BLAS thread pools only spin
# on them, and on a busy machine their busy-waiting made the minimum search of Schaffer N.4 9x slower
# (3.5 s -> 30 s measured). One thread, unless the user says otherwise; this must run before NumPy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from .landscapes import Domain, FormulaLandscape, FunctionLandscape, Landscape, WellsLandscape  # noqa: E402

__all__ = ["Domain", "FormulaLandscape", "FunctionLandscape", "Landscape", "WellsLandscape"]
