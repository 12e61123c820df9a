"""What the fused step needs, in plain arrays: a landscape's description and an optimizer's step constants.

Only landscapes and optimizers whose arithmetic the kernels reproduce get a plan; anything else (SGD's
noisy gradients, annealing, restarts, a landscape subclass) returns None and stays on NumPy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..dataset import DataLandscape
from ..expr.program import Program
from ..heightmap import HeightmapLandscape
from ..landscapes import FormulaLandscape, FunctionLandscape, Landscape, WellsLandscape
from ..optim.adaptive import Adagrad, Adam, RMSprop
from ..optim.base import Optimizer, State
from ..optim.gradient import GD, Momentum, Nesterov
from ..optim.schedules import learning_rate
from . import kernels as K


@dataclass(frozen=True)
class LandscapePlan:
    kind: int
    code: np.ndarray
    consts: np.ndarray
    outs: np.ndarray
    farr: np.ndarray
    zmap: np.ndarray
    nregs: int

    def args(self) -> tuple:
        return self.kind, self.code, self.consts, self.outs, self.farr, self.zmap, self.nregs


def _program(p: Program) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return p.arrays()


def landscape_plan(land: Landscape) -> LandscapePlan | None:
    empty = np.zeros(0)
    no_code = (np.zeros((0, 5), np.int64), np.zeros(0), np.zeros((3, 2)))
    kind = type(land)
    if kind in (FormulaLandscape, FunctionLandscape):
        p = land.formula.grad_program
        return LandscapePlan(K.FORMULA, *_program(p), empty, empty, p.nregs)
    if kind is WellsLandscape:
        p = land.base.grad_program
        farr = np.column_stack([land._c, land._d, land._s2]).ravel() if land.wells else empty
        return LandscapePlan(K.WELLS, *_program(p), np.ascontiguousarray(farr), empty, p.nregs)
    if kind is HeightmapLandscape:
        d = land.domain
        farr = np.array([d.x[0], d.x[1], d.y[0], d.y[1], land._du_dx, land._dv_dy, land.rows, land.cols])
        return LandscapePlan(K.HEIGHTMAP, *no_code, farr, land._flat, 2)
    if kind is DataLandscape:
        farr = np.array([land._n, land._xbar, land._ybar, land._sxx, land._beta, land._rss])
        return LandscapePlan(K.DATA, *no_code, farr, empty, 2)
    return None


def optimizer_kind(opt: Optimizer) -> int | None:
    if any(isinstance(v, np.ndarray) for v in opt.params.values()):
        return None  # per-hiker parameters (a sweep): the kernels take one number each, so NumPy steps them
    if type(opt) is GD or (type(opt) in (Momentum, Nesterov) and not opt.params["momentum"]):
        return K.GD  # SGDForm skips the velocity when mu is 0
    if type(opt) in (Momentum, Nesterov):
        return K.MOMENTUM
    return {Adagrad: K.ADAGRAD, RMSprop: K.RMSPROP, Adam: K.ADAM}.get(type(opt))


def step_constants(kind: int, opt: Optimizer, t: int) -> np.ndarray:
    """The scalars of step t, computed as engine/optim computes them."""
    p = opt.params
    par = np.zeros(8)
    if kind == K.GD:
        par[0] = -learning_rate(p, t)
    elif kind == K.MOMENTUM:
        par[:5] = -learning_rate(p, t), p["momentum"], p.get("dampening", 0.0), t == 0, type(opt) is Nesterov
    elif kind == K.ADAGRAD:
        par[:2] = -(learning_rate(p, t) / (1 + t * p["lr_decay"])), p["eps"]
    elif kind == K.RMSPROP:
        par[:6] = -learning_rate(p, t), p["alpha"], 1 - p["alpha"], p["eps"], p["momentum"], p["centered"]
    else:
        n = t + 1
        par[:8] = (-(learning_rate(p, t) / (1 - p["beta1"] ** n)), p["beta1"], 1 - p["beta1"], p["beta2"],
                   1 - p["beta2"], math.sqrt(1 - p["beta2"] ** n), p["eps"], p["amsgrad"])
    return par


_DUMMY = np.zeros((1, 2))


def state_arrays(kind: int, state: State, like: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The optimizer's state arrays the kernel updates in place (unused slots get a dummy)."""
    dummy = _DUMMY  # never read: each optimizer's loop touches only its own state
    if kind == K.MOMENTUM:
        return state["buf"], dummy, dummy
    if kind == K.ADAGRAD:
        return state["sum"], dummy, dummy
    if kind == K.RMSPROP:  # the average slope and the velocity exist only when used
        return state["square_avg"], state.get("grad_avg", dummy), state.get("buf", dummy)
    if kind == K.ADAM:
        return state["m"], state["v"], state.get("v_max", dummy)
    return dummy, dummy, dummy
