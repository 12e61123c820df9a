"""The minimum search's budget (engine/level/bounded.py): once spent, grid points answer with the values the
grid found and other points with nothing, each with a zero slope, so every refinement stops at once."""

import numpy as np

from engine.landscapes import Domain, FormulaLandscape
from engine.level.bounded import GRID_CALL, Budgeted


def test_a_spent_budget_answers_from_the_grid_and_nothing_else():
    land = FormulaLandscape("x*x + 3*y", Domain((-2.0, 2.0), (-2.0, 2.0)))
    known = np.array([[0.5, 0.25]])
    search = Budgeted(land, budget=0, known=known)
    xs = np.linspace(-2, 2, 64)
    grid = np.stack(np.meshgrid(xs, xs), axis=-1).reshape(-1, 2)
    assert len(grid) >= GRID_CALL
    values = search.value(grid)
    np.testing.assert_allclose(values, grid[:, 0] ** 2 + 3 * grid[:, 1], rtol=1e-15)  # by hand: x² + 3y
    assert not search.exhausted
    asked = np.array([grid[5], [0.5, 0.25], [0.123, 0.456], grid[-1]])
    v, g = search.value_and_grad(asked)
    assert search.exhausted
    want = [grid[5, 0] ** 2 + 3 * grid[5, 1], 0.25 + 0.75, np.nan, grid[-1, 0] ** 2 + 3 * grid[-1, 1]]
    np.testing.assert_allclose(v, want, rtol=1e-15)
    assert g.shape == (4, 2) and (g == 0).all()


def test_a_budget_pays_for_small_calls_until_it_is_spent():
    land = FormulaLandscape("x*x + y*y", Domain((-1.0, 1.0), (-1.0, 1.0)))
    search = Budgeted(land, budget=1000)
    p = np.array([[0.5, -0.5]])
    calls = 0
    while not search.exhausted:
        v, g = search.value_and_grad(p)
        calls += 1
        if not search.exhausted:
            np.testing.assert_allclose(v, [0.5])
            np.testing.assert_allclose(g, [[1.0, -1.0]])
    # each call costs CALL_COST + cost * (1 + 1/64) units, the formula's cost being its 7 nodes
    assert calls - 1 == int(1000 // (20 + 7 * (1 + 1 / 64)))
