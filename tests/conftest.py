import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch):
    """Every test gets its own empty per-user data folder."""
    home = tmp_path / "hiker-home"
    monkeypatch.setenv("GRADIENT_HIKER_HOME", str(home))
    return home
