"""The real window: `hiker` under Xvfb, driven with xdotool, checked by screenshots."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                                reason="needs Xvfb and xdotool (the CI script installs them)")


@pytest.fixture
def display(tmp_path):
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if time.time() > deadline or server.poll() is not None:
            server.kill()
            pytest.skip("Xvfb did not start")
        time.sleep(0.1)
    yield f":{n}"
    server.terminate()
    server.wait(timeout=10)


def grab(display: str) -> np.ndarray:
    from PIL import ImageGrab

    return np.asarray(ImageGrab.grab(xdisplay=display).convert("RGB"), dtype=int)


def xdotool(display: str, *args: str) -> str:
    out = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30,
                         env=dict(os.environ, DISPLAY=display))
    return out.stdout.strip()


def changed_share(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels that differ clearly between two screenshots."""
    return float(np.any(np.abs(a - b) > 30, axis=2).mean())


def wait_until(display: str, ready, what: str) -> np.ndarray:
    """Grab the screen until ``ready(picture)`` holds, and return that picture. The game draws at its own
    pace on a machine that may be busy: the test waits for what it needs to see, never a fixed time; the
    limit only stops a hang (a game that never draws it fails with ``what``)."""
    deadline = time.monotonic() + HANG_LIMIT
    while True:
        picture = grab(display)
        if ready(picture):
            return picture
        if time.monotonic() > deadline:
            pytest.fail(f"the window never showed {what}")
        time.sleep(0.2)


HANG_LIMIT = 180.0  # seconds before a window that never draws counts as hung


def test_real_window_changes_scene_on_a_key(display, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(DISPLAY=display, SDL_AUDIODRIVER="dummy", GRADIENT_HIKER_HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "settings.json").write_text('{"tutorial_done": true}')  # P opens the list, not the tutorial
    game = subprocess.Popen([sys.executable, "-m", "game"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        found = xdotool(display, "search", "--sync", "--onlyvisible", "--classname", "gradient-hiker")
        window = found.splitlines()[0]
        title = wait_until(display, lambda p: p.std() > 10, "the title screen")  # something is drawn
        xdotool(display, "windowfocus", "--sync", window)
        xdotool(display, "key", "--window", window, "p")  # Play: opens the level list
        wait_until(display, lambda p: changed_share(p, title) > 0.2, "the level list (P changed nothing)")
        xdotool(display, "key", "--window", window, "Escape")  # back to the title
        wait_until(display, lambda p: changed_share(p, title) < 0.2, "the title again after Escape")
        xdotool(display, "key", "--window", window, "q")
        assert game.wait(timeout=HANG_LIMIT) == 0
    finally:
        if game.poll() is None:
            game.kill()
