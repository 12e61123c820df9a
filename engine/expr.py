"""The formula language: a tiny, safe expression language in x and y.

User text is tokenized and parsed by a small Pratt parser into a tree of plain dataclasses; it is never
handed to ``eval``/``exec``/``compile``. The tree is compiled into a NumPy function that returns the
value and the exact gradient by forward-mode differentiation (each node yields value, d/dx, d/dy).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

MAX_LENGTH = 4000
MAX_DEPTH = 64
MAX_NODES = 2000
MAX_CONST_EXPONENT = 64.0

FUNCTIONS: dict[str, tuple[int, int]] = {  # name -> (min args, max args)
    "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "exp": (1, 1), "log": (1, 1), "log10": (1, 1),
    "sqrt": (1, 1), "abs": (1, 1), "tanh": (1, 1), "sinh": (1, 1), "cosh": (1, 1), "atan": (1, 1),
    "atan2": (2, 2), "min": (2, 16), "max": (2, 16), "softplus": (1, 1),
}
BUILTIN_CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")


class FormulaError(ValueError):
    """A problem in a formula; ``col`` is the 1-based column in the formula text, or None."""

    def __init__(self, message: str, col: int | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.hint = hint

    def __str__(self) -> str:
        where = f" (at column {self.col})" if self.col else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.message}{where}{hint}"


# --------------------------------------------------------------------------- tree


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    name: str  # "x" or "y"


@dataclass(frozen=True)
class Unary:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str  # one of + - * / **
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...] = field(default_factory=tuple)


Node = Num | Var | Unary | Binary | Call

# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),]))"
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, name, op, end
    text: str
    col: int


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = text[pos:].lstrip()
            col = len(text) - len(bad) + 1
            ch = bad[0]
            hint = "only numbers, x, y, named constants, + - * / ** ^, parentheses and functions"
            if ch in "[]{}.'\"":
                hint = "attributes, indexing and strings are not part of the formula language"
            raise FormulaError(f"unexpected character {ch!r}", col, hint)
        kind = m.lastgroup or "op"
        toks.append(_Tok(kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    toks.append(_Tok("end", "", len(text) + 1))
    return toks


# --------------------------------------------------------------------------- parser

_BINARY_POWER = {"+": 10, "-": 10, "*": 20, "/": 20, "**": 40, "^": 40}
_UNARY_POWER = 30  # -x**2 == -(x**2), 2*-x is allowed


class _Parser:
    def __init__(self, text: str, constants: Mapping[str, float]) -> None:
        self.toks = _tokenize(text)
        self.i = 0
        self.constants = constants
        self.nodes = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> _Tok:
        tok = self.take()
        if tok.text != text:
            found = "the end of the formula" if tok.kind == "end" else repr(tok.text)
            raise FormulaError(f"expected {text!r} but found {found}", tok.col)
        return tok

    def parse(self) -> Node:
        node = self.expr(0, 0)
        tok = self.peek()
        if tok.kind != "end":
            raise FormulaError(f"unexpected {tok.text!r}", tok.col, "is an operator missing?")
        return node

    def _count(self, col: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError(f"formula is too large (more than {MAX_NODES} terms)", col)

    def expr(self, min_power: int, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula is nested too deeply (more than {MAX_DEPTH} levels)",
                               self.peek().col, "split it into named constants or simplify it")
        left = self.prefix(depth)
        while True:
            tok = self.peek()
            power = _BINARY_POWER.get(tok.text) if tok.kind == "op" else None
            if power is None or power < min_power:
                if tok.kind in ("num", "name") or tok.text == "(":
                    raise FormulaError(f"unexpected {tok.text!r}", tok.col,
                                       "write multiplication explicitly, e.g. 2*x")
                return left
            self.take()
            op = "**" if tok.text == "^" else tok.text
            # ** is right-associative: the right side may hold another ** of equal power.
            right = self.expr(power if op == "**" else power + 1, depth + 1)
            self._count(tok.col)
            left = _fold(Binary(op, left, right), tok.col)

    def prefix(self, depth: int) -> Node:
        tok = self.take()
        self._count(tok.col)
        if tok.kind == "num":
            value = float(tok.text)
            if not math.isfinite(value):
                raise FormulaError(f"number {tok.text} is too large", tok.col)
            return Num(value)
        if tok.text == "-" or tok.text == "+":
            operand = self.expr(_UNARY_POWER, depth + 1)
            return _fold(Unary(operand), tok.col) if tok.text == "-" else operand
        if tok.text == "(":
            inner = self.expr(0, depth + 1)
            self.expect(")")
            return inner
        if tok.kind == "name":
            return self.name(tok, depth)
        found = "the end of the formula" if tok.kind == "end" else repr(tok.text)
        raise FormulaError(f"expected a number, a name or '(' but found {found}", tok.col)

    def name(self, tok: _Tok, depth: int) -> Node:
        name = tok.text
        if self.peek().text == "(":
            if name not in FUNCTIONS:
                raise FormulaError(f"unknown function {name!r}", tok.col,
                                   _suggest(name, FUNCTIONS, "functions"))
            self.take()
            args: list[Node] = []
            if self.peek().text != ")":
                args.append(self.expr(0, depth + 1))
                while self.peek().text == ",":
                    self.take()
                    args.append(self.expr(0, depth + 1))
            self.expect(")")
            lo, hi = FUNCTIONS[name]
            if not lo <= len(args) <= hi:
                want = str(lo) if lo == hi else f"{lo} to {hi}"
                raise FormulaError(f"{name}() takes {want} argument(s), got {len(args)}", tok.col)
            return _fold(Call(name, tuple(args)), tok.col)
        if name in VARIABLES:
            return Var(name)
        if name in self.constants:
            return Num(float(self.constants[name]))
        if name in BUILTIN_CONSTANTS:
            return Num(BUILTIN_CONSTANTS[name])
        if name in FUNCTIONS:
            raise FormulaError(f"function {name!r} needs parentheses", tok.col, f"write {name}(...)")
        known = [*VARIABLES, *self.constants, *BUILTIN_CONSTANTS]
        raise FormulaError(f"unknown name {name!r}", tok.col,
                           _suggest(name, known, "names") + "; constants go in [landscape.constants]")


def _suggest(word: str, choices, what: str) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"known {what}: {', '.join(sorted(choices))}"


def _fold(node: Node, col: int) -> Node:
    """Fold constant sub-trees now, refusing runaway exponents before anything large is computed."""
    if (isinstance(node, Binary) and node.op == "**" and isinstance(node.right, Num)
            and abs(node.right.value) > MAX_CONST_EXPONENT):
        raise FormulaError(f"exponent {node.right.value:g} is too large", col,
                               f"constant exponents must lie within ±{MAX_CONST_EXPONENT:g}")
    children = (node.operand,) if isinstance(node, Unary) else (
        (node.left, node.right) if isinstance(node, Binary) else node.args)
    if not all(isinstance(c, Num) for c in children):
        return node
    with np.errstate(all="ignore"):
        v, _, _ = _eval(node, np.zeros((1,)), np.zeros((1,)))
    value = float(np.asarray(v).reshape(-1)[0])
    if not math.isfinite(value):
        raise FormulaError("a constant part of the formula is undefined or too large", col)
    return Num(value)


def parse(text: str, constants: Mapping[str, float] | None = None) -> Node:
    """Parse formula text into a tree, or raise FormulaError naming the column."""
    if not isinstance(text, str):
        raise FormulaError("a formula must be a string")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is {len(text)} characters long; the limit is {MAX_LENGTH}")
    if not text.strip():
        raise FormulaError("formula is empty", hint='write an expression in x and y, e.g. "x**2 + y**2"')
    consts = dict(constants or {})
    for name in consts:
        if name in VARIABLES or name in FUNCTIONS:
            raise FormulaError(f"constant name {name!r} is reserved")
    return _Parser(text, consts).parse()


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
        raise FormulaError(f"unknown function {name!r}")
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


def compile_formula(text: str, constants: Mapping[str, float] | None = None) -> Formula:
    return Formula(text, parse(text, constants))


