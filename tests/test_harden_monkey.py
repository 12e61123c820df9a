"""A headless monkey (issue 8): every scene, driven by random events (keys, text, mouse, wheel, resizes,
scene switches) with a user folder full of hostile and extreme levels. No exception may escape, and memory
(tracemalloc, after every scene was visited once, modules imported on first use not counted) after the run
stays within 10% of memory after the first tenth.

CI runs a short version; by hand: HIKER_MONKEY_EVENTS=100000 pytest tests/test_harden_monkey.py -s
(or python tests/test_harden_monkey.py 100000). Scenes are reached by NAME through app.make(...), so the test
keeps working while scenes change; only SCENE_ARGS below knows what each one is built from.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import tracemalloc
from pathlib import Path

import pygame
from hostile.make_corpus import DOMAIN, HOSTILE_USER_LEVELS, formula, heightmap, images, level, noise_png

from engine.expr import evaluate
from engine.hike import Hike
from engine.level import find_entry
from engine.level.registry import forget_scans
from game.launch import new_app
from game.render import text
from game.render.text import OVERFLOWS

EVENTS = int(os.environ.get("HIKER_MONKEY_EVENTS", "400"))
FROZEN = ("importlib._bootstrap", "importlib._bootstrap_external", "abc")  # the import machinery
SWITCH = 0.06  # the share of events that open a scene by name instead
PER_TICK = 8  # events handled per frame
SIZE = (800, 500)

# Legal but extreme levels: every one of them loads, and every scene must draw it.
EXTREME = {
    "long-texts.toml": level(formula("x*x + y*y"), id="long-texts", title="W" * 80,
                             info=f'description = """{"A long lesson. " * 66}"""\nauthor = "{"N" * 80}"\n'),
    "overflow.toml": level(formula("exp(400*x) + y*y"), id="overflow"),
    "huge-domain.toml": level(formula("x*x + y*y", domain="domain = { x = [-1e6, 1e6], y = [-1e6, 1e6] }"),
                              id="huge-domain", start="random = true"),
    "tiny-domain.toml": level(formula("(x-1)**2 + (y-2)**2", domain="domain = { x = [1, 1.0000011], "
                                      "y = [2, 2.0000011] }"), id="tiny-domain", start="random = true"),
    "noise-map.toml": level(heightmap("noise.png"), id="noise-map", start="random = true"),
    "sliver.toml": level(formula("x + y", domain="domain = { x = [0, 100], y = [0, 1] }"), id="sliver",
                         start="random = true"),
    "many-wells.toml": level('kind = "wells"\nwells = [' + ", ".join(
        f"{{ at = [{(i % 16) / 4 - 2:.2f}, {(i // 16) / 4 - 2:.2f}], depth = 1, width = 0.1 }}" for i in range(256))
        + "]\n" + DOMAIN, id="many-wells"),
}


def _user_folder(home: Path) -> None:
    folder = home / "levels"
    folder.mkdir(parents=True)
    for rel, (content, _) in HOSTILE_USER_LEVELS.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    for rel, content in EXTREME.items():
        (folder / rel).write_text(content)
    (folder / "eps.png").write_bytes(images()["eps.png"])
    (folder / "noise.png").write_bytes(noise_png(256, 256))
    os.mkfifo(folder / "fifo.toml")
    os.symlink("/dev/zero", folder / "zero.toml")


KEYS = [pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_SPACE, pygame.K_BACKSPACE, pygame.K_TAB, pygame.K_UP, pygame.K_DOWN,
        pygame.K_LEFT, pygame.K_RIGHT, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_F1, pygame.K_F11, pygame.K_KP_ENTER,
        pygame.K_PLUS, pygame.K_MINUS, pygame.K_EQUALS, pygame.K_COMMA, pygame.K_PERIOD, pygame.K_DELETE,
        *range(pygame.K_a, pygame.K_z + 1), *range(pygame.K_0, pygame.K_9 + 1)]
TEXT = ["a", "Z", "0", " ", "é", "\x00", "\x1b", "\u202e", "日", "🙂", "x" * 300]


class Monkey:
    def __init__(self, app, rng: random.Random, levels: list) -> None:
        self.app = app
        self.rng = rng
        self.levels = levels
        self.switches: dict[str, int] = {}
        self.deck: list[str] = []

    # What each scene is built from (the only place that knows scene signatures).
    def scene_args(self, name: str) -> tuple[tuple, dict] | None:
        r, app = self.rng, self.app
        if name in ("title", "settings"):
            return (), {}
        if name == "level_select":
            return (), {"purpose": r.choice(["play", "race"])}
        if name == "play":
            return (r.choice(self.levels),), {"seed": r.randrange(1000)}
        if name == "race":
            return (r.choice(self.levels),), {"seed": r.randrange(1000)}
        if name == "results":
            hike = Hike(r.choice(self.levels), r.randrange(1000))
            for _ in range(r.randrange(4)):
                hike.follow_slope()
            hike.declare()
            return (hike,), {}
        if name == "pause":
            play = next((s for s in reversed(app.stack) if type(s).__name__ == "PlayScene"), None)
            return ((play,), {}) if play is not None else None
        if name == "help":
            return ((app.top,), {}) if app.top is not None else None
        if name == "lesson":
            return (r.choice(self.levels),), {"mode": r.choice(["fog", "blindfolded", "clear"])}
        if name == "confirm":
            return (r.choice(["Quit?", "\x00\x1b[2J" * 40, "W" * 3000]),), {}
        if name == "tutorial":
            return (r.choice(self.levels),), {}
        if name == "editor":
            return (r.choice(self.levels).spec,), {}
        if name == "editor_start":
            return (), {}
        return None

    def switch(self) -> None:
        if not self.deck:  # every scene in turn, in a random order: each is opened by name as often as the others
            self.deck = [n for n in self.app.scenes if n != "loading"]
            self.rng.shuffle(self.deck)
        name = self.deck.pop()
        made = self.scene_args(name)
        if made is None:
            return
        args, kwargs = made
        scene = self.app.make(name, *args, **kwargs)
        how = self.rng.random()
        if how < 0.5 or not self.app.stack:
            self.app.push(scene)
        elif how < 0.8:
            self.app.replace(scene)
        else:
            self.app.reset_to(scene)
        self.switches[name] = self.switches.get(name, 0) + 1

    def visit_every_scene(self) -> None:
        for name in self.app.scenes:
            made = self.scene_args(name) if name != "loading" else None
            if made is not None:
                self.app.push(self.app.make(name, *made[0], **made[1]))
                for _ in range(2):
                    self.app.tick(1 / 60)
        self.settled_memory()

    def event(self) -> pygame.event.Event:
        r = self.rng
        w, h = self.app.screen.get_size()
        pos = (r.randrange(-20, w + 20), r.randrange(-20, h + 20))
        kind = r.random()
        if kind < 0.45:
            key = r.choice(KEYS)
            mod = r.choice([0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL])
            return pygame.event.Event(pygame.KEYDOWN if r.random() < 0.8 else pygame.KEYUP, key=key, mod=mod,
                                      unicode=chr(key) if 32 <= key < 127 else "", scancode=0)
        if kind < 0.5:
            return pygame.event.Event(pygame.TEXTINPUT, text=r.choice(TEXT))
        if kind < 0.7:
            return pygame.event.Event(pygame.MOUSEBUTTONDOWN if r.random() < 0.5 else pygame.MOUSEBUTTONUP,
                                      pos=pos, button=r.choice([1, 1, 1, 2, 3]), touch=False)
        if kind < 0.85:
            return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(r.randrange(-50, 50), r.randrange(-50, 50)),
                                      buttons=(r.random() < 0.3, 0, 0), touch=False)
        if kind < 0.995:
            return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=r.choice([-3, -1, 1, 2]), flipped=False,
                                      precise_x=0.0, precise_y=1.0, touch=False)
        size = (r.randrange(320, 2200), r.randrange(240, 1300))
        return pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)

    def run(self, events: int) -> tuple[int, int]:
        app = self.app
        first = 0
        for i in range(events):
            if not app.running or not app.stack:
                app.running = True
                app.reset_to(app.make("title"))
            if self.rng.random() < SWITCH:
                self.switch()
            else:
                pygame.event.post(self.event())
            if i % PER_TICK == PER_TICK - 1:
                app.tick(1 / 60)
            if i == events // 10:
                first = self.settled_memory()
        return first, self.settled_memory()

    def settled_memory(self) -> int:
        """Traced memory in one canonical state: the window at its first size with a fresh widget manager
        (pygame_gui's theme caches every element id it ever built), only the title scene open, and the
        declared bounded buffers emptied: prepared levels (at most one per level), terrain images (at most
        25), the overflow log (at most 1000), toasts, the formula evaluator's registers (at most 32 programs),
        the text caches (game/render/text.py), the remembered level scans (at most 4 folders' worth). What
        still grows between two such moments is a leak."""
        app = self.app
        app.running = True
        app.reset_to(app.make("title"))
        app.resize(SIZE)
        app.prepared.clear()
        app.terrain = type(app.terrain)()
        app.toasts.clear()
        OVERFLOWS.clear()
        forget_scans()
        text.reset_caches()  # fitted and rendered labels: bounded (2048 and 1024 entries)
        cache = getattr(evaluate._local, "cache", None)  # formula registers: at most 32 programs' worth
        if cache is not None:
            cache.clear()
        pygame.event.clear()
        for _ in range(3):  # let the widgets of the scenes that were closed go
            app.tick(1 / 60)
        gc.collect()
        if not tracemalloc.is_tracing():
            return 0
        # Modules imported on first use (a scene's action, an export) are code, not a leak.
        snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, f"<frozen {name}>")
                                                              for name in FROZEN])
        return sum(stat.size for stat in snapshot.statistics("filename"))


def run_monkey(home: Path, events: int, seed: int = 12) -> dict:
    from conftest import InlineJobs  # tests/conftest.py

    _user_folder(home)
    levels = [find_entry(name).prepare() for name in ("twin-valleys", "overflow", "long-texts", "noise-map",
                                                      "tiny-domain", "huge-domain", "sliver")]
    from engine.fast.warm import warm_up

    warm_up()  # numba (when installed) is imported and compiled once, on the first crowd: not a leak
    app = new_app(SIZE, jobs=InlineJobs())
    try:
        app.push(app.make("title"))
        monkey = Monkey(app, random.Random(seed), levels)
        monkey.visit_every_scene()  # first uses (lazy imports, font and theme caches) before memory is traced
        tracemalloc.start()
        try:
            first, last = monkey.run(events)
        finally:
            tracemalloc.stop()
        return {"events": events, "first_tenth": first, "end": last, "switches": monkey.switches}
    finally:
        app.close()


def test_monkey_every_scene_random_events_no_exception_no_leak(user_home):
    result = run_monkey(user_home, EVENTS)
    assert result["end"] <= 1.10 * result["first_tenth"], result
    assert len(result["switches"]) >= 11, result  # every scene is opened by name in turn (pause needs a play below)


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    home = Path(tempfile.mkdtemp()) / "home"
    os.environ["GRADIENT_HIKER_HOME"] = str(home)
    print(run_monkey(home, int(sys.argv[1]) if len(sys.argv) > 1 else EVENTS))
