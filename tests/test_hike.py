"""The blindfolded hike's rules (engine/hike.py), headless."""

import math

import numpy as np
import pytest

from engine.hike import SLED_FRICTION, Hike
from engine.level import find_level


@pytest.fixture(scope="module")
def twin():
    return find_level("twin-valleys")


def test_follow_the_slope_is_gradient_descent(twin):
    h = Hike(twin, seed=0)
    p = h.pos.copy()
    g = twin.landscape.grad(p[None])[0]
    h.follow_slope()
    assert h.pos == pytest.approx(p - h.stride * g)
    assert h.steps_left == h.budget - 1 and h.path[-1] == tuple(h.pos)


def test_pace_is_stride_times_steepness_within_bounds(twin):
    h = Hike(twin, seed=0)
    steep = np.hypot(*h.slope())
    assert h.pace == pytest.approx(h.stride * steep)
    h.change_stride(1e-6)
    assert h.pace == pytest.approx(0.005 * twin.domain.diagonal)  # never less than 0.5% of the map
    h.change_stride(1e9)
    assert h.pace == pytest.approx(0.1 * twin.domain.diagonal)  # never more than 10%


def test_sled_keeps_momentum(twin):
    h = Hike(twin, seed=0)
    assert h.sled() and h.uses["sled"] == twin.rules.abilities.sled - 1
    a = h.pos.copy()
    h.move("left")
    first = h.pos - a
    b = h.pos.copy()
    pace = h.pace
    h.move("left")
    # the second step carries 80% of the first one's velocity on top of its own
    assert h.pos - b == pytest.approx(SLED_FRICTION * first + np.array([-pace, 0]))


def test_leap_follows_the_metropolis_rule(twin):
    accepted, chances = [], []
    for seed in range(400):
        h = Hike(twin, seed=seed, start=(-0.97, 0.0))  # at the global minimum: nearly every leap is uphill
        temperature = h.temperature  # the leap itself spends a step, which cools the hiker
        r = h.leap()
        assert r.chance == pytest.approx(1.0 if r.delta <= 0 else math.exp(-r.delta / temperature))
        accepted.append(r.accepted)
        chances.append(r.chance)
        assert (tuple(h.pos) == pytest.approx(r.target)) == r.accepted
    assert np.mean(accepted) == pytest.approx(np.mean(chances), abs=0.07)
    assert 0.05 < np.mean(chances) < 0.95


def test_leaps_get_colder_as_steps_are_spent(twin):
    h = Hike(twin, seed=0)
    hot = h.temperature
    for _ in range(10):
        h.move("right")
    assert h.temperature == pytest.approx(hot * h.steps_left / h.budget)


def test_restart_remembers_the_best_point(twin):
    h = Hike(twin, seed=3, start=(-0.97, 0.0))
    best = h.best_cost
    h.restart()
    assert h.best_cost == best and h.altitude() > best
    v = h.verdict()
    assert v.kind == "global"  # the best point found counts


@pytest.mark.parametrize("start, declare, kind, stars", [
    ((-0.97, 0.0), True, "global", 3),  # at the global minimum, 0 steps used: within par
    ((0.905, 0.0), True, "local", 0),  # declared at once in the other valley: no way down made
    ((1.5, 1.5), True, "slope", 0),
    ((1.5, 1.5), False, "out_of_steps", 0),  # walked into the eastern wall: uphill all the way
])
def test_verdicts(twin, start, declare, kind, stars):
    h = Hike(twin, seed=0, start=start)
    if declare:
        h.declare()
    else:
        while not h.finished:
            h.move("right")
    v = h.verdict()  # no AI comparison: the AI part scores 0 and cannot earn a star
    assert v.kind == kind and v.stars == stars
    m = twin.minimum
    stopped = twin.landscape.value(h.pos[None])[0]
    assert v.stopped_gap == pytest.approx(stopped - m.value)
    if kind == "local":
        assert "local minimum" in v.message and f"{v.stopped_gap:.3g}" in v.message
        # Twin Valleys: the shallow valley's floor is 0.905 away from the deep one at -0.968 (docs/teaching.md)
        assert v.stopped_gap == pytest.approx(twin.landscape.value(np.array([[0.905, 0.0]]))[0] - m.value, abs=1e-3)
    parts = {p.label: p.points for p in v.parts}
    if kind == "global":
        assert parts == {"descent": 500, "found the global minimum": 300, "pace": 100, "beat the AI hikers": 0}
    else:
        assert parts["found the global minimum"] == 0 and parts["pace"] == 0
        assert parts["descent"] == 0  # none of these got any lower than its start


def test_the_verdict_names_both_gaps_when_the_best_point_is_not_where_the_hiker_stopped(twin):
    h = Hike(twin, seed=0, start=(-0.5, 0.0))
    for _ in range(3):
        h.follow_slope()
    best = h.best_cost
    for _ in range(4):
        h.move("right")  # climb back out of the valley
    h.declare()
    v = h.verdict()
    assert v.gap == pytest.approx(best - twin.minimum.value)
    assert v.stopped_gap > v.gap
    assert f"{v.stopped_gap:.3g} above" in v.message and f"your best point was {v.gap:.3g} above" in v.message


def test_no_uses_left_means_no_ability(twin):
    h = Hike(twin, seed=0)
    for _ in range(h.uses["restart"]):
        assert h.restart()
    assert not h.restart()
