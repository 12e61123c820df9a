"""Checking a level file the way `hiker check` does: load, validate, prepare, and locate every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loader import load_spec, locate, read_text
from .prepare import Level, build_landscape, formula_warnings, prepare
from .problems import KeyLocator, LevelError, Problem


@dataclass(frozen=True)
class Checked:
    level: Level
    warnings: tuple[Problem, ...]


def check_file(path: str | Path) -> Checked:
    """The prepared level and its located warnings; a LevelError with every located problem otherwise."""
    from .registry import duplicate_problem, id_owner

    path = Path(path)
    spec = load_spec(path)
    text = read_text(path)
    other = id_owner(spec.id, path)
    if other is not None:
        raise LevelError([duplicate_problem(path, spec.id, other)])
    warnings = [p for p in locate(formula_warnings(spec.landscape, build_landscape(spec.landscape)), str(path), text)]
    try:
        level = prepare(spec, path)
    except LevelError as err:  # give the landscape's problem its line
        pos = KeyLocator(text).find("[landscape]") or (None, None)
        raise LevelError([Problem(p.file, p.key, p.message, p.hint, *pos) for p in err.problems]) from None
    return Checked(level, tuple(Problem(w.file, w.key, w.message, w.hint, w.line, w.col, "warning")
                                for w in warnings))
