"""How much background work one frame may do, in units a test can count (hiker-steps, pixel rows).

A ``WorkPacer`` gives each frame an allowance of work units. It starts at the smallest useful amount (one
``unit``: a basins slice-step, a row slice), measures what the first ``samples`` frames' work cost per
unit, and then sizes the allowance to about ``target_seconds`` of work a frame: a whole number of units, at
least one, at most ``max_units``. It keeps measuring, and sizes each frame's allowance by the costliest
unit of the last ``samples`` frames: a unit's cost can jump while the work goes on (hikers settling onto a
minimum's zero coordinates square into subnormal numbers: a basins slice-step on Rastrigin then costs four
times what it cost before), and the allowance must follow the jump at once, and come back only when the
work is cheap again. Every frame's work is still a whole number of units, never cut short by a clock.

Without a clock (``clock=None``: the App's ``work_clock`` in tests) nothing is measured and the allowance
is ``max_units`` from the first frame, so a test sees the same frames on any machine; an ``allowance``
given up front is kept as it is.
"""

from __future__ import annotations

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
        self.costs: list[float] = []  # seconds per work item of the last ``samples`` measured frames
        self.fixed: int | None = None if allowance is None else self._bounded(int(allowance) // self.unit)
        self.adapts = clock is not None and allowance is None  # measured every frame, sized from the last few
        if clock is None and self.fixed is None:
            self.fixed = self._bounded(self.max_units)

    def _bounded(self, units: int) -> int:
        return self.unit * min(self.max_units, max(1, units))

    @property
    def calibrated(self) -> bool:
        return self.fixed is not None

    @property
    def allowance(self) -> int:
        """The most work units this frame may do: one unit until the first measurements, then as sized."""
        return self.unit if self.fixed is None else self.fixed

    def run(self, work: Callable[[int], int]) -> int:
        """Call ``work(allowance)`` (it returns the units it did, never more than the allowance) and, with a
        clock, time it to size the next frames' allowance. Returns the units done."""
        if not self.adapts:
            return work(self.fixed)
        start = self.clock()
        done = work(self.allowance)
        self.record(done, self.clock() - start)
        return done

    def record(self, done: int, seconds: float) -> None:
        if not self.adapts or done <= 0:
            return
        self.costs = (self.costs + [max(seconds, 0.0) / done])[-self.samples:]
        if len(self.costs) >= self.samples:
            per_item = max(self.costs)  # a jump in cost shrinks the next frame's work at once
            units = int(self.target / (per_item * self.unit) * (1 + 1e-9)) if per_item > 0 else self.max_units
            self.fixed = self._bounded(units)
