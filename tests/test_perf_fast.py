"""The compiled fast path (engine/fast, numba) gives the NumPy path's numbers, to 1e-12.

The NumPy path is the oracle here (it is checked against torch.optim and torch autograd elsewhere).
Skipped when numba is not installed.
"""

import numpy as np
import pytest

from engine.dataset import DataLandscape
from engine.fast import wanted
from engine.heightmap import HeightmapLandscape
from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape, FunctionLandscape, Well, WellsLandscape
from engine.optim import build

pytest.importorskip("numba")

D = Domain((-2, 2), (-2, 2))


def landscapes():
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 5, 30)
    return {
        "formula": FormulaLandscape("x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*sin(x*y)**3 "
                                    "+ sqrt(abs(x)) + min(x, y) + atan2(y, 2 + x) + softplus(x - y)", D),
        "function": FunctionLandscape("rastrigin"),
        "wells": WellsLandscape("0.1*(x**2 + y**2)", [Well((1, 1), 2, 0.5), Well((-1, 0.3), 3, 0.2)], D),
        "heightmap": HeightmapLandscape(rng.random((40, 50)), (0.0, 10.0), D),
        "data": DataLandscape(x, 0.5 + 0.3 * x + rng.normal(0, 0.2, 30), D),
    }


OPTIMIZERS = [("gd", {"lr": 0.01}), ("momentum", {"lr": 0.01, "momentum": 0.8, "dampening": 0.3}),
              ("nesterov", {"lr": 0.01}), ("adagrad", {"lr": 0.1, "lr_decay": 0.01}),
              ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}), ("rmsprop", {"lr": 0.005}),
              ("adam", {"lr": 0.05}), ("adam", {"lr": 0.05, "amsgrad": True, "schedule": "cosine", "t_max": 20})]


def close(actual, desired, what):
    """Equal to 1e-12 of the quantity's scale (a slope of 4e-4 made of terms of 10 is compared with 10)."""
    scale = float(np.max(np.abs(desired[np.isfinite(desired)]), initial=0.0))
    np.testing.assert_allclose(actual, desired, rtol=1e-12, atol=1e-12 * scale, err_msg=what)


def crowd(land, opt, params, steps, backend, starts):
    h = Hikers(build(opt, params, 40), land, starts, np.random.default_rng(0), backend=backend)
    h.run(steps)
    return h


STARTS = np.random.default_rng(5).uniform(-1.9, 1.9, (700, 2))
STARTS[:3] = [[0.0, 0.0], [2.0, -2.0], [1.0, 1.0]]  # a kink, a corner, a well's centre


@pytest.mark.parametrize("kind", ["formula", "function", "wells", "heightmap", "data"])
@pytest.mark.parametrize("opt, params", OPTIMIZERS, ids=[f"{o}-{i}" for i, (o, _) in enumerate(OPTIMIZERS)])
def test_a_compiled_step_matches_numpy_to_1e12(kind, opt, params):
    """From the same state, one step each way: only sin, exp and friends may differ, in the last bit."""
    land = landscapes()[kind]
    for t in (1, 7):  # the first compiled step follows one NumPy step; then later ones
        a = crowd(land, opt, params, t, "numpy", STARTS)
        b = crowd(land, opt, params, t, "numba", STARTS)
        b.x[:], b.cost[:], b.best_x[:], b.best_cost[:] = a.x, a.cost, a.best_x, a.best_cost
        b.fell[:], b.path_length[:] = a.fell, a.path_length
        b.oracle.cache[2][:] = a.oracle.cache[2]
        for key, value in a.state.items():
            if isinstance(value, np.ndarray) and not key.startswith("_"):  # "_": NumPy's work buffers
                b.state[key][:] = value
        a.step()
        b.step()
        assert b.backend == "numba"
        np.testing.assert_array_equal(a.fell, b.fell)
        for name in ("x", "cost", "best_x", "best_cost", "path_length", "last_move"):
            close(getattr(b, name), getattr(a, name), name)
        close(b.oracle.cache[2], a.oracle.cache[2], "slopes")


@pytest.mark.parametrize("kind", ["arithmetic", "heightmap", "data"])
@pytest.mark.parametrize("opt, params", OPTIMIZERS, ids=[f"{o}-{i}" for i, (o, _) in enumerate(OPTIMIZERS)])
def test_without_library_functions_whole_paths_are_bit_for_bit(kind, opt, params):
    """Arithmetic and square roots round the same in both: paths agree exactly (path length: sqrt of
    squares against hypot, within an ulp a step)."""
    lands = landscapes()
    land = FormulaLandscape("(1 - x)**2 + 5*(y - x**2)**2 + x*y/(3 + y*y)", D) if kind == "arithmetic" else lands[kind]
    a = crowd(land, opt, params, 40, "numpy", STARTS)
    b = crowd(land, opt, params, 40, "numba", STARTS)
    for name in ("x", "cost", "best_x", "best_cost", "last_move", "fell"):
        np.testing.assert_array_equal(getattr(b, name), getattr(a, name), err_msg=name)
    np.testing.assert_allclose(b.path_length, a.path_length, rtol=1e-14)


def test_falls_are_the_same():
    land = FormulaLandscape("sqrt(x) + y**2", Domain((-1, 4), (-1, 1)))
    starts = np.random.default_rng(1).uniform([0.2, -1], [4, 1], (300, 2))
    a = Hikers(build("gd", {"lr": 0.6}), land, starts, np.random.default_rng(0), backend="numpy")
    b = Hikers(build("gd", {"lr": 0.6}), land, starts, np.random.default_rng(0), backend="numba")
    a.run(6)
    b.run(6)
    assert a.fell.any() and not a.fell.all()
    np.testing.assert_array_equal(a.fell, b.fell)
    close(b.x, a.x, "x")


def test_what_stays_on_numpy():
    land = landscapes()["formula"]
    starts = np.zeros((3000, 2))
    assert Hikers(build("adam", {}), land, starts, np.random.default_rng(0)).backend == "numba"  # a crowd
    assert Hikers(build("adam", {}), land, starts[:5], np.random.default_rng(0)).backend == "numpy"
    for name in ("sgd", "annealing", "restarts"):  # noise, proposals and restarts are NumPy's alone
        assert Hikers(build(name, {}), land, starts, np.random.default_rng(0)).backend == "numpy"
    assert not wanted(10**6, "numpy")
