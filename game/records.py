"""Which saved record a level's results go to, and which play mode a play uses.

Built-in levels are keyed by their id. A user level is keyed by its id and a hash of its content, so two
different levels never share a best score (a downloaded level that reuses a built-in id, or a level the
player edited after playing it, starts a fresh record).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from engine.level.spec import MODES, DataSpec, HeightmapSpec, LevelSpec, NetworkSpec
from engine.level.writer import dumps


@lru_cache(maxsize=256)
def content_hash(spec: LevelSpec) -> str:
    """A short hash of everything that makes the level what it is (its written form and any data it holds)."""
    h = hashlib.sha256(dumps(spec).encode("utf-8"))
    land = spec.landscape
    if isinstance(land, HeightmapSpec):
        h.update(land.gray.pixels.tobytes())
    elif isinstance(land, DataSpec):
        h.update(repr(land.rows).encode("utf-8"))
    elif isinstance(land, NetworkSpec):  # a CSV's rows are not in the written file
        h.update(repr(land.dataset.rows).encode("utf-8"))
    return h.hexdigest()[:12]


def record_key(spec: LevelSpec, builtin: bool) -> str:
    """The progress key of a level: its id if built in, else id@content-hash."""
    return spec.id if builtin else f"{spec.id}@{content_hash(spec)}"


def key_of(thing) -> str:
    """The progress key of an Entry or a prepared Level (both have .spec and .builtin)."""
    return record_key(thing.spec, bool(thing.builtin))


def play_mode(spec: LevelSpec, setting: str) -> str:
    """The mode a play uses: the player's setting, unless it is "level" (the level's own default)."""
    return setting if setting in MODES else spec.rules.mode


MODE_WORDS = {"blindfolded": "blindfolded: only your trail", "fog": "fog: you see a little around your trail",
              "clear": "clear map: practice"}


def shown_path(path: Path) -> str:
    """A path as the player reads it: the home folder as ~."""
    return str(path).replace(str(Path.home()), "~", 1)
