"""Gradient Hiker's engine: landscapes with exact gradients, optimizers over many hikers, races.

Pure NumPy (SciPy for the minimum search, Pillow for heightmaps); it never imports pygame.
"""

from .landscapes import Domain, FormulaLandscape, FunctionLandscape, Landscape, WellsLandscape

__all__ = ["Domain", "FormulaLandscape", "FunctionLandscape", "Landscape", "WellsLandscape"]
