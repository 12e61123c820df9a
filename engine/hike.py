"""The blindfolded hike: the player's moves and abilities, and the verdict at the end.

Each ability mirrors an optimizer: "follow the slope" is a gradient step with the stride as learning
rate; the sled is momentum; the leap is one simulated-annealing proposal judged by the Metropolis rule;
the restart drops the hiker somewhere new while the best point so far is remembered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .level import Level
from .race import Race
from .rules import HikeFacts, Verdict, judge

SLED_STEPS = 8
PACE_MIN, PACE_MAX = 0.005, 0.1  # an arrow step's length, as fractions of the domain's diagonal
SLED_FRICTION = 0.8  # the momentum coefficient while sledding
LEAP_REACH = 0.12  # leap standard deviation, as a fraction of the domain's diagonal
DIRECTIONS = {"forward": (0.0, 1.0), "back": (0.0, -1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}
COMPASS = {"forward": "north", "back": "south", "left": "west", "right": "east"}  # what the player is told
SLOPE_GRID = 48  # points per side of the grid whose median steepness is this level's "typical" slope
# The ground's steepness in words, relative to the level's typical slope (its median gradient norm).
SLOPE_WORDS = ((0.02, "flat"), (0.3, "gentle"), (1.5, "moderate"), (4.0, "steep"), (float("inf"), "very steep"))
OVERSHOOT = 0.1  # a slope step longer than this share of the map's diagonal is called a cliff jump


def typical_slope(landscape) -> float:
    """The level's typical steepness: the median gradient norm on a grid over its domain (computed once
    per hike). Words like "steep" are relative to it, so they mean the same on Rastrigin and The Exam."""
    _, _, P = landscape.domain.grid(SLOPE_GRID)
    with np.errstate(all="ignore"):
        g = landscape.grad(P)
    n = np.hypot(g[:, 0], g[:, 1])
    n = n[np.isfinite(n)]
    med = float(np.median(n)) if n.size else 0.0
    return med if med > 0 else 1.0


def slope_word(steepness: float, typical: float) -> str:
    """"flat", "gentle", "moderate", "steep" or "very steep", relative to the level's typical slope."""
    ratio = steepness / typical if typical > 0 else 0.0
    return next(word for limit, word in SLOPE_WORDS if ratio < limit)


@dataclass
class LeapResult:
    accepted: bool
    delta: float
    chance: float
    target: tuple[float, float]
    altitude: float = math.nan  # the altitude at the target, where the leap would land (or landed)


