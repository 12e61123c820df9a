"""The six newer optimizers: AdamW, NAdam, RAdam, Adamax and Rprop against torch.optim (whole 40-step paths to
1e-9), and Lion against hand-computed first steps and an independent NumPy transcription of optax.lion."""

import numpy as np
import pytest

from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape
from engine.optim import SpecError, build, complete

ROSEN = FormulaLandscape("(1 - x)**2 + 5*(y - x**2)**2", Domain((-50, 50), (-50, 50)))
BOWL = FormulaLandscape("x**2 + 10*y**2", Domain((-5, 5), (-5, 5)))


def path(name, params, steps, start=(1.0, -1.5), land=ROSEN):
    h = Hikers(build(name, params, steps), land, np.array([start]), np.random.default_rng(0), record_path=True)
    h.run(steps)
    return np.array([p[0] for p in h.path[1:]])


def torch_path(make, steps, sched=None, start=(1.0, -1.5)):
    torch = pytest.importorskip("torch")
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # NAdam keeps mu_product in the default dtype: float64, as we do
    try:
        w = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        opt = make(torch.optim, [w])
        scheduler = sched(torch.optim.lr_scheduler, opt) if sched else None
        out = []
        for _ in range(steps):
            opt.zero_grad()
            loss = (1 - w[0]) ** 2 + 5 * (w[1] - w[0] ** 2) ** 2
            loss.backward()
            opt.step()
            if scheduler:
                scheduler.step()
            out.append(w.detach().numpy().copy())
        return np.array(out)
    finally:
        torch.set_default_dtype(old)


CASES = [
    ("adamw", {"lr": 0.05}, lambda o, p: o.AdamW(p, lr=0.05), None),
    ("adamw", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.1, "amsgrad": True},
     lambda o, p: o.AdamW(p, lr=0.05, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True), None),
    ("adamw", {"lr": 0.05, "weight_decay": 0.05, "schedule": "cosine", "t_max": 25},
     lambda o, p: o.AdamW(p, lr=0.05, weight_decay=0.05), lambda s, opt: s.CosineAnnealingLR(opt, T_max=25)),
    ("nadam", {"lr": 0.05}, lambda o, p: o.NAdam(p, lr=0.05), None),
    ("nadam", {"lr": 0.02, "beta1": 0.85, "momentum_decay": 0.01, "weight_decay": 0.1},
     lambda o, p: o.NAdam(p, lr=0.02, betas=(0.85, 0.999), momentum_decay=0.01, weight_decay=0.1), None),
    ("nadam", {"lr": 0.02, "weight_decay": 0.1, "decoupled_weight_decay": True, "schedule": "step", "step_size": 9},
     lambda o, p: o.NAdam(p, lr=0.02, weight_decay=0.1, decoupled_weight_decay=True),
     lambda s, opt: s.StepLR(opt, step_size=9, gamma=0.5)),
    ("radam", {"lr": 0.05}, lambda o, p: o.RAdam(p, lr=0.05), None),
    ("radam", {"lr": 0.05, "beta2": 0.9, "weight_decay": 0.1},
     lambda o, p: o.RAdam(p, lr=0.05, betas=(0.9, 0.9), weight_decay=0.1), None),
    ("radam", {"lr": 0.03, "beta2": 0.95, "weight_decay": 0.2, "decoupled_weight_decay": True},
     lambda o, p: o.RAdam(p, lr=0.03, betas=(0.9, 0.95), weight_decay=0.2, decoupled_weight_decay=True), None),
    ("adamax", {"lr": 0.05}, lambda o, p: o.Adamax(p, lr=0.05), None),
    ("adamax", {"lr": 0.05, "beta1": 0.7, "beta2": 0.9, "eps": 1e-6, "weight_decay": 0.05},
     lambda o, p: o.Adamax(p, lr=0.05, betas=(0.7, 0.9), eps=1e-6, weight_decay=0.05), None),
    ("adamax", {"lr": 0.05, "schedule": "warmup", "warmup": 10},
     lambda o, p: o.Adamax(p, lr=0.05), lambda s, opt: s.LinearLR(opt, start_factor=1 / 3, total_iters=10)),
    ("rprop", {"lr": 0.01}, lambda o, p: o.Rprop(p, lr=0.01), None),
    ("rprop", {"lr": 0.1, "etaminus": 0.3, "etaplus": 1.5, "step_size_min": 1e-3, "step_size_max": 0.4},
     lambda o, p: o.Rprop(p, lr=0.1, etas=(0.3, 1.5), step_sizes=(1e-3, 0.4)), None),
]


