"""The formula tree: plain frozen dataclasses, built only by the parser (engine/expr/syntax.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

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

