"""The basins map advances by a bounded amount of work, and the result does not depend on the split."""

import numpy as np
import pytest

from engine.basins import SLICE, Basins
from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape
from engine.minimum import global_minimum
from engine.optim import build

LAND = FormulaLandscape("x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*exp(-((x+1)**2 + y**2)/0.2)",
                        Domain((-2, 2), (-2, 2)))
MIN = global_minimum(LAND)


@pytest.mark.parametrize("optimizer, params", [("gd", {"lr": 0.05}), ("annealing", {"step": 0.4, "t0": 2})])
def test_work_budgets_are_respected_and_change_nothing(optimizer, params):
    whole = Basins(LAND, MIN, optimizer, params, steps=6, seed=3, grid=130)  # 16,900 starts: two slices
    assert len(whole.hikers.slices) == 2 and whole.slice_size == SLICE
    assert whole.advance() == 6 * 130 * 130
    sliced = Basins(LAND, MIN, optimizer, params, steps=6, seed=3, grid=130)
    budget, calls, total = 20_000, 0, 0
    while not sliced.done:
        work = sliced.advance(max_hiker_steps=budget)
        assert 0 < work <= budget or sliced.done
        total += work
        calls += 1
    assert total == 6 * 130 * 130 and calls >= 6
    np.testing.assert_array_equal(sliced.hikers.reported_x, whole.hikers.reported_x)
    np.testing.assert_array_equal(sliced.labels, whole.labels)
    assert sliced.progress == 1.0


def test_a_small_grid_is_one_batch_with_the_seeds_own_stream():
    b = Basins(LAND, MIN, "annealing", {"step": 0.4}, steps=5, seed=11, grid=20)
    b.advance()
    alone = Hikers(build("annealing", {"step": 0.4}, 5), LAND, b.starts, np.random.default_rng(11))
    alone.run(5)
    np.testing.assert_array_equal(b.hikers.reported_x, alone.reported_x)


def test_a_budget_below_one_slice_is_refused():
    b = Basins(LAND, MIN, "gd", {"lr": 0.05}, steps=3, grid=40)
    with pytest.raises(ValueError, match="less than one slice"):
        b.advance(max_hiker_steps=1000)
    assert b.advance(max_hiker_steps=1600) == 1600 and b.progress == pytest.approx(1 / 3)


def test_labels_in_chunks_equal_the_labels_at_once():
    whole = Basins(LAND, MIN, "annealing", {"step": 0.4}, steps=5, seed=11, grid=30)
    whole.advance()
    b = Basins(LAND, MIN, "annealing", {"step": 0.4}, steps=5, seed=11, grid=30)
    works = []
    while not b.done:
        works.append(b.advance(max_hiker_steps=b.slice_size, classify_chunk=128))
    assert works == [900] * 5 + [0] * 8  # five steps of 900 hikers, then 900 starts labelled 128 at a time
    np.testing.assert_array_equal(b.labels, whole.labels)
