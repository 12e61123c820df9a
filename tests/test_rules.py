"""The rules a player is told (engine/rules.py), on hand-computed cases: found, which minimum, the verdict's
score and stars, unlocking."""

import math

import numpy as np

from engine.landscapes import Domain
from engine.minimum import MinimaReport, Minimum
from engine.rules import (
    NOWHERE,
    HikeFacts,
    ended_in,
    found,
    is_new_best,
    is_unlocked,
    judge,
    known_minima,
    outcome,
)

DOMAIN = Domain((-2.0, 2.0), (-2.0, 2.0))  # diagonal 4*sqrt(2) = 5.657: a basin radius of 0.1697
REPORT = MinimaReport(0.0, [(0.0, 0.0)], "found", 0.1,
                      [Minimum(0.0, (0.0, 0.0)), Minimum(0.5, (1.0, 0.0))], 0.0)


def test_found_is_the_altitude_tolerance_and_nothing_else():
    assert found(np.array([0.1, 0.1000001, -3.0, np.nan]), REPORT).tolist() == [True, False, True, False]


def test_which_minimum_a_point_ended_in():
    points = np.array([[1.9, 1.9], [1.05, 0.0], [1.05, 0.0], [1.5, 0.0], [0.01, 0.0], [np.nan, 0.0]])
    costs = np.array([0.05, 0.55, 0.7, 0.55, 0.2, np.nan])
    # any point as low as the global minimum (within the tolerance) found it, wherever it is;
    # a local minimum needs both nearness (0.05 <= 0.1697) and height (0.55 <= 0.5 + 0.1);
    # near the global minimum but 0.2 above it: not found, so in no minimum at all.
    assert ended_in(points, costs, REPORT, DOMAIN).tolist() == [0, 1, NOWHERE, NOWHERE, NOWHERE, NOWHERE]
    assert outcome((0.01, 0.0), 0.2, REPORT, DOMAIN) == ("none", None)
    assert outcome((1.0, 0.01), 0.5, REPORT, DOMAIN) == ("local", Minimum(0.5, (1.0, 0.0)))
    assert outcome((-1.9, 0.0), 0.0, REPORT, DOMAIN)[0] == "global"


def test_a_declared_minimizer_the_search_missed_is_still_a_place():
    report = MinimaReport(-1.0, [(1.5, 1.5)], "declared", 0.1, [Minimum(0.5, (1.0, 0.0))], 0.5)
    places = known_minima(report)
    assert [m.point for m in places] == [(1.5, 1.5), (1.0, 0.0)]
    assert ended_in(np.array([[1.4, 1.4]]), np.array([-0.95]), report, DOMAIN).tolist() == [0]


def facts(**changes):
    base = dict(start_cost=10.0, best_cost=1.0, best_point=(0.5, 0.5), stopped_cost=1.0, stopped_point=(0.5, 0.5),
                steps_used=10, budget=40, par=20, declared=True, ai_best_cost=None)
    base.update(changes)
    return HikeFacts(**base)


def points(v):
    return [p.points for p in v.parts]


def test_score_parts_and_stars_by_hand():
    # 9 of the 10 metres down: 450 descent points, one star for 90% of the way.
    v = judge(facts(), REPORT, DOMAIN)
    assert points(v) == [450, 0, 0, 0] and v.score == 450 and v.stars == 1 and v.kind == "slope"
    # 0.04 above the minimum (tolerance 0.1): found, so all the way down: descent 500; found 300;
    # pace 100 * 30/40 = 75 steps left; 10 steps used <= par 20: three stars.
    v = judge(facts(best_cost=0.04, stopped_cost=0.04), REPORT, DOMAIN)
    assert points(v) == [500, 300, 75, 0] and v.score == 875 and v.stars == 3 and v.kind == "global"
    v = judge(facts(best_cost=0.04, stopped_cost=0.04, steps_used=25), REPORT, DOMAIN)
    assert points(v) == [500, 300, 38, 0] and v.stars == 2  # 25 steps > par 20; pace 100 * 15/40 = 37.5 -> 38
    # Half way down, but lower than every AI hiker (best AI 6): 250 + 100 and a star.
    v = judge(facts(best_cost=5.0, stopped_cost=5.0, ai_best_cost=6.0), REPORT, DOMAIN)
    assert points(v) == [250, 0, 0, 100] and v.stars == 1
    v = judge(facts(best_cost=5.0, stopped_cost=5.0, ai_best_cost=4.0), REPORT, DOMAIN)
    assert points(v) == [250, 0, 0, 0] and v.stars == 0
    # A start already below the minimum's altitude + nothing to descend: full descent points.
    v = judge(facts(start_cost=0.0, best_cost=0.0, stopped_cost=0.0, steps_used=0), REPORT, DOMAIN)
    assert points(v) == [500, 300, 100, 0] and v.stars == 3


