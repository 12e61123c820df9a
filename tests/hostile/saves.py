"""Hostile save files (class 10 of the corpus): each function gets an empty per-user data folder (already set
as GRADIENT_HIKER_HOME), puts something there, uses game.store as the game does at start-up, in the level
list and when a level is finished, and asserts what must hold. Run by runner.py under the corpus limits."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

from game import store
from game.store import Progress, load_progress, load_settings, save_progress, save_settings


def _write(home: Path, name: str, content: str | bytes) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _asides(home: Path, name: str) -> list[Path]:
    return sorted(home.glob(f"{name}.damaged-*"))


def _startup(home: Path) -> tuple:
    """What the App does at start-up: settings then progress, each with its notice."""
    settings, ns = load_settings()
    progress, np_ = load_progress()
    return settings, ns, progress, np_


def _finish(progress: Progress) -> str | None:
    """What the results screen does: record a result and save."""
    progress.record("twin-valleys", 500, 2)
    return save_progress(progress)


def _damaged_progress(home: Path, doc: object, kept: dict) -> None:
    original = json.dumps(doc).encode()
    _write(home, "progress.json", original)
    _, _, progress, notice = _startup(home)
    assert notice is not None and "progress.json was damaged" in notice, notice
    assert {k: (b.score, b.stars) for k, b in progress.best.items()} == kept, progress.best
    asides = _asides(home, "progress.json")
    assert len(asides) == 1 and asides[0].read_bytes() == original, asides  # the copy, byte for byte
    assert _finish(progress) is None
    again, notice2 = load_progress()
    assert notice2 is None and again.best["twin-valleys"].score >= 500
    assert asides[0].read_bytes() == original  # still there after the new file replaced the old


def progress_without_stars(home: Path) -> None:
    _damaged_progress(home, {"best": {"a": {"score": 10}, "b": {"score": 20, "stars": 3}}},
                      {"a": (10, 0), "b": (20, 3)})


def progress_stars_string(home: Path) -> None:
    _damaged_progress(home, {"best": {"a": {"score": 10, "stars": "x"}}}, {"a": (10, 0)})


def progress_score_string(home: Path) -> None:
    _damaged_progress(home, {"best": {"a": {"score": "x", "stars": 1}, "b": {"score": 5, "stars": 1}}}, {"b": (5, 1)})


def progress_not_a_table(home: Path) -> None:
    _damaged_progress(home, {"best": [1, 2, 3]}, {})


def progress_huge_score(home: Path) -> None:
    _damaged_progress(home, {"best": {"a": {"score": 10**30, "stars": 1}, "b": {"score": 1, "stars": 9}}},
                      {"b": (1, 3)})


def progress_valid_records_kept(home: Path) -> None:
    good = {f"level-{i}": {"score": i, "stars": i % 4} for i in range(50)}
    _damaged_progress(home, {"best": {**good, "bad": None, "": {"score": 1, "stars": 1}}},
                      {k: (v["score"], v["stars"]) for k, v in good.items()})


def progress_many_levels(home: Path) -> None:
    doc = {"best": {f"level-{i}": {"score": i, "stars": 1} for i in range(5000)}}
    _write(home, "progress.json", json.dumps(doc))
    _, _, progress, notice = _startup(home)
    assert notice is None and len(progress.best) == 5000


def settings_window_infinity(home: Path) -> None:
    _write(home, "settings.json", '{"window_size": [Infinity, 720], "volume": 0.3, "colormap": "magma"}')
    settings, notice, _, _ = _startup(home)
    assert settings.window_size == [1280, 720] and settings.volume == 0.3 and settings.colormap == "magma"
    assert notice is not None and "window_size" in notice and "a copy is kept" in notice, notice
    assert len(_asides(home, "settings.json")) == 1
    assert save_settings(settings) is None


def settings_nan_volume(home: Path) -> None:
    _write(home, "settings.json", '{"volume": NaN, "fullscreen": "yes", "window_size": [1e400, 1]}')
    settings, notice, _, _ = _startup(home)
    assert settings.volume == 0.7 and settings.fullscreen is False and settings.window_size == [1280, 720]
    assert notice is not None and "fullscreen" in notice and "volume" in notice


def json_nested_100000(home: Path) -> None:
    _write(home, "progress.json", "[" * 100_000 + "]" * 100_000)
    _write(home, "settings.json", '{"a": ' * 100_000 + "1" + "}" * 100_000)
    _, ns, progress, np_ = _startup(home)
    assert ns is not None and np_ is not None and "not valid JSON" in np_, np_
    assert progress.best == {}
    assert len(_asides(home, "progress.json")) == 1 and len(_asides(home, "settings.json")) == 1
    assert _finish(progress) is None


def json_not_utf8(home: Path) -> None:
    _write(home, "progress.json", b"\xff\xfe{}")
    _, _, progress, notice = _startup(home)
    assert notice is not None and progress.best == {} and len(_asides(home, "progress.json")) == 1


def json_top_level_list(home: Path) -> None:
    _write(home, "settings.json", "[1, 2]")
    settings, notice, _, _ = _startup(home)
    assert notice is not None and "does not hold a JSON object" in notice and settings == store.Settings()


def settings_is_folder(home: Path) -> None:
    (home / "settings.json").mkdir(parents=True)
    (home / "settings.json" / "inside").write_text("keep me")
    settings, notice, _, _ = _startup(home)
    assert notice is not None and "it is a folder" in notice, notice
    kept = _asides(home, "settings.json")
    assert len(kept) == 1 and (kept[0] / "inside").read_text() == "keep me"  # moved aside whole, not deleted
    assert save_settings(settings) is None


def progress_is_fifo(home: Path) -> None:
    home.mkdir(parents=True)
    os.mkfifo(home / "progress.json")
    _, _, progress, notice = _startup(home)  # never blocks on the pipe
    assert notice is not None and "a pipe" in notice and progress.best == {}
    assert _finish(progress) is None


def progress_too_large(home: Path) -> None:
    _write(home, "progress.json", json.dumps({"best": {}, "pad": "x" * (2 << 20)}))
    _, _, progress, notice = _startup(home)
    assert notice is not None and "the limit is" in notice and progress.best == {}
    assert len(_asides(home, "progress.json")) == 1 and _asides(home, "progress.json")[0].stat().st_size > 2 << 20


def data_folder_is_file(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder")
    settings, ns, progress, np_ = _startup(home)
    assert ns is not None and "is not a folder" in ns, ns
    assert save_settings(settings) is not None  # a notice, never an exception
    assert _finish(progress) is not None
    assert home.read_text() == "not a folder"


def data_folder_unwritable(home: Path) -> None:
    os.environ["GRADIENT_HIKER_HOME"] = "/sys/gradient-hiker-cannot-exist"  # mkdir fails here, even for root
    settings, _, progress, _ = _startup(home)
    assert save_settings(settings) is not None
    assert _finish(progress) is not None


def _no_writes(fn):
    """Run fn while every temporary file creation fails as in a read-only folder."""
    import tempfile

    real = tempfile.mkstemp

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    tempfile.mkstemp = refuse
    try:
        return fn()
    finally:
        tempfile.mkstemp = real


def read_only_save_is_notice(home: Path) -> None:
    settings, _, progress, _ = _startup(home)
    notice = _no_writes(lambda: save_settings(settings))
    assert notice is not None and "could not save settings.json" in notice and "permission denied" in notice


def finish_level_read_only(home: Path) -> None:
    _write(home, "progress.json", json.dumps({"best": {"a": {"score": 1, "stars": 1}}}))
    _, _, progress, _ = _startup(home)
    notice = _no_writes(lambda: _finish(progress))
    assert notice is not None and "could not save progress.json" in notice
    assert json.loads((home / "progress.json").read_text()) == {"best": {"a": {"score": 1, "stars": 1}}}


def unreadable_and_unmovable_is_protected(home: Path) -> None:
    """A damaged file that can be neither copied nor moved aside is never overwritten."""
    _write(home, "progress.json", '{"best": {"a": {"score": "x"}}}')
    real = store._keep_aside

    def fail(path, raw):
        store._PROTECTED.add(path)
        return None

    store._keep_aside = fail
    try:
        _, _, progress, notice = _startup(home)
    finally:
        store._keep_aside = real
    assert notice is not None and "will not be overwritten" in notice
    assert _finish(progress) is not None
    assert (home / "progress.json").read_text() == '{"best": {"a": {"score": "x"}}}'


def stale_temps_removed(home: Path) -> None:
    _write(home, "progress.json", json.dumps({"best": {}}))
    for name in (".progress.json.ab12cd34.tmp", ".settings.json.x_y_z123.tmp", ".progress.json.q.tmp"):
        _write(home, name, "half a file")
    others = ["notes.tmp", ".progress.json.keep", "progress.json.tmp", ".other.json.abc.tmp"]
    for name in others:
        _write(home, name, "not ours")
    _startup(home)
    left = sorted(p.name for p in home.iterdir())
    assert left == sorted(["progress.json", *others]), left


def damaged_copies_pruned(home: Path) -> None:
    for i in range(8):
        _write(home, "progress.json", f'{{"best": {{"a": {{"score": "bad {i}"}}}}}}')
        _, _, progress, notice = _startup(home)
        assert notice is not None
        (home / "progress.json").unlink()
    assert len(_asides(home, "progress.json")) <= store.KEEP_ASIDE
