"""Saved state is written atomically: a crash in the middle never leaves a half-written file."""

import json
import os

from game.store import (
    Best,
    Progress,
    Settings,
    load_progress,
    load_settings,
    save_progress,
    save_settings,
    settings_path,
)


def test_settings_round_trip():
    s = Settings(colormap="magma", volume=0.25, contours="high", reduced_motion=True)
    save_settings(s)
    assert load_settings() == (s, None)


def test_out_of_range_values_are_clamped(user_home):
    user_home.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"volume": 7, "colormap": "rainbow", "window_size": [10, 10],
                                           "unknown": 1}))
    s, notice = load_settings()
    assert notice is None and s.volume == 1.0 and s.colormap == "viridis" and s.window_size == [640, 400]


def test_a_crash_while_saving_keeps_the_old_file(monkeypatch, user_home):
    save_settings(Settings(colormap="magma"))

    def crash(*args, **kwargs):
        raise OSError("power cut")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", crash)
        notice = save_settings(Settings(colormap="cividis"))  # a notice for the player, not a crash
    assert notice is not None and "could not save settings.json" in notice and "power cut" in notice
    assert load_settings()[0].colormap == "magma"
    assert [p.name for p in user_home.iterdir()] == ["settings.json"]  # no temporary file left behind


def test_progress_keeps_the_best():
    p = Progress()
    p.record("a", 500, 2)
    p.record("a", 300, 3)  # not a better score, but a third star counts
    assert p.best["a"] == Best(500, 3)
    p.record("a", 700, 1)
    assert p.best["a"] == Best(700, 3)
    save_progress(p)
    again, notice = load_progress()
    assert notice is None and again.best == p.best and again.stars() == {"a": 3}
