"""Window commands: --size, the window opening before a slow level is prepared, and a quiet fallback when
there is no sound card."""

import os
import subprocess
import sys

import pygame
import pytest

from game.args import CliError
from game.cli import main
from game.launch import size_arg


def run_game(tmp_path, *argv, env_extra=None):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "game", *argv], capture_output=True, text=True, env=env,
                          timeout=180)


def test_size_arg():
    assert size_arg("1024x640") == (1024, 640) and size_arg(None) is None
    for bad in ("big", "10x10", "1024x", "1024x640x3"):
        with pytest.raises(CliError, match="--size"):
            size_arg(bad)


@pytest.mark.parametrize("argv, size", [
    (["--frames", "3", "--size", "1024x640"], (1024, 640)),
    (["play", "the-exam", "--frames", "3", "--size", "1920x1080"], (1920, 1080)),
    (["race", "the-exam", "--watch", "--frames", "3", "--size", "1024x640"], (1024, 640)),
])
def test_every_window_command_takes_a_size(tmp_path, argv, size):
    shot = tmp_path / "shot.png"
    assert main([*argv, "--screenshot", str(shot)]) == 0  # in this process: the console script is test_cli's
    assert pygame.image.load(str(shot)).get_size() == size


def test_no_sound_card_is_one_line_in_the_log_not_alsa_noise_on_stderr(tmp_path):
    home = tmp_path / "home"
    out = run_game(tmp_path, "--frames", "2", env_extra={"SDL_AUDIODRIVER": "no-such-driver",
                                                          "GRADIENT_HIKER_HOME": str(home)})
    assert out.returncode == 0 and out.stderr == ""
    log = (home / "hiker.log").read_text().splitlines()
    assert len(log) == 1 and "no sound device" in log[0] and "playing silently" in log[0]


def test_play_opens_the_window_before_the_level_is_prepared(monkeypatch):
    """`hiker play LEVEL` pushes the progress overlay at once; the level is prepared behind it."""
    from conftest import HeldJobs

    import game.launch as launch
    from game.scenes.loading import LoadingOverlay
    from game.scenes.play import PlayScene

    jobs = HeldJobs()
    seen = {}

    def fake_new_app(size=None):
        from game.app import App
        from game.scenes.catalog import CATALOG

        app = App(size, CATALOG, jobs)

        def run(frames=None, screenshot=None, keys=None):
            seen["first"] = type(app.top)
            app.tick(1 / 60)
            seen["waiting"] = type(app.top)
            jobs.release()
            app.tick(1 / 60)
            seen["after"] = type(app.top)
            app.close()
            return 0

        app.run = run
        return app

    monkeypatch.setattr(launch, "new_app", fake_new_app)

    class Args:
        level, frames, screenshot, keys, size = "twin-valleys", None, None, None, "1024x640"

    assert launch.open_window("play", Args()) == 0
    assert seen == {"first": LoadingOverlay, "waiting": LoadingOverlay, "after": PlayScene}


def test_a_missing_level_is_refused_before_a_window_opens():
    import game.launch as launch

    class Args:
        level, frames, screenshot, keys, size = "no-such-level", None, None, None, None

    with pytest.raises(CliError, match="no level called"):
        launch.open_window("play", Args())
