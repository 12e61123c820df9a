"""Optimizers that step by the sign of the slope: Rprop (torch.optim.Rprop) and Lion (optax.lion).

Rprop follows the single-tensor code path of torch/optim/rprop.py (torch 2.13) line by line; Lion follows
optax.lion, the chain scale_by_lion → add_decayed_weights → scale_by_learning_rate.
"""

from __future__ import annotations

import numpy as np

from .base import Optimizer, Oracle, Param, State, batched, buffer, col
from .schedules import learning_rate


class Rprop(Optimizer):
    """torch.optim.Rprop: every coordinate has its own step size, grown by etaplus while the slope keeps its
    sign and cut by etaminus when it flips (and then that coordinate rests one step)."""

    NAME = "rprop"
    BLURB = "Only the slope's sign counts: strides grow while it holds and shrink when it flips."
    SCHEDULED = False  # torch's Rprop reads lr once, as its first step sizes: a schedule would change nothing
    BATCH_PARAMS = True
    PARAMS = {
        "lr": Param(0.01, float, 0.0, 10.0, lo_open=True, help="the first step size", log=True),
        "etaminus": Param(0.5, float, 0.0, 0.999, lo_open=True, help="step size factor when the sign flips"),
        "etaplus": Param(1.2, float, 1.001, 10.0, help="step size factor while the sign holds"),
        "step_size_min": Param(1e-6, float, 0.0, 1e6, help="smallest step size", log=True),
        "step_size_max": Param(50.0, float, 0.0, 1e6, lo_open=True, help="largest step size", log=True),
    }

    @classmethod
    def check_params(cls, params: dict) -> str | None:
        lo, hi = params.get("step_size_min"), params.get("step_size_max")
        if lo is not None and hi is not None and not batched(lo, hi) and lo > hi:
            return f"step_size_min ({lo:g}) must not be above step_size_max ({hi:g})"
        return None

    def init(self, x: np.ndarray) -> State:
        lr = self.params["lr"]
        step_size = np.full_like(x, lr) if not batched(lr) else np.repeat(col(np.asarray(lr, float)), x.shape[1], 1)
        return {"prev": np.zeros_like(x), "step_size": step_size}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        prev, step_size = state["prev"], state["step_size"]
        etaminus, etaplus = col(p["etaminus"]), col(p["etaplus"])
        sign = np.sign(np.multiply(g, prev, out=buffer(state, "_sign", x)), out=buffer(state, "_sign", x))
        # sign[sign.gt(0)] = etaplus; sign[sign.lt(0)] = etaminus; sign[sign.eq(0)] = 1
        factor = np.where(sign > 0, etaplus, np.where(sign < 0, etaminus, 1.0))
        # step_size.mul_(sign).clamp_(step_size_min, step_size_max)
        step_size *= factor
        np.clip(step_size, col(p["step_size_min"]), col(p["step_size_max"]), out=step_size)
        # grad = grad.clone(); grad[sign.eq(etaminus)] = 0   (where the sign flipped, rest one step)
        g = np.where(factor == etaminus, 0.0, g)
        # param.addcmul_(grad.sign(), step_size, value=-1); prev.copy_(grad)
        np.multiply(np.sign(g), step_size, out=out)
        out *= -1
        out += x
        np.copyto(prev, g)
        return out


class Lion(Optimizer):
    """optax.lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"):
    c ← β₁·m + (1 − β₁)·g; x ← x − lr·(sign(c) + λ·x); m ← β₂·m + (1 − β₂)·g."""

    NAME = "lion"
    BLURB = "Steps by the sign of a blend of slope and momentum: every stride has the same size."
    BATCH_PARAMS = True
    PARAMS = {
        "lr": Param(0.001, float, 0.0, 10.0, lo_open=True, help="learning rate: the size of every stride", log=True),
        "beta1": Param(0.9, float, 0.0, 0.9999, help="blend of momentum and slope for the step's sign"),
        "beta2": Param(0.99, float, 0.0, 0.9999, help="decay of the stored momentum"),
        "weight_decay": Param(0.001, float, 0.0, 1.0, help="pull toward the origin, times lr"),
    }

    def init(self, x: np.ndarray) -> State:
        return {"m": np.zeros_like(x)}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        m, tmp = state["m"], buffer(state, "_tmp", x)
        b1, b2, wd = col(p["beta1"]), col(p["beta2"]), p["weight_decay"]
        # scale_by_lion: updates = sign((1 - b1) * g + b1 * m)
        np.multiply(g, 1.0 - b1, out=tmp)
        tmp += np.multiply(m, b1, out=out)
        u = np.sign(tmp, out=tmp)
        # add_decayed_weights: updates + weight_decay * params (skipped when weight_decay is the number 0)
        if batched(wd) or wd != 0.0:
            u += np.multiply(x, col(wd), out=out)
        # scale_by_learning_rate: -lr * updates; apply_updates: params + updates
        np.multiply(u, -col(learning_rate(p, t)), out=out)
        out += x
        # m = (1 - b2) * g + b2 * m   (optax.tree.update_moment, order 1)
        np.multiply(m, b2, out=m)
        m += np.multiply(g, 1 - b2, out=tmp)
        return out
