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

    def clean(self) -> Settings:
        """Clamp values read from disk into their valid ranges."""
        if self.colormap not in COLORMAPS:
            self.colormap = "viridis"
        if self.contours not in CONTOURS:
            self.contours = "medium"
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
        return None, (f"{path.name} was damaged ({err.__class__.__name__}); defaults restored, "
                      f"old file kept as {aside.name}")


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
class Progress:
    """Per-level best results, and which levels are unlocked."""

    best: dict[str, dict[str, Any]] = field(default_factory=dict)
    unlocked: list[str] = field(default_factory=list)

    def record(self, level_id: str, score: int, stars: int) -> bool:
        """Remember a result; True if it is a new personal best."""
        old = self.best.get(level_id)
        if old is None or score > old.get("score", -1):
            self.best[level_id] = {"score": int(score), "stars": max(int(stars), old.get("stars", 0) if old else 0)}
            return True
        if stars > old.get("stars", 0):
            old["stars"] = int(stars)
        return False

    def unlock(self, level_id: str) -> None:
        if level_id not in self.unlocked:
            self.unlocked.append(level_id)


def load_progress() -> tuple[Progress, str | None]:
    data, notice = _read(progress_path())
    data = data or {}
    best = data.get("best", {})
    unlocked = data.get("unlocked", [])
    if not isinstance(best, dict) or not isinstance(unlocked, list):
        return Progress(), notice or "progress.json held unusable values; progress reset"
    best = {k: v for k, v in best.items() if isinstance(v, dict) and isinstance(v.get("score"), int)}
    return Progress(best, [u for u in unlocked if isinstance(u, str)]), notice


def save_progress(progress: Progress) -> None:
    _write(progress_path(), asdict(progress))
