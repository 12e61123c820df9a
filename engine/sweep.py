"""Hyper-parameter sweeps: every grid value from every start, as one vectorized batch of hikers.

A sweep of N grid values from K starts is one team of N·K hikers whose swept parameters are (N·K,) arrays
(the optimizer protocol's per-hiker parameters, engine/optim/base.py). Its random numbers come from a
``CommonRng`` on the stream a race gives its racer (``racer_stream(seed, index)``), so every row of a sweep
equals a single ``hiker race`` with the same parameters, start and seed, number for number. An optimizer that
cannot take per-hiker arrays (a plugin without ``BATCH_PARAMS``) runs one team per grid value instead, with
the same numbers.

Tuning (``tune``) is a sweep from starts drawn with a seed of their own (``tuning_seed``), never the race's,
and picks the grid value by the objective in engine/rules.py (``tuning_score``, ``best_value``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .hikers import Hikers
from .landscapes import Domain, Landscape
from .minimum import MinimaReport
from .optim import OPTIMIZERS, CommonRng, SpecError, build, build_batch, complete, sweepable
from .rules import TuningScore, best_value, found, tuning_score

TUNE_SALT = 0x74756E65  # "tune": tuning starts and streams never share the race's seed
DEFAULT_LR_GRID = (1e-5, 10.0, 19)  # log-spaced: a factor of about 2.15 between neighbours
DEFAULT_STEP_GRID = (0.001, 0.3, 12)  # annealing's leap, as fractions of the map's diagonal
DEFAULT_TUNE_STARTS = 8


def racer_stream(seed: int, index: int) -> np.random.Generator:
    """The random stream a race gives its racer number ``index`` (engine/race.py ``racer_seeds``)."""
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(index + 1)[index])


def random_starts(domain: Domain, seed: int, k: int) -> np.ndarray:
    """K starts drawn uniformly from the map with ``seed``: the same as ``hiker race --swarm K --seed S``."""
    return domain.uniform(np.random.default_rng(seed), k)


def tuning_seed(seed: int) -> int:
    """The seed of a tuned race's tuning starts: derived from the race's seed, but never equal to it."""
    value = int(np.random.SeedSequence([seed, TUNE_SALT]).generate_state(1, np.uint64)[0] >> np.uint64(1))
    return value if value != seed else value ^ 1


@dataclass(frozen=True)
class Axis:
    """One swept parameter: its grid values and whether they are spaced on a log scale."""

    name: str
    values: tuple[float, ...]
    log: bool

    @property
    def lo(self) -> float:
        return self.values[0]

    @property
    def hi(self) -> float:
        return self.values[-1]


def make_axis(name: str, lo: float, hi: float, n: int, log: bool | None = None, opt: str = "gd",
              given: dict[str, Any] | None = None) -> Axis:
    """A grid of n values from lo to hi, log-spaced for parameters that span orders of magnitude (the
    learning rate, eps, a temperature) when lo > 0, evenly spaced otherwise; ``log`` forces either."""
    table = sweepable(opt, given)
    if name not in table:
        whole = set(complete(opt, dict(given or {}), None)) | set(table)
        why = "is not a decimal parameter of it" if name in whole else "has no such parameter"
        raise SpecError(f"{opt} {why} {name!r}; it can sweep: {', '.join(table)}")
    if not 1 <= n <= 1000:
        raise SpecError(f"{name}: the number of grid values must be between 1 and 1000, got {n}")
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        raise SpecError(f"{name}: write LO:HI:N with LO <= HI, got {lo:g}:{hi:g}")
    use_log = table[name].log and lo > 0 if log is None else bool(log)
    if use_log and lo <= 0:
        raise SpecError(f"{name}: a log grid needs LO > 0, got {lo:g}")
    if n == 1:
        values = [float(lo)]
    elif use_log:
        values = np.geomspace(lo, hi, n).tolist()
        values[0], values[-1] = float(lo), float(hi)
    else:
        values = np.linspace(lo, hi, n).tolist()
    for v in values:  # every value must be allowed on its own
        complete(opt, {**(given or {}), name: v}, None)
    return Axis(name, tuple(float(v) for v in values), use_log)


class Sweep:
    """Every grid point (the product of the axes) from every start: hiker ``g·K + k`` is grid point g from
    start k. ``racer_index`` picks the random stream, as a race's racer number does."""

    def __init__(self, landscape: Landscape, minimum: MinimaReport, name: str, given: dict[str, Any],
                 axes: list[Axis], starts: np.ndarray, steps: int, seed: int, racer_index: int = 0) -> None:
        if name not in OPTIMIZERS:
            raise SpecError(f"unknown optimizer {name!r}")
        if len({a.name for a in axes}) != len(axes):
            raise SpecError("each parameter can be swept once")
        self.landscape = landscape
        self.minimum = minimum
        self.name = name
        self.given = dict(given)
        self.axes = list(axes)
        self.starts = landscape.domain.clamp(np.asarray(starts, dtype=float).reshape(-1, 2))
        self.steps = int(steps)
        self.seed = int(seed)
        self.racer_index = int(racer_index)
        self.grid = list(itertools.product(*(a.values for a in axes))) or [()]
        G, K = len(self.grid), len(self.starts)
        self.params = complete(name, self.given, self.steps)  # the values every grid point shares
        per = {a.name: np.repeat(np.array([p[j] for p in self.grid], dtype=float), K) for j, a in enumerate(axes)}
        opt_cls = OPTIMIZERS[name]
        batch = opt_cls.BATCH_PARAMS and (name != "restarts" or OPTIMIZERS[self.params["base"]].BATCH_PARAMS)
        self.teams: list[tuple[int, Hikers]] = []  # (first hiker, team)
        if batch or G == 1:
            opt = build_batch(name, self.given, per, self.steps) if axes else build(name, self.given, self.steps)
            self.teams.append((0, self._team(opt, np.tile(self.starts, (G, 1)))))
        else:  # one team per grid point: the optimizer takes one number per parameter
            for g, point in enumerate(self.grid):
                values = {a.name: point[j] for j, a in enumerate(axes)}
                self.teams.append((g * K, self._team(build(name, {**self.given, **values}, self.steps),
                                                     self.starts)))
        self.t = 0
        self.reached_at = np.full(G * K, -1)
        self._note_reached()

    def _team(self, optimizer, starts: np.ndarray) -> Hikers:
        rng = CommonRng(racer_stream(self.seed, self.racer_index), len(starts))
        return Hikers(optimizer, self.landscape, starts, rng, backend="numpy")  # NumPy: a race's exact numbers

    @property
    def batched(self) -> bool:
        return len(self.teams) == 1

    @property
    def size(self) -> int:
        return len(self.grid) * len(self.starts)

    @property
    def done(self) -> bool:
        return self.t >= self.steps

    def _gather(self, attr: str) -> np.ndarray:
        return np.concatenate([np.asarray(getattr(h, attr)) for _, h in self.teams])

    def _note_reached(self) -> None:
        ok = found(self._gather("reported_cost"), self.minimum) & ~self._gather("fell")
        new = ok & (self.reached_at < 0)
        self.reached_at[new] = self.t

    def step(self) -> None:
        if self.done:
            return
        for _, h in self.teams:
            h.step()
        self.t += 1
        self._note_reached()

    def advance(self, max_steps: int) -> int:
        """Up to ``max_steps`` steps (a frame's share of the work); returns how many were taken."""
        taken = 0
        while taken < max_steps and not self.done:
            self.step()
            taken += 1
        return taken

    def run(self, on_step: Callable[[int], None] | None = None) -> Sweep:
        while not self.done:
            self.step()
            if on_step is not None:
                on_step(1)
        return self

    # ------------------------------------------------------------------ results

    def errors(self) -> list[str]:
        return [h.error for _, h in self.teams if getattr(h, "error", None)]

    def per_hiker(self) -> dict[str, np.ndarray]:
        return {"final_cost": self._gather("reported_cost"), "best_cost": self._gather("best_cost"),
                "fell": self._gather("fell"), "reached_at": self.reached_at.copy(),
                "final": np.concatenate([h.reported_x for _, h in self.teams])}

    def scores(self) -> list[TuningScore]:
        d = self.per_hiker()
        K = len(self.starts)
        return [tuning_score(d["final_cost"][g * K:(g + 1) * K], d["fell"][g * K:(g + 1) * K],
                             d["reached_at"][g * K:(g + 1) * K], self.minimum) for g in range(len(self.grid))]

    def best(self) -> int:
        """The grid point a tuned race would choose (engine/rules.py ``best_value``)."""
        return best_value(self.scores())

    def rows(self) -> list[dict[str, Any]]:
        """One row per grid point: its values, then per start the final and best altitude, whether it fell and
        the step it first found the global minimum (None: never), then a summary over the starts."""
        d = self.per_hiker()
        K = len(self.starts)
        out = []
        for g, point in enumerate(self.grid):
            s = slice(g * K, (g + 1) * K)
            final, best, fell, reached = d["final_cost"][s], d["best_cost"][s], d["fell"][s], d["reached_at"][s]
            score = tuning_score(final, fell, reached, self.minimum)
            gaps = np.where(fell, np.inf, final - self.minimum.value)
            with np.errstate(invalid="ignore"):
                q25, q75 = np.percentile(final, [25, 75])
            row: dict[str, Any] = {a.name: point[j] for j, a in enumerate(self.axes)}
            row.update({
                "final_cost": [_finite(v) for v in final.tolist()],
                "best_cost": [_finite(v) for v in best.tolist()],
                "fell": fell.tolist(),
                "reached_at": [None if r < 0 else int(r) for r in reached],
                "final": d["final"][s].tolist(),
                "summary": {
                    "final_cost_median": _finite(float(np.median(final))),
                    "final_cost_q25": _finite(float(q25)),
                    "final_cost_q75": _finite(float(q75)),
                    "final_cost_min": _finite(float(final.min())),
                    "final_cost_max": _finite(float(final.max())),
                    "best_cost_median": _finite(float(np.median(best))),
                    "best_cost_min": _finite(float(best.min())),
                    "median_gap": _finite(score.gap),
                    "gap_q75": _finite(float(np.percentile(gaps, 75))) if not np.isinf(gaps).all() else None,
                    "found": int((found(final, self.minimum) & ~fell).sum()),
                    "fell": int(fell.sum()),
                    "reached": int((reached >= 0).sum()),
                    "median_reached_at": _finite(score.speed),
                },
            })
            out.append(row)
        return out

    def result(self) -> dict[str, Any]:
        from .race import minimum_json

        best = self.best() if self.grid else None
        return {
            "optimizer": self.name,
            "params": {k: v for k, v in self.params.items() if k not in {a.name for a in self.axes}},
            "swept": [{"name": a.name, "values": list(a.values), "scale": "log" if a.log else "linear"}
                      for a in self.axes],
            "steps": self.steps,
            "seed": self.seed,
            "starts": self.starts.tolist(),
            "batched": self.batched,
            "minimum": minimum_json(self.minimum),
            "rows": self.rows(),
            "best": {a.name: self.grid[best][j] for j, a in enumerate(self.axes)} if best is not None else None,
            "errors": self.errors(),
        }


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


