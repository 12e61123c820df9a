"""The fifteen AI hikers (and any plugins). Each steps all N hikers of a race at once (state arrays of shape
(N, 2))."""

from .base import CommonRng, Optimizer, Oracle, Param, col, per_value
from .schedules import learning_rate
from .spec import (
                   NAMES,
                   OPTIMIZERS,
                   SpecError,
                   build,
                   build_batch,
                   build_spec,
                   complete,
                   format_spec,
                   names,
                   parse_spec,
                   sweepable,
)

__all__ = ["NAMES", "OPTIMIZERS", "CommonRng", "Optimizer", "Oracle", "Param", "SpecError", "build", "build_batch",
           "build_spec", "col", "complete", "format_spec", "learning_rate", "names", "parse_spec", "per_value",
           "sweepable"]
