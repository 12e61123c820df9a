"""engine/rules.py at its edges: the cases mutation testing found unpinned (docs/design.md, "Mutation testing").

Every expected value is worked out by hand from the rule as docs/design.md and the docstrings state it.
"""

import numpy as np

from engine.landscapes import Domain
from engine.minimum import MinimaReport, Minimum
from engine.rules import (
    NOWHERE,
    CellScore,
    HikeFacts,
    TuningScore,
    best_value,
    cell_score,
    ended_in,
    is_global,
    judge,
    known_minima,
    outcome,
    tuning_score,
)

DOMAIN = Domain((-2.0, 2.0), (-2.0, 2.0))
REPORT = MinimaReport(0.0, [(0.0, 0.0)], "found", 0.1, [Minimum(0.0, (0.0, 0.0)), Minimum(0.5, (1.0, 0.0))], 0.0)
# A 3 x 4 map has a diagonal of exactly 5: a basin radius of 3% is 0.15.
RECT = Domain((0.0, 3.0), (0.0, 4.0))


def report(value=0.0, tolerance=0.1, minima=(), points=((0.0, 0.0),)):
    return MinimaReport(value, list(points), "found", tolerance, list(minima), value)


# ------------------------------------------------------------------ known_minima: merging a declared point


def test_a_declared_point_on_a_found_minimum_is_one_place_whatever_the_coordinates():
    # Declared (2, 3) and found at (2, 3): the same place. Asymmetric coordinates, so using x for y (or
    # adding instead of subtracting) would see two places.
    r = MinimaReport(-1.0, [(2.0, 3.0)], "declared", 0.1, [Minimum(-1.0, (2.0, 3.0)), Minimum(0.5, (0.0, 0.0))])
    assert known_minima(r) == [Minimum(-1.0, (2.0, 3.0)), Minimum(0.5, (0.0, 0.0))]


def test_a_declared_point_the_search_missed_keeps_its_own_coordinates():
    r = MinimaReport(-1.0, [(1.5, -0.5)], "declared", 0.1, [Minimum(0.5, (1.0, 0.0))])
    assert known_minima(r) == [Minimum(-1.0, (1.5, -0.5)), Minimum(0.5, (1.0, 0.0))]


def test_the_merge_distance_is_a_billionth_of_the_largest_coordinate_but_at_least_a_billionth():
    # At the origin the merge distance is 1e-9 (the floor of 1): 1e-9 away merges (the bound counts),
    # 1.5e-9 away does not.
    at = [Minimum(0.0, (1e-9, 0.0))]
    assert len(known_minima(MinimaReport(0.0, [(0.0, 0.0)], "declared", 0.1, at))) == 1
    apart = [Minimum(0.0, (1.5e-9, 0.0))]
    assert len(known_minima(MinimaReport(0.0, [(0.0, 0.0)], "declared", 0.1, apart))) == 2
    # At (1000, 2000) it is 2e-6: 1e-7 away merges; half a unit away (far, in any sense) does not.
    near = [Minimum(0.0, (1000.0 + 1e-7, 2000.0))]
    assert len(known_minima(MinimaReport(0.0, [(1000.0, 2000.0)], "declared", 0.1, near))) == 1
    far = [Minimum(0.0, (0.5, 0.0))]
    assert len(known_minima(MinimaReport(0.0, [(0.0, 0.0)], "declared", 0.1, far))) == 2


# ------------------------------------------------------------------ is_global / ended_in at the bounds


def test_a_minimum_exactly_the_tolerance_above_the_global_one_is_global():
    r = report(tolerance=0.125)
    assert is_global(Minimum(0.125, (1.0, 1.0)), r) and not is_global(Minimum(0.1250001, (1.0, 1.0)), r)


def test_a_local_basin_includes_its_rim_distance_and_its_rim_altitude():
    # The local minimum at the origin of a 3 x 4 map (radius 0.15), 0.5 high with a tolerance of 0.125:
    # a point exactly 0.15 away at exactly 0.625 ended in it; a hair further or higher did not.
    r = report(-1.0, 0.125, [Minimum(-1.0, (3.0, 4.0)), Minimum(0.5, (0.0, 0.0))], [(3.0, 4.0)])
    P = np.array([[0.15, 0.0], [0.0, 0.15], [0.1500001, 0.0], [0.15, 0.0]])
    costs = np.array([0.625, 0.5, 0.5, 0.6250001])
    assert ended_in(P, costs, r, RECT).tolist() == [1, 1, NOWHERE, NOWHERE]


