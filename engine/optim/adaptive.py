"""Adaptive methods in the torch.optim forms: Adagrad, RMSprop and Adam (eps after the square root)."""

from __future__ import annotations

import math

import numpy as np

from .base import Optimizer, Oracle, Param, State, batched, buffer, col, per_value
from .schedules import learning_rate

EPS_HELP = "added after the square root, for safety"


def full(x: np.ndarray, value) -> np.ndarray:
    """An array shaped like x filled with a hyper-parameter (one number, or one per hiker)."""
    return np.full_like(x, value) if not batched(value) else np.repeat(col(np.asarray(value, float)), x.shape[1], 1)


class Adagrad(Optimizer):
    NAME = "adagrad"
    BLURB = "Shrinks each direction's stride by all the slope it has felt there so far."
    PARAMS = {
        "lr": Param(0.1, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "lr_decay": Param(0.0, float, 0.0, 1.0, help="learning rate decay per step"),
        "initial_accumulator_value": Param(0.0, float, 0.0, 1e6, help="starting sum of squares"),
        "eps": Param(1e-10, float, 0.0, 1.0, help=EPS_HELP, log=True),
    }

    BATCH_PARAMS = True

    def init(self, x: np.ndarray) -> State:
        return {"sum": full(x, self.params["initial_accumulator_value"])}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        g = oracle.grad(x)
        clr = learning_rate(self.params, t) / (1 + t * self.params["lr_decay"])
        tmp = buffer(state, "_tmp", x)
        state["sum"] += np.multiply(g, g, out=tmp)
        np.sqrt(state["sum"], out=tmp)
        tmp += col(self.params["eps"])
        np.multiply(g, -col(clr), out=out)  # -clr * g / (sqrt(sum) + eps)
        out /= tmp
        out += x
        return out


class RMSprop(Optimizer):
    NAME = "rmsprop"
    BLURB = "Divides the stride by a running average of recent slopes' size."
    PARAMS = {
        "lr": Param(0.01, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "alpha": Param(0.99, float, 0.0, 1.0, help="smoothing of the squared-slope average"),
        "eps": Param(1e-8, float, 0.0, 1.0, help=EPS_HELP, log=True),
        "centered": Param(False, bool, help="subtract the squared mean slope"),
        "momentum": Param(0.0, float, 0.0, 0.999, help="velocity kept each step"),
    }

    BATCH_PARAMS = True

    def init(self, x: np.ndarray) -> State:
        p = self.params
        state = {"square_avg": np.zeros_like(x)}
        if p["centered"]:
            state["grad_avg"] = np.zeros_like(x)
        if batched(p["momentum"]) or p["momentum"] > 0:
            state["buf"] = np.zeros_like(x)
        return state

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        alpha, tmp, avg = col(p["alpha"]), buffer(state, "_tmp", x), buffer(state, "_avg", x)
        sq = state["square_avg"]
        sq *= alpha  # alpha * sq + (1 - alpha) * g * g
        np.multiply(g, 1 - alpha, out=tmp)
        sq += np.multiply(tmp, g, out=tmp)
        if p["centered"]:
            ga = state["grad_avg"]
            ga *= alpha
            ga += np.multiply(g, 1 - alpha, out=tmp)
            np.subtract(sq, np.multiply(ga, ga, out=tmp), out=avg)
            np.sqrt(np.maximum(avg, 0.0, out=avg), out=avg)
        else:
            np.sqrt(sq, out=avg)
        avg += col(p["eps"])
        lr = col(learning_rate(p, t))
        mu = p["momentum"]
        if batched(mu):  # hikers with momentum 0 take torch's plain step, the others the velocity's
            buf = state["buf"]
            buf *= col(mu)
            buf += np.divide(g, avg, out=tmp)
            np.multiply(buf, -lr, out=out)
            plain = np.multiply(g, -lr, out=tmp)
            plain /= avg
            np.copyto(out, plain, where=(mu == 0)[:, None])
        elif mu > 0:
            buf = state["buf"]
            buf *= mu
            buf += np.divide(g, avg, out=tmp)
            np.multiply(buf, -lr, out=out)
        else:
            np.multiply(g, -lr, out=out)
            out /= avg
        out += x
        return out


class Adam(Optimizer):
    NAME = "adam"
    BLURB = "Momentum plus a per-direction stride: the default of deep learning."
    PARAMS = {
        "lr": Param(0.001, float, 0.0, 10.0, lo_open=True, help="learning rate", log=True),
        "beta1": Param(0.9, float, 0.0, 0.9999, help="decay of the average slope"),
        "beta2": Param(0.999, float, 0.0, 0.99999, help="decay of the average squared slope"),
        "eps": Param(1e-8, float, 0.0, 1.0, help=EPS_HELP, log=True),
        "amsgrad": Param(False, bool, help="never let the squared-slope average shrink"),
    }

    BATCH_PARAMS = True

    def init(self, x: np.ndarray) -> State:
        state = {"m": np.zeros_like(x), "v": np.zeros_like(x)}
        if self.params["amsgrad"]:
            state["v_max"] = np.zeros_like(x)
        return state

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        b1, b2 = col(p["beta1"]), col(p["beta2"])
        n = t + 1
        m, v, tmp = state["m"], state["v"], buffer(state, "_tmp", x)
        m *= b1  # m = b1 * m + (1 - b1) * g
        m += np.multiply(g, 1 - b1, out=tmp)
        v *= b2  # v = b2 * v + (1 - b2) * g * g
        np.multiply(g, 1 - b2, out=tmp)
        v += np.multiply(tmp, g, out=tmp)
        if p["amsgrad"]:
            v = np.maximum(state["v_max"], v, out=state["v_max"])
        step_size = learning_rate(p, t) / per_value(lambda b: 1 - b**n, p["beta1"])
        np.sqrt(v, out=tmp)  # denom = sqrt(v) / sqrt(1 - b2**n) + eps
        tmp /= col(per_value(lambda b: math.sqrt(1 - b**n), p["beta2"]))
        tmp += col(p["eps"])
        np.multiply(m, -col(step_size), out=out)
        out /= tmp
        out += x
        return out
