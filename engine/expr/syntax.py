"""Formula text to tree: a tokenizer and a small Pratt parser, with limits that keep hostile text cheap.

User text is never handed to ``eval``/``exec``/``compile``; constant sub-trees are folded as they are
parsed, refusing runaway exponents before anything large is computed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..suggest import did_you_mean
from .evaluate import Formula
from .program import constant_value
from .tree import Binary, Call, Node, Num, Unary, Var

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
    return did_you_mean(word, sorted(choices), fallback=f"known {what}")


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
    value = constant_value(node)
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




def compile_formula(text: str, constants: Mapping[str, float] | None = None) -> Formula:
    return Formula(text, parse(text, constants))
