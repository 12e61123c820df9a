"""Learning-rate schedules, in the closed forms of torch.optim.lr_scheduler.

``t`` counts completed steps (0 for the first step), like a scheduler stepped once per optimizer step.
"""

from __future__ import annotations

import math

from .base import Param, per_value

SCHEDULES = ("constant", "step", "exponential", "cosine", "warmup")

SCHEDULE_PARAMS: dict[str, Param] = {
    "schedule": Param("constant", str, choices=SCHEDULES, help="how the learning rate changes"),
    "gamma": Param(0.5, float, 0.0, 1.0, lo_open=True, help="decay factor (step, exponential)"),
    "step_size": Param(100, int, 1, help="steps between decays (step)"),
    "t_max": Param(0, int, 0, help="cosine period in steps; 0 means the race length"),
    "eta_min": Param(0.0, float, 0.0, help="lowest learning rate (cosine)"),
    "warmup": Param(50, int, 1, help="steps of linear warm-up"),
    "start_factor": Param(1 / 3, float, 0.0, 1.0, lo_open=True, help="first warm-up fraction"),
}

# Which schedule keys belong to which schedule (the others are dropped from the params).
SCHEDULE_KEYS = {
    "constant": (),
    "step": ("gamma", "step_size"),
    "exponential": ("gamma",),
    "cosine": ("t_max", "eta_min"),
    "warmup": ("warmup", "start_factor"),
}
DEFAULT_GAMMA = {"step": 0.5, "exponential": 0.99}


def learning_rate(params: dict, t: int):
    """The learning rate of step t: a number, or an (N,) array when a parameter is one per hiker (powers of
    a per-hiker gamma are taken value by value, so every hiker's rate is the one it would have alone)."""
    lr = params["lr"]
    kind = params.get("schedule", "constant")
    if kind == "step":
        k = t // params["step_size"]
        return lr * per_value(lambda g: g**k, params["gamma"])
    if kind == "exponential":
        return lr * per_value(lambda g: g**t, params["gamma"])
    if kind == "cosine":
        # torch's closed form: past t_max the cosine rises again (it is periodic, not clamped).
        t_max = max(1, params["t_max"])
        return params["eta_min"] + (lr - params["eta_min"]) * (1 + math.cos(math.pi * t / t_max)) / 2
    if kind == "warmup":
        f = params["start_factor"]
        return lr * (f + (1 - f) * min(t, params["warmup"]) / params["warmup"])
    return lr
