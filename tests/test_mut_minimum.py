"""engine/minimum.py at the edges mutation testing found unpinned (docs/design.md, "Mutation testing")."""

from engine.landscapes import Domain, FormulaLandscape
from engine.minimum import global_minimum

# f = x on [0, 4] x [0, 1]: the lowest altitude on the search grid is 0 (the left edge) and the median is 2
# (the middle column of an odd grid), so the spread (median minus lowest) is 2, by hand.
RAMP = FormulaLandscape("x", Domain((0.0, 4.0), (0.0, 1.0)))


def test_the_spread_is_reported_for_a_declared_minimum_too():
    r = global_minimum(RAMP, declared=(0.0, [(0.0, 0.5)]), tolerance=0.1)
    assert (r.source, r.value, r.points, r.tolerance, r.spread) == ("declared", 0.0, [(0.0, 0.5)], 0.1, 2.0)


def test_the_spread_of_a_found_minimum_and_the_default_tolerance():
    r = global_minimum(RAMP)
    assert (r.source, r.value, r.spread) == ("found", 0.0, 2.0)
    assert r.tolerance == 2e-3  # 0.1% of the spread
