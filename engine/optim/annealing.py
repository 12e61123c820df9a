"""Simulated annealing: random proposals accepted by the Metropolis rule as the temperature cools."""

from __future__ import annotations

import math

import numpy as np

from .base import Optimizer, Oracle, Param, State, batched, col, per_value


class Annealing(Optimizer):
    """Propose x' = x + step * N(0, I); accept if f drops, or else with probability exp(-delta/T).

    T = t0 * cooling**k (geometric) or t0 / ln(k + e) (log). It uses altitudes only, never gradients.
    """

    NAME = "annealing"
    USES_GRADIENT = False
    BLURB = "Random leaps, sometimes uphill, less often as it cools: it can climb out of traps."
    PARAMS = {
        "step": Param(0.0, float, 0.0, 1e9, help="std-dev of a leap; 0 means 5% of the domain",
                      log=True),
        "t0": Param(1.0, float, 0.0, 1e9, lo_open=True, help="starting temperature", log=True),
        "cooling": Param(0.99, float, 0.0, 1.0, lo_open=True, help="temperature factor per step"),
        "cool": Param("geometric", str, choices=("geometric", "log"), help="cooling schedule"),
    }

    SCHEDULED = False
    BATCH_PARAMS = True

    def temperature(self, k: int):
        p = self.params
        if p["cool"] == "log":
            return p["t0"] / math.log(k + math.e)
        return per_value(lambda t0, cooling: max(t0 * cooling**k, 1e-300), p["t0"], p["cooling"])

    def scale(self, diagonal: float):
        """The std-dev of a leap: ``step``, or 5% of the map's diagonal where it is 0."""
        step = self.params["step"]
        if batched(step):
            return col(np.where(step == 0, 0.05 * diagonal, step))
        return step or 0.05 * diagonal

    def init(self, x: np.ndarray) -> State:
        return {"f": None}

    def step(self, x: np.ndarray, state: State, t: int, oracle: Oracle, out: np.ndarray) -> np.ndarray:
        domain = oracle.landscape.domain
        f = state["f"] if state["f"] is not None else oracle.value(x)
        scale = self.scale(domain.diagonal)
        proposal = domain.clamp(x + scale * oracle.rng.standard_normal(x.shape))
        fp = oracle.value(proposal)
        delta = fp - f
        with np.errstate(over="ignore", invalid="ignore"):
            accept = (delta <= 0) | (oracle.rng.random(len(x)) < np.exp(-delta / self.temperature(t)))
        accept &= np.isfinite(fp)
        state["f"] = np.where(accept, fp, f)
        np.copyto(out, x)
        np.copyto(out, proposal, where=accept[:, None])
        return out