# --------------------------------------------------------------------------- tuning


@dataclass
class Tuning:
    """A racer's tuned parameter: the value chosen, the objective it reached and the sweep that chose it."""

    name: str
    param: str  # "lr", or "step" for annealing
    value: float
    score: TuningScore
    sweep: Sweep

    def given(self, given: dict[str, Any]) -> dict[str, Any]:
        return {**given, self.param: self.value}

    def json(self) -> dict[str, Any]:
        axis = self.sweep.axes[0]
        return {"param": self.param, "value": self.value, "median_gap": _finite(self.score.gap),
                "median_reached_at": _finite(self.score.speed), "grid": list(axis.values),
                "scale": "log" if axis.log else "linear", "starts": len(self.sweep.starts), "seed": self.sweep.seed,
                "steps": self.sweep.steps}


def tuned_param(name: str, given: dict[str, Any] | None = None) -> str:
    """What a tuned race tunes: the learning rate, or annealing's leap (it has no learning rate)."""
    table = sweepable(name, given)
    if "lr" in table:
        return "lr"
    if "step" in table:
        return "step"
    raise SpecError(f"{name} has neither a learning rate nor a step size to tune")


def tuning_axis(name: str, given: dict[str, Any], domain: Domain,
                lr_grid: tuple[float, float, int] | None = None) -> Axis:
    """The grid a tuned race sweeps: ``lr_grid`` (default DEFAULT_LR_GRID) for a learning rate; for annealing's
    leap, DEFAULT_STEP_GRID times the map's diagonal."""
    param = tuned_param(name, given)
    if param == "lr":
        lo, hi, n = lr_grid or DEFAULT_LR_GRID
        return make_axis("lr", lo, hi, n, None, name, given)
    lo, hi, n = DEFAULT_STEP_GRID
    d = domain.diagonal
    return make_axis("step", float(f"{lo * d:.4g}"), float(f"{hi * d:.4g}"), n, True, name, given)