@dataclass
class Hike:
    level: Level
    seed: int | None = None
    start: tuple[float, float] | None = None
    pos: np.ndarray = field(init=False)
    path: list[tuple[float, float]] = field(init=False)
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.land = self.level.landscape
        self.domain = self.land.domain
        rules = self.level.rules
        start = self.start if self.start is not None else self.level.start(self.rng)
        self.start = (float(start[0]), float(start[1]))
        self.pos = np.array(self.start)
        self.path = [self.start]
        self.budget = rules.steps
        self.steps_left = rules.steps
        self.stride = rules.stride
        a = rules.abilities
        self.uses = {"sled": a.sled, "leap": a.leap, "restart": a.restart}
        self.sled_steps = 0
        self.velocity = np.zeros(2)
        self.probes: dict[str, float] = {}
        self.probe_pace = 0.0
        self.probe_count = 0
        self.declared = False
        self.best_pos = self.pos.copy()
        self.best_cost = self.altitude()
        self.start_cost = self.best_cost
        self.spread = self.level.minimum.spread  # how tall the landscape is: leaps are hot in proportion
        self.typical = typical_slope(self.land)
        self.last_leap: LeapResult | None = None

    # ------------------------------------------------------------------ sensing

    def altitude(self, p=None) -> float:
        p = self.pos if p is None else np.asarray(p, dtype=float)
        with np.errstate(all="ignore"):
            return float(self.land.value(p[None])[0])

    def slope(self) -> np.ndarray:
        """The gradient under the hiker's feet (the descent direction is its negative)."""
        with np.errstate(all="ignore"):
            g = self.land.grad(self.pos[None])[0]
        return np.where(np.isfinite(g), g, 0.0)

    @property
    def pace(self) -> float:
        """How far one step carries the hiker here: the stride (a learning rate) times the steepness,
        as a slope step would, but never less than 0.5% nor more than 10% of the map's diagonal."""
        diag = self.domain.diagonal
        return float(np.clip(self.stride * np.hypot(*self.slope()), PACE_MIN * diag, PACE_MAX * diag))

    def steepness(self) -> float:
        return float(np.hypot(*self.slope()))

    def slope_words(self) -> str:
        """The ground under the hiker's feet, in words relative to this level's typical slope."""
        return slope_word(self.steepness(), self.typical)

    def slope_step(self) -> float:
        """How far "follow the slope" would carry the hiker from here: stride times steepness (unclamped)."""
        return self.stride * self.steepness()

    def overshoots(self) -> bool:
        """True when a slope step from here would jump more than OVERSHOOT of the map: a cliff jump."""
        return self.slope_step() > OVERSHOOT * self.domain.diagonal

    def probe(self) -> dict[str, float]:
        """Touch a toe one pace forward, back, left and right: the change of altitude at each."""
        here = self.altitude()
        pace = self.pace
        self.probes = {}
        self.probe_pace = pace
        for name, d in DIRECTIONS.items():
            p = self.domain.clamp(self.pos + pace * np.array(d))
            self.probes[name] = self.altitude(p) - here
        self.probe_count += 1
        return self.probes

    @property
    def finished(self) -> bool:
        return self.declared or self.steps_left <= 0

    @property
    def temperature(self) -> float:
        """Leap temperature: starts at 20% of the typical altitude range, cools as steps are spent."""
        return max(1e-12, 0.2 * self.spread * self.steps_left / max(1, self.budget))

    # ------------------------------------------------------------------ moving

    def _go(self, delta: np.ndarray, what: str) -> bool:
        if self.finished:
            return False
        self.last_leap = None
        if self.sled_steps > 0:
            self.velocity = SLED_FRICTION * self.velocity + delta
            delta = self.velocity
            self.sled_steps -= 1
        new = self.domain.clamp(self.pos + delta)
        cost = self.altitude(new)
        if not math.isfinite(cost):
            self.log.append("That ground does not exist (the formula is undefined there): you stay put.")
            new, cost = self.pos, self.altitude()
        self.pos = np.asarray(new, dtype=float)
        self.path.append((float(self.pos[0]), float(self.pos[1])))
        self.steps_left -= 1
        self.probes = {}
        if cost < self.best_cost:
            self.best_cost, self.best_pos = cost, self.pos.copy()
        self.log.append(what)
        return True

    def _change(self, before: float) -> str:
        d = self.altitude() - before
        return "level" if d == 0 else f"{'down' if d < 0 else 'up'} {abs(d):.3g}"

    def move(self, direction: str) -> bool:
        before = self.altitude()
        moved = self._go(self.pace * np.array(DIRECTIONS[direction]), "")
        if moved:
            self.log[-1] = f"Stepped {COMPASS[direction]}: {self._change(before)}."
        return moved

    def follow_slope(self) -> bool:
        """One gradient-descent step: x <- x - stride * gradient."""
        before = self.altitude()
        moved = self._go(-self.stride * self.slope(), "")
        if moved:
            self.log[-1] = f"Followed the slope: {self._change(before)}."
        return moved

    def change_stride(self, factor: float) -> None:
        self.stride = float(min(1e6, max(1e-9, self.stride * factor)))

    def sled(self) -> bool:
        if self.finished or self.uses["sled"] <= 0 or self.sled_steps > 0:
            return False
        self.uses["sled"] -= 1
        self.sled_steps = SLED_STEPS
        self.velocity = np.zeros(2)
        self.log.append(f"On the sled: your next {SLED_STEPS} steps keep {SLED_FRICTION:.0%} of your speed.")
        return True

    def leap(self) -> LeapResult | None:
        """An annealing proposal: a random point nearby, accepted uphill with chance exp(-delta / T)."""
        if self.finished or self.uses["leap"] <= 0:
            return None
        self.uses["leap"] -= 1
        target = self.domain.clamp(self.pos + LEAP_REACH * self.domain.diagonal * self.rng.standard_normal(2))
        there = self.altitude(target)
        delta = there - self.altitude()
        if not math.isfinite(delta):
            chance = 0.0
        else:
            chance = 1.0 if delta <= 0 else math.exp(-delta / self.temperature)
        accepted = bool(self.rng.random() < chance)
        t = (float(target[0]), float(target[1]))
        if accepted:
            self.sled_steps = 0
            self._go(np.asarray(target) - self.pos, f"Leapt {'down' if delta <= 0 else 'up'} {abs(delta):.3g}"
                     f" (chance {chance:.0%}).")
        else:
            self.steps_left -= 1
            self.log.append(f"Leap refused: it would have landed at altitude {there:.4g}, {delta:.3g} uphill, "
                            f"with only a {chance:.0%} chance at this temperature.")
        self.last_leap = LeapResult(accepted, delta, chance, t, there)
        return self.last_leap

    def restart(self) -> bool:
        if self.finished or self.uses["restart"] <= 0:
            return False
        self.uses["restart"] -= 1
        self.sled_steps = 0
        target = self.domain.uniform(self.rng, 1)[0]
        return self._go(target - self.pos, "Dropped somewhere new. Your best spot so far is remembered.")

    def declare(self) -> None:
        self.declared = True

    # ------------------------------------------------------------------ the verdict

    def facts(self, ai_best_cost: float | None = None) -> HikeFacts:
        here = self.altitude()
        return HikeFacts(
            start_cost=self.start_cost, best_cost=min(here, self.best_cost),
            best_point=(float(self.best_pos[0]), float(self.best_pos[1])) if self.best_cost <= here else
            (float(self.pos[0]), float(self.pos[1])),
            stopped_cost=here, stopped_point=(float(self.pos[0]), float(self.pos[1])),
            steps_used=self.budget - self.steps_left, budget=self.budget, par=self.level.rules.par_steps,
            declared=self.declared, ai_best_cost=ai_best_cost)

    def verdict(self, ai_best_cost: float | None = None) -> Verdict:
        """The rules' verdict (engine/rules.py). ``ai_best_cost``: see ``rival_race``."""
        return judge(self.facts(ai_best_cost), self.level.minimum, self.domain)

    def rival_race(self) -> Race:
        """The level's AI line-up from this hike's start, over the same step budget: what the player is
        compared with on the results screen and by `hiker hike`."""
        lvl = self.level
        return Race(lvl.landscape, lvl.lineup(), self.start, self.budget, lvl.minimum, seed=lvl.race.seed).run()


def best_final_cost(race: Race) -> float | None:
    """The lowest final altitude among a race's racers that did not fall (None if every one fell)."""
    costs = [float(r.hikers.reported_cost[0]) for r in race.racers if not r.hikers.fell[0]]
    return min(costs) if costs else None
