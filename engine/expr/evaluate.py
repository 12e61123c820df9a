"""Evaluating a formula: values and exact gradients at N points, by running its compiled program.

A formula compiles once into two straight-line programs (value; value and gradient), see
engine/expr/program.py. The NumPy executor runs a program over the points in chunks that stay in the
CPU cache, writing into reusable registers with ``out=``; a single point runs the same program on
Python floats (a NumPy call costs more than the arithmetic there). Both give the same numbers:
arithmetic is IEEE in both, and every other function is NumPy's own.

Gradients first run fast; only if a slope comes out non-finite (a kink such as sqrt or abs at 0) is
that chunk run again carefully, where a zero inner derivative gives zero (see ops.CHAIN).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import ops
from .calculus import EQ0, LT0, Term
from .program import Program, compile_program
from .tree import Node

CHUNK = 4096  # points per pass: a few dozen registers of 32 KiB stay in the L2 cache

# --------------------------------------------------------------------------- NumPy executor


def _bind(program: Program, regs: list[np.ndarray], careful: bool) -> list[tuple[Callable, tuple]]:
    """The program as a list of (function, arguments) calls on these registers."""
    calls: list[tuple[Callable, tuple]] = []
    for op, d, a, b, c, k in program.code:
        out = regs[d]
        kk = np.array(k)  # a 0-d array is the cheapest constant operand for a ufunc
        if op in ops.UNARY_UFUNC:
            calls.append((ops.UNARY_UFUNC[op], (regs[a], out)))
        elif op == ops.SOFTPLUS:
            calls.append((np.logaddexp, (np.array(0.0), regs[a], out)))
        elif op in ops.BINARY_UFUNC:
            calls.append((ops.BINARY_UFUNC[op], (regs[a], regs[b], out)))
        elif op == ops.CHAIN:
            calls.append((ops.chain if careful else np.multiply, (regs[a], regs[b], out)))
        elif op in (ops.LE, ops.GE):
            calls.append((np.less_equal if op == ops.LE else np.greater_equal, (regs[a], regs[b], out)))
        elif op == ops.SELECT:
            calls.append((_select, (out, regs[a], regs[b], regs[c])))
        elif op in ops.CONST_UFUNC:
            calls.append((ops.CONST_UFUNC[op], (regs[a], kk, out)))
        elif op in ops.KCONST_UFUNC:
            calls.append((ops.KCONST_UFUNC[op], (kk, regs[a], out)))
        elif op == ops.CONST:
            calls.append((out.fill, (k,)))
        else:  # pragma: no cover
            raise ValueError(f"unknown opcode {op}")
    return calls


def _select(out: np.ndarray, a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> None:
    np.copyto(out, b)
    np.copyto(out, a, where=mask)


class _Workspace:
    """Registers and bound calls for one program at one chunk size. Not shared between threads."""

    def __init__(self, program: Program, n: int) -> None:
        self.regs = [np.empty(n) for _ in range(program.nfloat)] + [np.empty(n, bool) for _ in range(program.nmask)]
        self.fast = _bind(program, self.regs, careful=False)
        self.careful = _bind(program, self.regs, careful=True)


_local = threading.local()


def _workspace(program: Program, n: int) -> _Workspace:
    cache: OrderedDict | None = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = OrderedDict()
    key = (id(program), n)
    ws = cache.get(key)
    if ws is None or ws.program is not program:
        ws = _Workspace(program, n)
        ws.program = program  # keeps id() from being reused while cached
        cache[key] = ws
        if len(cache) > 32:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return ws


def run(program: Program, P: np.ndarray, outs: list[np.ndarray]) -> None:
    """Evaluate ``program`` at the rows of P (N, 2), writing output j into ``outs[j]`` (length-N views)."""
    n = len(P)
    grad = len(program.outputs) == 3
    for s in range(0, n, CHUNK):
        e = min(n, s + CHUNK)
        ws = _workspace(program, e - s)
        np.copyto(ws.regs[0], P[s:e, 0])
        np.copyto(ws.regs[1], P[s:e, 1])
        for f, args in ws.fast:
            f(*args)
        if grad and not _finite(program.outputs[1:], ws.regs):
            for f, args in ws.careful:  # maybe a kink: redo this chunk the careful way
                f(*args)
        for out, t in zip(outs, program.outputs, strict=True):
            if isinstance(t, int):
                np.copyto(out[s:e], ws.regs[t])
            else:
                out[s:e] = t


def _finite(terms: tuple[Term, ...], regs: list[np.ndarray]) -> bool:
    # A sum is finite only if every term is (a huge finite sum overflowing just costs a careful rerun).
    return all(math.isfinite(np.add.reduce(regs[t]) if isinstance(t, int) else t) for t in terms)


# --------------------------------------------------------------------------- one point, on Python floats


def _np1(f: Callable) -> Callable:
    return lambda a, b, c, k: float(f(a))


def _np2(f: Callable) -> Callable:
    return lambda a, b, c, k: float(f(a, b))


def _chain1(a: float, b: float, c: float, k: float) -> float:
    r = a * b
    return 0.0 if b == 0 and not math.isfinite(r) else r  # careful always: equal to fast where fast is finite


SCALAR: dict[int, Callable[[float, float, float, float], float]] = {
    **{op: _np1(f) for op, f in ops.UNARY_UFUNC.items()},
    ops.NEG: lambda a, b, c, k: -a,
    ops.ABS: lambda a, b, c, k: abs(a),
    ops.SOFTPLUS: lambda a, b, c, k: float(np.logaddexp(0.0, a)),
    ops.ADD: lambda a, b, c, k: a + b,
    ops.SUB: lambda a, b, c, k: a - b,
    ops.MUL: lambda a, b, c, k: a * b,
    ops.DIV: lambda a, b, c, k: a / b,
    ops.POW: _np2(np.power),
    ops.ATAN2: _np2(np.arctan2),
    ops.CHAIN: _chain1,
    ops.LE: lambda a, b, c, k: 1.0 if a <= b else 0.0,
    ops.GE: lambda a, b, c, k: 1.0 if a >= b else 0.0,
    ops.SELECT: lambda a, b, c, k: a if c else b,
    ops.ADDK: lambda a, b, c, k: a + k,
    ops.SUBK: lambda a, b, c, k: a - k,
    ops.KSUB: lambda a, b, c, k: k - a,
    ops.MULK: lambda a, b, c, k: a * k,
    ops.KDIV: lambda a, b, c, k: k / a,
    ops.DIVK: lambda a, b, c, k: a / k,
    ops.POWK: lambda a, b, c, k: float(np.power(a, k)),
    ops.KPOW: lambda a, b, c, k: float(np.power(k, a)),
    ops.CONST: lambda a, b, c, k: k,
}


_FLOAT_ONLY = {ops.NEG, ops.ABS, ops.ADD, ops.SUB, ops.MUL, ops.DIV, ops.CHAIN, ops.LE, ops.GE, ops.SELECT, ops.ADDK,
               ops.SUBK, ops.KSUB, ops.MULK, ops.KDIV, ops.DIVK, ops.CONST}


def _calls_numpy(program: Program) -> bool:
    return any(row[0] not in _FLOAT_ONLY for row in program.code)


def scalar_code(program: Program) -> list[tuple]:
    return [(SCALAR[op], d, a, b, c, k) for op, d, a, b, c, k in program.code]


def run_scalar(code: list[tuple], nregs: int, outputs: tuple[Term, ...], x: float, y: float) -> list[float] | None:
    """The program at one point, on Python floats; None if Python raised (1/0), to be redone in NumPy."""
    r = [0.0] * (nregs + 1)  # the extra slot absorbs reads of unused operands (index -1)
    r[0], r[1] = x, y
    try:
        for f, d, a, b, c, k in code:
            r[d] = f(r[a], r[b], r[c], k)
    except (ArithmeticError, ValueError):
        return None
    return [r[t] if isinstance(t, int) else t for t in outputs]


# --------------------------------------------------------------------------- the formula


@dataclass(frozen=True)
class Formula:
    """A compiled formula: call ``value`` or ``value_and_grad`` on points of shape (N, 2)."""

    text: str
    tree: Node
    value_program: Program = field(init=False, repr=False, compare=False)
    grad_program: Program = field(init=False, repr=False, compare=False)
    _scalar: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        vp, gp = compile_program(self.tree, grad=False), compile_program(self.tree, grad=True)
        object.__setattr__(self, "value_program", vp)
        object.__setattr__(self, "grad_program", gp)
        scalar = tuple((scalar_code(p), p.nregs, p.outputs, _calls_numpy(p)) for p in (vp, gp))
        object.__setattr__(self, "_scalar", scalar)

    def value(self, P: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        v = np.empty(len(P)) if out is None else out
        if len(P) == 1:
            got = self._one(0, P)
            if got is not None:
                v[0] = got[0]
                return v
        with np.errstate(all="ignore"):
            run(self.value_program, P, [v])
        return v

    def value_and_grad(self, P: np.ndarray, out: tuple[np.ndarray, np.ndarray] | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        v, G = (np.empty(len(P)), np.empty((len(P), 2))) if out is None else out
        if len(P) == 1:
            got = self._one(1, P)
            if got is not None:
                v[0], G[0, 0], G[0, 1] = got
                return v, G
        with np.errstate(all="ignore"):
            run(self.grad_program, P, [v, G[:, 0], G[:, 1]])
        return v, G

    def _one(self, which: int, P: np.ndarray) -> list[float] | None:
        """One point on Python floats (None: Python raised, redo it with arrays)."""
        code, nregs, outputs, calls_numpy = self._scalar[which]
        if calls_numpy:  # NumPy functions on floats may warn; plain float arithmetic never does
            with np.errstate(all="ignore"):
                return run_scalar(code, nregs, outputs, P.item(0), P.item(1))
        return run_scalar(code, nregs, outputs, P.item(0), P.item(1))

    def grad(self, P: np.ndarray) -> np.ndarray:
        return self.value_and_grad(P)[1]

    def problems(self, P: np.ndarray) -> list[tuple[str, tuple[float, float]]]:
        """Where the formula is undefined or not differentiable among sample points P: (what, point)."""
        P = np.asarray(P, dtype=float)
        program = compile_program(self.tree, grad=False, checks=True)
        regs = [np.empty(len(P)) for _ in range(program.nfloat)] + [np.empty(len(P), bool)
                                                                     for _ in range(program.nmask)]
        regs[0][:], regs[1][:] = P[:, 0], P[:, 1]
        with np.errstate(all="ignore"):
            for f, args in _bind(program, regs, careful=True):
                f(*args)
            v = program.outputs[0]
            values = regs[v] if isinstance(v, int) else np.full(len(P), v)
            found: list[tuple[str, tuple[float, float]]] = []
            seen: set[str] = set()
            for what, kind, t in program.checks:
                a = regs[t] if isinstance(t, int) else np.float64(t)
                mask = np.broadcast_to(a == 0 if kind == EQ0 else a < 0 if kind == LT0 else a <= 0, (len(P),))
                if what not in seen and np.any(mask):
                    i = int(np.argmax(mask))
                    found.append((what, (float(P[i, 0]), float(P[i, 1]))))
                    seen.add(what)
            finite = np.isfinite(values)
        if not np.all(finite) and not found:
            i = int(np.argmin(finite))
            found.append(("a value that is not a finite number", (float(P[i, 0]), float(P[i, 1]))))
        return found
