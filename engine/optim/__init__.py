"""The nine AI hikers. Each steps all N hikers of a race at once (state arrays of shape (N, 2))."""

from .base import Optimizer, Oracle, Param
from .spec import NAMES, OPTIMIZERS, SpecError, build, build_spec, complete, format_spec, parse_spec

__all__ = ["NAMES", "OPTIMIZERS", "Optimizer", "Oracle", "Param", "SpecError", "build", "build_spec",
           "complete", "format_spec", "parse_spec"]
