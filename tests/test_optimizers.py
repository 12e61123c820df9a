"""Optimizers: first steps pinned to hand-computed values, and whole paths against torch.optim."""

import warnings

import numpy as np
import pytest

from engine.dataset import DataLandscape
from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape
from engine.optim import SpecError, build, build_spec, complete, parse_spec

BOWL = FormulaLandscape("x**2 + 10*y**2", Domain((-5, 5), (-5, 5)))


def path(name, params, steps=3, start=(1.0, 1.0), land=BOWL, seed=0):
    h = Hikers(build(name, params, steps), land, np.array([start]), np.random.default_rng(seed), record_path=True)
    h.run(steps)
    return np.array([p[0] for p in h.path[1:]])


def test_momentum_matches_hand_computed_steps():
    np.testing.assert_allclose(path("momentum", {"lr": 0.01, "momentum": 0.9}),
                               [[0.98, 0.8], [0.9424, 0.46], [0.889712, 0.062]], rtol=1e-12, atol=1e-15)


def test_nesterov_matches_hand_computed_steps():
    np.testing.assert_allclose(path("nesterov", {"lr": 0.01, "momentum": 0.9}),
                               [[0.962, 0.62], [0.909244, 0.2224], [0.844528328, -0.108352]], rtol=1e-12, atol=1e-15)


def test_adam_matches_hand_computed_steps():
    p = path("adam", {"lr": 0.1}, steps=2)
    np.testing.assert_allclose(p[0], [0.9000000005, 0.90000000005], rtol=0, atol=1e-15)
    np.testing.assert_allclose(p[1], [0.80041222869179274, 0.80041222777330212], rtol=0, atol=1e-15)


def test_gd_adagrad_rmsprop_first_step_by_hand():
    # g = (2, 20) at (1, 1)
    np.testing.assert_allclose(path("gd", {"lr": 0.01}, 1)[0], [0.98, 0.8])
    # adagrad: sum = g^2, step = lr * g / (|g| + eps) = lr * sign(g)
    np.testing.assert_allclose(path("adagrad", {"lr": 0.1}, 1)[0], [0.9, 0.9], atol=1e-9)
    # rmsprop: v = 0.01 g^2, step = lr * g / (0.1 |g| + eps) = 10 lr
    np.testing.assert_allclose(path("rmsprop", {"lr": 0.01}, 1)[0], [0.9, 0.9], atol=1e-8)
    # dampening 0.5: b1 = g (first step ignores dampening), b2 = 0.9 b1 + 0.5 g2
    p = path("momentum", {"lr": 0.01, "momentum": 0.9, "dampening": 0.5}, 2)
    g2 = np.array([2 * 0.98, 20 * 0.8])
    np.testing.assert_allclose(p[1], [0.98, 0.8] - 0.01 * (0.9 * np.array([2, 20]) + 0.5 * g2))




def torch_path(opt_factory, sched_factory, steps, start=(1.0, -1.5)):
    import torch

    w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = opt_factory([w])
    sched = sched_factory(opt) if sched_factory else None
    out = []
    for _ in range(steps):
        opt.zero_grad()
        loss = (1 - w[0]) ** 2 + 5 * (w[1] - w[0] ** 2) ** 2  # a mild Rosenbrock
        loss.backward()
        opt.step()
        if sched:
            sched.step()
        out.append(w.detach().numpy().copy())
    return np.array(out)


ROSEN = FormulaLandscape("(1 - x)**2 + 5*(y - x**2)**2", Domain((-50, 50), (-50, 50)))

