"""What every optimizer shares: typed parameters, the oracle it queries, and the init/step protocol.

The protocol (every optimizer in engine/optim follows it; engine/hikers.py drives it):

- An optimizer holds only its hyper-parameters (``params``, already checked and complete).
- ``init(x)`` returns its state: a dict with one row per hiker (as in optax), so a batch of N hikers is
  just a bigger array. The state is the optimizer's own memory (moment estimates, velocities, counters)
  plus reusable work buffers under keys that start with "_"; nothing else is written into it. In
  particular an optimizer publishes nothing for drawing: what a step did is ``Hikers.last_move``, kept
  by Hikers itself.
- ``step(x, state, t, oracle, out)`` writes the proposed positions for step ``t`` (0-based: the
  number of steps taken since ``init``) into ``out``, an (N, 2) array that does not alias ``x``, and
  returns it. It updates ``state`` in place and never writes into ``x`` or into arrays the oracle hands
  out (they are Hikers' buffers). Hikers then clamps the proposal to the domain and evaluates it.
- It learns about the landscape only through the ``oracle``: altitudes, exact gradients, a stochastic
  gradient, the domain and a random generator.

Updates are written in place (``out=``), each operation in the order of torch.optim's formula (the
tests compare paths with torch.optim to 1e-9), so a step allocates nothing of size N.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..landscapes import Landscape
from ..numbers import range_problem

State = dict[str, Any]


def buffer(state: State, key: str, like: np.ndarray) -> np.ndarray:
    """A work buffer shaped like ``like`` kept in the state, made on first use (the compiled step,
    which needs none, never makes it)."""
    b = state.get(key)
    if b is None:
        b = state[key] = np.empty_like(like)
    return b


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
        rule = range_problem(value, self.lo, self.hi, integer=self.kind is int, lo_open=self.lo_open)
        if rule:
            raise ValueError(f"{name} {rule}")
        value = self.kind(value)
        return value


class Oracle:
    """What a hiker can feel: altitudes and slopes. Remembers which hikers met a non-finite gradient."""

    def __init__(self, landscape: Landscape, rng: np.random.Generator) -> None:
        self.landscape = landscape
        self.rng = rng
        # Hikers met a non-finite gradient during the current step (valid when ``any_bad``).
        self.bad_grad: np.ndarray | None = None
        self.any_bad = False
        # (positions, altitudes, gradients) already computed for exactly this positions array, so a
        # hiker's step does not evaluate the landscape twice at the same points.
        self.cache: tuple[np.ndarray, np.ndarray, np.ndarray | None] | None = None
        self._sum: np.ndarray | None = None

    def begin_step(self) -> None:
        self.any_bad = False

    def _note(self, G: np.ndarray) -> np.ndarray:
        n = len(G)
        if n == 1 and math.isfinite(G.item(0) + G.item(1)):  # one hiker: no NumPy call needed
            return G
        if self._sum is None or len(self._sum) != n:
            self._sum, self.bad_grad = np.empty(n), np.zeros(n, bool)
        s = np.add(G[:, 0], G[:, 1], out=self._sum)
        if math.isfinite(np.add.reduce(s)):  # all finite (a sum that overflows only costs the exact test)
            return G
        bad = ~np.isfinite(s)
        if bad.any():
            self.bad_grad = bad | self.bad_grad if self.any_bad else bad
            self.any_bad = True
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

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        """Write the next positions for step t (0-based) into ``out`` and return it; update ``state``."""
        raise NotImplementedError
