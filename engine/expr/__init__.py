"""The formula language: a tiny, safe expression language in x and y.

``syntax`` turns text into a tree (never through eval/exec/compile); ``evaluate`` computes values and
exact gradients of that tree.
"""

from .evaluate import Formula
from .syntax import BUILTIN_CONSTANTS, FUNCTIONS, MAX_DEPTH, MAX_LENGTH, MAX_NODES, FormulaError, compile_formula, parse

__all__ = ["BUILTIN_CONSTANTS", "FUNCTIONS", "MAX_DEPTH", "MAX_LENGTH", "MAX_NODES", "Formula", "FormulaError",
           "compile_formula", "parse"]
