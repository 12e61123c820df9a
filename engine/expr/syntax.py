"""Formula text to tree: a tokenizer and a small Pratt parser, with limits that keep hostile text cheap.

User text is never handed to ``eval``/``exec``/``compile``; constant sub-trees are folded as they are
parsed, refusing runaway exponents before anything large is computed.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from ..suggest import did_you_mean
from .evaluate import Formula
from .program import constant_value
from .tree import Binary, Call, Node, Num, Unary, Var

MAX_LENGTH = 4000
MAX_DEPTH = 64  # parentheses, function calls, powers and signs inside each other
MAX_NODES = 2000
MAX_CONST_EXPONENT = 64.0
MAX_HEIGHT = 100  # levels of the tree after long sums and products are balanced: evaluation recurses this deep
BALANCE_AT = 24  # trees deeper than this have their long + - * chains rebuilt as balanced trees

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


# --------------------------------------------------------------------------- tokens

_DIGITS = frozenset("0123456789")
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME = _NAME_START | _DIGITS
_OPS = frozenset("-+*/^(),")
_SPACE = frozenset(" \t\r\n")


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, name, op, end
    text: str
    col: int


def _bad_character(ch: str, col: int) -> FormulaError:
    """The error for a character that is not part of the language, naming it when it is not plain ASCII."""
    if ch.isascii():
        hint = "only numbers, x, y, named constants, + - * / ** ^, parentheses and functions"
        if ch in "[]{}.'\"":
            hint = "attributes, indexing and strings are not part of the formula language"
        return FormulaError(f"unexpected character {ch!r}", col, hint)
    name = unicodedata.name(ch, "")
    what = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
    if unicodedata.category(ch) == "Nd":
        hint = "write digits as plain ASCII 0-9"
    elif unicodedata.category(ch) in ("Zs", "Cf"):
        hint = "it looks like a space but is not one: type a plain space"
    else:
        hint = "formulas use plain ASCII characters only"
    return FormulaError(f"unexpected character {ch!r} ({what})", col, hint)


def _tokenize(text: str) -> list[_Tok]:
    """Tokens of ASCII text, scanned by hand in one pass: numbers 2, 0.5, .5, 1e-3; names; operators."""
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
            continue
        start = i
        if c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            while i < n and text[i] in _DIGITS:
                i += 1
            if i < n and text[i] == ".":
                i += 1
                while i < n and text[i] in _DIGITS:
                    i += 1
            if i < n and text[i] in "eE":
                j = i + 1
                if j < n and text[j] in "+-":
                    j += 1
                if j < n and text[j] in _DIGITS:
                    i = j
                    while i < n and text[i] in _DIGITS:
                        i += 1
            toks.append(_Tok("num", text[start:i], start + 1))
        elif c in _NAME_START:
            while i < n and text[i] in _NAME:
                i += 1
            toks.append(_Tok("name", text[start:i], start + 1))
        elif c == "*" and text.startswith("**", i):
            i += 2
            toks.append(_Tok("op", "**", start + 1))
        elif c in _OPS:
            i += 1
            toks.append(_Tok("op", c, start + 1))
        else:
            raise _bad_character(c, start + 1)
    toks.append(_Tok("end", "", n + 1))
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
    return did_you_mean(word, sorted(choices), fallback=f"known {what}")


def _fold(node: Node, col: int) -> Node:
    """Fold constant sub-trees now, refusing runaway exponents before anything large is computed, and
    refusing a constant part that is undefined (1/0, log(0), 0**-1, (-8)**(1/3)) or too large ((10**64)**5).

    The fold evaluates with the evaluator's own table of functions, on one-element NumPy arrays, so it
    follows NumPy's rules exactly (never Python's ZeroDivisionError, OverflowError or complex powers)."""
    if isinstance(node, Binary) and node.op == "**" and isinstance(node.right, Num) \
            and abs(node.right.value) > MAX_CONST_EXPONENT:
        raise FormulaError(f"exponent {node.right.value:g} is too large", col,
                           f"constant exponents must lie within ±{MAX_CONST_EXPONENT:g}")
    if isinstance(node, Binary) and node.op == "/" and isinstance(node.right, Num) and node.right.value == 0:
        raise FormulaError("division by zero", col, "the divisor is the constant 0")
    children = (node.operand,) if isinstance(node, Unary) else (
        (node.left, node.right) if isinstance(node, Binary) else node.args)
    if not all(isinstance(c, Num) for c in children):
        return node
    try:
        value = constant_value(node)
    except (ArithmeticError, ValueError):  # NumPy's rules give inf or nan; this is only a safety net
        value = math.nan
    if not math.isfinite(value):
        raise FormulaError(_undefined(node, children), col, "change the constant part so that it is a finite number")
    return Num(value)


def _undefined(node: Node, children) -> str:
    vals = [c.value for c in children]
    if isinstance(node, Binary) and node.op == "/" and vals[1] == 0:
        return "division by zero"
    if isinstance(node, Binary) and node.op == "**":
        a, b = vals
        if a == 0 and b < 0:
            return f"0 to the negative power {b:g} is undefined"
        if a < 0 and b != int(b):
            return f"({a:g})**{b:g}: a negative number to a fractional power is not a real number"
        return f"{a:g}**{b:g} is too large"
    if isinstance(node, Call) and node.name in ("log", "log10") and vals[0] <= 0:
        return f"{node.name}({vals[0]:g}) is undefined: log needs a positive number"
    if isinstance(node, Call) and node.name == "sqrt" and vals[0] < 0:
        return f"sqrt({vals[0]:g}) is undefined: sqrt needs a number >= 0"
    return "a constant part of the formula is undefined or too large"


# --------------------------------------------------------------------------- tree shape

def _kids(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.args
    return ()


def height(tree: Node) -> int:
    """Levels of the tree (a number or a name is 1), without recursion."""
    best = 0
    stack = [(tree, 1)]
    while stack:
        node, h = stack.pop()
        best = max(best, h)
        stack.extend((k, h + 1) for k in _kids(node))
    return best


def _chain(node: Node, ops: tuple[str, ...]) -> tuple[list[Node], list[Node]]:
    """The terms of a chain of + and - (ops ("+", "-")) or of * (ops ("*",)): (added, subtracted)."""
    plus: list[Node] = []
    minus: list[Node] = []
    stack = [(node, False)]
    while stack:
        n, negative = stack.pop()
        if isinstance(n, Binary) and n.op in ops:
            stack.append((n.right, negative != (n.op == "-")))
            stack.append((n.left, negative))
        else:
            (minus if negative else plus).append(n)
    return plus, minus


def _balanced(terms: list[Node], op: str) -> Node:
    level = list(terms)
    while len(level) > 1:
        nxt = [Binary(op, level[k], level[k + 1]) for k in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def _rebalance(tree: Node) -> Node:
    """The same formula with every long chain of + - or of * rebuilt as a balanced tree: a sum of 1000 terms
    is 11 levels deep instead of 1000, so evaluating it never recurses deeply. Rounding may differ in the last
    bits (a different order of additions); only trees deeper than BALANCE_AT are rebuilt."""
    # Iterative post-order: rebuild children first, then the node. Chains are flattened from their top node.
    done: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, Binary) and node.op in ("+", "-", "*"):
            ops = ("+", "-") if node.op in ("+", "-") else ("*",)
            plus, minus = _chain(node, ops)
            if not ready:
                stack.append((node, True))
                stack.extend((t, False) for t in plus + minus)
                continue
            plus = [done[id(t)] for t in plus]
            minus = [done[id(t)] for t in minus]
            if ops == ("*",):
                out: Node = _balanced(plus, "*")
            elif not plus:
                out = Unary(_balanced(minus, "+"))
            elif minus:
                out = Binary("-", _balanced(plus, "+"), _balanced(minus, "+"))
            else:
                out = _balanced(plus, "+")
            done[id(node)] = out
            continue
        kids = _kids(node)
        if not ready and kids:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        if isinstance(node, Unary):
            done[id(node)] = Unary(done[id(node.operand)])
        elif isinstance(node, Binary):
            done[id(node)] = Binary(node.op, done[id(node.left)], done[id(node.right)])
        elif isinstance(node, Call):
            done[id(node)] = Call(node.name, tuple(done[id(a)] for a in node.args))
        else:
            done[id(node)] = node
    return done[id(tree)]


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
    tree = _Parser(text, consts).parse()
    if height(tree) > BALANCE_AT:
        tree = _rebalance(tree)
        if height(tree) > MAX_HEIGHT:
            raise FormulaError(f"formula is nested too deeply (more than {MAX_HEIGHT} levels)", None,
                               "long chains of / or of powers nest; split the formula or simplify it")
    return tree




def compile_formula(text: str, constants: Mapping[str, float] | None = None) -> Formula:
    return Formula(text, parse(text, constants))
