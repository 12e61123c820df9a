"""Gradient Hiker's own runner: ``Hikers`` stepping N hikers with one optimizer, as the game does."""

from __future__ import annotations

import inspect
import time

import numpy as np

from .cases import MOMENTUM, Case, engine_landscape
from .peers import Runner, installed

_LANDSCAPES: dict[str, object] = {}


def backends() -> list[str]:
    """The engine's stepping back ends to measure: its default, and NumPy alone when numba is in use."""
    from engine.hikers import Hikers

    if "backend" not in inspect.signature(Hikers).parameters:
        return ["default"]  # an engine from before the back ends existed
    return ["default", "numpy"] if installed("numba") else ["default"]


def landscape(case: Case):
    if case.id not in _LANDSCAPES:
        _LANDSCAPES[case.id] = engine_landscape(case)
    return _LANDSCAPES[case.id]


def ours_runner(case: Case, opt: str, lr: float, P0: np.ndarray, backend: str = "default") -> Runner:
    from engine.hikers import Hikers
    from engine.optim import build

    land = landscape(case)
    params = {"lr": lr, **({"momentum": MOMENTUM} if opt == "momentum" else {})}
    extra = {} if backend == "default" else {"backend": backend}

    def run(steps: int) -> float:
        h = Hikers(build(opt, params, steps), land, P0, np.random.default_rng(0), **extra)
        t0 = time.perf_counter()
        h.run(steps)
        return time.perf_counter() - t0

    return run
