"""Evaluating a formula tree: values, and exact gradients by forward-mode differentiation.

Each node yields its value and its derivatives in x and y.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .tree import Binary, Call, Node, Num, Unary, Var

# --------------------------------------------------------------------------- forward-mode evaluation

Grad = np.ndarray | float


def _is_zero(g: Grad) -> bool:
    return isinstance(g, float) and g == 0.0


def _add(a: Grad, b: Grad) -> Grad:
    return b if _is_zero(a) else (a if _is_zero(b) else a + b)


def _sub(a: Grad, b: Grad) -> Grad:
    return -b if _is_zero(a) else (a if _is_zero(b) else a - b)


def _mul(g: Grad, f) -> Grad:
    """A derivative times a factor; constants' zero derivatives stay the cheap float 0.0."""
    return 0.0 if _is_zero(g) else g * f


def _chain(fprime, g: Grad, careful: bool) -> Grad:
    """fprime * g. In careful mode a zero inner derivative gives zero even where fprime is infinite
    (e.g. sqrt at 0): the fast mode runs first and careful mode only when a non-finite slope shows up."""
    if _is_zero(g):
        return 0.0
    out = fprime * g
    if careful:
        bad = ~np.isfinite(out)
        if np.any(bad):
            out = np.where(bad & (g == 0), 0.0, out)
    return out


