"""Adam's relatives in their torch.optim forms: AdamW, NAdam, RAdam and Adamax.

Each step follows the single-tensor code path of torch/optim/<name>.py (torch 2.13) line by line: the
moment updates use torch's ``lerp_`` (``lerp``), the bias corrections are computed on plain numbers as torch
does with its step counter, and the parameter update is the same ``addcdiv_`` / ``add_`` in the same order.
tests/test_optim_more.py compares 40-step paths with torch.optim to 1e-9.
"""

from __future__ import annotations

import numpy as np

from .adaptive import Adam
from .base import Optimizer, Oracle, Param, State, batched, buffer, col, per_value
from .schedules import learning_rate

EPS_HELP = "added after the square root, for safety"
BETA1 = Param(0.9, float, 0.0, 0.9999, help="decay of the average slope")
BETA2 = Param(0.999, float, 0.0, 0.99999, help="decay of the average squared slope")
EPS = Param(1e-8, float, 0.0, 1.0, help=EPS_HELP, log=True)
WEIGHT_DECAY = Param(0.0, float, 0.0, 1.0, help="pull toward the origin (L2, or decoupled)")
DECOUPLED = Param(False, bool, help="decay the position directly (AdamW's way) instead of the slope")


def lerp(start: np.ndarray, end: np.ndarray, weight, tmp: np.ndarray) -> np.ndarray:
    """torch's ``start.lerp_(end, weight)`` in place: ``start + weight·(end − start)`` for weight < 0.5, else
    ``end − (end − start)·(1 − weight)`` (ATen's lerp kernel), per hiker when weight is a column."""
    np.subtract(end, start, out=tmp)  # end - start
    if not batched(weight):
        if abs(weight) < 0.5:
            tmp *= weight
            start += tmp
        else:
            tmp *= 1 - weight
            np.subtract(end, tmp, out=start)
        return start
    low = np.abs(weight) < 0.5
    a = start + tmp * weight
    b = end - tmp * (1 - weight)
    np.copyto(start, np.where(low, a, b))
    return start


