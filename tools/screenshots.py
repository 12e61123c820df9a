"""Drives the real scenes off-screen with posted key events and saves docs/screenshots/*.png.

Run from the repo root: SDL_VIDEODRIVER=dummy python tools/screenshots.py [OUT_DIR]
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from engine.level import find_level  # noqa: E402
from game.app import App, save_screenshot  # noqa: E402


def key(app: App, k: int, frames: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    for _ in range(frames):
        app.tick(1 / 60)


def frames(app: App, n: int) -> None:
    for _ in range(n):
        app.tick(1 / 60)


def main(out: Path) -> None:
    from game.scenes.level_select import LevelSelectScene
    from game.scenes.play import PlayScene
    from game.scenes.race import RaceScene
    from game.scenes.settings import SettingsScene
    from game.scenes.title import TitleScene

    out.mkdir(parents=True, exist_ok=True)
    app = App(size=(1280, 720))
    app.push(TitleScene(app))
    frames(app, 90)
    save_screenshot(app.screen, out / "title.png")
    app.push(LevelSelectScene(app, "play"))
    frames(app, 60)
    save_screenshot(app.screen, out / "level-select.png")
    app.push(PlayScene(app, find_level("twin-valleys"), seed=1))
    for k in (pygame.K_g, pygame.K_g, pygame.K_LEFT, pygame.K_g, pygame.K_DOWN, pygame.K_p):
        key(app, k)
    frames(app, 2)
    save_screenshot(app.screen, out / "play.png")
    key(app, pygame.K_h)
    save_screenshot(app.screen, out / "help.png")
    key(app, pygame.K_ESCAPE)
    for k in (pygame.K_g,) * 6:
        key(app, k)
    key(app, pygame.K_RETURN)
    frames(app, 120)
    save_screenshot(app.screen, out / "results.png")
    app.push(RaceScene(app, find_level("classic-himmelblau")))
    key(app, pygame.K_SPACE)
    frames(app, 240)
    save_screenshot(app.screen, out / "race.png")
    key(app, pygame.K_b)
    frames(app, 200)
    save_screenshot(app.screen, out / "race-basins.png")
    key(app, pygame.K_b)
    key(app, pygame.K_s)
    frames(app, 60)
    save_screenshot(app.screen, out / "race-swarm.png")
    app.push(SettingsScene(app))
    frames(app, 5)
    save_screenshot(app.screen, out / "settings.png")
    pygame.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
