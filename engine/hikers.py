"""A team of N hikers driven by one optimizer: positions, costs, best points, falls, optional paths."""

from __future__ import annotations

import math

import numpy as np

from . import fast
from .landscapes import Landscape
from .optim.base import Optimizer, Oracle


def step_length(d0: float, d1: float) -> float:
    """|d|: the square root of the sum of squares (within an ulp of hypot, and 5x faster), or hypot
    itself where that sum could have overflowed or underflowed. The compiled step does the same."""
    ss = d0 * d0 + d1 * d1
    return math.sqrt(ss) if 1e-300 < ss < 1e300 else float(np.hypot(d0, d1))


def step_lengths(d: np.ndarray, out: np.ndarray, square: np.ndarray, edge: np.ndarray,
                 inside: np.ndarray) -> np.ndarray:
    """step_length for every row of d (N, 2), into out. ``square`` (float) and ``edge``, ``inside`` (bool)
    are (N,) scratch buffers, so that nothing of size N is allocated (only for the rare rows at the edges
    of the range, where hypot is needed)."""
    np.multiply(d[:, 0], d[:, 0], out=out)
    out += np.multiply(d[:, 1], d[:, 1], out=square)
    np.less(out, 1e300, out=edge)
    np.logical_and(edge, np.greater(out, 1e-300, out=inside), out=edge)
    np.logical_not(edge, out=edge)  # outside (1e-300, 1e300), or NaN
    np.sqrt(out, out=out)
    if edge.any():
        out[edge] = np.hypot(d[edge, 0], d[edge, 1])
    return out


