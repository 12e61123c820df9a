"""The fast paths change no number, and stepping allocates nothing that grows with the number of hikers.

Oracles: the same hikers stepped another way (one at a time against all at once; one point on floats
against chunks of arrays), and tracemalloc's count of the bytes NumPy allocates.
"""

import tracemalloc

import numpy as np
import pytest

from engine.dataset import DataLandscape
from engine.heightmap import HeightmapLandscape
from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape, Well, WellsLandscape
from engine.optim import build

D = Domain((-2, 2), (-2, 2))


def landscapes():
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 5, 30)
    return {
        "formula": FormulaLandscape("x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*sin(x*y)**3", D),
        "wells": WellsLandscape("0.1*(x**2 + y**2)", [Well((1, 1), 2, 0.5), Well((-1, 0.3), 3, 0.2)], D),
        "heightmap": HeightmapLandscape(rng.random((40, 50)), (0.0, 10.0), D),
        "data": DataLandscape(x, 0.5 + 0.3 * x + rng.normal(0, 0.2, 30), D),
    }


@pytest.mark.parametrize("kind", ["formula", "wells", "heightmap", "data"])
def test_one_point_and_many_points_give_the_same_bits(kind):
    land = landscapes()[kind]
    P = np.random.default_rng(1).uniform(-2, 2, (9000, 2))  # more than one chunk
    v, G = land.value_and_grad(P)
    for i in (0, 1, 4095, 4096, 8999):
        vi, Gi = land.value_and_grad(P[i:i + 1])
        assert vi[0] == v[i] and tuple(Gi[0]) == tuple(G[i])
    values = land.value(P)  # (a formula's value alone divides as a/b, with its slope as a*(1/b): ulps apart)
    np.testing.assert_array_equal([land.value(P[i:i + 1])[0] for i in (0, 4096, 8999)], values[[0, 4096, 8999]])


@pytest.mark.parametrize("kind", ["formula", "wells", "heightmap", "data"])
@pytest.mark.parametrize("opt", ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"])
def test_a_hiker_alone_moves_exactly_as_in_a_crowd(kind, opt):
    land = landscapes()[kind]
    starts = np.random.default_rng(2).uniform(-1.5, 1.5, (50, 2))
    crowd = Hikers(build(opt, {"lr": 0.01}), land, starts, np.random.default_rng(0))
    crowd.run(30)
    for i in (0, 17, 49):
        alone = Hikers(build(opt, {"lr": 0.01}), land, starts[i:i + 1], np.random.default_rng(0))
        alone.run(30)
        np.testing.assert_array_equal(alone.x[0], crowd.x[i])
        assert alone.path_length[0] == crowd.path_length[i] and alone.best_cost[0] == crowd.best_cost[i]
        np.testing.assert_array_equal(alone.last_move[0], crowd.last_move[i])


def test_last_move_is_the_displacement_of_the_last_step():
    h = Hikers(build("adam", {"lr": 0.1}), landscapes()["formula"], np.array([[1.9, 1.9], [0.3, -0.2]]),
               np.random.default_rng(0))
    assert np.all(h.last_move == 0)
    before = h.x.copy()
    h.step()
    np.testing.assert_array_equal(h.last_move, h.x - before)
    assert "update" not in h.state  # no side channel: the optimizer publishes nothing for drawing


def extra_bytes(land, opt: str, n: int, backend: str = "auto") -> int:
    """Peak bytes NumPy allocates during 3 steps of n hikers, beyond what they already hold."""
    h = Hikers(build(opt, {"lr": 0.01}), land, np.random.default_rng(3).uniform(-2, 2, (n, 2)),
               np.random.default_rng(0), backend=backend)
    h.run(2)  # buffers made on first use (a chunk's registers) count as state
    tracemalloc.start()
    try:
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        h.run(3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - held


@pytest.mark.parametrize("kind", ["formula", "wells", "heightmap", "data"])
@pytest.mark.parametrize("opt", ["gd", "momentum", "adam"])
@pytest.mark.parametrize("backend", ["numpy", "auto"])  # NumPy, and the compiled step when numba is installed
def test_stepping_allocates_nothing_that_grows_with_the_hikers(kind, opt, backend):
    land = landscapes()[kind]
    small, large = extra_bytes(land, opt, 20_000, backend), extra_bytes(land, opt, 100_000, backend)
    assert large <= small + 16 * 1024  # work in chunks: the same temporaries whatever the crowd
    assert large < 100_000 * 8  # less than one coordinate of the crowd
