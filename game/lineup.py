"""The race screen's line-up: which optimizers race, with which parameters, and which one is being tuned.

The same optimizer may race several times (gd at three learning rates is the classic lesson); copies
are told apart by number and shade.
"""

from __future__ import annotations

from engine.optim import SpecError, complete, format_spec, parse_spec
from engine.optim.schedules import SCHEDULE_PARAMS
from engine.sweep import grid_edge

from .render.palette import racer_colors, racer_shapes

MAX_RACERS = 9


class Lineup:
    def __init__(self, entries: list[tuple[str, dict]], sliders: dict[str, tuple[str, ...]]) -> None:
        self.entries: list[tuple[str, dict]] = [(n, dict(g)) for n, g in entries][:MAX_RACERS]
        self.sel = 0  # the entry being tuned
        self.sliders = sliders

    def __len__(self) -> int:
        return len(self.entries)

    def specs(self) -> list[tuple[str, dict]]:
        return list(self.entries)

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.entries]

    @property
    def selected(self) -> str:
        return self.entries[self.sel][0] if self.entries else "gd"

    def selected_params(self) -> dict:
        return self.entries[self.sel][1] if self.entries else {}

    def full_params(self, steps: int) -> dict:
        """Every parameter of the selected racer, defaults filled in."""
        return complete(self.selected, self.selected_params(), steps)

    # ------------------------------------------------------------------ naming and colors

    # ------------------------------------------------------------------ a small file

    def to_text(self) -> str:
        """One racer per line, in the `--opt` spec form: "adam:lr=0.05,beta1=0.8"."""
        lines = ["# Gradient Hiker line-up: one racer per line, as in `hiker race --opt`"]
        return "\n".join(lines + [format_spec(n, g) for n, g in self.entries]) + "\n"

    @staticmethod
    def parse(text: str, steps: int = 100) -> list[tuple[str, dict]]:
        """Racers from a line-up file; ValueError naming the first bad line."""
        entries = []
        for number, line in enumerate(text.splitlines()[:200], 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            try:
                name, params = parse_spec(line)
                complete(name, params, steps)
            except SpecError as err:
                raise ValueError(f"line {number}: {err}") from None
            entries.append((name, params))
        if not entries:
            raise ValueError("no racers in it")
        return entries[:MAX_RACERS]

    def label(self, i: int) -> str:
        """For the tune menu: "2. adam:lr=0.1" (unique, so it can be a dropdown option)."""
        name, given = self.entries[i]
        shown = {k: v for k, v in given.items() if k in self.sliders[name] or k == "schedule"}
        return f"{i + 1}. {format_spec(name, shown)}"

    def display_name(self, i: int) -> str:
        name = self.entries[i][0]
        return name if self.names.count(name) == 1 else f"{name} {i + 1}"

    def color(self, i: int) -> tuple[int, int, int]:
        """The racer's colour: its optimizer's own for the first of a kind, then a colour nobody else has."""
        return racer_colors(self.names)[i]

    def colors(self) -> list[tuple[int, int, int]]:
        return racer_colors(self.names)

    def shape(self, i: int) -> str:
        """The racer's marker shape: each racer its own, for players who cannot tell the colours apart."""
        return racer_shapes(len(self.entries))[i]

    # ------------------------------------------------------------------ editing

    def select(self, i: int) -> None:
        self.sel = max(0, min(i, len(self.entries) - 1))

    def select_next(self) -> None:
        if self.entries:
            self.sel = (self.sel + 1) % len(self.entries)

    def toggle(self, name: str, on: bool) -> None:
        """A line-up checkbox: on adds one racer of that optimizer, off removes every one of them."""
        if on and name not in self.names and len(self.entries) < MAX_RACERS:
            self.entries.append((name, {}))
            self.sel = len(self.entries) - 1
        elif not on:
            self.entries = [e for e in self.entries if e[0] != name]
            self.sel = 0

    def copy(self) -> bool:
        if not self.entries or len(self.entries) >= MAX_RACERS:
            return False
        self.entries.insert(self.sel + 1, (self.selected, dict(self.selected_params())))
        self.sel += 1
        return True

    def remove(self) -> bool:
        if not self.entries:
            return False
        del self.entries[self.sel]
        self.sel = max(0, self.sel - 1)
        return True

    def set_param(self, key: str, value) -> None:
        given = dict(self.selected_params())
        given[key] = value
        if key == "schedule":  # the old schedule's own parameters do not carry over
            for k in SCHEDULE_PARAMS:
                if k != "schedule":
                    given.pop(k, None)
        self.entries[self.sel] = (self.selected, given)


class LineupTuning:
    """"Tune all": each racer's learning rate (annealing: its step) chosen by a tuning sweep (engine/sweep.py
    ``tune``, the same as ``hiker race --tuned``), one racer after the other, a few steps per frame so the
    window never freezes. ``advance`` does a bounded amount of work; ``done`` and ``chosen`` tell the result."""

    FRAME_SECONDS = 0.008  # the work a frame may do (the window keeps its 60 frames per second)

    def __init__(self, level, entries: list[tuple[str, dict]], steps: int, seed: int,
                 starts: int | None = None) -> None:
        from engine.sweep import DEFAULT_TUNE_STARTS

        self.level = level
        self.entries = [(n, dict(g)) for n, g in entries]
        self.steps = int(steps)
        self.seed = int(seed)
        self.starts = DEFAULT_TUNE_STARTS if starts is None else int(starts)
        self.index = 0  # the racer being tuned
        self.sweep = None
        self.chosen: list = []  # engine.sweep.Tuning per finished racer

    @property
    def done(self) -> bool:
        return self.index >= len(self.entries)

    @property
    def progress(self) -> float:
        if not self.entries:
            return 1.0
        part = 0.0 if self.sweep is None else self.sweep.t / max(1, self.sweep.steps)
        return min(1.0, (self.index + part) / len(self.entries))

    @property
    def current(self) -> str:
        return self.entries[self.index][0] if not self.done else ""

    def advance(self, max_steps: int | None = None, budget_seconds: float | None = None) -> None:
        """Steps of the current racer's sweep: at least one, then up to ``max_steps`` or until ``budget_seconds``
        have passed (a frame's share: the results never depend on how the work was sliced); the next racer's
        sweep starts when one ends."""
        import time

        from engine.sweep import chosen, tune

        if self.done:
            return
        if self.sweep is None:
            name, given = self.entries[self.index]
            self.sweep = tune(self.level.landscape, self.level.minimum, name, given, self.steps, self.seed,
                              self.starts)
            if budget_seconds is not None:
                return  # building a sweep is this frame's work
        deadline = None if budget_seconds is None else time.perf_counter() + budget_seconds
        taken = 0
        while not self.sweep.done:
            self.sweep.step()
            taken += 1
            if (max_steps is not None and taken >= max_steps) or (
                    deadline is not None and time.perf_counter() > deadline):
                break
        if self.sweep.done:
            self.chosen.append(chosen(self.sweep))
            self.sweep = None
            self.index += 1

    def run(self) -> LineupTuning:
        while not self.done:
            self.advance()
        return self

    def tuned_entries(self) -> list[tuple[str, dict]]:
        return [(name, t.given(given)) for (name, given), t in zip(self.entries, self.chosen, strict=True)]

    def summary(self) -> str:
        parts = [f"{t.name} {t.param}={t.value:.3g}{grid_edge(t.value, t.sweep.axes[0].values)}" for t in self.chosen]
        return f"Tuned on {self.starts} starts of their own: " + ", ".join(parts)

