"""What every optimizer shares: typed parameters, the oracle it queries, and the init/step protocol.

An optimizer holds only its hyper-parameters. Its state is an explicit dict of arrays with one row per
hiker (as in optax), so a batch of N hikers is just a bigger array and one NumPy expression per step
moves them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..landscapes import Landscape

State = dict[str, Any]


@dataclass(frozen=True)
class Param:
    """A hyper-parameter: its default, type, and the range (for numbers) or choices (for strings)."""

    default: Any
    kind: type = float
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    lo_open: bool = False  # lo itself is not allowed

    def check(self, name: str, value: Any) -> Any:
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false")
            return value
        if self.kind is str:
            if value not in self.choices:
                raise ValueError(f"{name} must be one of {', '.join(self.choices)}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be a number")
        if self.kind is int and float(value) != int(value):
            raise ValueError(f"{name} must be a whole number")
        value = self.kind(value)
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number")
        if self.lo is not None and (value < self.lo or (self.lo_open and value == self.lo)):
            raise ValueError(f"{name} must be {'>' if self.lo_open else '>='} {self.lo:g}")
        if self.hi is not None and value > self.hi:
            raise ValueError(f"{name} must be <= {self.hi:g}")
        return value


class Oracle:
    """What a hiker can feel: altitudes and slopes. Remembers which hikers met a non-finite gradient."""

    def __init__(self, landscape: Landscape, rng: np.random.Generator) -> None:
        self.landscape = landscape
        self.rng = rng
        self.bad_grad: np.ndarray | None = None
        # (positions, altitudes, gradients) already computed for exactly this positions array, so a
        # hiker's step does not evaluate the landscape twice at the same points.
        self.cache: tuple[np.ndarray, np.ndarray, np.ndarray | None] | None = None

    def _note(self, G: np.ndarray) -> np.ndarray:
        bad = ~np.isfinite(G[:, 0] + G[:, 1])
        self.bad_grad = bad if self.bad_grad is None else self.bad_grad | bad
        return G

    def value(self, P: np.ndarray) -> np.ndarray:
        if self.cache is not None and self.cache[0] is P:
            return self.cache[1]
        return self.landscape.value(P)

    def grad(self, P: np.ndarray) -> np.ndarray:
        if self.cache is not None and self.cache[0] is P and self.cache[2] is not None:
            return self._note(self.cache[2])
        return self._note(self.landscape.grad(P))

    def stochastic_grad(self, P: np.ndarray, batch: int, noise: float) -> np.ndarray:
        return self._note(self.landscape.stochastic_grad(P, self.rng, batch, noise))


class Optimizer:
    """Subclasses set NAME, PARAMS, BLURB and implement ``init`` and ``step``."""

    NAME: ClassVar[str] = ""
    BLURB: ClassVar[str] = ""
    PARAMS: ClassVar[dict[str, Param]] = {}
    REPORTS_BEST: ClassVar[bool] = False  # restarts reports its best point rather than its current one
    USES_GRADIENT: ClassVar[bool] = True  # annealing feels altitudes only

    def __init__(self, **params: Any) -> None:
        self.params = params  # already checked and complete (see spec.build)

    def init(self, x: np.ndarray) -> State:
        return {}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle) -> np.ndarray:
        """Return the next positions for step t (0-based), updating ``state`` in place."""
        raise NotImplementedError
