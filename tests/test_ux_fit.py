"""Every screen fits at every size: each scene of the catalog (and each overlay over a scene) is drawn at
1024x640 and 1920x1080, and at 1280x720 after resizing the window while it is open; the text helpers
record any text drawn outside its box (game/render/text.py OVERFLOWS) and the test fails on any."""

import numpy as np
import pygame
import pytest
from conftest import HeldJobs, InlineJobs

import game.render.text as T
from engine.hike import Hike
from engine.level import find_entry, find_level
from game.launch import new_app
from game.tutorial import tutorial_entry

SIZES = [(1024, 640), (1920, 1080)]  # and 1280x720 after a resize


@pytest.fixture(scope="module")
def levels():
    ids = ["twin-valleys", "cliff-edge", "alpine-range", "the-needle", "study-hours", "classic-himmelblau",
           "the-exam", "the-long-valley", "classic-rastrigin", "two-moons", "xor-net"]
    return {i: find_level(i) for i in ids}


def played(level, moves):
    h = Hike(level, 0)
    for m in moves:
        getattr(h, m)() if m in ("follow_slope", "probe", "sled", "leap", "restart") else h.move(m)
    return h


def scenes(app, L):
    """(name, a function building the stack above the title)."""
    def over(below, name, *args):
        return lambda: [below(), app.make(name, *args)]

    def play(level_id, **kw):
        return lambda: app.make("play", L[level_id], **kw)

    def race9():
        r = app.make("race", L["cliff-edge"], lineup=[("momentum", {"lr": 0.01 * (k + 1), "momentum": 0.9})
                                                     for k in range(9)])
        r.show.update(grad=True, velocity=True, goal=True)
        return r

    def finished_race():
        r = app.make("race", L["classic-himmelblau"])
        while not r.race.finished:
            r.step_once()
        return r

    def basins():
        r = app.make("race", L["twin-valleys"])
        r.toggle_basins()
        r.basins.basins.advance(budget_seconds=60)
        return r

    def search():
        s = app.make("level_select", purpose="play")
        s.query = "a level name nobody wrote"
        s.refilter()
        return s

    def tutorial():
        t = app.make("tutorial", tutorial_entry().prepare())
        t.step = 4
        return t

    yield "title", lambda: [app.make("title")]
    yield "levels (play)", lambda: [app.make("level_select", purpose="play")]
    yield "levels (race)", lambda: [app.make("level_select", purpose="race")]
    yield "levels (no match)", lambda: [search()]
    yield "settings", lambda: [app.make("settings")]
    for lid in ("twin-valleys", "cliff-edge", "alpine-range", "the-needle", "study-hours", "the-exam"):
        yield f"play {lid}", (lambda lid=lid: [play(lid)()])
    yield "play blindfolded", lambda: [play("the-long-valley", mode="blindfolded")()]
    yield "play clear", lambda: [play("classic-rastrigin", mode="clear")()]
    yield "pause", over(play("twin-valleys"), "pause", None)
    yield "lesson", lambda: [app.make("lesson", L["alpine-range"], "fog")]
    yield "confirm", lambda: [app.make("confirm", "Leave this hike? It will not be scored. " * 3)]
    yield "help over play", over(play("twin-valleys"), "help", None)
    yield "help over title", over(lambda: app.make("title"), "help", None)
    yield "tutorial", lambda: [tutorial()]
    for lid, moves in (("twin-valleys", ["follow_slope", "left", "probe"]), ("alpine-range", ["follow_slope"] * 5),
                       ("the-needle", ["leap", "restart", "sled", "right"]), ("study-hours", [])):
        yield f"results {lid}", (lambda lid=lid, moves=moves: [app.make("results", played(L[lid], moves))])
    yield "race", lambda: [app.make("race", L["classic-himmelblau"])]
    yield "race nine racers", lambda: [race9()]
    yield "race finished", lambda: [finished_race()]
    yield "race basins", lambda: [basins()]
    yield "race empty", lambda: [app.make("race", L["the-exam"], lineup=[])]

    def network_race(lid, steps, sel=0):
        r = app.make("race", L[lid])
        for _ in range(steps):
            r.step_once()
        r.lineup.select(sel)
        return r

    # network levels: the decision boundary beside the map, for the selected racer and for the player
    yield "race two-moons", lambda: [network_race("two-moons", 40)]
    yield "race xor-net finished", lambda: [network_race("xor-net", 120, 1)]
    yield "race network nine racers", lambda: [app.make("race", L["two-moons"], lineup=[
        ("momentum", {"lr": 0.01 * (k + 1), "momentum": 0.9}) for k in range(9)])]
    yield "play xor-net", lambda: [play("xor-net")()]
    for lid in ("two-moons", "xor-net"):
        yield f"results {lid}", (lambda lid=lid: [app.make("results", played(L[lid], ["follow_slope"] * 3))])