def test_the_nearest_basin_wins_and_a_tie_goes_to_the_deeper():
    r = report(-1.0, 0.1, [Minimum(-1.0, (-1.5, -1.5)), Minimum(0.2, (0.0, 0.0)), Minimum(0.3, (0.1, 0.0))],
               [(-1.5, -1.5)])
    # Both local minima hold a point 0.25 high (0.2 + 0.1 and 0.3 + 0.1 allow it). (0.08, 0) is 0.08 from the
    # first and 0.02 from the second; (0.05, 0) is 0.05 from both; (0.02, 0) is nearer the first.
    P = np.array([[0.08, 0.0], [0.05, 0.0], [0.02, 0.0]])
    assert ended_in(P, np.array([0.25, 0.25, 0.25]), r, DOMAIN).tolist() == [2, 1, 1]


def test_ended_in_indexes_the_places_it_is_given():
    places = [Minimum(0.5, (1.0, 0.0))]
    assert ended_in(np.array([[1.05, 0.0]]), np.array([0.55]), REPORT, DOMAIN, places).tolist() == [0]


def test_ended_in_flattens_costs_of_any_shape():
    P = np.array([[1.05, 0.0], [1.9, 1.9]])
    assert ended_in(P, np.array([[0.55], [0.05]]), REPORT, DOMAIN).tolist() == [1, 0]
    assert ended_in(P.ravel(), [0.55, 0.05], REPORT, DOMAIN).tolist() == [1, 0]


def test_outcome_of_a_point_at_a_declared_minimizer_the_search_missed():
    r = MinimaReport(-1.0, [(1.5, -0.5)], "declared", 0.1, [Minimum(0.5, (1.0, 0.0))], 0.5)
    assert outcome((1.5, -0.5), -1.0, r, DOMAIN) == ("global", Minimum(-1.0, (1.5, -0.5)))
    assert outcome((1.0, 0.05), 0.5, r, DOMAIN) == ("local", Minimum(0.5, (1.0, 0.0)))


# ------------------------------------------------------------------ the verdict, at its bounds and in words


def facts(**changes):
    base = dict(start_cost=10.0, best_cost=1.0, best_point=(0.5, 0.5), stopped_cost=1.0, stopped_point=(0.5, 0.5),
                steps_used=10, budget=40, par=20, declared=True, ai_best_cost=None)
    base.update(changes)
    return HikeFacts(**base)


def test_score_parts_say_what_they_are_worth_and_why():
    v = judge(facts(ai_best_cost=6.0), REPORT, DOMAIN)
    assert [(p.label, p.points, p.max_points, p.why) for p in v.parts] == [
        ("descent", 450, 500, "90% of the way down from your start"),
        ("found the global minimum", 0, 300, "your best point is 1 above it"),
        ("pace", 0, 100, "only counts once you find it"),
        ("beat the AI hikers", 100, 100, "you ended at least as low as every one"),
    ]
    v = judge(facts(best_cost=0.05, stopped_cost=0.05), REPORT, DOMAIN)
    assert [p.why for p in v.parts] == ["100% of the way down from your start",
                                        "your best point is within the tolerance", "30 of 40 steps left",
                                        "no AI hikers to compare"]
    assert v.message == "You found the global minimum!"


def test_the_ai_gap_is_measured_from_the_global_minimum():
    r = report(-2.0)
    v = judge(facts(start_cost=8.0, best_cost=3.0, stopped_cost=3.0, ai_best_cost=1.0), r, DOMAIN)
    assert v.parts[3].why == "the best AI hiker ended 3 above the minimum"  # 1 - (-2)
    assert v.parts[0].points == 250  # 5 of the 10 metres down


def test_the_share_of_the_way_down_is_exact_below_one_metre_and_never_negative():
    # 0.5 above the minimum at the start, 0.3 at best: 40% of the way down, 200 points.
    assert judge(facts(start_cost=0.5, best_cost=0.3, stopped_cost=0.3), REPORT, DOMAIN).parts[0].points == 200
    # Facts are plain numbers: a best worse than the start scores no descent (not a negative one).
    v = judge(facts(start_cost=1.0, best_cost=2.0, stopped_cost=2.0), REPORT, DOMAIN)
    assert v.parts[0].points == 0 and v.parts[0].why == "0% of the way down from your start"


def test_ties_count_for_the_player():
    # As low as the best AI hiker beats it; exactly par steps is within par.
    assert judge(facts(best_cost=5.0, stopped_cost=5.0, ai_best_cost=5.0), REPORT, DOMAIN).parts[3].points == 100
    assert judge(facts(best_cost=0.0, stopped_cost=0.0, steps_used=20), REPORT, DOMAIN).stars == 3
    assert judge(facts(best_cost=0.0, stopped_cost=0.0, steps_used=21), REPORT, DOMAIN).stars == 2


