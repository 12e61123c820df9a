"""How much background work one frame may do, in units a test can count (hiker-steps, pixel rows).

A ``WorkPacer`` gives each frame an allowance of work units. It starts at the smallest useful amount (one
``unit``: a basins slice-step, a row slice), measures what the first ``samples`` frames' work cost per
unit, and then fixes the allowance once, to about ``target_seconds`` of work a frame: a whole number of
units, at least one, at most ``max_units``. After that the allowance never changes, so the work per frame
is bounded by a number (not a clock) and a run is deterministic; only its size was chosen by measuring,
once, on this machine, for this level and backend.

Without a clock (``clock=None``: the App's ``work_clock`` in tests) nothing is measured and the allowance
is ``max_units`` from the first frame, so a test sees the same frames on any machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

TARGET_SECONDS = 0.003  # a few ms of a 16.7 ms frame: drawing and the race itself take the rest


class WorkPacer:
    def __init__(self, unit: int, target_seconds: float = TARGET_SECONDS, max_units: int = 16, samples: int = 3,
                 clock: Callable[[], float] | None = time.perf_counter, allowance: int | None = None) -> None:
        if unit < 1:
            raise ValueError("a unit of work is at least 1")
        self.unit = int(unit)
        self.target = float(target_seconds)
        self.max_units = max(1, int(max_units))
        self.samples = max(1, int(samples))
        self.clock = clock
        self.costs: list[float] = []  # seconds per work item, one per measured frame
        self.fixed: int | None = None if allowance is None else self._bounded(int(allowance) // self.unit)
        if clock is None and self.fixed is None:
            self.fixed = self._bounded(self.max_units)

    def _bounded(self, units: int) -> int:
        return self.unit * min(self.max_units, max(1, units))

    @property
    def calibrated(self) -> bool:
        return self.fixed is not None

    @property
    def allowance(self) -> int:
        """The most work units this frame may do: one unit while calibrating, then the fixed allowance."""
        return self.unit if self.fixed is None else self.fixed

    def run(self, work: Callable[[int], int]) -> int:
        """Call ``work(allowance)`` (it returns the units it did, never more than the allowance) and, while
        calibrating, time it. Returns the units done."""
        if self.fixed is not None:
            return work(self.fixed)
        start = self.clock()
        done = work(self.unit)
        self.record(done, self.clock() - start)
        return done

    def record(self, done: int, seconds: float) -> None:
        if self.fixed is not None or done <= 0:
            return
        self.costs.append(max(seconds, 0.0) / done)
        if len(self.costs) >= self.samples:
            per_item = statistics.median(self.costs)
            units = int(self.target / (per_item * self.unit)) if per_item > 0 else self.max_units
            self.fixed = self._bounded(units)
