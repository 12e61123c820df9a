"""A formula tree compiled to a straight-line program: operations on a small set of reusable registers.

Compiling walks the tree once with the rules of engine/expr/calculus.py. Operations on constants are
computed at compile time, repeated operations are computed once (x**2 in three places is one x*x),
operations nothing uses are dropped, and registers are reused as soon as their value is dead, so
evaluating at N points needs a few arrays of N, whatever the formula's size. No text is generated and
nothing is handed to eval/exec/compile: a program is numbers (opcodes, register indices, constants).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import ops
from .calculus import EQ0, LE0, LT0, Term, differentiate
from .tree import Node

X, Y = 0, 1  # the input registers

_MASK_OPS = (ops.LE, ops.GE)


@dataclass(frozen=True)
class Program:
    """Straight-line code: ``code`` rows are (op, dst, a, b, c, k). Registers 0 and 1 hold x and y and are
    never written; registers ``nfloat`` and above hold comparison masks (1.0 or 0.0)."""

    code: tuple[tuple[int, int, int, int, int, float], ...]
    nfloat: int
    nmask: int
    outputs: tuple[Term, ...]  # value (and d/dx, d/dy): a register, or a constant
    checks: tuple[tuple[str, str, Term], ...] = ()  # (what, EQ0/LT0/LE0, register or constant) for problems()

    @property
    def nregs(self) -> int:
        return self.nfloat + self.nmask

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The program as arrays, for compiled interpreters: code (n, 5) int64, constants (n,), and the
        outputs as (register, or -1 and the constant) pairs in an (m, 2) float64 array."""
        code = np.array([row[:5] for row in self.code], dtype=np.int64).reshape(-1, 5)
        consts = np.array([row[5] for row in self.code], dtype=np.float64)
        outs = np.array([[t, 0.0] if isinstance(t, int) else [-1, t] for t in self.outputs], dtype=np.float64)
        return code, consts, outs.reshape(-1, 2)


class _Tracer:
    """Records operations as the calculus rules ask for them (virtual registers, one per result)."""

    def __init__(self, grad: bool, checks: bool) -> None:
        self.grad = grad
        self.want_checks = checks
        self.code: list[tuple[int, int, int, int, int, float]] = []
        self.memo: dict[tuple, int] = {}
        self.defs: dict[int, tuple] = {}
        self.masks: set[int] = set()
        self.checks: list[tuple[str, str, Term]] = []
        self.next = 2  # 0 and 1 are x and y

    def op(self, op: int, a: Term = -1, b: Term = -1, c: Term = -1, k: float = 0.0) -> Term:
        reads = ops.uses(op)
        operands = (a, b, c)
        if op != ops.CONST and all(isinstance(t, float) for t, used in zip(operands, reads, strict=True) if used):
            return ops.fold(op, *(float(t) if used else 0.0 for t, used in zip(operands, reads, strict=True)), k=k)
        if any(isinstance(t, float) for t, used in zip(operands, reads, strict=True) if used):
            raise AssertionError("operands of a register operation must be registers")  # pragma: no cover
        if op in (ops.ADD, ops.MUL) and a > b:  # commutative: one order, so repeats are found
            a, b = b, a
        key = (op, a, b, c, k, math.copysign(1.0, k))
        if key in self.memo:
            return self.memo[key]
        dst = self.next
        self.next += 1
        self.code.append((op, dst, int(a), int(b), int(c), float(k)))
        self.defs[dst] = (op, int(a), int(b), int(c), float(k))
        if op in _MASK_OPS:
            self.masks.add(dst)
        self.memo[key] = dst
        return dst

    def definition(self, r: Term) -> tuple | None:
        """(op, a, b, c, k) of the operation that made register r; None for x, y and constants."""
        return self.defs.get(r) if isinstance(r, int) else None

    def check(self, what: str, kind: str, a: Term) -> None:
        if self.want_checks:
            self.checks.append((what, kind, a))


def compile_program(tree: Node, grad: bool = True, checks: bool = False) -> Program:
    """Compile a tree: outputs (value, d/dx, d/dy) with ``grad``, else (value,)."""
    t = _Tracer(grad, checks)
    v, gx, gy = differentiate(tree, t)
    outputs: tuple[Term, ...] = (v, gx, gy) if grad else (v,)
    return _allocate(t, outputs, tuple(t.checks))


def constant_value(tree: Node) -> float:
    """The value of a tree without variables, computed with NumPy's float64 arithmetic."""
    v, _, _ = differentiate(tree, _Tracer(grad=False, checks=False))
    if not isinstance(v, float):
        raise ValueError("not a constant")  # pragma: no cover - the parser only folds variable-free nodes
    return v


def _allocate(t: _Tracer, outputs: tuple[Term, ...], checks: tuple) -> Program:
    """Drop dead operations and map virtual registers to few physical ones, reusing dead ones."""
    end = len(t.code)
    keep = {o for o in outputs if isinstance(o, int)} | {c[2] for c in checks if isinstance(c[2], int)}
    live_code = []
    for row in reversed(t.code):
        if row[1] in keep:
            live_code.append(row)
            keep.update(r for r, used in zip(row[2:5], ops.uses(row[0]), strict=True) if used)
    live_code.reverse()
    last: dict[int, int] = {}
    for i, (op, _dst, a, b, c, _k) in enumerate(live_code):
        for r, used in zip((a, b, c), ops.uses(op), strict=True):
            if used:
                last[r] = i
    for o in [*outputs, *(c[2] for c in checks)]:
        if isinstance(o, int):
            last[o] = end
    phys: dict[int, int] = {X: X, Y: Y}
    free: dict[bool, list[int]] = {False: [], True: []}
    count = {False: 2, True: 0}  # float registers start after x and y
    code = []
    for i, (op, dst, a, b, c, k) in enumerate(live_code):
        reads = [r for r, used in zip((a, b, c), ops.uses(op), strict=True) if used]
        late = op in (ops.SELECT, ops.CHAIN)  # NumPy writes these in two passes: the result must not alias inputs

        def release(regs: set[int], i: int = i) -> None:
            for r in regs:
                if last.get(r) == i and r not in (X, Y):
                    free[r in t.masks].append(phys[r])

        if not late:
            release(set(reads))
        is_mask = dst in t.masks
        if free[is_mask]:
            phys[dst] = free[is_mask].pop()
        else:
            phys[dst] = count[is_mask]
            count[is_mask] += 1
        if late:
            release(set(reads))
        code.append((op, phys[dst], *(phys[r] if used else -1 for r, used in zip((a, b, c), ops.uses(op),
                                                                                    strict=True)), k))
    nfloat = count[False]
    # Masks live after the float registers.
    code = [(op, d + nfloat if op in _MASK_OPS else d, a, b, c + nfloat if op == ops.SELECT else c, k)
            for op, d, a, b, c, k in code]
    mapped = tuple(phys[o] if isinstance(o, int) else o for o in outputs)
    mchecks = tuple((w, kind, phys[r] if isinstance(r, int) else r) for w, kind, r in checks)
    return Program(tuple(code), nfloat, count[True], mapped, mchecks)


__all__ = ["EQ0", "LE0", "LT0", "Program", "compile_program", "constant_value"]
