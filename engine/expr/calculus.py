"""The one table of the formula language's functions and operators: each one's value, its derivative,
and the points where it is undefined or not differentiable.

Forward-mode differentiation walks the tree once: every node yields its value and, when asked, its
derivatives in x and y. The rules are written against an ``Emitter`` (engine/expr/program.py), which
records operations into a program, folds the ones on constants and shares repeated ones. A value or
derivative is a register (int) or a constant (float); the derivative 0.0 means "no dependence" and is
skipped, as is multiplying by 1.0: both are exact, so the numbers are those of the plain formulas.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from . import ops
from .tree import Binary, Call, Node, Num, Unary, Var

Term = int | float  # a register, or a constant

# Where a function's argument makes trouble, reported by Formula.problems.
EQ0, LT0, LE0 = "==0", "<0", "<=0"


class Emitter(Protocol):
    grad: bool

    def op(self, op: int, a: Term = -1, b: Term = -1, c: Term = -1, k: float = 0.0) -> Term: ...

    def definition(self, r: Term) -> tuple | None: ...

    def check(self, what: str, kind: str, a: Term) -> None: ...


def is_zero(t: Term) -> bool:
    return isinstance(t, float) and t == 0.0


# --------------------------------------------------------------------------- value arithmetic (exact NumPy meaning)


def _negated(e: Emitter, r: Term) -> Term | None:
    """If register r is -s, then s (negation is exact, so -s folds into what uses it)."""
    d = e.definition(r)
    return d[1] if d is not None and d[0] == ops.NEG else None


def add(e: Emitter, a: Term, b: Term) -> Term:
    if not isinstance(b, float) and not isinstance(a, float):
        if (nb := _negated(e, b)) is not None:
            return sub(e, a, nb)  # a + (-s) is a - s, bit for bit
        if (na := _negated(e, a)) is not None:
            return sub(e, b, na)
    if isinstance(b, float):
        return e.op(ops.ADDK, a, k=b) if not isinstance(a, float) else ops.fold(ops.ADD, a, b)
    if isinstance(a, float):
        return e.op(ops.ADDK, b, k=a)
    return e.op(ops.ADD, a, b)


def sub(e: Emitter, a: Term, b: Term) -> Term:
    if not isinstance(b, float) and (nb := _negated(e, b)) is not None:
        return add(e, a, nb)  # a - (-s) is a + s, bit for bit
    if isinstance(a, float) and isinstance(b, float):
        return ops.fold(ops.SUB, a, b)
    if isinstance(b, float):
        return e.op(ops.SUBK, a, k=b)
    if isinstance(a, float):
        return e.op(ops.KSUB, b, k=a)
    return e.op(ops.SUB, a, b)


def mul(e: Emitter, a: Term, b: Term) -> Term:
    if isinstance(a, float):
        a, b = b, a
    if isinstance(b, float):
        if isinstance(a, float):
            return ops.fold(ops.MUL, a, b)
        if b == 1.0:
            return a  # exact
        if (na := _negated(e, a)) is not None:
            return mul(e, na, -b)  # (-s) * k is s * (-k), bit for bit
        return e.op(ops.NEG, a) if b == -1.0 else e.op(ops.MULK, a, k=b)
    return e.op(ops.MUL, a, b)


def neg(e: Emitter, a: Term) -> Term:
    if isinstance(a, float):
        return -a
    d = e.definition(a)
    if d is not None and d[0] == ops.NEG:
        return d[1]  # -(-s) is s
    if d is not None and d[0] == ops.MULK:
        return e.op(ops.MULK, d[1], k=-d[4])  # -(s * k) is s * (-k), bit for bit
    return e.op(ops.NEG, a)


def recip(e: Emitter, a: Term) -> Term:
    return e.op(ops.KDIV, a, k=1.0)


def unary(e: Emitter, op: int, a: Term) -> Term:
    return e.op(op, a)


def power_int(e: Emitter, a: Term, n: int) -> Term:
    """a**n for a whole n by repeated multiplication (within a few ulps of pow, and 100x faster than pow on
    mixed-sign arrays); a**2 is a*a exactly, as NumPy's own power computes it."""
    if n < 0:
        return recip(e, power_int(e, a, -n))
    result: Term = 1.0
    base = a
    while n:
        if n & 1:
            result = mul(e, result, base) if not (isinstance(result, float) and result == 1.0) else base
        n >>= 1
        if n:
            base = mul(e, base, base)
    return result


def power_const(e: Emitter, a: Term, c: float) -> Term:
    if ops.is_integer(c) and abs(c) <= 64:
        return power_int(e, a, int(c))
    return e.op(ops.POWK, a, k=c)


# --------------------------------------------------------------------------- derivatives (0.0: no dependence)


def d_add(e: Emitter, a: Term, b: Term) -> Term:
    return b if is_zero(a) else (a if is_zero(b) else add(e, a, b))


def d_sub(e: Emitter, a: Term, b: Term) -> Term:
    return neg(e, b) if is_zero(a) else (a if is_zero(b) else sub(e, a, b))


