"""Settings and progress on disk: JSON in the per-user data folder, written atomically.

Rules (issue 8): a save file that cannot be fully understood is kept aside (a copy named
``NAME.damaged-<time>``, or the file itself moved aside when it cannot be read) before anything replaces
it, and what can be salvaged is salvaged (the valid records of progress, the valid fields of settings); the
temporary files of a write that was killed are removed at the next start; a folder that cannot be written
is a notice for the player (the functions return it; the App shows it as a toast), never a crash.
"""

from __future__ import annotations

import errno
import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.level import user_data_dir
from engine.storage import ReadError, atomic_write_bytes, read_regular, remove_stale_temps

COLORMAPS = ("viridis", "magma", "cividis", "gist_earth", "terrain")
WINDOW_SIZES = ((1280, 720), (1600, 900), (1920, 1080), (1024, 640))
CONTOURS = {"off": 0, "low": 8, "medium": 16, "high": 28}
MAX_SAVE_BYTES = 1024 * 1024  # a save file larger than this is not ours: it is moved aside, not read
MAX_SCORE = 10**9
MAX_ID = 200
KEEP_ASIDE = 5  # damaged copies kept per file; older ones are removed
FILES = ("settings.json", "progress.json")

# Save files that could be neither read nor kept aside this session: never overwrite them (the player's
# data stays where it is until a person looks at it).
_PROTECTED: set[Path] = set()
PLAY_MODES = ("level", "blindfolded", "fog", "clear")


@dataclass
class Settings:
    window_size: list[int] = field(default_factory=lambda: [1280, 720])
    fullscreen: bool = False
    volume: float = 0.7
    muted: bool = False
    colormap: str = "viridis"
    contours: str = "medium"
    show_fps: bool = False
    reduced_motion: bool = False
    play_mode: str = "level"  # "level" (each level's own mode) or a mode for every level: PLAY_MODES
    by_ear: bool = False  # play by ear: the hiker hears the ground (game/ear.py)
    tutorial_done: bool = False  # the first-run tutorial was finished or skipped

    def clean(self) -> Settings:
        """Clamp values into their valid ranges (wrong types were already replaced by defaults)."""
        if self.colormap not in COLORMAPS:
            self.colormap = "viridis"
        if self.contours not in CONTOURS:
            self.contours = "medium"
        if self.play_mode not in PLAY_MODES:
            self.play_mode = "level"
        volume = float(self.volume) if _is_number(self.volume) else 0.7
        self.volume = min(1.0, max(0.0, volume))
        try:
            w, h = (int(v) for v in self.window_size)
            self.window_size = [min(7680, max(640, w)), min(4320, max(400, h))]
        except (TypeError, ValueError, OverflowError):
            self.window_size = [1280, 720]
        return self


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


# --------------------------------------------------------------------------- reading, keeping aside


@dataclass
class _Loaded:
    data: dict | None  # the JSON object, if the file held one
    raw: bytes | None  # the bytes read (to keep a copy of)
    damage: str | None  # why the file is not fully understood, if it is not


def _read(path: Path) -> _Loaded:
    try:
        raw = read_regular(path, MAX_SAVE_BYTES, path.name)
    except ReadError as err:
        try:
            present = path.exists() or path.is_symlink()
        except OSError:
            present = False
        return _Loaded(None, None, str(err) if present else None)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError, MemoryError):
        return _Loaded(None, raw, "it is not valid JSON")
    if not isinstance(data, dict):
        return _Loaded(None, raw, "it does not hold a JSON object")
    return _Loaded(data, raw, None)


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    k = 2
    while aside.exists():
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{k}")
        k += 1
    return aside


def _keep_aside(path: Path, raw: bytes | None) -> Path | None:
    """A copy of the damaged file (or the file itself, moved, when it could not be read), before anything
    replaces it; None if neither worked, and then the file is protected from being overwritten."""
    try:
        aside = _aside_name(path)
        if raw is not None:
            atomic_write_bytes(aside, raw)
        else:
            os.replace(path, aside)
    except OSError:
        _PROTECTED.add(path)
        return None
    _prune(path)
    return aside


def _prune(path: Path) -> None:
    try:
        old = sorted(p for p in path.parent.iterdir() if p.name.startswith(f"{path.name}.damaged-"))
        for p in old[:-KEEP_ASIDE]:
            p.unlink()
    except OSError:
        pass


def _notice(path: Path, damage: str, kept: Path | None, salvaged: str) -> str:
    where = f"a copy is kept as {kept.name}" if kept else "it was left untouched and will not be overwritten"
    return f"{path.name} was damaged ({damage}); {where}; {salvaged}"


def _start_up(folder: Path) -> str | None:
    """Once per start: remove temporary files a killed write left behind; say if the folder is unusable."""
    try:
        if folder.exists() and not folder.is_dir():
            return f"the data folder {folder} is not a folder: settings and progress will not be saved"
    except OSError:
        return None
    remove_stale_temps(folder, list(FILES))
    return None


# --------------------------------------------------------------------------- settings


def settings_path() -> Path:
    return user_data_dir() / "settings.json"