def weight_decay_step(x: np.ndarray, g: np.ndarray, lr, wd, decoupled: bool, state: State,
                      out: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """torch's weight decay: decoupled, ``param.mul_(1 − lr·wd)`` (the step then starts from there);
    otherwise ``grad = grad.add(param, alpha=wd)``. Returns (the point the step starts from, the slope)."""
    if not batched(wd) and wd == 0:
        return x, g
    if decoupled:
        np.multiply(x, col(1 - lr * wd), out=out)
        return out, g
    g2 = buffer(state, "_g", x)
    np.multiply(x, col(wd), out=g2)
    g2 += g
    return x, g2


class AdamW(Optimizer):
    """torch.optim.AdamW: Adam with decoupled weight decay, ``x ← x·(1 − lr·λ)`` before the Adam step."""

    NAME = "adamw"
    BLURB = "Adam that also pulls its position toward the origin a little each step (weight decay)."
    BATCH_PARAMS = True
    PARAMS = {
        "lr": Param(0.001, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "beta1": BETA1,
        "beta2": BETA2,
        "eps": EPS,
        "weight_decay": Param(0.01, float, 0.0, 1.0, help="fraction of lr·x taken off each step"),
        "amsgrad": Param(False, bool, help="never let the squared-slope average shrink"),
    }

    init = Adam.init  # the same state: m, v (and v_max with amsgrad)

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        n = t + 1
        lr = learning_rate(p, t)
        start, g = weight_decay_step(x, g, lr, p["weight_decay"], True, state, out)
        m, v, tmp = state["m"], state["v"], buffer(state, "_tmp", x)
        lerp(m, g, col(1 - p["beta1"]) if batched(p["beta1"]) else 1 - p["beta1"], tmp)
        v *= col(p["beta2"])  # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        np.multiply(g, col(1 - p["beta2"]), out=tmp)
        tmp *= g
        v += tmp
        step_size = lr / per_value(lambda b: 1 - b**n, p["beta1"])
        bc2_sqrt = per_value(lambda b: (1 - b**n) ** 0.5, p["beta2"])
        if p["amsgrad"]:
            v = np.maximum(state["v_max"], v, out=state["v_max"])
        np.sqrt(v, out=tmp)  # denom = (sqrt(v) / sqrt(bias_correction2)).add_(eps)
        tmp /= col(bc2_sqrt)
        tmp += col(p["eps"])
        step = np.multiply(m, -col(step_size), out=buffer(state, "_step", x))  # addcdiv_(m, denom, -step_size)
        step /= tmp
        np.add(start, step, out=out)
        return out


class NAdam(Optimizer):
    """torch.optim.NAdam: Adam with Nesterov momentum and Dozat's momentum schedule (momentum_decay)."""

    NAME = "nadam"
    BLURB = "Adam that looks ahead like Nesterov, with momentum that warms up over the first steps."
    BATCH_PARAMS = True
    PARAMS = {
        "lr": Param(0.002, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "beta1": BETA1,
        "beta2": BETA2,
        "eps": EPS,
        "weight_decay": WEIGHT_DECAY,
        "momentum_decay": Param(0.004, float, 0.0, 1.0, help="how fast the momentum schedule warms up"),
        "decoupled_weight_decay": DECOUPLED,
    }

    def init(self, x: np.ndarray) -> State:
        return {"m": np.zeros_like(x), "v": np.zeros_like(x), "mu_product": 1.0}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        step = float(t + 1)
        lr = learning_rate(p, t)
        b1, b2, decay = p["beta1"], p["beta2"], p["momentum_decay"]
        bias_correction2 = per_value(lambda b: 1 - b**step, b2)
        start, g = weight_decay_step(x, g, lr, p["weight_decay"], p["decoupled_weight_decay"], state, out)
        mu = per_value(lambda b, d: b * (1.0 - 0.5 * (0.96 ** (step * d))), b1, decay)
        mu_next = per_value(lambda b, d: b * (1.0 - 0.5 * (0.96 ** ((step + 1) * d))), b1, decay)
        state["mu_product"] = mu_product = state["mu_product"] * mu
        m, v, tmp = state["m"], state["v"], buffer(state, "_tmp", x)
        lerp(m, g, col(1 - b1) if batched(b1) else 1 - b1, tmp)
        v *= col(b2)  # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        np.multiply(g, col(1 - b2), out=tmp)
        tmp *= g
        v += tmp
        denom = np.divide(v, col(bias_correction2), out=buffer(state, "_denom", x))
        np.sqrt(denom, out=denom)
        mu_product_next = mu_product * mu_next
        denom += col(p["eps"])
        # param.addcdiv_(grad, denom, value=-lr·(1 − mu)/(1 − mu_product))
        np.multiply(g, col(-lr * (1.0 - mu) / (1.0 - mu_product)), out=tmp)
        tmp /= denom
        np.add(start, tmp, out=out)
        # param.addcdiv_(exp_avg, denom, value=(-lr·mu_next)/(1 − mu_product_next))
        np.multiply(m, col((-lr * mu_next) / (1.0 - mu_product_next)), out=tmp)
        tmp /= denom
        out += tmp
        return out


class RAdam(Optimizer):
    """torch.optim.RAdam: Adam whose adaptive step is switched on, rectified, once its variance is known."""

    NAME = "radam"
    BLURB = "Adam that starts as plain momentum and switches on its per-direction stride once it can trust it."
    BATCH_PARAMS = True
    PARAMS = {
        "lr": Param(0.001, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "beta1": BETA1,
        "beta2": BETA2,
        "eps": EPS,
        "weight_decay": WEIGHT_DECAY,
        "decoupled_weight_decay": DECOUPLED,
    }

    def init(self, x: np.ndarray) -> State:
        return {"m": np.zeros_like(x), "v": np.zeros_like(x)}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        step = float(t + 1)
        lr = learning_rate(p, t)
        b1, b2 = p["beta1"], p["beta2"]
        start, g = weight_decay_step(x, g, lr, p["weight_decay"], p["decoupled_weight_decay"], state, out)
        m, v, tmp = state["m"], state["v"], buffer(state, "_tmp", x)
        lerp(m, g, col(1 - b1) if batched(b1) else 1 - b1, tmp)
        v *= col(b2)  # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        np.multiply(g, col(1 - b2), out=tmp)
        tmp *= g
        v += tmp
        bias_correction1 = per_value(lambda b: 1 - b**step, b1)
        bias_correction2 = per_value(lambda b: 1 - b**step, b2)
        corrected = np.divide(m, col(bias_correction1), out=buffer(state, "_m_hat", x))

        def rho(b: float) -> float:  # the length of the approximated simple moving average
            rho_inf = 2 / (1 - b) - 1
            return rho_inf - 2 * step * (b**step) / (1 - b**step)

        def rect(b: float) -> float:
            rho_inf = 2 / (1 - b) - 1
            rho_t = rho(b)
            if rho_t <= 5.0:
                return 0.0  # not used: the plain step is taken
            return ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5

        rho_t = per_value(rho, b2)
        # plain: param.add_(bias_corrected_exp_avg * lr, alpha=-1)
        plain = np.multiply(corrected, col(lr), out=tmp)
        if batched(rho_t) or rho_t > 5.0:
            # param.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1), adaptive_lr =
            # bias_correction2**0.5 / (sqrt(v) + eps)
            adaptive = np.sqrt(v, out=buffer(state, "_adaptive", x))
            adaptive += col(p["eps"])
            np.divide(col(per_value(lambda bc: bc**0.5, bias_correction2)), adaptive, out=adaptive)
            rectified = np.multiply(corrected, col(lr), out=buffer(state, "_rect", x))
            rectified *= adaptive
            rectified *= col(per_value(rect, b2))
            if batched(rho_t):
                np.copyto(plain, rectified, where=(rho_t > 5.0)[:, None])
            else:
                plain = rectified
        np.subtract(start, plain, out=out)
        return out


class Adamax(Optimizer):
    """torch.optim.Adamax: Adam with the infinity norm, u ← max(β₂·u, |g| + eps)."""

    NAME = "adamax"
    BLURB = "Adam that divides by the largest recent slope instead of an average: steady strides."
    BATCH_PARAMS = True
    PARAMS = {
        "lr": Param(0.002, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "beta1": BETA1,
        "beta2": BETA2,
        "eps": EPS,
        "weight_decay": Param(0.0, float, 0.0, 1.0, help="pull toward the origin (L2)"),
    }

    def init(self, x: np.ndarray) -> State:
        return {"m": np.zeros_like(x), "u": np.zeros_like(x)}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        step = float(t + 1)
        lr = learning_rate(p, t)
        b1 = p["beta1"]
        _, g = weight_decay_step(x, g, lr, p["weight_decay"], False, state, out)
        m, u, tmp = state["m"], state["u"], buffer(state, "_tmp", x)
        lerp(m, g, col(1 - b1) if batched(b1) else 1 - b1, tmp)
        u *= col(p["beta2"])  # torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps), out=exp_inf)
        np.abs(g, out=tmp)
        tmp += col(p["eps"])
        np.maximum(u, tmp, out=u)
        clr = lr / per_value(lambda b: 1 - b**step, b1)
        np.multiply(m, -col(clr), out=tmp)  # param.addcdiv_(exp_avg, exp_inf, value=-clr)
        tmp /= u
        np.add(x, tmp, out=out)
        return out

