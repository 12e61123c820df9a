"""Hikers' compiled step: one call per step into the fused kernel, the same accounting as engine/hikers.py."""

from __future__ import annotations

import numpy as np

from ..landscapes import Landscape
from ..optim.base import Optimizer
from . import kernels as K
from .plan import landscape_plan, optimizer_kind, state_arrays, step_constants


class FusedStepper:
    """Steps hikers with the fused kernel; ``make`` returns None when the pair is not supported."""

    def __init__(self, opt_kind: int, optimizer: Optimizer, plan) -> None:
        self.opt_kind = opt_kind
        self.optimizer = optimizer
        self.plan = plan

    @classmethod
    def make(cls, optimizer: Optimizer, landscape: Landscape) -> FusedStepper | None:
        kind = optimizer_kind(optimizer)
        plan = landscape_plan(landscape) if kind is not None else None
        return None if plan is None else cls(kind, optimizer, plan)

    def step(self, h, grad: np.ndarray) -> None:
        """One step of Hikers ``h`` whose slopes at the current points are ``grad`` (updated in place)."""
        d = h.landscape.domain
        box = np.array([d.x[0], d.x[1], d.y[0], d.y[1]])
        S1, S2, S3 = state_arrays(self.opt_kind, h.state, h.x)
        K.fused_step(self.opt_kind, step_constants(self.opt_kind, self.optimizer, h.t), h.x, h.cost, h.best_x,
                     h.best_cost, h.fell, h.path_length, h.last_move, grad, S1, S2, S3, box, *self.plan.args())
