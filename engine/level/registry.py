"""Where levels live: the built-in pack (package data) and the per-user folder (platformdirs)."""

from __future__ import annotations

import os
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..suggest import did_you_mean
from .loader import MAX_NESTING, DiskFiles, NamedRead, digest, load_spec, parse_level, read_text, relocate
from .prepare import Level, prepare
from .problems import LevelError, Problem, printable, quoted
from .scan import scan
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


MAX_FOLDER_DEPTH = 8  # sub-folders of a levels folder that are searched
MAX_FOLDER_FILES = 500  # .toml files taken from one levels folder (the first, in name order)
MAX_FOLDER_ENTRIES = 20_000  # directory entries looked at while searching one levels folder


@dataclass(frozen=True)
class Entry:
    """A level file on disk: its validated spec, or the error that broke it."""

    path: Path
    builtin: bool
    spec: LevelSpec | None = None
    error: LevelError | None = None

    @property
    def id(self) -> str:
        return self.spec.id if self.spec else printable(self.path.stem, 64)

    def prepare(self) -> Level:
        """Build the landscape and find the minimum (slow on some levels: the game does it in a job). A
        LevelError located in the file, the same one `hiker check` prints."""
        if self.spec is None:
            raise self.error or LevelError([])
        try:
            return prepare(self.spec, self.path, self.builtin)
        except LevelError as err:
            try:
                text = read_text(self.path)
            except LevelError:
                text = None
            raise relocate(err, text) from None


def _files(folder: Path) -> list[Path]:
    """The .toml files under folder, found without recursion: at most MAX_FOLDER_DEPTH folders deep, never
    through a symbolic link to a folder (no loops), at most MAX_FOLDER_FILES of them, in name order."""
    found: list[Path] = []
    seen = 0
    todo: list[tuple[str, int]] = [(str(folder), 0)]
    while todo:
        here, depth = todo.pop()
        try:
            with os.scandir(here) as it:
                entries = []
                for entry in it:
                    seen += 1
                    if seen > MAX_FOLDER_ENTRIES:
                        break
                    entries.append(entry)
        except (OSError, ValueError):
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth < MAX_FOLDER_DEPTH and not entry.name.startswith("."):
                        todo.append((entry.path, depth + 1))
                elif entry.name.endswith(".toml") and not entry.name.startswith("."):
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found)[:MAX_FOLDER_FILES]


def _load(path: Path, builtin: bool, text: str | None = None, files: DiskFiles | None = None) -> Entry:
    """One file's entry: its spec, or its error. Nothing a file does escapes its own entry."""
    return _load_once(path, builtin, text, files)[0]


def _load_once(path: Path, builtin: bool, text: str | None = None,
               files: DiskFiles | None = None) -> tuple[Entry, bool]:
    """The entry, and whether the same bytes always give it (not when an unexpected error broke it: a
    MemoryError in a busy moment must not keep a good level broken for the rest of the session)."""
    try:
        if text is None:
            return Entry(path, builtin, load_spec(path)), True
        return Entry(path, builtin, parse_level(text, str(path), path, files)), True
    except LevelError as err:
        return Entry(path, builtin, error=err), True
    except (RecursionError, MemoryError, ValueError, TypeError, ArithmeticError, OSError) as err:
        # A bug of ours that a stranger's file found: it breaks this entry, never the list.
        return Entry(path, builtin, error=LevelError([Problem(str(path), "", f"cannot load this level "
                                                              f"({err.__class__.__name__}: {err})")])), False


@dataclass(frozen=True)
class _Known:
    """A level file's entry and what it was made from: the text's fingerprint, the files the text named."""

    entry: Entry
    text: bytes | None
    reads: tuple[NamedRead, ...]


# The last scan of each folder, so that opening the level list again re-validates only the files that changed
# (a folder of 500 heavy levels took seconds to open each time). Whether a file changed is decided by its
# bytes and the bytes of every file it names, never by timestamps (a file rewritten within the clock's
# resolution keeps its mtime). Bounded: only what the latest scan of the last few folders found is kept.
_SCANS: dict[tuple[str, bool], dict[Path, _Known]] = {}
_SCANS_LOCK = threading.Lock()
REMEMBERED_FOLDERS = 4
REMEMBERED_PIXEL_BYTES = 32 * 2**20  # heightmap pixels kept per folder (a 1024x1024 map is 8 MiB of floats)