def _value(node: Node, x: np.ndarray, y: np.ndarray):
    """Value only: no derivatives, for when altitudes are all that is needed."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Var):
        return x if node.name == "x" else y
    if isinstance(node, Unary):
        return -_value(node.operand, x, y)
    if isinstance(node, Binary):
        a, b = _value(node.left, x, y), _value(node.right, x, y)
        op = node.op
        return a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b if op == "/" \
            else a**b
    args = [_value(arg, x, y) for arg in node.args]
    name = node.name
    if name in ("min", "max"):
        fold = np.minimum if name == "min" else np.maximum
        v = args[0]
        for b in args[1:]:
            v = fold(v, b)
        return v
    if name == "atan2":
        return np.arctan2(args[0], args[1])
    a = args[0]
    if name == "log10":
        return np.log10(a)
    if name == "softplus":
        return np.logaddexp(0.0, a)
    return _UNARY[name](a)


_UNARY = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
          "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "atan": np.arctan}


def _eval(node: Node, x: np.ndarray, y: np.ndarray, events: list | None = None, careful: bool = True):
    """Return (value, d/dx, d/dy); values and derivatives may be plain floats for constant parts."""
    if isinstance(node, Num):
        return node.value, 0.0, 0.0
    if isinstance(node, Var):
        return (x, 1.0, 0.0) if node.name == "x" else (y, 0.0, 1.0)
    if isinstance(node, Unary):
        v, gx, gy = _eval(node.operand, x, y, events, careful)
        return -v, _mul(gx, -1.0), _mul(gy, -1.0)
    if isinstance(node, Binary):
        a, ax, ay = _eval(node.left, x, y, events, careful)
        b, bx, by = _eval(node.right, x, y, events, careful)
        op = node.op
        if op == "+":
            return a + b, _add(ax, bx), _add(ay, by)
        if op == "-":
            return a - b, _sub(ax, bx), _sub(ay, by)
        if op == "*":
            return a * b, _add(_mul(ax, b), _mul(bx, a)), _add(_mul(ay, b), _mul(by, a))
        if op == "/":
            if events is not None:
                events.append(("division by zero", b == 0))
            inv = 1.0 / b
            v = a * inv
            return v, _mul(_sub(ax, _mul(bx, v)), inv), _mul(_sub(ay, _mul(by, v)), inv)
        # power
        if isinstance(node.right, Num):
            c = node.right.value
            v = a**c
            if events is not None and c != int(c):
                events.append(("a power of a negative number", a < 0))
                if c < 1:
                    events.append(("a fractional power at 0 (not differentiable)", a == 0))
            if c == 0:
                return v, 0.0, 0.0
            fp = c * a if c == 2 else c * a ** (c - 1.0)
            return v, _chain(fp, ax, careful), _chain(fp, ay, careful)
        v = a**b
        if events is not None:
            events.append(("a power of a non-positive number", a <= 0))
        loga = np.log(a)
        ba = b / a
        return (v, _mul(_add(_chain(loga, bx, careful), _chain(ba, ax, careful)), v),
                _mul(_add(_chain(loga, by, careful), _chain(ba, ay, careful)), v))
    return _eval_call(node, x, y, events, careful)


def _eval_call(node: Call, x, y, events, careful: bool):
    args = [_eval(arg, x, y, events, careful) for arg in node.args]
    name = node.name
    if name in ("min", "max"):
        v, gx, gy = args[0]
        for b, bx, by in args[1:]:
            pick_a = (v <= b) if name == "min" else (v >= b)
            gx = np.where(pick_a, gx, bx)
            gy = np.where(pick_a, gy, by)
            v = np.where(pick_a, v, b)
        return v, gx, gy
    if name == "atan2":
        (a, ax, ay), (b, bx, by) = args
        r2 = a * a + b * b
        if events is not None:
            events.append(("atan2(0, 0) (undefined)", r2 == 0))
        inv = 1 / r2
        return (np.arctan2(a, b), _chain(inv, _sub(_mul(ax, b), _mul(bx, a)), careful),
                _chain(inv, _sub(_mul(ay, b), _mul(by, a)), careful))
    a, ax, ay = args[0]
    if name == "sin":
        v, fp = np.sin(a), np.cos(a)
    elif name == "cos":
        v, fp = np.cos(a), -np.sin(a)
    elif name == "tan":
        v = np.tan(a)
        fp = 1.0 + v * v
    elif name == "exp":
        v = np.exp(a)
        fp = v
    elif name in ("log", "log10"):
        if events is not None:
            events.append((f"{name} of a non-positive number", a <= 0))
        scale = 1.0 if name == "log" else 1.0 / math.log(10.0)
        v = np.log(a) * scale
        fp = scale / a
    elif name == "sqrt":
        if events is not None:
            events.append(("sqrt of a negative number", a < 0))
            events.append(("sqrt at 0 (not differentiable)", a == 0))
        v = np.sqrt(a)
        fp = 0.5 / v
    elif name == "abs":
        if events is not None:
            events.append(("abs at 0 (not differentiable)", a == 0))
        v, fp = np.abs(a), np.sign(a)
    elif name == "tanh":
        v = np.tanh(a)
        fp = 1.0 - v * v
    elif name == "sinh":
        v, fp = np.sinh(a), np.cosh(a)
    elif name == "cosh":
        v, fp = np.cosh(a), np.sinh(a)
    elif name == "atan":
        v, fp = np.arctan(a), 1.0 / (1.0 + a * a)
    elif name == "softplus":
        v = np.logaddexp(0.0, a)
        fp = 0.5 * (1.0 + np.tanh(0.5 * a))  # the logistic sigmoid, without overflow
    else:  # pragma: no cover - the parser only admits FUNCTIONS
        raise ValueError(f"unknown function {name!r}")
    return v, _chain(fp, ax, careful), _chain(fp, ay, careful)


def _as_array(g, like: np.ndarray) -> np.ndarray:
    """A float array shaped like ``like`` (constant parts of a formula evaluate to plain floats)."""
    if np.ndim(g) == 0:
        return np.full(like.shape, float(g))
    return np.asarray(g, dtype=float).reshape(like.shape)


@dataclass(frozen=True)
class Formula:
    """A compiled formula: call ``value`` or ``value_and_grad`` on points of shape (N, 2)."""

    text: str
    tree: Node

    def value(self, P: np.ndarray) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        with np.errstate(all="ignore"):
            v = _value(self.tree, P[:, 0], P[:, 1])
        return _as_array(v, P[:, 0])

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        x, y = P[:, 0], P[:, 1]
        with np.errstate(all="ignore"):
            v, gx, gy = _eval(self.tree, x, y, careful=False)
            G = np.stack([_as_array(gx, x), _as_array(gy, x)], axis=1)
            if not np.isfinite(G).all():  # maybe a kink (sqrt or abs at 0): redo it the careful way
                v, gx, gy = _eval(self.tree, x, y, careful=True)
                G = np.stack([_as_array(gx, x), _as_array(gy, x)], axis=1)
        return _as_array(v, x), G

    def grad(self, P: np.ndarray) -> np.ndarray:
        return self.value_and_grad(P)[1]

    def problems(self, P: np.ndarray) -> list[tuple[str, tuple[float, float]]]:
        """Where the formula is undefined or not differentiable among sample points P: (what, point)."""
        P = np.asarray(P, dtype=float)
        events: list = []
        with np.errstate(all="ignore"):
            v, _, _ = _eval(self.tree, P[:, 0], P[:, 1], events)
        found: list[tuple[str, tuple[float, float]]] = []
        seen: set[str] = set()
        for what, mask in events:
            mask = np.broadcast_to(mask, P[:, 0].shape)
            if what not in seen and np.any(mask):
                i = int(np.argmax(mask))
                found.append((what, (float(P[i, 0]), float(P[i, 1]))))
                seen.add(what)
        finite = np.isfinite(np.broadcast_to(v, P[:, 0].shape))
        if not np.all(finite) and not found:
            i = int(np.argmin(finite))
            found.append(("a value that is not a finite number", (float(P[i, 0]), float(P[i, 1]))))
        return found
