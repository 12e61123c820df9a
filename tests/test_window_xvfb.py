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


def test_real_window_changes_scene_on_a_key(display, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SDL_VIDEODRIVER"}
    env.update(DISPLAY=display, SDL_AUDIODRIVER="dummy", GRADIENT_HIKER_HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "settings.json").write_text('{"tutorial_done": true}')  # P opens the list, not the tutorial
    game = subprocess.Popen([sys.executable, "-m", "game"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        found = xdotool(display, "search", "--sync", "--onlyvisible", "--classname", "gradient-hiker")
        window = found.splitlines()[0]
        time.sleep(1.5)
        title = grab(display)
        assert title.std() > 10  # something is drawn
        xdotool(display, "windowfocus", "--sync", window)
        xdotool(display, "key", "--window", window, "p")  # Play: opens the level list
        time.sleep(2.0)
        levels = grab(display)
        changed = np.any(np.abs(levels - title) > 30, axis=2).mean()
        assert changed > 0.2, f"only {changed:.1%} of the screen changed"
        xdotool(display, "key", "--window", window, "Escape")
        time.sleep(0.5)
        xdotool(display, "key", "--window", window, "q")
        assert game.wait(timeout=20) == 0
    finally:
        if game.poll() is None:
            game.kill()
