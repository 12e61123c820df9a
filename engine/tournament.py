"""Tournaments: every optimizer of a line-up on every chosen level, from K seeded random starts.

On each level the K starts are the same for every racer (``random_starts(domain, seed, K)``, as
``hiker race --swarm K``), and racer i draws its random numbers from the stream a race gives racer i
(``racer_stream(seed, i)``): start k of racer i is exactly ``hiker race LEVEL --start s_k --seed S`` with the
same line-up. Each cell is scored and ranked by engine/rules.py (``cell_score``, ``ranks``, RANKING); with
``tuned``, each racer's learning rate is first chosen on that level by a tuning sweep (engine/sweep.py
``tune``) from starts of its own seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .optim import complete, format_spec
from .rules import RANKING, TUNING_OBJECTIVE, CellScore, cell_score, ranks
from .sweep import DEFAULT_TUNE_STARTS, Sweep, chosen, random_starts, tune


@dataclass
class Cell:
    racer: int
    params: dict[str, Any]
    score: CellScore
    tuned: dict[str, Any] | None = None
    error: str | None = None
    rank: int = 0

    def json(self) -> dict[str, Any]:
        s = self.score
        return {"racer": self.racer, "found_share": s.found_share, "median_gap": _finite(s.median_gap),
                "median_steps": _finite(s.median_steps), "fell_share": s.fell_share, "rank": self.rank,
                "params": self.params, "tuned": self.tuned, "error": self.error}


@dataclass
class LevelResult:
    level: Any  # engine.level.Level
    steps: int
    cells: list[Cell] = field(default_factory=list)


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def label(name: str, given: dict[str, Any]) -> str:
    """The racer's name plus only the parameters it sets, e.g. "adam:lr=0.1"."""
    return format_spec(name, given)


class Tournament:
    def __init__(self, levels: Sequence[Any], lineup: list[tuple[str, dict[str, Any]]], starts: int,
                 steps: int | None, seed: int, tuned: bool = False, tune_starts: int = DEFAULT_TUNE_STARTS,
                 tune_grid: tuple[float, float, int] | None = None) -> None:
        self.levels = list(levels)
        self.lineup = [(n, dict(g)) for n, g in lineup]
        self.k = int(starts)
        self.steps = steps
        self.seed = int(seed)
        self.tuned = bool(tuned)
        self.tune_starts = int(tune_starts)
        self.tune_grid = tune_grid
        self.results: list[LevelResult] = []
        for name, given in self.lineup:
            complete(name, given, steps)  # a bad spec fails before any work

    def level_steps(self, level) -> int:
        return int(self.steps if self.steps is not None else level.race.steps)

    @property
    def work(self) -> int:
        """Racer-steps in all (tuning sweeps count one step per step): the progress bar's total."""
        per_level = len(self.lineup) * (2 if self.tuned else 1)
        return sum(self.level_steps(lv) * per_level for lv in self.levels)

    def run(self, on_step: Callable[[int], None] | None = None,
            on_cell: Callable[[str], None] | None = None) -> Tournament:
        self.results = [self.run_level(lv, on_step, on_cell) for lv in self.levels]
        return self

    def run_level(self, level, on_step=None, on_cell=None) -> LevelResult:
        steps = self.level_steps(level)
        starts = random_starts(level.domain, self.seed, self.k)
        result = LevelResult(level, steps)
        for i, (name, given) in enumerate(self.lineup):
            if on_cell is not None:
                on_cell(f"{level.id}: {name}")
            tuned = None
            if self.tuned:
                sweep = tune(level.landscape, level.minimum, name, given, steps, self.seed, self.tune_starts,
                             self.tune_grid)
                sweep.run(on_step)
                t = chosen(sweep)
                given = t.given(given)
                tuned = t.json()
            run = Sweep(level.landscape, level.minimum, name, given, [], starts, steps, self.seed, racer_index=i)
            run.run(on_step)
            d = run.per_hiker()
            errors = run.errors()
            result.cells.append(Cell(i, complete(name, given, steps), cell_score(d["final_cost"], d["fell"],
                                     d["reached_at"], level.minimum), tuned, errors[0] if errors else None))
        for cell, rank in zip(result.cells, ranks([c.score.key() for c in result.cells]), strict=True):
            cell.rank = rank
        return result

    def overall(self) -> list[dict[str, Any]]:
        """Per racer: the mean rank over the levels (lower is better), levels won, mean share of starts that
        found the minimum, and the overall rank (by mean rank, then by that share)."""
        rows = []
        for i, (name, given) in enumerate(self.lineup):
            cells = [r.cells[i] for r in self.results]
            rows.append({"racer": i, "label": label(name, given),
                         "mean_rank": float(np.mean([c.rank for c in cells])) if cells else 0.0,
                         "wins": sum(c.rank == 1 for c in cells),
                         "found_share": float(np.mean([c.score.found_share for c in cells])) if cells else 0.0,
                         "fell_share": float(np.mean([c.score.fell_share for c in cells])) if cells else 0.0})
        for row, rank in zip(rows, ranks([(r["mean_rank"], -r["found_share"]) for r in rows]), strict=True):
            row["rank"] = rank
        return rows

    def result(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "starts": self.k,
            "steps": self.steps,
            "tuned": self.tuned,
            "tuning": {"objective": TUNING_OBJECTIVE, "starts": self.tune_starts} if self.tuned else None,
            "ranking": RANKING,
            "racers": [{"index": i, "name": n, "label": label(n, g), "given": g}
                       for i, (n, g) in enumerate(self.lineup)],
            "levels": [{"id": r.level.id, "title": r.level.title, "steps": r.steps,
                        "minimum": r.level.minimum.value, "tolerance": r.level.minimum.tolerance,
                        "cells": [c.json() for c in r.cells]} for r in self.results],
            "overall": self.overall(),
        }