def test_pace_with_no_steps_left_and_with_a_one_step_budget():
    v = judge(facts(best_cost=0.0, stopped_cost=0.0, steps_used=40), REPORT, DOMAIN)
    assert v.parts[2].points == 0 and v.parts[2].why == "0 of 40 steps left"
    v = judge(facts(best_cost=0.0, stopped_cost=0.0, steps_used=0, budget=1, par=1), REPORT, DOMAIN)
    assert v.parts[2].points == 100


def test_found_and_stopped_exactly_the_tolerance_above_says_nothing_more():
    r = report(tolerance=0.125)
    v = judge(facts(best_cost=0.0, stopped_cost=0.125), r, DOMAIN)
    assert v.message == "You found the global minimum!"
    v = judge(facts(best_cost=0.0, stopped_cost=2.0), r, DOMAIN)
    assert v.message == ("You found the global minimum! (you then moved on and stopped 2 above it; "
                         "the best point counts)")


def test_a_stop_exactly_the_tolerance_from_the_best_is_the_same_place():
    r = report(tolerance=0.125)
    v = judge(facts(best_cost=1.0, stopped_cost=1.125), r, DOMAIN)
    assert v.message == "The ground still sloped where you stopped, 1.12 above the global minimum."
    v = judge(facts(best_cost=1.0, stopped_cost=1.25), r, DOMAIN)
    assert v.message == ("The ground still sloped where you stopped, 1.25 above the global minimum; "
                         "your best point was 1 above.")


# ------------------------------------------------------------------ fair races: the tuning objective and the cells


def test_the_tuning_objective_by_hand():
    # Global minimum -2, tolerance 0.5. Finals -1 and 0 are 1 and 2 above it; the third hiker fell (inf):
    # the median gap is 2. First found at steps 4, never (-1) and 0 (found at once): the median is 4.
    r = report(-2.0, tolerance=0.5)
    s = tuning_score(np.array([-1.0, 0.0, 3.0]), np.array([False, False, True]), np.array([4, -1, 0]), r)
    assert (s.gap, s.speed, s.tied) == (2.0, 4.0, False)
    # Gaps 0.25, 0.5, 0.75: the median is exactly the tolerance, which ties (found counts its bound).
    s = tuning_score(np.array([-1.75, -1.5, -1.25]), np.array([False, False, False]), np.array([2, 3, -1]), r)
    assert (s.gap, s.speed, s.tied) == (0.5, 3.0, True)
    # Most hikers fell: an infinite gap never ties, and nobody found it: an infinite speed.
    s = tuning_score(np.array([-2.0, 1.0, 1.0]), np.array([False, True, True]), np.array([-1, -1, -1]), r)
    assert (s.gap, s.speed, s.tied) == (np.inf, np.inf, False)


def test_tied_values_compare_by_speed_then_by_the_smaller_value():
    assert TuningScore(0.3, 5.0, True).key(2) == (0.0, 5.0, 2)
    assert TuningScore(0.3, 5.0, False).key(2) == (0.3, 5.0, 2)
    scores = [TuningScore(1.0, 1.0, False), TuningScore(0.2, 3.0, True), TuningScore(0.1, 3.0, True),
              TuningScore(0.0, 4.0, True)]
    # Values 1 and 2 tie on altitude and on speed: the smaller value (the earlier index) wins.
    assert best_value(scores) == 1
    assert best_value([TuningScore(0.4, 9.0, True), TuningScore(0.0, 2.0, True)]) == 1  # faster
    assert best_value([TuningScore(2.0, 1.0, False), TuningScore(1.0, 9.0, False)]) == 1  # lower, untied


def test_a_tournament_cell_by_hand():
    # Global minimum -2, tolerance 0.5. Finals -1.75 (found), -1 (not), -2 (found) and -1.9, which fell: a
    # fallen start never counts as found however low it fell, and its gap is infinite.
    r = report(-2.0, tolerance=0.5)
    finals, fell = np.array([-1.75, -1.0, -2.0, -1.9]), np.array([False, False, False, True])
    c = cell_score(finals, fell, np.array([3, -1, 0, -1]), r)
    # gaps 0.25, 1, 0, inf: median (0.25 + 1) / 2; first found at steps 3 and 0 (step 0 counts): median 1.5
    assert c == CellScore(found_share=0.5, median_gap=0.625, median_steps=1.5, fell_share=0.25)
    assert c.key() == (-0.5, 0.625, 1.5)
    # Nobody found it: the median step is infinite.
    assert cell_score(finals, fell, np.array([-1, -1, -1, -1]), r).median_steps == np.inf
