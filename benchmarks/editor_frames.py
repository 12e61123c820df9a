"""Frame times of the editor while the global minimum is searched in the background (the real job thread).

Edits the level every 20 frames (a dug well, a brush dab), so searches keep starting and being dropped, and
records the time between frames (the real clock: 60 frames per second is 16.7 ms), split by whether a search
was running. Run it headless:

    SDL_VIDEODRIVER=dummy python benchmarks/editor_frames.py [LEVEL] [FRAMES]
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from engine.level import find_entry, user_levels_dir  # noqa: E402
from engine.level.design import edit_target  # noqa: E402
from engine.level.registry import taken_ids  # noqa: E402
from game.launch import new_app  # noqa: E402


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "twin-valleys"
    frames = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    entry = find_entry(name)
    spec, path, origin = edit_target(entry.spec, entry.path, True, taken_ids(), user_levels_dir())
    app = new_app((1280, 720))
    app.push(app.make("title"))
    scene = app.make("editor", spec=spec, path=path, origin=origin, id_locked=False)
    app.push(scene)
    busy, idle = [], []
    for i in range(frames):
        if i % 20 == 10:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode="", scancode=0))
        running = scene.job is not None and not scene.job.done()
        t = time.perf_counter()
        app.tick()  # the real clock: sleeps to hold 60 frames per second
        (busy if running else idle).append(time.perf_counter() - t)
    app.close()
    for label, xs in (("search running", busy), ("no search", idle)):
        if xs:
            ms = np.array(xs) * 1000
            print(f"{name}: {label}: {len(ms)} frames, median {np.median(ms):.1f} ms, "
                  f"p95 {np.percentile(ms, 95):.1f} ms, max {ms.max():.1f} ms")
    print(f"{name}: {scene.searches} searches started, {scene.dropped} stale results dropped")


if __name__ == "__main__":
    main()
