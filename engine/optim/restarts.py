"""Random restarts of a base optimizer; the best point found is what it reports."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, Oracle, Param, State


class Restarts(Optimizer):
    NAME = "restarts"
    BLURB = "Every few steps it is dropped somewhere new; it keeps the best spot it ever found."
    REPORTS_BEST = True
    BATCH_PARAMS = True  # its base's parameters are per hiker when the base's are
    PARAMS = {
        "base": Param("gd", str, choices=("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "sgd", "adamw",
                                          "nadam", "radam", "adamax", "rprop", "lion"),
                      help="the optimizer that is restarted"),
        "every": Param(50, int, 1, 1_000_000, help="steps between restarts"),
    }

    def __init__(self, base_optimizer: Optimizer, **params) -> None:
        super().__init__(**params)
        self.base_optimizer = base_optimizer

    def init(self, x: np.ndarray) -> State:
        return {"base": self.base_optimizer.init(x), "since": 0}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        if t > 0 and t % self.params["every"] == 0:
            x = oracle.landscape.domain.uniform(oracle.rng, len(x))
            state["base"] = self.base_optimizer.init(x)
            state["since"] = 0
        self.base_optimizer.step(x, state["base"], state["since"], oracle, out)
        state["since"] += 1
        return out
