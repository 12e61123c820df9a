"""The terrain picture cache (game/gfx.py TerrainCache): a map is drawn once per landscape and size, and a
landscape never gets the picture of another one that was freed before it."""

import numpy as np
from conftest import InlineJobs

import game.gfx as gfx
from engine.landscapes import FunctionLandscape
from game.launch import new_app
from game.render.view import View


def test_a_new_landscape_never_gets_the_picture_of_a_freed_one(monkeypatch):
    # CPython hands a freed object's id out again; here every object has one id, so any key made of ids
    # would confuse the new landscape with the old one.
    monkeypatch.setattr(gfx, "id", lambda obj: 42, raising=False)
    cache = gfx.TerrainCache()
    old = FunctionLandscape("himmelblau")
    view = View(old.domain, 0, 0, 8, 8)
    cache.store(cache.key("level", old, view, "viridis", 3), np.zeros((8, 8, 3), np.uint8), None)
    assert cache.peek(cache.key("level", old, view, "viridis", 3)) is not None
    del old
    new = FunctionLandscape("himmelblau")
    assert cache.peek(cache.key("level", new, view, "viridis", 3)) is None


def test_coming_back_to_the_title_does_not_draw_its_map_again(monkeypatch):
    drawn = []
    real = gfx.terrain_rgb
    monkeypatch.setattr(gfx, "terrain_rgb", lambda *a, **k: drawn.append(a[1:3]) or real(*a, **k))
    app = new_app(size=(1024, 640), jobs=InlineJobs())
    try:
        for _ in range(3):
            app.reset_to(app.make("title"))
            app.tick(1 / 60)
            app.push(app.make("settings"))
            app.tick(1 / 60)
    finally:
        app.close()
    assert drawn == [(1024, 640)]