def progress_path() -> Path:
    return user_data_dir() / "progress.json"


_CHECKS = {
    "window_size": lambda v: isinstance(v, list) and len(v) == 2 and all(_is_number(a) for a in v),
    "fullscreen": lambda v: isinstance(v, bool),
    "volume": _is_number,
    "muted": lambda v: isinstance(v, bool),
    "colormap": lambda v: isinstance(v, str),
    "contours": lambda v: isinstance(v, str),
    "show_fps": lambda v: isinstance(v, bool),
    "reduced_motion": lambda v: isinstance(v, bool),
    "play_mode": lambda v: isinstance(v, str),
    "by_ear": lambda v: isinstance(v, bool),
    "tutorial_done": lambda v: isinstance(v, bool),
}


def load_settings() -> tuple[Settings, str | None]:
    """The saved settings (defaults for anything missing or unusable) and a notice for the player, if any."""
    folder_notice = _start_up(user_data_dir())
    path = settings_path()
    loaded = _read(path)
    data = loaded.data or {}
    good = {k: v for k, v in data.items() if k in _CHECKS and _CHECKS[k](v)}
    bad = sorted(k for k in data if k in _CHECKS and k not in good)
    settings = Settings(**good).clean()
    damage = loaded.damage or (f"unusable values for {', '.join(bad)}" if bad else None)
    if damage is None:
        return settings, folder_notice
    kept = _keep_aside(path, loaded.raw)
    return settings, _notice(path, damage, kept, "the other settings were kept" if good else "defaults restored")


def _save(path: Path, data: dict) -> str | None:
    """Write a save file atomically; a notice (never an exception) if it cannot be written."""
    if path in _PROTECTED:
        return f"{path.name} was not saved: the damaged file there is kept for you to look at"
    try:
        atomic_write_bytes(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
    except OSError as err:
        why = "the disk is full" if err.errno == errno.ENOSPC else (err.strerror or str(err)).lower()
        return f"could not save {path.name} in {path.parent}: {why}"
    return None


def save_settings(settings: Settings) -> str | None:
    return _save(settings_path(), asdict(settings))


# --------------------------------------------------------------------------- progress


@dataclass
class Best:
    """A level's best result: the highest score, and the most stars ever earned there."""

    score: int
    stars: int
    mode: str = ""  # the play mode of the best score ("blindfolded", "fog", "clear"); "" if unknown


@dataclass
class Progress:
    """Per-level best results. Which levels are open follows from the stars (engine.rules.is_unlocked)."""

    best: dict[str, Best] = field(default_factory=dict)

    def record(self, level_id: str, score: int, stars: int, mode: str = "") -> None:
        old = self.best.get(level_id)
        if old is None:
            self.best[level_id] = Best(int(score), int(stars), mode)
        else:
            better = int(score) > old.score
            self.best[level_id] = Best(max(old.score, int(score)), max(old.stars, int(stars)),
                                       mode if better else old.mode)

    def stars(self) -> dict[str, int]:
        return {k: b.stars for k, b in self.best.items()}


def _best(v: Any) -> tuple[Best | None, bool]:
    """A record read back, and whether it was read exactly (False: salvaged or dropped)."""
    if not isinstance(v, dict):
        return None, False
    score = v.get("score")
    if not (isinstance(score, int) and not isinstance(score, bool) and abs(score) <= MAX_SCORE):
        return None, False
    stars = v.get("stars")
    mode = v.get("mode", "")
    exact = (isinstance(stars, int) and not isinstance(stars, bool) and 0 <= stars <= 3
             and set(v) <= {"score", "stars", "mode"} and mode in ("", "blindfolded", "fog", "clear"))
    if not (isinstance(stars, int) and not isinstance(stars, bool)):
        stars = 0
    return Best(score, min(3, max(0, stars)), mode if mode in ("blindfolded", "fog", "clear") else ""), exact


def load_progress() -> tuple[Progress, str | None]:
    """The saved best results (every valid record; a damaged file kept aside) and a notice, if any."""
    _start_up(user_data_dir())
    path = progress_path()
    loaded = _read(path)
    data = loaded.data or {}
    best = data.get("best", {})
    damage = loaded.damage
    if not isinstance(best, dict):
        best, damage = {}, damage or "its 'best' entry is not a table"
    records: dict[str, Best] = {}
    lost = changed = 0
    for k, v in best.items():
        record, exact = _best(v)
        if record is None or not isinstance(k, str) or not k or len(k) > MAX_ID:
            lost += 1
            continue
        records[k] = record
        changed += not exact
    if damage is None and (lost or changed):
        damage = f"{lost + changed} of {len(best)} records were not readable as they were"
    if damage is None:
        return Progress(records), None
    kept = _keep_aside(path, loaded.raw)
    salvaged = f"{len(records)} best results were recovered" if records else "progress starts afresh"
    return Progress(records), _notice(path, damage, kept, salvaged)


def save_progress(progress: Progress) -> str | None:
    return _save(progress_path(), {"best": {k: asdict(b) for k, b in progress.best.items()}})
