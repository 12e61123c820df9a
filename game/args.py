"""Argument helpers shared by the headless commands and the window launcher (engine only, never pygame)."""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from engine.level import Level, LevelError, find_entry
from engine.level.problems import printable, quoted
from engine.numbers import range_problem

# Every number a command takes, with its range (shown in `hiker --help` and the README). Outside it: one line
# on stderr and exit code 2, before any work starts.
RANGES: dict[str, tuple[str, int, int]] = {
    "frames": ("--frames", 1, 1_000_000),
    "steps": ("--steps", 1, 100_000),
    "seed": ("--seed", 0, 2**63 - 1),
    "swarm": ("--swarm", 1, 100_000),
    "grid": ("--grid", 4, 512),
}
MAX_RACERS = 16  # --opt racers in one race
MAX_HIKERS = 200_000  # racers x swarm starts (or grid x grid starts for basins): hikers stepped at once
MAX_WORK = 100_000_000  # hikers x steps of one command
MAX_MOVES = 20_000  # moves of `hiker hike --moves`
MAX_KEYS = 10_000  # key presses of --keys
OUTPUTS: dict[str, tuple[str, str]] = {  # argument -> (flag, what writes it: see output_arg)
    "plot": ("--plot", "plot"),
    "gif": ("--gif", "animation"),
    "png": ("--png", "image"),
    "screenshot": ("--screenshot", "image"),
    "mp4": ("--mp4", "video"),
}


class CliError(Exception):
    """A user mistake: printed as one line on stderr, exit code 2."""


def level_arg(name: str) -> Level:
    """The prepared level (landscape built, minimum found) named by an id or a path. A broken level gives
    exactly the located line that `hiker check` prints first (every command says the same)."""
    try:
        entry = find_entry(name)
        return entry.prepare()
    except KeyError as err:
        raise CliError(err.args[0]) from None
    except LevelError as err:
        more = len(err.problems) - 1
        first = str(err.problems[0]) if err.problems else "no problem given"
        raise CliError(f"level {quoted(name, 80)} is broken: {first}"
                       + (f" (and {more} more: hiker check lists them)" if more > 0 else "")) from None
    except (ArithmeticError, RecursionError, MemoryError, ValueError) as err:  # a stranger's file found a bug
        raise CliError(f"level {quoted(name, 80)} cannot be prepared ({err.__class__.__name__}: "
                       f"{printable(err, 120)})") from None


def range_args(args: Any) -> None:
    """Every number argument within its documented range, and the counts that bound a command's work."""
    for attr, (flag, lo, hi) in RANGES.items():
        value = getattr(args, attr, None)
        if value is not None and not lo <= value <= hi:
            raise CliError(f"{flag} must be between {lo} and {hi}, got {value}")
    opts = getattr(args, "opt", None)
    if isinstance(opts, list) and len(opts) > MAX_RACERS:
        raise CliError(f"at most {MAX_RACERS} --opt racers, got {len(opts)}")
    moves = getattr(args, "moves", None)
    if isinstance(moves, str) and moves.count(",") + 1 > MAX_MOVES:
        raise CliError(f"--moves: at most {MAX_MOVES} moves, got {moves.count(',') + 1}")
    keys = getattr(args, "keys", None)
    if isinstance(keys, str) and keys.count(",") + 1 > MAX_KEYS:
        raise CliError(f"--keys: at most {MAX_KEYS} key presses")


def work_arg(hikers: int, steps: int, how: str) -> None:
    """Refuse a command whose work (hikers stepped at once, hikers x steps) is beyond the limits."""
    if hikers > MAX_HIKERS:
        raise CliError(f"{how} means {hikers:,} hikers at once; the limit is {MAX_HIKERS:,}")
    if hikers * steps > MAX_WORK:
        raise CliError(f"{how} with {steps:,} steps is {hikers * steps:,} hiker-steps; the limit is {MAX_WORK:,} "
                       "(fewer starts, racers or steps)")


def output_args(args: Any) -> None:
    """Every output path checked before any work starts: a suffix its writer can save, not a folder or a
    device, in a folder that exists and can be written."""
    for attr, (flag, kind) in OUTPUTS.items():
        value = getattr(args, attr, None)
        if isinstance(value, str):
            output_path(value, flag, kind)


def output_path(text: str, flag: str, kind: str) -> Path:
    shown = str(text)[:200]
    if not text or not text.strip():
        raise CliError(f"{flag} needs a file name")
    if kind != "video":  # --mp4's name and the video extra: game/export.py mp4_arg, called by race
        output_arg(flag, text, kind)
    path = Path(text)
    try:
        if path.exists() or path.is_symlink():
            mode = os.stat(path).st_mode
            if stat.S_ISDIR(mode):
                raise CliError(f"cannot write {flag} {shown!r}: it is a folder; give a file name")
            if not stat.S_ISREG(mode):
                raise CliError(f"cannot write {flag} {shown!r}: it is not a regular file (a device or a pipe?)")
            if not os.access(path, os.W_OK):
                raise CliError(f"cannot write {flag} {shown!r}: permission denied")
        # A missing folder is made by the exporter (like `mkdir -p`): its nearest existing ancestor must be a
        # folder that can be written.
        folder = path.parent
        while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise CliError(f"cannot write {flag} {shown!r}: {quoted(folder, 200)} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise CliError(f"cannot write {flag} {shown!r}: the folder {quoted(folder, 200)} cannot be written")
    except OSError as err:
        raise CliError(f"cannot write {flag} {shown!r}: {err.strerror or err}") from None
    except ValueError:  # a NUL in the name
        raise CliError(f"cannot write {flag}: the file name contains a NUL character") from None
    return path


def write_output(save, path: str, flag: str) -> None:
    """Run ``save(Path)`` (an exporter), turning a failed write into one line instead of a traceback."""
    try:
        save(Path(path))
    except OSError as err:
        raise CliError(f"{flag}: cannot write {quoted(path, 200)}: {err.strerror or err}") from None


def number_arg(text: str, what: str, lo: float | None = None, hi: float | None = None) -> float:
    try:
        value = float(text) if text.strip().isascii() else math.nan
    except ValueError:
        value = None
    if value is None or math.isnan(value):
        raise CliError(f"{what} must be a number, got {quoted(text, 60)}") from None
    rule = range_problem(value, lo, hi)
    if rule:
        raise CliError(f"{what} {rule}, got {quoted(text, 60)}")
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
        raise CliError(f"{flag} {printable(path, 200)}: {what}; try e.g. {example}")
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
        raise CliError(f"--start must be X,Y, got {quoted(text, 60)}")
    p = (number_arg(parts[0], "--start X"), number_arg(parts[1], "--start Y"))
    if not level.domain.contains(p):
        d = level.domain
        raise CliError(f"--start {printable(text, 60)} is outside the domain x {list(d.x)}, y {list(d.y)}")
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
            raise CliError(f"bad --opt {quoted(spec, 80)}: {err}") from None
        lineup.append((name, params))
    return lineup


def emit_json(data: Any) -> None:
    """One JSON document on stdout; a number that is not finite (a hiker that fell) is null."""
    print(json.dumps(_finite(data), indent=2, allow_nan=False, default=_jsonable))


def _finite(v: Any) -> Any:
    if isinstance(v, float | np.floating):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_finite(x) for x in v]
    if isinstance(v, np.ndarray):
        return _finite(v.tolist())
    return v


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(type(v).__name__)
