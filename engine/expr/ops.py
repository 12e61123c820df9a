"""The instruction set a formula compiles to: numbered operations on registers, with their NumPy meaning.

Every back end (the NumPy executor, the one-hiker scalar executor, the optional numba interpreter and
constant folding at compile time) gives an opcode the meaning written here, so they agree.
An instruction is ``(op, dst, a, b, c, k)``: registers ``a``, ``b``, ``c`` (unused ones are -1) and a
float constant ``k``.
"""

from __future__ import annotations

import math

import numpy as np

# Unary: dst = f(a)
NEG, SIN, COS, TAN, EXP, LOG, LOG10, SQRT, ABS, SIGN, TANH, SINH, COSH, ATAN, SOFTPLUS = range(15)
# Binary on registers: dst = a (op) b
ADD, SUB, MUL, DIV, POW, ATAN2 = range(15, 21)
CHAIN = 21  # dst = a * b, except 0 where b == 0 and the product is not finite (a kink's slope times no change)
LE, GE = 22, 23  # dst = 1.0 where a <= b (a >= b), else 0.0
SELECT = 24  # dst = a where c else b
# With a constant k: dst = a + k, a - k, k - a, a * k, k / a, a ** k, k ** a (and DIVK below: a / k)
ADDK, SUBK, KSUB, MULK, KDIV, POWK, KPOW = range(25, 32)
CONST = 32  # dst = k everywhere
DIVK = 33  # dst = a / k
COUNT = 34

NAMES = ("neg", "sin", "cos", "tan", "exp", "log", "log10", "sqrt", "abs", "sign", "tanh", "sinh", "cosh", "atan",
         "softplus", "add", "sub", "mul", "div", "pow", "atan2", "chain", "le", "ge", "select", "addk", "subk",
         "ksub", "mulk", "kdiv", "powk", "kpow", "const", "divk")

UNARY_UFUNC = {NEG: np.negative, SIN: np.sin, COS: np.cos, TAN: np.tan, EXP: np.exp, LOG: np.log,
               LOG10: np.log10, SQRT: np.sqrt, ABS: np.abs, SIGN: np.sign, TANH: np.tanh, SINH: np.sinh,
               COSH: np.cosh, ATAN: np.arctan}
BINARY_UFUNC = {ADD: np.add, SUB: np.subtract, MUL: np.multiply, DIV: np.divide, POW: np.power,
                ATAN2: np.arctan2}
CONST_UFUNC = {ADDK: np.add, SUBK: np.subtract, MULK: np.multiply, POWK: np.power, DIVK: np.divide}  # f(a, k)
KCONST_UFUNC = {KSUB: np.subtract, KDIV: np.divide, KPOW: np.power}  # f(k, a)


def uses(op: int) -> tuple[bool, bool, bool]:
    """Which of the registers a, b, c an operation reads."""
    if op < ADD or ADDK <= op < CONST or op == DIVK:
        return True, False, False
    if op == CONST:
        return False, False, False
    return True, True, op == SELECT


def softplus(a, out=None):
    return np.logaddexp(0.0, a, out=out)


def chain(a, b, out=None):
    """a * b, with 0 where b == 0 and the product is not finite: the careful chain rule."""
    out = np.multiply(a, b, out=out)
    bad = ~np.isfinite(out) & (b == 0)
    if np.ndim(out) == 0:
        return out.dtype.type(0.0) if bad else out
    if bad.any():
        out[bad] = 0.0
    return out


def apply(op: int, a, b=None, c=None, k: float = 0.0):
    """One operation on NumPy values (arrays or float64 scalars), allocating its result: the reference
    meaning of every opcode, used for constant folding and by the tests."""
    if op in UNARY_UFUNC:
        return UNARY_UFUNC[op](a)
    if op == SOFTPLUS:
        return softplus(a)
    if op in BINARY_UFUNC:
        return BINARY_UFUNC[op](a, b)
    if op == CHAIN:
        return chain(np.float64(a) if np.ndim(a) == 0 else a, b)
    if op == LE:
        return np.less_equal(a, b).astype(float)
    if op == GE:
        return np.greater_equal(a, b).astype(float)
    if op == SELECT:
        return np.where(np.asarray(c) != 0, a, b)
    if op in CONST_UFUNC:
        return CONST_UFUNC[op](a, k)
    if op in KCONST_UFUNC:
        return KCONST_UFUNC[op](k, a)
    if op == CONST:
        return np.float64(k)
    raise ValueError(f"unknown opcode {op}")  # pragma: no cover


def fold(op: int, a: float, b: float = 0.0, c: float = 0.0, k: float = 0.0) -> float:
    """An operation on constants, computed now with NumPy's float64 arithmetic (so 1/0 is inf, not an error)."""
    with np.errstate(all="ignore"):
        return float(apply(op, np.float64(a), np.float64(b), np.float64(c), k))


def is_integer(k: float) -> bool:
    return math.isfinite(k) and k == int(k)
