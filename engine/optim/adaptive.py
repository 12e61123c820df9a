"""Adaptive methods in the torch.optim forms: Adagrad, RMSprop and Adam (eps after the square root)."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, Oracle, Param, State
from .schedules import learning_rate

EPS_HELP = "added after the square root, for safety"


class Adagrad(Optimizer):
    NAME = "adagrad"
    BLURB = "Shrinks each direction's stride by all the slope it has felt there so far."
    PARAMS = {
        "lr": Param(0.1, float, 0.0, 10.0, lo_open=True, help="learning rate"),
        "lr_decay": Param(0.0, float, 0.0, 1.0, help="learning rate decay per step"),
        "initial_accumulator_value": Param(0.0, float, 0.0, 1e6, help="starting sum of squares"),
        "eps": Param(1e-10, float, 0.0, 1.0, help=EPS_HELP),
    }

    def init(self, x: np.ndarray) -> State:
        return {"sum": np.full_like(x, self.params["initial_accumulator_value"])}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle) -> np.ndarray:
        g = oracle.grad(x)
        clr = learning_rate(self.params, t) / (1 + t * self.params["lr_decay"])
        state["sum"] = state["sum"] + g * g
        state["update"] = -clr * g / (np.sqrt(state["sum"]) + self.params["eps"])
        return x + state["update"]


class RMSprop(Optimizer):
    NAME = "rmsprop"
    BLURB = "Divides the stride by a running average of recent slopes' size."
    PARAMS = {
        "lr": Param(0.01, float, 0.0, 10.0, lo_open=True, help="learning rate"),
        "alpha": Param(0.99, float, 0.0, 1.0, help="smoothing of the squared-slope average"),
        "eps": Param(1e-8, float, 0.0, 1.0, help=EPS_HELP),
        "centered": Param(False, bool, help="subtract the squared mean slope"),
        "momentum": Param(0.0, float, 0.0, 0.999, help="velocity kept each step"),
    }

    def init(self, x: np.ndarray) -> State:
        return {"square_avg": np.zeros_like(x), "grad_avg": np.zeros_like(x), "buf": np.zeros_like(x)}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        sq = p["alpha"] * state["square_avg"] + (1 - p["alpha"]) * g * g
        state["square_avg"] = sq
        if p["centered"]:
            ga = p["alpha"] * state["grad_avg"] + (1 - p["alpha"]) * g
            state["grad_avg"] = ga
            avg = np.sqrt(np.maximum(sq - ga * ga, 0.0)) + p["eps"]
        else:
            avg = np.sqrt(sq) + p["eps"]
        lr = learning_rate(p, t)
        if p["momentum"] > 0:
            state["buf"] = p["momentum"] * state["buf"] + g / avg
            state["update"] = -lr * state["buf"]
        else:
            state["update"] = -lr * g / avg
        return x + state["update"]


class Adam(Optimizer):
    NAME = "adam"
    BLURB = "Momentum plus a per-direction stride: the default of deep learning."
    PARAMS = {
        "lr": Param(0.001, float, 0.0, 10.0, lo_open=True, help="learning rate"),
        "beta1": Param(0.9, float, 0.0, 0.9999, help="decay of the average slope"),
        "beta2": Param(0.999, float, 0.0, 0.99999, help="decay of the average squared slope"),
        "eps": Param(1e-8, float, 0.0, 1.0, help=EPS_HELP),
        "amsgrad": Param(False, bool, help="never let the squared-slope average shrink"),
    }

    def init(self, x: np.ndarray) -> State:
        return {"m": np.zeros_like(x), "v": np.zeros_like(x), "v_max": np.zeros_like(x)}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle) -> np.ndarray:
        p = self.params
        g = oracle.grad(x)
        b1, b2 = p["beta1"], p["beta2"]
        n = t + 1
        state["m"] = b1 * state["m"] + (1 - b1) * g
        state["v"] = b2 * state["v"] + (1 - b2) * g * g
        v = state["v"]
        if p["amsgrad"]:
            state["v_max"] = v = np.maximum(state["v_max"], v)
        step_size = learning_rate(p, t) / (1 - b1**n)
        denom = np.sqrt(v) / np.sqrt(1 - b2**n) + p["eps"]
        state["update"] = -step_size * state["m"] / denom
        return x + state["update"]