def test_verdict_words():
    v = judge(facts(declared=False, steps_used=40, best_cost=1.0, stopped_cost=3.0), REPORT, DOMAIN)
    assert v.kind == "out_of_steps" and v.message == ("You ran out of steps 3 above the global minimum; "
                                                      "your best point was 1 above.")
    v = judge(facts(stopped_point=(1.0, 0.0), stopped_cost=0.5, best_cost=0.5), REPORT, DOMAIN)
    assert v.kind == "local" and v.message == "You stopped in a local minimum, 0.5 higher than the global one."
    v = judge(facts(best_cost=0.0, stopped_cost=2.0), REPORT, DOMAIN)
    assert v.kind == "global" and "stopped 2 above it" in v.message and v.gap == 0.0 and v.stopped_gap == 2.0
    # A hike that stops with steps left but without "I'm at the bottom" (a script's last move) is judged
    # where it stopped, not as out of steps.
    assert judge(facts(declared=False, steps_used=10), REPORT, DOMAIN).kind == "slope"


def test_unlocking_needs_a_star_on_the_level_before():
    seq = ["a", "b", "c", "d", "e", "f"]
    assert [is_unlocked(seq, x, {}) for x in seq] == [True, True, True, True, False, False]
    assert is_unlocked(seq, "e", {"d": 1}) and not is_unlocked(seq, "f", {"d": 1})
    assert not is_unlocked(seq, "e", {"d": 0})  # a finish without a star opens nothing
    assert is_unlocked(seq, "classic-rastrigin", {})  # not in the sequence: always open


def test_personal_best():
    assert not is_new_best(None, 500)  # a first result is not called a personal best
    assert is_new_best(400, 500) and not is_new_best(500, 500) and not is_new_best(600, 500)
    assert is_new_best(400, 500, stars=1) and not is_new_best(100, 250, stars=0)  # no star, no celebration


def test_rounding_of_half_points_is_documented_python_rounding():
    assert round(37.5) == 38 and round(2.5) == 2 and math.isclose(100 * 15 / 40, 37.5)


def test_close_and_lower_than_every_ai_hiker_is_two_stars():
    # 9.05 of the 10 metres down (90.5%; not found: 0.95 above the minimum, tolerance 0.1) and lower than
    # the best AI hiker (6 above): both halves of the first star at once earn the second.
    # Descent 500 * 0.905 = 452.5 -> 452 (Python rounds half to even).
    v = judge(facts(best_cost=0.95, stopped_cost=0.95, ai_best_cost=6.0), REPORT, DOMAIN)
    assert points(v) == [452, 0, 0, 100] and v.stars == 2 and v.kind == "slope"
    # Only one half: one star.
    assert judge(facts(best_cost=0.95, stopped_cost=0.95, ai_best_cost=0.5), REPORT, DOMAIN).stars == 1
    assert judge(facts(best_cost=5.0, stopped_cost=5.0, ai_best_cost=6.0), REPORT, DOMAIN).stars == 1
    # Found beats everything else: three stars within par, whatever the AI did.
    assert judge(facts(best_cost=0.0, stopped_cost=0.0, ai_best_cost=-1.0), REPORT, DOMAIN).stars == 3


def test_star_rules_say_what_each_star_needs():
    from engine.rules import STAR_RULES

    assert len(STAR_RULES) == 3 and "90%" in STAR_RULES[0] and "par" in STAR_RULES[2]
