"""Argument helpers shared by the headless commands and the window launcher (engine only, never pygame)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from engine.level import Level, LevelError, find_entry
from engine.numbers import range_problem


class CliError(Exception):
    """A user mistake: printed as one line on stderr, exit code 2."""


def level_arg(name: str) -> Level:
    """The prepared level (landscape built, minimum found) named by an id or a path."""
    try:
        entry = find_entry(name)
        return entry.prepare()
    except KeyError as err:
        raise CliError(err.args[0]) from None
    except LevelError as err:
        raise CliError(f"level {name!r} is broken: " + "; ".join(str(p) for p in err.problems)) from None


def number_arg(text: str, what: str, lo: float | None = None, hi: float | None = None) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CliError(f"{what} must be a number, got {text!r}") from None
    rule = range_problem(value, lo, hi)
    if rule:
        raise CliError(f"{what} {rule}, got {text!r}")
    return value


def seed_arg(seed: int | None, default: int) -> int:
    """--seed, or the level's own seed: a whole number from 0 to 2**63 - 1, as in a level's [race] seed."""
    if seed is None:
        return default
    if not 0 <= seed < 2**63:
        raise CliError(f"--seed must be between 0 and {2**63 - 1}, got {seed}")
    return seed


def output_arg(flag: str, path: str | None, kind: str) -> str | None:
    """An output file named on the command line, checked before any work is done: its suffix must name a
    format the writer can save (``kind``: "plot" for matplotlib, "image" or "animation" for Pillow)."""
    if path is None:
        return None
    suffix = Path(path).suffix.lower()
    if kind == "plot":
        from matplotlib.backend_bases import FigureCanvasBase

        ok = suffix.lstrip(".") in FigureCanvasBase.get_supported_filetypes()
    else:
        from PIL import Image

        writers = Image.SAVE_ALL if kind == "animation" else Image.SAVE
        ok = Image.registered_extensions().get(suffix) in writers
    if not ok:
        example = {"--plot": "loss.png", "--gif": "race.gif", "--screenshot": "shot.png"}.get(flag, "basins.png")
        what = f"cannot save {suffix} files" if suffix else "the file name needs a suffix"
        raise CliError(f"{flag} {path}: {what}; try e.g. {example}")
    return path


@contextmanager
def writing(flag: str, path: str) -> Iterator[Path]:
    """Saving an output file: a folder that cannot be made or a file that cannot be written is a one-line
    error, not a traceback."""
    try:
        yield Path(path)
    except OSError as err:
        raise CliError(f"cannot write {flag} {path}: {err.strerror or err}") from None


def start_arg(text: str | None, level: Level, rng: np.random.Generator | None) -> tuple[float, float]:
    if text is None:
        return level.start(rng)
    parts = text.split(",")
    if len(parts) != 2:
        raise CliError(f"--start must be X,Y, got {text!r}")
    p = (number_arg(parts[0], "--start X"), number_arg(parts[1], "--start Y"))
    if not level.domain.contains(p):
        d = level.domain
        raise CliError(f"--start {text} is outside the domain x {list(d.x)}, y {list(d.y)}")
    return p


def lineup_from_specs(specs: list[str] | None, level: Level, steps: int) -> list[tuple[str, dict]]:
    """--opt SPECs checked and parsed, or the level's own line-up when none are given."""
    from engine.optim import SpecError, complete, parse_spec

    if not specs:
        return level.lineup()
    lineup = []
    for spec in specs:
        try:
            name, params = parse_spec(spec)
            complete(name, params, steps)
        except SpecError as err:
            raise CliError(f"bad --opt {spec!r}: {err}") from None
        lineup.append((name, params))
    return lineup


def emit_json(data: Any) -> None:
    print(json.dumps(data, indent=2, allow_nan=False, default=_jsonable))


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(type(v).__name__)