def d_mul(e: Emitter, g: Term, f: Term) -> Term:
    """A derivative times a factor."""
    return 0.0 if is_zero(g) else mul(e, g, f)


def d_chain(e: Emitter, fprime: Term, g: Term) -> Term:
    """fprime * g, where a zero inner derivative gives zero even if fprime is infinite (sqrt at 0)."""
    if is_zero(g):
        return 0.0
    if isinstance(fprime, float) and (math.isfinite(fprime) or isinstance(g, float)):
        return mul(e, g, fprime)  # a finite factor cannot turn a non-zero g's product non-finite
    if isinstance(g, float):
        return mul(e, fprime, g)  # g != 0: the plain product
    if isinstance(fprime, float):
        fprime = e.op(ops.CONST, k=fprime)
    return e.op(ops.CHAIN, fprime, g)


# --------------------------------------------------------------------------- the functions


@dataclass(frozen=True)
class Rule:
    """A one-argument function: its operation, its derivative from (argument, value), where it fails."""

    op: int
    derivative: Callable[[Emitter, Term, Term], Term]
    checks: tuple[tuple[str, str], ...] = ()


LOG10_SCALE = 1.0 / math.log(10.0)

FUNCTIONS: dict[str, Rule] = {
    "sin": Rule(ops.SIN, lambda e, a, v: unary(e, ops.COS, a)),
    "cos": Rule(ops.COS, lambda e, a, v: neg(e, unary(e, ops.SIN, a))),
    "tan": Rule(ops.TAN, lambda e, a, v: add(e, mul(e, v, v), 1.0)),
    "exp": Rule(ops.EXP, lambda e, a, v: v),
    "log": Rule(ops.LOG, lambda e, a, v: recip(e, a), (("log of a non-positive number", LE0),)),
    "log10": Rule(ops.LOG10, lambda e, a, v: e.op(ops.KDIV, a, k=LOG10_SCALE),
                  (("log10 of a non-positive number", LE0),)),
    "sqrt": Rule(ops.SQRT, lambda e, a, v: e.op(ops.KDIV, v, k=0.5),
                 (("sqrt of a negative number", LT0), ("sqrt at 0 (not differentiable)", EQ0))),
    "abs": Rule(ops.ABS, lambda e, a, v: unary(e, ops.SIGN, a), (("abs at 0 (not differentiable)", EQ0),)),
    "tanh": Rule(ops.TANH, lambda e, a, v: sub(e, 1.0, mul(e, v, v))),
    "sinh": Rule(ops.SINH, lambda e, a, v: unary(e, ops.COSH, a)),
    "cosh": Rule(ops.COSH, lambda e, a, v: unary(e, ops.SINH, a)),
    "atan": Rule(ops.ATAN, lambda e, a, v: recip(e, add(e, 1.0, mul(e, a, a)))),
    # the logistic sigmoid, written with tanh so it never overflows
    "softplus": Rule(ops.SOFTPLUS, lambda e, a, v: mul(e, add(e, 1.0, unary(e, ops.TANH, mul(e, 0.5, a))), 0.5)),
}

Dual = tuple[Term, Term, Term]  # value, d/dx, d/dy (the derivatives are 0.0 when not asked for)


def _call_unary(e: Emitter, name: str, arg: Dual) -> Dual:
    rule = FUNCTIONS[name]
    a, ax, ay = arg
    for what, kind in rule.checks:
        e.check(what, kind, a)
    v = e.op(rule.op, a)
    if not e.grad or (is_zero(ax) and is_zero(ay)):
        return v, 0.0, 0.0
    fp = rule.derivative(e, a, v)
    return v, d_chain(e, fp, ax), d_chain(e, fp, ay)


def _select(e: Emitter, mask: Term, a: Term, b: Term) -> Term:
    if isinstance(a, float) and isinstance(b, float) and (a == b and math.copysign(1, a) == math.copysign(1, b)):
        return a  # the same constant either way
    a = e.op(ops.CONST, k=a) if isinstance(a, float) else a
    b = e.op(ops.CONST, k=b) if isinstance(b, float) else b
    return e.op(ops.SELECT, a, b, mask)


def _min_max(e: Emitter, name: str, args: list[Dual]) -> Dual:
    v, gx, gy = args[0]
    for b, bx, by in args[1:]:
        va = e.op(ops.CONST, k=v) if isinstance(v, float) else v
        vb = e.op(ops.CONST, k=b) if isinstance(b, float) else b
        pick_a = e.op(ops.LE if name == "min" else ops.GE, va, vb)  # ties and NaN as np.where did
        if e.grad:
            gx, gy = _select(e, pick_a, gx, bx), _select(e, pick_a, gy, by)
        v = _select(e, pick_a, va, vb)
    return v, gx, gy


