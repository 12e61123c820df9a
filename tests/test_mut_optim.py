"""Optimizers at the edges mutation testing found unpinned (docs/design.md, "Mutation testing").

Every expected position is worked out by hand from torch.optim's update rules (written in each test), on
the bowl f = x² + 10y², whose gradient at (x, y) is (2x, 20y).
"""

import numpy as np

from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape
from engine.optim import build, build_batch

BOWL = FormulaLandscape("x**2 + 10*y**2", Domain((-5, 5), (-5, 5)))


def run(optimizer, starts, steps):
    h = Hikers(optimizer, BOWL, np.array(starts, dtype=float), np.random.default_rng(0), record_path=True)
    h.run(steps)
    return np.array(h.path[1:])  # (steps, hikers, 2)


def test_sgd_with_momentum_has_no_dampening():
    # torch.optim.SGD(momentum=0.5), dampening 0: from (1, 1) with lr 0.01, g1 = (2, 20), b1 = g1,
    # x1 = (0.98, 0.8); g2 = (1.96, 16), b2 = 0.5 b1 + g2 = (2.96, 26), x2 = (0.9504, 0.54).
    p = run(build("sgd", {"lr": 0.01, "noise": 0.0, "momentum": 0.5}), [(1.0, 1.0)], 2)
    np.testing.assert_allclose(p[:, 0], [[0.98, 0.8], [0.9504, 0.54]], rtol=1e-13)


def test_per_hiker_dampening_and_momentum():
    # momentum 0.9, lr 0.01, from (1, 1): b2 = 0.9 g1 + (1 - d) g2 with g1 = (2, 20), g2 = (1.96, 16).
    # d = 0: x2 = (0.98, 0.8) - 0.01 (3.76, 34) = (0.9424, 0.46); d = 0.5: - 0.01 (2.78, 26) = (0.9522, 0.54).
    opt = build_batch("momentum", {"lr": 0.01, "momentum": 0.9}, {"dampening": np.array([0.0, 0.5])})
    p = run(opt, [(1.0, 1.0), (1.0, 1.0)], 2)
    np.testing.assert_allclose(p[1], [[0.9424, 0.46], [0.9522, 0.54]], rtol=1e-13)
    # A hiker whose momentum is 0 takes the plain step (torch keeps no velocity): x2 = x1 - 0.01 g2.
    opt = build_batch("momentum", {"lr": 0.01}, {"momentum": np.array([0.0, 0.9])})
    p = run(opt, [(1.0, 1.0), (1.0, 1.0)], 2)
    np.testing.assert_allclose(p[1], [[0.98 - 0.0196, 0.8 - 0.16], [0.9424, 0.46]], rtol=1e-13)


def test_a_one_step_cosine_period():
    # torch's CosineAnnealingLR closed form: eta_min + (lr - eta_min) (1 + cos(pi t / T_max)) / 2. With T_max = 1
    # the rate is lr at t = 0, eta_min at t = 1 (cos pi = -1) and lr again at t = 2 (periodic, not clamped).
    from engine.optim.schedules import learning_rate

    params = {"lr": 0.1, "schedule": "cosine", "t_max": 1, "eta_min": 0.02}
    assert [learning_rate(params, t) for t in (0, 1, 2)] == [0.1, 0.02, 0.1]