@pytest.mark.parametrize("name, params, make, sched", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_paths_match_torch_optim(name, params, make, sched):
    steps = 40
    ours = path(name, params, steps)
    theirs = torch_path(make, steps, sched)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    assert np.abs(np.diff(ours, axis=0)).max() > 1e-3  # they really move


def test_radam_takes_both_branches_in_the_compared_paths():
    """RAdam's plain step (rho_t <= 5) and its rectified step both occur in the torch comparisons."""
    for b2 in (0.999, 0.9, 0.95):
        rho_inf = 2 / (1 - b2) - 1
        rho = [rho_inf - 2 * t * b2**t / (1 - b2**t) for t in range(1, 41)]
        assert rho[0] <= 5 < rho[-1]


# --------------------------------------------------------------------------- Lion


def optax_lion_numpy(grad, start, steps, lr, b1=0.9, b2=0.99, weight_decay=1e-3):
    """optax.lion transcribed independently from optax/_src/alias.py and transform.py: the chain
    scale_by_lion(b1, b2) -> add_decayed_weights(weight_decay) -> scale_by_learning_rate(lr), then
    optax.apply_updates. Written from optax's source, not from engine/optim/sign.py."""
    params = np.array(start, dtype=float)
    mu = np.zeros_like(params)  # ScaleByLionState.mu = zeros_like(params)
    out = []
    for _ in range(steps):
        g = grad(params)
        updates = np.sign((1.0 - b1) * g + b1 * mu)  # _comb(g, m), mode 'hard'
        mu = (1 - b2) * (g**1) + b2 * mu  # tree.update_moment(updates, state.mu, b2, 1)
        if weight_decay != 0.0:
            updates = updates + weight_decay * params  # add_decayed_weights: g + s * p
        updates = (-1 * lr) * updates  # scale(m * learning_rate), m = -1
        params = params + updates  # apply_updates
        out.append(params.copy())
    return np.array(out)


def rosen_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 20 * x * (y - x * x), 10 * (y - x * x)])


def test_lion_first_steps_by_hand():
    # On x^2 + 10 y^2 from (1, 1): g = (2, 20). Step 1: m = 0, c = 0.1 g, sign = (1, 1);
    # x1 = (1, 1) - 0.1 * ((1, 1) + 0.001 * (1, 1)) = (0.8999, 0.8999); m1 = 0.01 g = (0.02, 0.2).
    # Step 2: g = (1.7998, 17.998); c = 0.1 g + 0.9 m1 > 0: sign (1, 1);
    # x2 = 0.8999 - 0.1 * (1 + 0.001 * 0.8999) = 0.79981001.
    p = path("lion", {"lr": 0.1}, 2, start=(1.0, 1.0), land=BOWL)
    np.testing.assert_allclose(p, [[0.8999, 0.8999], [0.79981001, 0.79981001]], rtol=0, atol=1e-15)
    # Without weight decay, every stride is exactly lr in each direction.
    p = path("lion", {"lr": 0.25, "weight_decay": 0.0}, 3, start=(1.0, 1.0), land=BOWL)
    np.testing.assert_allclose(p, [[0.75, 0.75], [0.5, 0.5], [0.25, 0.25]], rtol=0, atol=0)


def test_lion_sign_flips_follow_the_momentum_blend():
    # From (0.05, 0) on x^2 + 10 y^2 with lr 0.1 the hiker overshoots; at step 2 g = -0.1 but the
    # blend 0.1 * g + 0.9 * m1 = -0.01 + 0.9 * 0.001 = -0.0091 is negative: it steps right again.
    p = path("lion", {"lr": 0.1, "weight_decay": 0.0}, 2, start=(0.05, 0.0), land=BOWL)
    np.testing.assert_allclose(p[:, 0], [-0.05, 0.05], atol=1e-15)
    np.testing.assert_allclose(p[:, 1], [0.0, 0.0], atol=0)  # sign(0) = 0: no move along a zero slope


@pytest.mark.parametrize("params", [{"lr": 0.05}, {"lr": 0.02, "beta1": 0.8, "beta2": 0.95, "weight_decay": 0.1},
                                    {"lr": 0.05, "weight_decay": 0.0}])
def test_lion_matches_an_independent_transcription_of_optax(params):
    ours = path("lion", params, 40)
    full = complete("lion", params)
    theirs = optax_lion_numpy(rosen_grad, (1.0, -1.5), 40, full["lr"], full["beta1"], full["beta2"],
                              full["weight_decay"])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


# --------------------------------------------------------------------------- parameters


def test_rprop_has_no_schedule_and_checks_its_step_sizes():
    assert "schedule" not in complete("rprop", {})
    assert "schedule" in complete("lion", {}) and "schedule" in complete("nadam", {})
    with pytest.raises(SpecError, match="step_size_min .* must not be above step_size_max"):
        build("rprop", {"step_size_min": 2.0, "step_size_max": 1.0})
    with pytest.raises(SpecError, match="etaplus must be"):
        build("rprop", {"etaplus": 0.9})


def test_defaults_are_torch_and_optax_defaults():
    assert complete("adamw", {})["weight_decay"] == 0.01 and complete("adamw", {})["lr"] == 0.001
    nadam = complete("nadam", {})
    assert (nadam["lr"], nadam["momentum_decay"], nadam["decoupled_weight_decay"]) == (0.002, 0.004, False)
    assert complete("adamax", {})["lr"] == 0.002 and complete("radam", {})["lr"] == 0.001
    r = complete("rprop", {})
    assert (r["lr"], r["etaminus"], r["etaplus"], r["step_size_min"], r["step_size_max"]) == (0.01, 0.5, 1.2, 1e-6, 50)
    lion = complete("lion", {})
    assert (lion["beta1"], lion["beta2"], lion["weight_decay"]) == (0.9, 0.99, 0.001)  # optax.lion's
