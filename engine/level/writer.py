"""Writing a level back to TOML (for the editor), with tomli-w."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .loader import Level


def to_document(level: Level) -> dict[str, Any]:
    """The level as a TOML-ready dict: defaults kept explicit, unset optional keys dropped."""
    doc = level.doc

    def clean(d: dict) -> dict:
        return {k: v for k, v in d.items() if v is not None}

    out: dict[str, Any] = {"level": clean(doc["level"])}
    land = {k: v for k, v in doc["landscape"].items() if v is not None and not (k == "constants" and not v)}
    out["landscape"] = land
    start = doc["start"]
    out["start"] = {"point": start["point"]} if start["point"] is not None else {"random": True}
    out["rules"] = clean(doc["rules"])
    goal = clean(doc["goal"])
    if goal:
        out["goal"] = goal
    out["race"] = clean(doc["race"])
    return out


def dumps(level: Level) -> str:
    import tomli_w

    return tomli_w.dumps(to_document(level))


def save(level: Level, path: Path) -> None:
    from ..storage import atomic_write_text

    atomic_write_text(Path(path), dumps(level))
