"""A race: several optimizers start from one point and step side by side for a step budget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .hikers import Hikers
from .landscapes import Landscape
from .minimum import MinimaReport
from .optim import build, complete, format_spec
from .rules import found, outcome


@dataclass
class Racer:
    name: str
    params: dict[str, Any]
    hikers: Hikers
    reached_at: int | None = None

    @property
    def label(self) -> str:
        """The name plus only the parameters that differ from the defaults, e.g. "adam:lr=0.1"."""
        base = {"base": self.params["base"]} if "base" in self.params else {}  # restarts: its base's defaults
        defaults = complete(self.name, base, None)
        changed = {k: v for k, v in self.params.items() if defaults.get(k) != v and k != "t_max"}
        if base and base["base"] != complete(self.name, {}, None)["base"]:
            changed = {**base, **changed}
        return format_spec(self.name, changed)


def racer_seeds(seed: int, n: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n)]


class Race:
    def __init__(self, landscape: Landscape, lineup: list[tuple[str, dict[str, Any]]],
                 start: tuple[float, float], steps: int, minimum: MinimaReport, seed: int = 0,
                 record_path: bool = True, swarm: np.ndarray | None = None) -> None:
        self.landscape = landscape
        self.start = (float(start[0]), float(start[1]))
        self.steps = int(steps)
        self.seed = int(seed)
        self.minimum = minimum
        self.t = 0
        starts = np.array([self.start]) if swarm is None else swarm
        self.racers: list[Racer] = []
        for (name, given), rng in zip(lineup, racer_seeds(seed, len(lineup)), strict=True):
            opt = build(name, given, steps)
            hikers = Hikers(opt, landscape, starts, rng, record_path=record_path)
            self.racers.append(Racer(name, opt.params, hikers))
        self._note_reached()

    @property
    def finished(self) -> bool:
        return self.t >= self.steps

    def _note_reached(self) -> None:
        for r in self.racers:
            if r.reached_at is None and bool(np.any(found(r.hikers.reported_cost, self.minimum)[~r.hikers.fell])):
                r.reached_at = self.t

    def step(self) -> None:
        if self.finished:
            return
        for r in self.racers:
            r.hikers.step()
        self.t += 1
        self._note_reached()

    def run(self) -> Race:
        while not self.finished:
            self.step()
        return self

    def standings(self) -> list[Racer]:
        """Racers ordered by altitude (of their first hiker); fallen hikers last."""
        def key(r: Racer) -> tuple:
            return (bool(r.hikers.fell[0]), float(r.hikers.reported_cost[0]))
        return sorted(self.racers, key=key)

    def result(self, with_path: bool = False) -> dict[str, Any]:
        entries = []
        for r in self.racers:
            h = r.hikers
            final = h.reported_x[0]
            cost = float(h.reported_cost[0])
            kind, which = ("fell", None) if h.fell[0] else outcome(final, cost, self.minimum, self.landscape.domain)
            entry: dict[str, Any] = {
                "name": r.name,
                "label": r.label,
                "params": r.params,
                "final": [float(final[0]), float(final[1])],
                "final_cost": cost,
                "best_cost": float(h.best_cost[0]),
                "reached_at": r.reached_at,
                "fell": bool(h.fell[0]),
                "ended_in": kind,
                "ended_minimum": None if which is None else {"value": which.value, "point": list(which.point)},
                "distance_to_global": float(self.minimum.distance(final[None])[0]),
                "path_length": float(h.path_length[0]),
            }
            if with_path and h.path is not None:
                entry["path"] = [[float(p[0, 0]), float(p[0, 1])] for p in h.path]
            entries.append(entry)
        return {
            "seed": self.seed,
            "steps": self.steps,
            "start": list(self.start),
            "minimum": minimum_json(self.minimum),
            "racers": entries,
        }


def minimum_json(m: MinimaReport) -> dict[str, Any]:
    return {"value": m.value, "points": [list(p) for p in m.points], "source": m.source,
            "tolerance": m.tolerance}
