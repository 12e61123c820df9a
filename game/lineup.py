"""The race screen's line-up: which optimizers race, with which parameters, and which one is being tuned.

The same optimizer may race several times (gd at three learning rates is the classic lesson); copies
are told apart by number and shade.
"""

from __future__ import annotations

from engine.optim import SpecError, complete, format_spec, parse_spec
from engine.optim.schedules import SCHEDULE_PARAMS

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
