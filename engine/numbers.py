"""One check for a number against a range, shared by level files, optimizer parameters and the command line.

It returns the broken rule as a phrase ("must be >= 0"), and each caller says whose rule it is.
"""

from __future__ import annotations

import math


def is_number(v: object) -> bool:
    """A finite int or float (booleans are not numbers here)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and _finite(v)


def _finite(v: int | float) -> bool:
    try:
        return math.isfinite(v)
    except OverflowError:  # an int too large for a float
        return False


def range_problem(value: object, lo: float | None = None, hi: float | None = None, integer: bool = False,
                  lo_open: bool = False) -> str | None:
    """None if value is a finite number (a whole one if ``integer``) within [lo, hi], else the rule it breaks."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a whole number" if integer else "must be a number"
    if integer and not (isinstance(value, int) or (_finite(value) and float(value).is_integer())):
        return "must be a whole number"
    if not _finite(value):
        return "must be a finite number"
    if lo is not None and (value < lo or (lo_open and value == lo)):
        return f"must be {'>' if lo_open else '>='} {lo:g}"
    if hi is not None and value > hi:
        return f"must be <= {hi:g}"
    return None
