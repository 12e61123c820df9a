"""Settings and progress on disk: JSON in the per-user data folder, written atomically.

A corrupt file is kept aside (renamed *.corrupt) and replaced by defaults; the caller gets a notice
to show the player instead of a crash.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from engine.level import user_data_dir
from engine.storage import atomic_write_text

COLORMAPS = ("viridis", "magma", "cividis", "gist_earth", "terrain")
WINDOW_SIZES = ((1280, 720), (1600, 900), (1920, 1080), (1024, 640))
CONTOURS = {"off": 0, "low": 8, "medium": 16, "high": 28}
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
        """Clamp values read from disk into their valid ranges."""
        if self.colormap not in COLORMAPS:
            self.colormap = "viridis"
        if self.contours not in CONTOURS:
            self.contours = "medium"
        if self.play_mode not in PLAY_MODES:
            self.play_mode = "level"
        self.volume = min(1.0, max(0.0, float(self.volume)))
        try:
            w, h = (int(v) for v in self.window_size)
            self.window_size = [min(7680, max(640, w)), min(4320, max(400, h))]
        except (TypeError, ValueError):
            self.window_size = [1280, 720]
        return self


def _read(path: Path) -> tuple[dict | None, str | None]:
    """The JSON object in path (None if absent), and a notice if it was corrupt and set aside."""
    if not path.exists():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data, None
    except (OSError, ValueError) as err:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
        except OSError:
            pass
        why = "unreadable" if isinstance(err, OSError) else "not valid JSON"  # never a Python class name
        return None, (f"{path.name} was damaged ({why}); defaults restored, old file kept as {aside.name}")


def _write(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True))


def settings_path() -> Path:
    return user_data_dir() / "settings.json"


def progress_path() -> Path:
    return user_data_dir() / "progress.json"


def load_settings() -> tuple[Settings, str | None]:
    data, notice = _read(settings_path())
    known = {f.name for f in fields(Settings)}
    try:
        settings = Settings(**{k: v for k, v in (data or {}).items() if k in known}).clean()
    except (TypeError, ValueError):
        settings, notice = Settings(), notice or "settings.json held unusable values; defaults restored"
    return settings, notice


def save_settings(settings: Settings) -> None:
    _write(settings_path(), asdict(settings))


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


def _best(v: Any) -> Best | None:
    if isinstance(v, dict) and isinstance(v.get("score"), int) and not isinstance(v.get("score"), bool):
        stars = v.get("stars", 0)
        mode = v.get("mode", "")
        return Best(v["score"], min(3, max(0, stars)) if isinstance(stars, int) and not isinstance(stars, bool)
                    else 0, mode if mode in ("blindfolded", "fog", "clear") else "")
    return None


def load_progress() -> tuple[Progress, str | None]:
    data, notice = _read(progress_path())
    best = (data or {}).get("best", {})
    if not isinstance(best, dict):
        return Progress(), notice or "progress.json held unusable values; progress reset"
    records = {k: b for k, b in ((k, _best(v)) for k, v in best.items()) if b is not None and isinstance(k, str)}
    return Progress(records), notice


def save_progress(progress: Progress) -> None:
    _write(progress_path(), {"best": {k: asdict(b) for k, b in progress.best.items()}})
