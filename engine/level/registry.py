"""Where levels live: the built-in pack (package data) and the per-user folder (platformdirs)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .loader import Level, load_level
from .problems import LevelError

APP = "gradient-hiker"


def builtin_dir() -> Path:
    from importlib.resources import files

    return Path(str(files("levels")))


def user_data_dir() -> Path:
    """The per-user data folder; GRADIENT_HIKER_HOME overrides it (tests and portable installs)."""
    override = os.environ.get("GRADIENT_HIKER_HOME")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_levels_dir() -> Path:
    return user_data_dir() / "levels"


@dataclass
class Entry:
    """A level on disk: loaded, or broken with its error."""

    path: Path
    builtin: bool
    level: Level | None = None
    error: LevelError | None = None

    @property
    def id(self) -> str:
        return self.level.id if self.level else self.path.stem


def _scan(folder: Path, builtin: bool) -> list[Entry]:
    entries = []
    if not folder.is_dir():
        return entries
    for path in sorted(folder.rglob("*.toml")):
        try:
            entries.append(Entry(path, builtin, load_level(path, builtin=builtin)))
        except LevelError as err:
            entries.append(Entry(path, builtin, error=err))
    return entries


def all_levels() -> list[Entry]:
    builtin = sorted(_scan(builtin_dir(), True), key=lambda e: _order(e))
    return builtin + _scan(user_levels_dir(), False)


def _order(e: Entry) -> tuple:
    lvl = e.level
    classic = lvl is not None and lvl.kind == "function"
    return (classic, lvl.difficulty if lvl else 9, e.path.name)


def find_level(name: str) -> Level:
    """A level by id (built-in or user) or by a path to a .toml file."""
    p = Path(name)
    if p.suffix == ".toml" or os.sep in name or p.is_file():
        return load_level(p)
    for entry in all_levels():
        if entry.level is not None and entry.level.id == name:
            return entry.level
    ids = [e.level.id for e in all_levels() if e.level is not None]
    from .schema import suggest

    raise KeyError(f"no level called {name!r}; {suggest(name, ids, 0.5)} (`hiker levels` lists them)")
