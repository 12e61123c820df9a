"""The rules a player is told about, each defined exactly once.

- **found**: an altitude within the level's tolerance of the global minimum.
- **which minimum a point ended in**: the global one exactly when it is found; a local one when it lies
  near that minimum (within 3% of the map's diagonal) and no higher than the tolerance above it.
- **the verdict, score and stars** of a blindfolded hike (STAR_RULES says what each star needs).
- **unlocking**: which designed level opens when.
- **fair races**: the objective a tuned race picks each racer's learning rate by (``tuning_score``), and how a
  tournament ranks optimizers (``cell_score``, ``ranks``).

The command line, the results screen, the level list, the race and the basins map all call these, so
what one screen calls "found" another never contradicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .landscapes import Domain
from .minimum import MinimaReport, Minimum

BASIN_RADIUS = 0.03  # as a fraction of the map's diagonal
NOWHERE = -1  # the label of a point that ended in no known minimum


def found(costs: np.ndarray | float, report: MinimaReport) -> np.ndarray:
    """True where an altitude is within the tolerance of the global minimum (NaN is never found)."""
    return np.asarray(costs, dtype=float) <= report.value + report.tolerance


def known_minima(report: MinimaReport) -> list[Minimum]:
    """Every minimum the level knows, deepest first: those the search found plus any declared global
    minimizer the search did not reach on its own."""
    places = list(report.minima)
    merge = 1e-9 * max(1.0, *(abs(c) for p in report.points for c in p)) if report.points else 0.0
    for p in report.points:
        if not any(np.hypot(p[0] - m.point[0], p[1] - m.point[1]) <= merge for m in places):
            places.append(Minimum(report.value, (float(p[0]), float(p[1]))))
    return sorted(places, key=lambda m: m.value)


def is_global(m: Minimum, report: MinimaReport) -> bool:
    return bool(m.value <= report.value + report.tolerance)


def ended_in(points: np.ndarray, costs: np.ndarray, report: MinimaReport, domain: Domain,
             places: Sequence[Minimum] | None = None) -> np.ndarray:
    """For each point, the index into ``places`` (default ``known_minima(report)``) of the minimum it ended
    in, or NOWHERE. A point gets a global minimum exactly when ``found``; memory stays O(points)."""
    places = known_minima(report) if places is None else places
    P = np.asarray(points, dtype=float).reshape(-1, 2)
    costs = np.asarray(costs, dtype=float).reshape(-1)
    labels = np.full(len(P), NOWHERE)
    best = np.full(len(P), np.inf)
    is_found = found(costs, report)
    radius = BASIN_RADIUS * domain.diagonal
    for i, m in enumerate(places):
        d = np.hypot(P[:, 0] - m.point[0], P[:, 1] - m.point[1])
        if is_global(m, report):
            here = is_found
        else:
            here = ~is_found & (d <= radius) & (costs <= m.value + report.tolerance)
        closer = here & (d < best)
        labels[closer] = i
        best[closer] = d[closer]
    return labels


def outcome(point, cost: float, report: MinimaReport, domain: Domain) -> tuple[str, Minimum | None]:
    """Where one point ended: ("global" | "local" | "none", that minimum)."""
    places = known_minima(report)
    label = int(ended_in(np.asarray(point, dtype=float)[None], np.array([cost]), report, domain, places)[0])
    if label == NOWHERE:
        return "none", None
    m = places[label]
    return ("global" if is_global(m, report) else "local"), m


# --------------------------------------------------------------------------- the hike's verdict

DESCENT_POINTS = 500  # times the share of the way down from the start to the global minimum
FOUND_POINTS = 300  # for a best point within the tolerance of the global minimum
PACE_POINTS = 100  # when found: times the share of the step budget left over
BEAT_AI_POINTS = 100  # for a best point at least as low as every AI hiker's from the same start
ONE_STAR_SHARE = 0.9  # of the way down, for the first star (beating the AI line-up also earns it)

STAR_RULES = (
    "get 90% of the way down, or end lower than every AI hiker",
    "find the global minimum, or do both: 90% of the way down and lower than every AI hiker",
    "find the global minimum within par",
)


@dataclass(frozen=True)
class HikeFacts:
    """What a finished hike did, in numbers: all a verdict needs."""

    start_cost: float
    best_cost: float
    best_point: tuple[float, float]
    stopped_cost: float
    stopped_point: tuple[float, float]
    steps_used: int
    budget: int
    par: int
    declared: bool  # "I'm at the bottom"; a hike that stops with steps left (a script's end) counts the same
    ai_best_cost: float | None = None  # the lowest final altitude of the level's AI line-up, same start and budget


@dataclass(frozen=True)
class ScorePart:
    label: str
    points: int
    max_points: int
    why: str


@dataclass(frozen=True)
class Verdict:
    kind: str  # "global", "local", "slope" (stopped on a slope) or "out_of_steps"
    gap: float  # the best altitude above the global minimum
    stopped_gap: float  # the altitude where the hiker stopped, above the global minimum
    parts: tuple[ScorePart, ...]
    stars: int
    message: str

    @property
    def score(self) -> int:
        return sum(p.points for p in self.parts)


def _g(v: float) -> str:
    return f"{v:.3g}"


def judge(facts: HikeFacts, report: MinimaReport, domain: Domain) -> Verdict:
    """The verdict on a hike: what happened in words, the score part by part, and the stars."""
    gap = facts.best_cost - report.value
    stopped_gap = facts.stopped_cost - report.value
    drop = facts.start_cost - report.value
    hit = bool(found(facts.best_cost, report))
    # The share of the way down from the start to the global minimum; finding the minimum is all the way.
    share = 1.0 if hit or drop <= 0 else float(np.clip((facts.start_cost - facts.best_cost) / drop, 0.0, 1.0))
    beat = facts.ai_best_cost is not None and facts.best_cost <= facts.ai_best_cost
    left = max(0, facts.budget - facts.steps_used)
    parts = (
        ScorePart("descent", round(DESCENT_POINTS * share), DESCENT_POINTS,
                  f"{share:.0%} of the way down from your start"),
        ScorePart("found the global minimum", FOUND_POINTS if hit else 0, FOUND_POINTS,
                  "your best point is within the tolerance" if hit else f"your best point is {_g(gap)} above it"),
        ScorePart("pace", round(PACE_POINTS * left / max(1, facts.budget)) if hit else 0, PACE_POINTS,
                  f"{left} of {facts.budget} steps left" if hit else "only counts once you find it"),
        ScorePart("beat the AI hikers", BEAT_AI_POINTS if beat else 0, BEAT_AI_POINTS,
                  "you ended at least as low as every one" if beat else (
                      "no AI hikers to compare" if facts.ai_best_cost is None else
                      f"the best AI hiker ended {_g(facts.ai_best_cost - report.value)} above the minimum")),
    )
    far = share >= ONE_STAR_SHARE
    if hit:
        stars = 3 if facts.steps_used <= facts.par else 2
    else:  # close to the bottom and better than every AI hiker is worth as much as finding it late
        stars = 2 if far and beat else (1 if far or beat else 0)
    both = "" if abs(stopped_gap - gap) <= report.tolerance else f"; your best point was {_g(gap)} above"
    if hit:
        kind, message = "global", "You found the global minimum!"
        if stopped_gap > report.tolerance:
            message += f" (you then moved on and stopped {_g(stopped_gap)} above it; the best point counts)"
    elif not facts.declared and facts.steps_used >= facts.budget:
        kind, message = "out_of_steps", f"You ran out of steps {_g(stopped_gap)} above the global minimum{both}."
    elif outcome(facts.stopped_point, facts.stopped_cost, report, domain)[0] == "local":
        kind = "local"
        message = f"You stopped in a local minimum, {_g(stopped_gap)} higher than the global one{both}."
    else:
        kind = "slope"
        message = f"The ground still sloped where you stopped, {_g(stopped_gap)} above the global minimum{both}."
    return Verdict(kind, gap, stopped_gap, parts, stars, message)


# --------------------------------------------------------------------------- unlocking

FREE_LEVELS = 4  # designed levels open from the start; each later one opens when the one before has a star


def is_unlocked(sequence: Sequence[str], level_id: str, stars: Mapping[str, int]) -> bool:
    """A level in the unlock ``sequence`` opens when it is among the first FREE_LEVELS or the level before
    it has at least one star. Levels outside the sequence (classics, the player's own) are always open."""
    if level_id not in sequence:
        return True
    i = list(sequence).index(level_id)
    return i < FREE_LEVELS or stars.get(sequence[i - 1], 0) >= 1


def is_new_best(previous_score: int | None, score: int, stars: int | None = None) -> bool:
    """A personal best beats an earlier result of the same level (a first result is not called one) and,
    when ``stars`` is given, earns at least one star (a better miss is not celebrated)."""
    return previous_score is not None and score > previous_score and (stars is None or stars >= 1)


# --------------------------------------------------------------------------- fair races

TUNING_OBJECTIVE = ("the median, over the tuning starts, of the final altitude above the global minimum (a fallen "
                    "hiker counts as infinitely high); values whose median is within the level's tolerance tie, "
                    "and ties go to the faster (the median step at which the minimum was first found), then to "
                    "the smaller value")
RANKING = ("more starts that found the global minimum, then the lower median final altitude above it, then the "
           "fewer median steps to reach it; overall, the lower mean rank over the levels")


@dataclass(frozen=True)
class TuningScore:
    """How one grid value did over the tuning starts: ``gap`` is the objective (the median final altitude above
    the global minimum, inf when at least half fell), ``speed`` the median step of first finding it (inf when the
    median start never did)."""

    gap: float
    speed: float
    tied: bool  # the gap is within the tolerance: every such value ties on altitude

    def key(self, index: int) -> tuple[float, float, int]:
        return (0.0 if self.tied else self.gap, self.speed, index)


def tuning_score(final_costs: np.ndarray, fell: np.ndarray, reached_at: np.ndarray,
                 report: MinimaReport) -> TuningScore:
    """The objective of a tuned race (TUNING_OBJECTIVE) for one grid value. ``reached_at`` holds -1 where a
    start never found the minimum."""
    costs = np.asarray(final_costs, dtype=float)
    gaps = np.where(np.asarray(fell, dtype=bool), np.inf, costs - report.value)
    gap = float(np.median(gaps))
    steps = np.asarray(reached_at, dtype=float)
    speed = float(np.median(np.where(steps < 0, np.inf, steps)))
    return TuningScore(gap, speed, bool(np.isfinite(gap) and found(report.value + gap, report)))


def best_value(scores: Sequence[TuningScore]) -> int:
    """The index of the grid value a tuned race chooses: the lowest ``TuningScore.key``."""
    return min(range(len(scores)), key=lambda i: scores[i].key(i))


@dataclass(frozen=True)
class CellScore:
    """One optimizer on one level of a tournament, over its starts."""

    found_share: float  # starts whose final (reported) altitude found the global minimum, not fallen
    median_gap: float  # median final altitude above the minimum; a fallen start counts as infinitely high
    median_steps: float  # median step at which the minimum was first found, over the starts that found it; inf
    fell_share: float

    def key(self) -> tuple[float, float, float]:
        return (-self.found_share, self.median_gap, self.median_steps)


def cell_score(final_costs: np.ndarray, fell: np.ndarray, reached_at: np.ndarray, report: MinimaReport) -> CellScore:
    costs = np.asarray(final_costs, dtype=float)
    fell = np.asarray(fell, dtype=bool)
    ok = found(costs, report) & ~fell
    gaps = np.where(fell, np.inf, costs - report.value)
    reached = np.asarray(reached_at)[np.asarray(reached_at) >= 0]
    return CellScore(float(ok.mean()), float(np.median(gaps)),
                     float(np.median(reached)) if len(reached) else float("inf"), float(fell.mean()))


def ranks(keys: Sequence[tuple]) -> list[int]:
    """Competition ranks ("1224"): equal keys share a rank, and the next rank skips as many places."""
    return [1 + sum(1 for other in keys if other < k) for k in keys]
