"""Gradient descent and its momentum forms, in the torch.optim.SGD form; and noisy/mini-batch SGD."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, Oracle, Param, State, batched, buffer, col
from .schedules import learning_rate

LR = Param(0.01, float, 0.0, 10.0, lo_open=True, help="learning rate: the stride", log=True)
MOMENTUM = Param(0.9, float, 0.0, 0.999, help="how much velocity is kept each step")
DAMPENING = Param(0.0, float, 0.0, 1.0, help="how much of each new gradient is damped")


class SGDForm(Optimizer):
    """torch.optim.SGD: b <- mu*b + (1 - dampening)*g (b = g at the first step); x <- x - lr*b.

    With nesterov, the step uses g + mu*b instead of b.
    """

    NESTEROV = False
    BATCH_PARAMS = True

    def init(self, x: np.ndarray) -> State:
        mu = self.params.get("momentum", 0.0)
        return {"buf": np.zeros_like(x)} if batched(mu) or mu else {}

    def gradient(self, x: np.ndarray, oracle: Oracle) -> np.ndarray:
        return oracle.grad(x)

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        g0 = g = self.gradient(x, oracle)
        mu = self.params.get("momentum", 0.0)
        if batched(mu) or mu:
            buf = state["buf"]
            if t == 0:
                np.copyto(buf, g)
            else:
                buf *= col(mu)
                damp = self.params.get("dampening", 0.0)
                if batched(damp) or damp:
                    buf += np.multiply(g, 1 - col(damp), out=buffer(state, "_tmp", x))
                else:
                    buf += g  # (1 - 0) * g is g exactly
            if self.NESTEROV:
                tmp = buffer(state, "_tmp", x)
                g = np.add(g, np.multiply(buf, col(mu), out=tmp), out=tmp)
            else:
                g = buf
            if batched(mu):  # hikers whose momentum is 0 take torch's plain step: the gradient itself
                g = np.where((mu == 0)[:, None], g0, g)
        np.multiply(g, -col(learning_rate(self.params, t)), out=out)
        out += x
        return out


class GD(SGDForm):
    NAME = "gd"
    BLURB = "Plain gradient descent: one stride straight down the slope."
    PARAMS = {"lr": LR}


class Momentum(SGDForm):
    NAME = "momentum"
    BLURB = "A heavy ball: velocity builds up and carries it through small dips."
    PARAMS = {"lr": LR, "momentum": MOMENTUM, "dampening": DAMPENING}


class Nesterov(SGDForm):
    NAME = "nesterov"
    BLURB = "Momentum that looks ahead before it steps, so it brakes earlier."
    PARAMS = {"lr": LR, "momentum": MOMENTUM}
    NESTEROV = True


class SGD(SGDForm):
    """Stochastic: a random mini-batch's gradient on data and network levels, the gradient plus noise elsewhere."""

    NAME = "sgd"
    BLURB = "Stochastic descent: it feels the slope through noise, so its path jitters."
    PARAMS = {
        "lr": LR,
        "batch": Param(1, int, 1, 100_000, help="examples per mini-batch (data and network levels)"),
        "noise": Param(1.0, float, 0.0, 1e6, help="std-dev of gradient noise (other levels)"),
        "momentum": Param(0.0, float, 0.0, 0.999, help="how much velocity is kept each step"),
    }

    def gradient(self, x: np.ndarray, oracle: Oracle) -> np.ndarray:
        return oracle.stochastic_grad(x, self.params["batch"], self.params["noise"])
