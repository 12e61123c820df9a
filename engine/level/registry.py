"""Where levels live: the built-in pack (package data) and the per-user folder (platformdirs)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..suggest import did_you_mean
from .loader import load_spec, read_text
from .prepare import Level, prepare
from .problems import LevelError, Problem
from .spec import LevelSpec

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


@dataclass(frozen=True)
class Entry:
    """A level file on disk: its validated spec, or the error that broke it."""

    path: Path
    builtin: bool
    spec: LevelSpec | None = None
    error: LevelError | None = None

    @property
    def id(self) -> str:
        return self.spec.id if self.spec else self.path.stem

    def prepare(self) -> Level:
        """Build the landscape and find the minimum (slow on some levels: the game does it in a job)."""
        if self.spec is None:
            raise self.error or LevelError([])
        return prepare(self.spec, self.path, self.builtin)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.toml")) if folder.is_dir() else []


def _scan(folder: Path, builtin: bool) -> list[Entry]:
    entries = []
    for path in _files(folder):
        try:
            entries.append(Entry(path, builtin, load_spec(path)))
        except LevelError as err:
            entries.append(Entry(path, builtin, error=err))
    return entries


def _order(e: Entry) -> tuple:
    spec = e.spec
    classic = spec is not None and spec.kind == "function"
    return (classic, spec.info.difficulty if spec else 9, e.path.name)


def all_levels() -> list[Entry]:
    """Every level: built-in (designed ones first, by difficulty) then the user's. A level whose id an earlier
    one already uses (built-in levels first, then user files by path) is listed as broken, naming the other
    file, rather than sharing that level's best scores."""
    builtin = sorted(_scan(builtin_dir(), True), key=_order)
    owners: dict[str, Path] = {}
    out = []
    for e in builtin + _scan(user_levels_dir(), False):
        if e.spec is not None:
            other = owners.setdefault(e.id, e.path)
            if other != e.path:
                e = Entry(e.path, e.builtin, error=LevelError([duplicate_problem(e.path, e.id, other)]))
        out.append(e)
    return out


def duplicate_problem(path: Path, lid: str, other: Path) -> Problem:
    """The located error for a level whose id another level file already uses."""
    from .loader import locate
    from .schema import Finding

    try:
        text = read_text(path)
    except LevelError:
        text = None
    finding = Finding("[level].id", f"id {lid!r} is already used by {other}",
                      "every level needs its own id: rename this one")
    return locate([finding], str(path), text)[0]


def id_owner(lid: str, path: Path) -> Path | None:
    """The level file that already uses id ``lid``, if it is not ``path``: built-in levels own their ids
    first, then user levels in path order (the order of ``all_levels``); broken files own nothing."""
    me = Path(path).resolve()
    for folder in (builtin_dir(), user_levels_dir()):
        for other in _files(folder):
            if other.resolve() == me:
                return None
            if _declared_id(other) == lid:
                try:
                    load_spec(other)
                except LevelError:
                    continue
                return other
    return None


def taken_ids() -> set[str]:
    """Every id a built-in or user level file declares (for picking a free one)."""
    return {lid for folder in (builtin_dir(), user_levels_dir()) for p in _files(folder)
            if (lid := _declared_id(p)) is not None}


def unlock_sequence(entries: list[Entry]) -> list[str]:
    """The order in which designed levels unlock (engine.rules.is_unlocked): the built-in designed (not
    classic) levels, in list order."""
    return [e.id for e in entries if e.builtin and e.spec is not None and e.spec.kind != "function"]


def _declared_id(path: Path) -> str | None:
    """The id a file declares, read without validating the rest (so one broken file cannot stop a search)."""
    try:
        doc = tomllib.loads(read_text(path))
        lid = doc.get("level", {}).get("id")
    except (LevelError, tomllib.TOMLDecodeError, RecursionError, AttributeError, ValueError):
        return None
    return lid if isinstance(lid, str) else None


def find_entry(name: str) -> Entry:
    """A level by id (built-in or user) or by a path to a .toml file; KeyError with a suggestion if none."""
    p = Path(name)
    if p.suffix == ".toml" or os.sep in name or p.is_file():
        try:
            return Entry(p, False, load_spec(p))
        except LevelError as err:
            return Entry(p, False, error=err)
    ids = []
    for folder, builtin in ((builtin_dir(), True), (user_levels_dir(), False)):
        for path in _files(folder):
            lid = _declared_id(path)
            if lid == name:
                try:
                    return Entry(path, builtin, load_spec(path))
                except LevelError as err:
                    return Entry(path, builtin, error=err)
            if lid is not None:
                ids.append(lid)
    raise KeyError(f"no level called {name!r}; {did_you_mean(name, ids, 0.5)} (`hiker levels` lists them)")


def find_level(name: str) -> Level:
    """The prepared level by id or path (LevelError if it is broken, KeyError if there is none)."""
    return find_entry(name).prepare()