class Hikers:
    """Steps N hikers at once. Positions leaving the domain are clamped to its edge; a hiker whose
    position, altitude or gradient stops being a finite number is frozen and marked ``fell``.

    The arrays (``x``, ``cost``, ``best_x``, ``best_cost``, ``fell``, ``path_length``, ``last_move``) are
    updated in place every step: read them, copy what must outlive a step. ``last_move`` is each hiker's
    displacement in the last step (after clamping; zero for a fallen hiker and before the first step),
    which is what update arrows draw. A step allocates nothing of size N: the proposal, the next
    altitudes and slopes and the masks live in buffers made on the first step.

    ``backend``: "auto" steps crowds of at least engine.fast.MIN_HIKERS with the compiled kernel when
    numba is installed (the same numbers to 1e-12), "numpy" or "numba" choose.

    A plugin optimizer (the user's own code) cannot crash a race: an exception in its ``init`` or ``step``, or
    a step that returns something other than an (N, 2) array, marks every hiker of the team as fallen and is
    kept as one line in ``error``.
    """

    def __init__(self, optimizer: Optimizer, landscape: Landscape, starts: np.ndarray,
                 rng: np.random.Generator, record_path: bool = False, backend: str = "auto") -> None:
        self.optimizer = optimizer
        self.landscape = landscape
        self.oracle = Oracle(landscape, rng)
        self.x = landscape.domain.clamp(np.array(starts, dtype=float).reshape(-1, 2))
        self.error: str | None = None
        self.t = 0
        n = len(self.x)
        with np.errstate(all="ignore"):
            self.cost = landscape.value(self.x)
        self.fell = ~np.isfinite(self.cost)
        self.best_x = self.x.copy()
        self.best_cost = np.where(self.fell, np.inf, self.cost)
        self.path_length = np.zeros(n)
        self.last_move = np.zeros_like(self.x)
        self.path: list[np.ndarray] | None = [self.x.copy()] if record_path else None
        self.state = {}
        try:
            self.state = optimizer.init(self.x)
        except Exception as err:
            if not optimizer.PLUGIN:
                raise
            self._fail("init", err)
        d = landscape.domain
        self._lo, self._hi = d.lo, d.hi
        self._bounds = ((d.x[0], d.y[0]), (d.x[1], d.y[1]))
        self._work: tuple | None = None  # NumPy's work buffers, made on its first step (see _buffers)
        self._fused = None  # the compiled step (engine/fast), for crowds when numba is present
        if fast.wanted(n, backend):
            from .fast.stepper import FusedStepper  # imports numba

            self._fused = FusedStepper.make(optimizer, landscape)

    def __len__(self) -> int:
        return len(self.x)

    @property
    def reported_x(self) -> np.ndarray:
        return self.best_x if self.optimizer.REPORTS_BEST else self.x

    @property
    def reported_cost(self) -> np.ndarray:
        return self.best_cost if self.optimizer.REPORTS_BEST else self.cost

    @property
    def backend(self) -> str:
        return "numba" if self._fused is not None else "numpy"

    def _buffers(self) -> tuple:
        """(proposal, its altitudes, two slope buffers (the oracle holds the last), a sum, a mask, and the
        scratch of step_lengths: a square and a second mask)."""
        if self._work is None:
            x = self.x
            self._work = (np.empty_like(x), np.empty(len(x)), (np.empty_like(x), np.empty_like(x)),
                          np.empty(len(x)), np.empty(len(x), bool), np.empty(len(x)), np.empty(len(x), bool))
        return self._work

    def _fail(self, where: str, err: Exception | str) -> None:
        """A plugin's failure: one line in ``error``, every hiker of the team fallen where it stands."""
        what = err if isinstance(err, str) else f"{type(err).__name__}: {err}"
        first = str(what).strip().splitlines()[0] if str(what).strip() else type(err).__name__
        self.error = f"plugin optimizer {self.optimizer.NAME!r} failed in {where} at step {self.t}: {first[:200]}"
        self.fell[:] = True
        self.last_move[:] = 0.0

    def _plugin_step(self, proposed: np.ndarray) -> np.ndarray | None:
        try:
            P = self.optimizer.step(self.x, self.state, self.t, self.oracle, proposed)
            if P is not proposed:
                P = np.asarray(P, dtype=float)
                if P.shape != self.x.shape:
                    raise ValueError(f"step returned shape {P.shape}, not {self.x.shape}")
                np.copyto(proposed, P)
        except Exception as err:
            self._fail("step", err)
            return None
        return proposed

    def step(self) -> None:
        if self.error is not None:  # a failed plugin: its hikers stay fallen where they stood
            self.t += 1
            if self.path is not None:
                self.path.append(self.x.copy())
            return
        if self._fused is not None:
            cache = self.oracle.cache
            if cache is None or cache[2] is None:  # the first step: slopes at the starts
                g = np.empty_like(self.x)
                with np.errstate(all="ignore"):
                    self.landscape.value_and_grad(self.x, out=(np.empty(len(self.x)), g))
                self.oracle.cache = cache = (self.x, self.cost, g)
            self._fused.step(self, cache[2])  # updates the slopes at x in place, for the next step
        else:
            with np.errstate(all="ignore"):
                self.oracle.begin_step()
                proposed, _, grads, *_ = self._buffers()
                if self.optimizer.PLUGIN:
                    P = self._plugin_step(proposed)
                    if P is None:
                        self.t += 1
                        if self.path is not None:
                            self.path.append(self.x.copy())
                        return
                else:
                    P = self.optimizer.step(self.x, self.state, self.t, self.oracle, proposed)
                if len(P) == 1:
                    self._bookkeep_one(P, grads[self.t % 2])
                else:
                    self._bookkeep(P, grads[self.t % 2])
        self.t += 1
        if self.path is not None:
            self.path.append(self.x.copy())

    def _evaluate(self, P: np.ndarray, grad: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Altitudes at the proposal, and its slopes when the optimizer uses them (next step's, for free)."""
        cost = self._buffers()[1]
        if self.optimizer.USES_GRADIENT:
            return self.landscape.value_and_grad(P, out=(cost, grad))[0], grad
        return self.landscape.value(P, out=cost), None

    def _bookkeep(self, P: np.ndarray, grad: np.ndarray) -> None:
        """Clamp, evaluate and accept the proposal; track falls, path length and best points."""
        x, cost = self.x, self.cost
        _, _, _, total, mask, square, edge = self._buffers()
        for k in range(2):  # column by column: broadcasting (N, 2) against (2,) bounds is 3x slower
            col = P[:, k]
            np.minimum(np.maximum(col, self._bounds[0][k], out=col), self._bounds[1][k], out=col)  # NaN stays
        new_cost, grad = self._evaluate(P, grad)
        # One fused test: the sum is finite exactly when position and altitude all are.
        s = np.add(P[:, 0], P[:, 1], out=total)
        s += new_cost
        if not np.isfinite(np.add.reduce(s)):
            self.fell |= np.logical_not(np.isfinite(s, out=mask), out=mask)
        if self.oracle.any_bad:
            self.fell |= self.oracle.bad_grad
        if self.fell.any():  # fallen hikers stay where they were
            np.copyto(P, x, where=self.fell[:, None])
            np.copyto(new_cost, cost, where=self.fell)
        d = np.subtract(P, x, out=self.last_move)
        self.path_length += step_lengths(d, total, square, edge, mask)
        np.copyto(x, P)
        np.copyto(cost, new_cost)
        better = np.less(cost, self.best_cost, out=mask).sum()
        if better == len(x):  # all improved: a plain copy (a masked one is 5x slower)
            np.copyto(self.best_x, x)
            np.copyto(self.best_cost, cost)
        elif better:
            np.copyto(self.best_x[:, 0], x[:, 0], where=mask)
            np.copyto(self.best_x[:, 1], x[:, 1], where=mask)
            np.copyto(self.best_cost, cost, where=mask)
        self.oracle.cache = (x, cost, grad)

    def _bookkeep_one(self, P: np.ndarray, grad: np.ndarray) -> None:
        """The same for a single hiker, on Python floats: a NumPy call costs more than the arithmetic."""
        x, cost = self.x, self.cost
        (lo0, lo1), (hi0, hi1) = self._bounds
        p0, p1 = min(max(P.item(0), lo0), hi0), min(max(P.item(1), lo1), hi1)  # NaN stays NaN
        P[0, 0], P[0, 1] = p0, p1
        new_cost, grad = self._evaluate(P, grad)
        c = new_cost.item(0)
        fell = bool(self.fell[0]) or not math.isfinite(p0 + p1 + c) or (self.oracle.any_bad and
                                                                          bool(self.oracle.bad_grad[0]))
        x0, x1 = x.item(0), x.item(1)
        if fell:
            self.fell[0] = True
            p0, p1, c = x0, x1, cost.item(0)
        d0, d1 = p0 - x0, p1 - x1
        self.last_move[0, 0], self.last_move[0, 1] = d0, d1
        self.path_length[0] += step_length(d0, d1)
        x[0, 0], x[0, 1], cost[0] = p0, p1, c
        if c < self.best_cost.item(0):
            self.best_x[0, 0], self.best_x[0, 1], self.best_cost[0] = p0, p1, c
        self.oracle.cache = (x, cost, grad)

    def run(self, steps: int) -> None:
        for _ in range(steps):
            self.step()
