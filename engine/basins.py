"""Basins of attraction: which minimum an optimizer reaches from every start point of a grid.

The grid's starts step in slices of at most ``SLICE`` hikers (one slice up to a 128x128 grid), each a
batch of hikers with its own seeded generator. ``advance`` can be bounded by work, a number of
hiker-steps, so a front end can fill the map in over several frames: the result is the same however
the work is split, and a test can count it.
"""

from __future__ import annotations

import time

import numpy as np

from .hikers import Hikers
from .landscapes import Landscape
from .minimum import MinimaReport
from .optim import build
from .rules import NOWHERE, ended_in, is_global, known_minima

SLICE = 128 * 128  # hikers per slice: a grid up to 128x128 is one batch, as it always was


class HikerSlices:
    """The grid's hikers, stepped slice by slice; reads like one Hikers (reported_x, fell, t)."""

    def __init__(self, slices: list[Hikers]) -> None:
        self.slices = slices

    def __len__(self) -> int:
        return sum(len(h) for h in self.slices)

    @property
    def t(self) -> int:
        return min(h.t for h in self.slices)

    def _joined(self, name: str) -> np.ndarray:
        parts = [getattr(h, name) for h in self.slices]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    @property
    def reported_x(self) -> np.ndarray:
        return self._joined("reported_x")

    @property
    def reported_cost(self) -> np.ndarray:
        return self._joined("reported_cost")

    @property
    def fell(self) -> np.ndarray:
        return self._joined("fell")


class Basins:
    def __init__(self, landscape: Landscape, minimum: MinimaReport, optimizer: str, params: dict, steps: int,
                 seed: int = 0, grid: int = 96, backend: str = "auto", slice_hikers: int = SLICE) -> None:
        d = landscape.domain
        self.grid = grid
        xs = d.x[0] + (np.arange(grid) + 0.5) / grid * d.span[0]
        ys = d.y[1] - (np.arange(grid) + 0.5) / grid * d.span[1]  # row 0 is the north edge
        X, Y = np.meshgrid(xs, ys)
        self.starts = np.column_stack([X.ravel(), Y.ravel()])
        n = len(self.starts)
        # One generator for a single slice (the seed's own stream, as before slices existed); one
        # spawned per slice otherwise, so the result does not depend on how the work is split.
        # ``slice_hikers`` smaller than SLICE: a costly landscape's slice-step still fits in a frame.
        bounds = list(range(0, n, max(1, int(slice_hikers)))) + [n]
        rngs = ([np.random.default_rng(seed)] if len(bounds) == 2 else
                [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(bounds) - 1)])
        self.hikers = HikerSlices([Hikers(build(optimizer, params, steps), landscape, self.starts[a:b], rng,
                                          backend=backend)
                                   for a, b, rng in zip(bounds[:-1], bounds[1:], rngs, strict=True)])
        self.landscape = landscape
        self.minimum = minimum
        self.places = known_minima(minimum)  # the minima the labels index, deepest first
        self.steps = steps
        self.labels: np.ndarray | None = None
        self._labelling: tuple | None = None  # (points, costs, fell, labels, [next]) while labelled in chunks

    @property
    def done(self) -> bool:
        return self.labels is not None

    @property
    def slice_size(self) -> int:
        """The most hiker-steps one slice-step costs: the smallest useful work budget."""
        return max(len(h) for h in self.hikers.slices)

    @property
    def progress(self) -> float:
        work = sum(h.t * len(h) for h in self.hikers.slices)
        return min(1.0, work / max(1, self.steps * len(self.hikers)))

    def advance(self, budget_seconds: float | None = None, max_hiker_steps: int | None = None,
                classify_chunk: int | None = None) -> int:
        """Step until done, or until the budget is spent; returns the hiker-steps taken.

        ``max_hiker_steps`` bounds the work: whole slice-steps are taken while they fit (the slice
        furthest behind first), so the map fills in evenly and never more than that many hiker-steps
        run; it must be at least ``slice_size``. ``budget_seconds`` (a wall-clock bound) is checked
        after each slice-step. ``classify_chunk``: once every hiker has finished, the calls that follow
        label at most that many starts each (and return 0), instead of all of them in the call that took
        the last step; the labels are the same (each start is labelled on its own).
        """
        if self.done:
            return 0
        if classify_chunk is not None and self._labelling is not None:
            return self._label_some(classify_chunk)
        if max_hiker_steps is not None and max_hiker_steps < self.slice_size:
            raise ValueError(f"a work budget of {max_hiker_steps} hiker-steps is less than one slice "
                             f"({self.slice_size} hikers)")
        deadline = None if budget_seconds is None else time.perf_counter() + budget_seconds
        work = 0
        while True:
            waiting = [h for h in self.hikers.slices if h.t < self.steps]
            if not waiting:
                break
            h = min(waiting, key=lambda s: s.t)
            if max_hiker_steps is not None and work + len(h) > max_hiker_steps:
                return work
            h.step()
            work += len(h)
            if deadline is not None and time.perf_counter() > deadline:
                return work
        if classify_chunk is not None:
            h = self.hikers
            self._labelling = (h.reported_x, h.reported_cost, h.fell, np.empty(len(h), dtype=int), [0])
            return work if work else self._label_some(classify_chunk)
        self.labels = self.classify()
        return work

    def _label_some(self, chunk: int) -> int:
        x, cost, fell, labels, at = self._labelling
        a, b = at[0], min(len(labels), at[0] + max(1, int(chunk)))
        labels[a:b] = ended_in(x[a:b], cost[a:b], self.minimum, self.landscape.domain, self.places)
        labels[a:b][fell[a:b]] = NOWHERE
        at[0] = b
        if b == len(labels):
            self.labels, self._labelling = labels, None
        return 0

    def classify(self) -> np.ndarray:
        """Index into ``places`` of the minimum each start ends in (the rule of engine/rules.py); -1 for none."""
        h = self.hikers
        labels = ended_in(h.reported_x, h.reported_cost, self.minimum, self.landscape.domain, self.places)
        labels[h.fell] = NOWHERE
        return labels

    def is_global(self) -> np.ndarray:
        flags = np.array([is_global(m, self.minimum) for m in self.places] + [False])
        return flags[self.labels]

    def global_share(self) -> float:
        """The fraction of start points from which the optimizer reaches a global minimum."""
        return float(np.mean(self.is_global())) if self.done else 0.0

    def summary(self) -> dict:
        counts = np.bincount(self.labels + 1, minlength=len(self.places) + 1)
        basins = [{"value": m.value, "point": list(m.point), "share": float(c) / len(self.labels),
                   "global": is_global(m, self.minimum)}
                  for m, c in zip(self.places, counts[1:], strict=True) if c]
        return {"grid": self.grid, "steps": self.steps, "global_share": self.global_share(),
                "no_minimum_share": float(counts[0]) / len(self.labels), "basins": basins}