def _atan2(e: Emitter, args: list[Dual]) -> Dual:
    (a, ax, ay), (b, bx, by) = args
    r2 = add(e, mul(e, a, a), mul(e, b, b))
    e.check("atan2(0, 0) (undefined)", EQ0, r2)
    ra = e.op(ops.CONST, k=a) if isinstance(a, float) else a
    rb = e.op(ops.CONST, k=b) if isinstance(b, float) else b
    v = e.op(ops.ATAN2, ra, rb)
    if not e.grad:
        return v, 0.0, 0.0
    inv = recip(e, r2) if not isinstance(r2, float) else ops.fold(ops.KDIV, r2, k=1.0)
    return (v, d_chain(e, inv, d_sub(e, d_mul(e, ax, b), d_mul(e, bx, a))),
            d_chain(e, inv, d_sub(e, d_mul(e, ay, b), d_mul(e, by, a))))


def _binary(e: Emitter, node: Binary, left: Dual, right: Dual) -> Dual:
    a, ax, ay = left
    b, bx, by = right
    op = node.op
    if op == "+":
        return add(e, a, b), d_add(e, ax, bx), d_add(e, ay, by)
    if op == "-":
        return sub(e, a, b), d_sub(e, ax, bx), d_sub(e, ay, by)
    if op == "*":
        return (mul(e, a, b), d_add(e, d_mul(e, ax, b), d_mul(e, bx, a)),
                d_add(e, d_mul(e, ay, b), d_mul(e, by, a)))
    if op == "/":
        e.check("division by zero", EQ0, b)
        if not e.grad:
            return _div(e, a, b), 0.0, 0.0
        # With derivatives the reciprocal is needed anyway, and a * (1/b) is how the value has always
        # been computed there (one rounding more than a / b): kept, so hikers' numbers do not move.
        inv = ops.fold(ops.KDIV, b, k=1.0) if isinstance(b, float) else recip(e, b)
        v = mul(e, a, inv)
        return (v, d_mul(e, d_sub(e, ax, d_mul(e, bx, v)), inv),
                d_mul(e, d_sub(e, ay, d_mul(e, by, v)), inv))
    # power
    if isinstance(node.right, Num):
        c = node.right.value
        if not ops.is_integer(c):
            e.check("a power of a negative number", LT0, a)
            if c < 1:
                e.check("a fractional power at 0 (not differentiable)", EQ0, a)
        v = power_const(e, a, c)
        if c == 0 or not e.grad:
            return v, 0.0, 0.0
        fp = mul(e, a, 2.0) if c == 2 else mul(e, power_const(e, a, c - 1.0), c)
        return v, d_chain(e, fp, ax), d_chain(e, fp, ay)
    e.check("a power of a non-positive number", LE0, a)
    v = e.op(ops.KPOW, b, k=a) if isinstance(a, float) else e.op(ops.POW, a, b)
    if not e.grad:
        return v, 0.0, 0.0
    loga = ops.fold(ops.LOG, a) if isinstance(a, float) else unary(e, ops.LOG, a)
    ba = _div(e, b, a)
    return (v, d_mul(e, d_add(e, d_chain(e, loga, bx), d_chain(e, ba, ax)), v),
            d_mul(e, d_add(e, d_chain(e, loga, by), d_chain(e, ba, ay)), v))


def _div(e: Emitter, a: Term, b: Term) -> Term:
    """a / b, a true division (not a times 1/b: the value is the one NumPy's divide gives)."""
    if isinstance(a, float) and isinstance(b, float):
        return ops.fold(ops.DIV, a, b)
    if isinstance(b, float):
        return e.op(ops.DIVK, a, k=b)
    if isinstance(a, float):
        return e.op(ops.KDIV, b, k=a)
    return e.op(ops.DIV, a, b)


def differentiate(tree: Node, e: Emitter) -> Dual:
    """Walk the tree once, children before parents, without recursion (a long sum is a deep tree)."""
    results: dict[int, Dual] = {}
    stack: list[tuple[Node, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in results:
            continue
        children: tuple[Node, ...] = ((node.operand,) if isinstance(node, Unary) else
                                      (node.left, node.right) if isinstance(node, Binary) else
                                      node.args if isinstance(node, Call) else ())
        if not ready and children:
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(children))
            continue
        results[id(node)] = _node(e, node, [results[id(c)] for c in children])
    return results[id(tree)]


def _node(e: Emitter, node: Node, args: list[Dual]) -> Dual:
    if isinstance(node, Num):
        return node.value, 0.0, 0.0
    if isinstance(node, Var):
        return (0, 1.0, 0.0) if node.name == "x" else (1, 0.0, 1.0)
    if isinstance(node, Unary):
        a, ax, ay = args[0]
        return neg(e, a), neg(e, ax) if not is_zero(ax) else 0.0, neg(e, ay) if not is_zero(ay) else 0.0
    if isinstance(node, Binary):
        return _binary(e, node, args[0], args[1])
    if node.name in ("min", "max"):
        return _min_max(e, node.name, args)
    if node.name == "atan2":
        return _atan2(e, args)
    return _call_unary(e, node.name, args[0])
