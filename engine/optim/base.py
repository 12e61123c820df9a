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

Per-hiker hyper-parameters (what a learning-rate sweep needs): a number in ``params`` may be a plain
number, the same for every hiker, or an (N,) array holding one value per hiker (engine/sweep.py steps a
whole grid of learning rates as one batch this way). ``col(v)`` turns either into something that
broadcasts against the (N, 2) state (the number itself, or an (N, 1) column); ``per_value(fn, *values)``
applies a function of plain numbers (``b ** t``, ``math.sqrt``) value by value, so each hiker's numbers
are exactly those it would have with its own value as a plain number. Optimizers that handle arrays set
``BATCH_PARAMS = True``; for the others a sweep runs one team per grid value (the same numbers, slower).

Randomness comes from ``oracle.rng`` with the number of hikers as the leading dimension
(``oracle.rng.standard_normal(x.shape)``, ``oracle.rng.random(len(x))``). In a sweep or a tournament the
generator is a ``CommonRng``: every hiker of the team draws exactly what a lone hiker of a race with the
same seed draws, which is what makes a sweep's rows equal single races.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..landscapes import Landscape
from ..numbers import range_problem

State = dict[str, Any]
Hyper = float | np.ndarray  # a hyper-parameter: one number for every hiker, or one per hiker


def col(v: Any) -> Any:
    """A hyper-parameter ready to broadcast against (N, 2) arrays: a number as it is, an (N,) array as an
    (N, 1) column."""
    return v[:, None] if isinstance(v, np.ndarray) and v.ndim == 1 else v


def batched(*values: Any) -> bool:
    return any(isinstance(v, np.ndarray) for v in values)


def per_value(fn, *values: Any) -> Any:
    """``fn(*values)`` for plain numbers; for per-hiker arrays, ``fn`` applied to each hiker's own numbers
    (once per distinct combination), so that every hiker gets bit for bit what the plain call gives."""
    if not batched(*values):
        return fn(*values)
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float).reshape(-1) for v in values))
    table = np.stack(arrays, axis=1)
    unique, inverse = np.unique(table, axis=0, return_inverse=True)
    results = np.array([fn(*row) for row in unique.tolist()], dtype=float)
    return results[inverse.reshape(-1)]


class CommonRng:
    """A random generator for a team whose hikers all draw the same numbers: each draw whose leading
    dimension is the team's size is drawn once, as for a single hiker, and repeated for every hiker.

    This is how a sweep or a tournament reproduces single races exactly: a race's racer draws from its own
    stream (seeded by the race's seed and the racer's index), one row per step; every hiker of the batch
    gets that same row. Any other draw passes through unchanged."""

    def __init__(self, rng: np.random.Generator, n: int) -> None:
        self.rng = rng
        self.n = int(n)

    def _size(self, size: Any) -> tuple[Any, bool]:
        if size is None:
            return size, False
        shape = (size,) if isinstance(size, int | np.integer) else tuple(size)
        if len(shape) >= 1 and shape[0] == self.n and self.n != 1:
            return (1, *shape[1:]), True
        return size, False

    def _draw(self, method: str, size: Any, *args: Any, **kwargs: Any) -> Any:
        small, repeat = self._size(size)
        out = getattr(self.rng, method)(*args, size=small, **kwargs)
        if not repeat:
            return out
        return np.repeat(out, self.n, axis=0)

    def standard_normal(self, size: Any = None) -> Any:
        return self._draw("standard_normal", size)

    def random(self, size: Any = None) -> Any:
        return self._draw("random", size)

    def normal(self, loc: float = 0.0, scale: float = 1.0, size: Any = None) -> Any:
        return self._draw("normal", size, loc, scale)

    def uniform(self, low: float = 0.0, high: float = 1.0, size: Any = None) -> Any:
        return self._draw("uniform", size, low, high)

    def integers(self, low: int, high: int | None = None, size: Any = None) -> Any:
        return self._draw("integers", size, low, high)

    def choice(self, a: Any, size: Any = None, replace: bool = True, p: Any = None) -> Any:
        return self._draw("choice", size, a, replace=replace, p=p)

    def __getattr__(self, name: str) -> Any:
        """Any other Generator method: with ``size=`` as a keyword it is repeated per hiker like the others."""
        method = getattr(self.rng, name)
        if not callable(method):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            if "size" not in kwargs:
                return method(*args, **kwargs)  # e.g. permutation: no per-hiker shape to repeat
            return self._draw(name, kwargs.pop("size"), *args, **kwargs)

        return call


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
    log: bool = False  # spans orders of magnitude: sweeps and sliders space it on a log scale

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

    def stochastic_grad(self, P: np.ndarray, batch: int, noise: Hyper) -> np.ndarray:
        return self._note(self.landscape.stochastic_grad(P, self.rng, batch, col(noise)))


class Optimizer:
    """Subclasses set NAME, PARAMS, BLURB and implement ``init`` and ``step``."""

    NAME: ClassVar[str] = ""
    BLURB: ClassVar[str] = ""
    PARAMS: ClassVar[dict[str, Param]] = {}
    REPORTS_BEST: ClassVar[bool] = False  # restarts reports its best point rather than its current one
    USES_GRADIENT: ClassVar[bool] = True  # annealing feels altitudes only
    SCHEDULED: ClassVar[bool] = True  # takes a learning-rate schedule (not annealing, not Rprop)
    BATCH_PARAMS: ClassVar[bool] = False  # step() accepts per-hiker (N,) arrays of its numeric parameters
    PLUGIN: ClassVar[str] = ""  # where a plugin optimizer came from (set by engine/plugins.py); "" if built in

    @classmethod
    def check_params(cls, params: dict[str, Any]) -> str | None:
        """A problem between parameters that a single range cannot say (e.g. a minimum above a maximum)."""
        return None

    def __init__(self, **params: Any) -> None:
        self.params = params  # already checked and complete (see spec.build)

    def init(self, x: np.ndarray) -> State:
        return {}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        """Write the next positions for step t (0-based) into ``out`` and return it; update ``state``."""
        raise NotImplementedError
