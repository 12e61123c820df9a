"""engine/minimum.py at the edges mutation testing found unpinned (docs/design.md, "Mutation testing")."""

import pytest

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


def test_a_landscape_finite_nowhere_has_no_minimum():
    with pytest.raises(ValueError, match="^no minimum found: the landscape is not finite anywhere on its grid$"):
        global_minimum(FormulaLandscape("sqrt(-1 - x**2)", Domain((-1.0, 1.0), (-1.0, 1.0))))


def valleys(c, base):
    # Two valleys at x = -1 and x = 1: (x² - 1)² + y² + base is base at both; the tilt c (x + 1) / 2 lifts the
    # right one by c (its lowest point moves by O(c), its altitude by O(c²): c within 1e-15).
    return FormulaLandscape(f"(x**2 - 1)**2 + y**2 + {c!r}*(x + 1)/2 + {base!r}", Domain((-2.0, 2.0), (-2.0, 2.0)))


def test_equally_deep_minimizers_are_within_a_hundred_millionth_relative():
    # Near 0 the margin is 1e-8 (the floor of 1): 1.5e-8 higher is another minimum, 0.5e-8 higher the same depth.
    assert len(global_minimum(valleys(1.5e-8, 0.0)).points) == 1
    assert len(global_minimum(valleys(0.5e-8, 0.0)).points) == 2
    # At -5 the margin is 5e-8: 3e-8 higher is still as deep.
    assert len(global_minimum(valleys(3e-8, -5.0)).points) == 2
