"""Checking a level file the way `hiker check` does: load, validate, prepare, and locate every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import load_spec_and_text, locate, relocate
from .prepare import Level, formula_warnings, prepare
from .problems import LevelError, Problem


@dataclass(frozen=True)
class Checked:
    level: Level
    warnings: tuple[Problem, ...]


def check_file(path: str | Path) -> Checked:
    """The prepared level and its located warnings; a LevelError with every located problem otherwise."""
    from .registry import duplicate_problem, id_owner

    path = Path(path)
    spec, text = load_spec_and_text(path)
    other = id_owner(spec.id, path)
    if other is not None:
        raise LevelError([duplicate_problem(path, spec.id, other)])
    try:
        level = prepare(spec, path)
    except LevelError as err:  # give the landscape's problem its line
        raise relocate(err, text) from None
    warnings = locate(formula_warnings(spec.landscape, level.landscape), str(path), text)
    return Checked(level, tuple(Problem(w.file, w.key, w.message, w.hint, w.line, w.col, "warning")
                                for w in warnings))