TORCH_CASES = [
    ("gd", {"lr": 0.01}, "SGD", {"lr": 0.01}, None),
    ("momentum", {"lr": 0.01, "momentum": 0.8, "dampening": 0.3}, "SGD",
     {"lr": 0.01, "momentum": 0.8, "dampening": 0.3}, None),
    ("nesterov", {"lr": 0.01, "momentum": 0.9}, "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, None),
    ("adagrad", {"lr": 0.2, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-10}, "Adagrad",
     {"lr": 0.2, "lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-10}, None),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9}, "RMSprop", {"lr": 0.01, "alpha": 0.9}, None),
    ("rmsprop", {"lr": 0.005, "centered": True, "momentum": 0.5}, "RMSprop",
     {"lr": 0.005, "centered": True, "momentum": 0.5}, None),
    ("adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99}, "Adam", {"lr": 0.05, "betas": (0.8, 0.99)}, None),
    ("adam", {"lr": 0.05, "amsgrad": True}, "Adam", {"lr": 0.05, "amsgrad": True}, None),
    ("gd", {"lr": 0.02, "schedule": "step", "step_size": 7, "gamma": 0.5}, "SGD", {"lr": 0.02},
     ("StepLR", {"step_size": 7, "gamma": 0.5})),
    ("adam", {"lr": 0.05, "schedule": "exponential", "gamma": 0.95}, "Adam", {"lr": 0.05},
     ("ExponentialLR", {"gamma": 0.95})),
    ("momentum", {"lr": 0.01, "schedule": "cosine", "t_max": 30, "eta_min": 0.001}, "SGD",
     {"lr": 0.01, "momentum": 0.9}, ("CosineAnnealingLR", {"T_max": 30, "eta_min": 0.001})),
    ("rmsprop", {"lr": 0.01, "schedule": "warmup", "warmup": 10, "start_factor": 0.25}, "RMSprop",
     {"lr": 0.01}, ("LinearLR", {"start_factor": 0.25, "total_iters": 10})),
]


@pytest.mark.parametrize("name, params, tname, tparams, sched", TORCH_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(TORCH_CASES)])
def test_paths_match_torch_optim(name, params, tname, tparams, sched):
    torch = pytest.importorskip("torch")
    steps = 40
    ours = path(name, params, steps, start=(1.0, -1.5), land=ROSEN)
    sched_factory = None
    if sched:
        cls = getattr(torch.optim.lr_scheduler, sched[0])
        sched_factory = lambda opt: cls(opt, **sched[1])  # noqa: E731
    theirs = torch_path(lambda p: getattr(torch.optim, tname)(p, **tparams), sched_factory, steps)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_every_hiker_moves_as_if_alone():
    """One vectorized step for N hikers equals N separate single-hiker runs."""
    starts = np.random.default_rng(5).uniform(-2, 2, size=(16, 2))
    for name in ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"):
        together = Hikers(build(name, {"lr": 0.01}), ROSEN, starts, np.random.default_rng(0))
        together.run(20)
        for i in (0, 7, 15):
            alone = Hikers(build(name, {"lr": 0.01}), ROSEN, starts[i:i + 1], np.random.default_rng(0))
            alone.run(20)
            np.testing.assert_allclose(together.x[i], alone.x[0], rtol=1e-13)


def test_sgd_without_noise_is_gd_and_with_noise_jitters():
    np.testing.assert_allclose(path("sgd", {"lr": 0.01, "noise": 0.0}, 10), path("gd", {"lr": 0.01}, 10))
    noisy = path("sgd", {"lr": 0.01, "noise": 2.0}, 10)
    assert not np.allclose(noisy, path("gd", {"lr": 0.01}, 10))
    np.testing.assert_array_equal(noisy, path("sgd", {"lr": 0.01, "noise": 2.0}, 10))  # same seed, same path


def test_sgd_minibatches_on_data():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 5, 20)
    data = DataLandscape(x, 0.5 + 0.3 * x + rng.normal(0, 0.2, 20), Domain((-2, 2), (-2, 2)))
    full = path("sgd", {"lr": 0.002, "batch": 20}, 15, (0.0, 0.0), data)
    np.testing.assert_allclose(full, path("gd", {"lr": 0.002}, 15, (0.0, 0.0), data))
    mini = path("sgd", {"lr": 0.002, "batch": 2}, 15, (0.0, 0.0), data)
    assert not np.allclose(mini, full)
    # The mini-batch gradient is unbiased: averaged over many hikers it is the full gradient.
    P = np.zeros((20000, 2))
    g = data.stochastic_grad(P, np.random.default_rng(1), 4, 0.0).mean(0)
    np.testing.assert_allclose(g, data.grad(P[:1])[0], rtol=0.05)


def test_annealing_is_metropolis():
    land = FormulaLandscape("x**2 + y**2", Domain((-3, 3), (-3, 3)))
    starts = np.zeros((2000, 2))  # at the minimum: every proposal is uphill
    cold = Hikers(build("annealing", {"t0": 1e-12, "step": 0.5}), land, starts, np.random.default_rng(0))
    cold.step()
    assert np.all(cold.x == 0)  # nothing uphill is accepted at zero temperature
    hot = Hikers(build("annealing", {"t0": 0.5, "step": 0.5}), land, starts, np.random.default_rng(0))
    hot.step()
    accepted = np.any(hot.last_move != 0, axis=1)  # a proposal is never the point itself: moved = accepted
    # P(accept) = E[exp(-|d|^2 / T)] with d ~ N(0, 0.25 I) in 2-D = 1 / (1 + 2 * 0.25 / T) = 0.5
    assert accepted.mean() == pytest.approx(0.5, abs=0.04)
    temps = build("annealing", {"t0": 2.0, "cooling": 0.9})
    assert temps.temperature(10) == pytest.approx(2.0 * 0.9**10)


def test_restarts_keep_the_best_point():
    land = FormulaLandscape("x**2 + y**2 - 3*exp(-((x-2)**2 + (y-2)**2)*4)", Domain((-3, 3), (-3, 3)))
    h = Hikers(build("restarts", {"base": "gd", "lr": 0.05, "every": 20}), land, np.array([[-2.0, -2.0]]),
               np.random.default_rng(3), record_path=True)
    h.run(200)
    costs = land.value(np.array([p[0] for p in h.path]))
    assert h.reported_cost[0] == pytest.approx(costs.min())
    jumps = np.linalg.norm(np.diff([p[0] for p in h.path], axis=0), axis=1)
    assert jumps[20] > 0.2  # after 20 steps, a restart dropped it somewhere new


def test_positions_are_clamped_and_nan_hikers_fall_quietly():
    big = path("gd", {"lr": 5.0}, 5)
    assert np.all(np.abs(big) <= 5)
    land = FormulaLandscape("sqrt(x) + y**2", Domain((-1, 4), (-1, 1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = Hikers(build("gd", {"lr": 3.0}), land, np.array([[0.5, 0.5], [3.0, 0.1]]), np.random.default_rng(0))
        h.run(5)
    assert h.fell[0] and np.all(np.isfinite(h.x))


@pytest.mark.parametrize("spec, message", [
    ("adma", "did you mean 'adam'"),
    ("adam:lr=abc", "lr must be a number"),
    ("adam:learning_rate=0.1", "did you mean"),
    ("adam:lr=-1", "lr must be > 0"),
    ("adam:amsgrad=yes", "amsgrad must be true or false"),
    ("gd:lr", "write key=value"),
    ("gd:schedule=sometimes", "schedule must be one of"),
])
def test_bad_specs(spec, message):
    with pytest.raises(SpecError) as err:
        build_spec(spec)
    assert message in str(err.value)


def test_spec_parsing_and_defaults():
    assert parse_spec("adam:lr=0.05,amsgrad=true,beta1=0.8") == ("adam", {"lr": 0.05, "amsgrad": True, "beta1": 0.8})
    p = complete("adam", {"lr": 0.05})
    assert p == {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "amsgrad": False, "schedule": "constant"}
    p = complete("momentum", {"schedule": "cosine"}, steps=300)
    assert p["t_max"] == 300 and "gamma" not in p
    r = complete("restarts", {"base": "adam", "lr": 0.1, "every": 30})
    assert r["base"] == "adam" and r["beta2"] == 0.999 and r["every"] == 30