def tune(landscape: Landscape, minimum: MinimaReport, name: str, given: dict[str, Any], steps: int, seed: int,
         starts: int = DEFAULT_TUNE_STARTS, lr_grid: tuple[float, float, int] | None = None) -> Sweep:
    """The tuning sweep of one racer (not yet run): its grid from ``starts`` random starts drawn with
    ``tuning_seed(seed)``, on the random stream of racer 0 of that seed: exactly
    ``hiker sweep LEVEL --opt SPEC --lr LO:HI:N --starts K --seed tuning_seed(seed)``."""
    axis = tuning_axis(name, given, landscape.domain, lr_grid)
    given = {k: v for k, v in given.items() if k != axis.name}
    tseed = tuning_seed(seed)
    return Sweep(landscape, minimum, name, given, [axis], random_starts(landscape.domain, tseed, starts), steps,
                 tseed)


def chosen(sweep: Sweep) -> Tuning:
    """The finished tuning sweep's choice."""
    i = sweep.best()
    axis = sweep.axes[0]
    return Tuning(sweep.name, axis.name, sweep.grid[i][0], sweep.scores()[i], sweep)


def grid_edge(value: float, grid) -> str:
    """" (the largest tried)" or " (the smallest tried)" when a tuned value is at an end of its grid: the best
    may lie beyond it, which a reader should know; "" otherwise."""
    grid = list(grid)
    if len(grid) < 2:
        return ""
    if value == max(grid):
        return " (the largest tried)"
    if value == min(grid):
        return " (the smallest tried)"
    return ""