def build(app, make):
    app.reset_to(app.make("title"))
    stack = make()
    for i, scene in enumerate(stack):
        if scene.__class__.__name__ in ("PauseOverlay", "HelpOverlay"):  # an overlay over the scene below
            scene = app.make("pause", stack[i - 1]) if scene.__class__.__name__ == "PauseOverlay" else \
                app.make("help", stack[i - 1])
        app.push(scene)


def overflows(app) -> list[str]:
    T.OVERFLOWS.clear()
    app.tick(1 / 60)
    return [f"{o.text!r} at {tuple(o.rect)} outside {tuple(o.box)}" for o in T.OVERFLOWS]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_scene_fits_at_every_size(size, levels):
    """Every scene drawn at ``size``; then half of them (the other half in the other size's run) are resized
    to 1280x720 while open and drawn again: every scene is also checked at 1280x720, each after laying itself
    out again, half grown from the smallest window, half shrunk from the largest."""
    app = new_app(size=size, jobs=InlineJobs())
    app.settings.tutorial_done = True
    try:
        problems = []
        for k, (name, make) in enumerate(scenes(app, levels)):
            if app.screen.get_size() != size:
                app.resize(size)
            build(app, make)
            app.tick(1 / 60)  # the first frame lays the scene out; overflows() draws the next one
            problems += [f"{name}: {p}" for p in overflows(app)]
            if k % 2 == SIZES.index(size):
                pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1280, h=720, size=(1280, 720)))
                app.tick(1 / 60)
                problems += [f"{name} after a resize to 1280x720: {p}" for p in overflows(app)]
                assert app.screen.get_size() == (1280, 720)
        assert not problems, "\n".join(problems[:20])
    finally:
        app.close()


def test_the_loading_overlay_and_notices_fit():
    app = new_app(size=(1024, 640), jobs=HeldJobs())
    try:
        app.push(app.make("title"))
        from game.scenes.loading import open_level

        open_level(app, find_entry("alpine-range"), "play")
        app.toast("A very long notice that says where a file went: " + "/a/folder" * 30, 5)
        assert not overflows(app)
    finally:
        app.close()


def test_a_label_that_cannot_fit_is_recorded():
    """The recorder itself: text drawn outside its box is an overflow; shortened text is not."""
    pygame.init()
    T.font.cache_clear()
    surface = pygame.Surface((200, 50))
    T.OVERFLOWS.clear()
    T.text(surface, "a label far too long for its little box", (0, 0), 16, box=pygame.Rect(0, 0, 100, 30))
    assert len(T.OVERFLOWS) == 1
    T.OVERFLOWS.clear()
    T.text(surface, "a label far too long for its little box", (0, 0), 16, max_width=100,
           box=pygame.Rect(0, 0, 100, 30))
    T.text_block(surface, "many words " * 40, pygame.Rect(0, 0, 100, 30), 14)
    assert not T.OVERFLOWS
    assert np.asarray(pygame.surfarray.array3d(surface)).any()