def _load_known(path: Path, builtin: bool, before: _Known | None) -> _Known:
    try:
        text = read_text(path)
    except LevelError:
        return _Known(_load(path, builtin), None, ())  # unreadable: its error is cheap to find again
    fingerprint = digest(text.encode("utf-8"))
    files = DiskFiles(path)
    # A level's validation reads nothing but its text and the files it names (it may name built-in
    # optimizers only, never plugins), so those fingerprints decide.
    if before is not None and before.text == fingerprint and files.unchanged(before.reads):
        return before
    entry, settled = _load_once(path, builtin, text, files)
    return _Known(entry, fingerprint if settled else None, tuple(files.reads))


def _scan(folder: Path, builtin: bool) -> list[Entry]:
    key = (str(folder), builtin)
    before = _SCANS.get(key, {})
    now = {path: _load_known(path, builtin, before.get(path)) for path in _files(folder)}
    remembered, pixels = {}, 0
    for path, known in now.items():  # heightmaps' pixels up to a budget: the rest are read again next time
        gray = getattr(known.entry.spec.landscape, "gray", None) if known.entry.spec is not None else None
        size = gray.pixels.nbytes if gray is not None else 0
        if pixels + size <= REMEMBERED_PIXEL_BYTES:
            remembered[path] = known
            pixels += size
    with _SCANS_LOCK:
        _SCANS.pop(key, None)
        _SCANS[key] = remembered
        while len(_SCANS) > REMEMBERED_FOLDERS:
            del _SCANS[next(iter(_SCANS))]
    return [known.entry for known in now.values()]


def forget_scans() -> None:
    """Drop the remembered scans (the next all_levels validates every file again)."""
    with _SCANS_LOCK:
        _SCANS.clear()
        _IDS.clear()


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
    me = _resolved(Path(path))
    for folder in (builtin_dir(), user_levels_dir()):
        for other in _files(folder):
            if _resolved(other) == me:
                return None
            if _declared_id(other) == lid:
                try:
                    load_spec(other)
                except LevelError:
                    continue
                return other
    return None


def _resolved(path: Path) -> Path:
    """The path with symbolic links followed; as it is when they loop or cannot be read."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


def taken_ids() -> set[str]:
    """Every id a built-in or user level file declares (for picking a free one)."""
    return {lid for folder in (builtin_dir(), user_levels_dir()) for p in _files(folder)
            if (lid := _declared_id(p)) is not None}


def unlock_sequence(entries: list[Entry]) -> list[str]:
    """The order in which designed levels unlock (engine.rules.is_unlocked): the built-in designed (not
    classic) levels, in list order."""
    return [e.id for e in entries if e.builtin and e.spec is not None and e.spec.kind != "function"]


def declared_id(text: str) -> str | None:
    """The id a level's text declares, found by the linear scanner without parsing or validating anything
    else (so one broken or hostile file can neither stop nor slow a search by id)."""
    found = scan(text, MAX_NESTING)
    span = found.values.get(("level", "id"))
    if span is None or span.kind not in ("basic", "literal") or span.end - span.start > 200:
        return None
    try:
        lid = tomllib.loads("id = " + text[span.start:span.end]).get("id")
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    return lid if isinstance(lid, str) else None


_IDS: dict[Path, tuple[bytes | None, str | None]] = {}  # path -> (its text's fingerprint, the id it declares)
REMEMBERED_IDS = 4096


def _declared_id(path: Path) -> str | None:
    """The id the file at ``path`` declares; the scan is skipped while the file's bytes stay the same."""
    try:
        text = read_text(path)
    except LevelError:
        return None
    fingerprint = digest(text.encode("utf-8"))
    known = _IDS.get(path)
    if known is not None and known[0] == fingerprint:
        return known[1]
    lid = declared_id(text)
    if len(_IDS) >= REMEMBERED_IDS:
        _IDS.clear()
    _IDS[path] = (fingerprint, lid)
    return lid


def find_entry(name: str) -> Entry:
    """A level by id (built-in or user) or by a path to a .toml file; KeyError with a suggestion if none."""
    if not isinstance(name, str) or not name or "\x00" in name or len(name) > 4096:
        raise KeyError(f"no level called {quoted(name, 60)} (`hiker levels` lists them)")
    p = Path(name)
    try:
        is_file = p.is_file()
    except (OSError, ValueError):
        is_file = False
    if p.suffix == ".toml" or os.sep in name or is_file:
        return _load(p, False)
    ids = []
    for folder, builtin in ((builtin_dir(), True), (user_levels_dir(), False)):
        for path in _files(folder):
            lid = _declared_id(path)
            if lid == name:
                return _load(path, builtin)
            if lid is not None:
                ids.append(lid)
    raise KeyError(f"no level called {quoted(name, 60)}; {did_you_mean(name, ids, 0.5)} "
                   "(`hiker levels` lists them)")


def find_level(name: str) -> Level:
    """The prepared level by id or path (LevelError if it is broken, KeyError if there is none)."""
    return find_entry(name).prepare()
