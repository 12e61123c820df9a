"""Play by ear (game/ear.py): the mapping from the ground to sound, headless, and a listener that hears only
those numbers and still finds Twin Valleys' bottom."""

import math

import numpy as np
import pygame
import pytest
from conftest import InlineJobs

from engine.hike import Hike
from engine.level import find_level
from engine.rules import found
from game import ear


def test_pitch_follows_altitude():
    assert ear.pitch(5.0, 5.0, 2.0) == pytest.approx(440.0)  # the start sounds at 440 Hz
    lower = [ear.pitch(a, 5.0, 2.0) for a in (5.0, 3.0, 1.0, -1.0, -3.0)]
    assert lower == sorted(lower, reverse=True) and len(set(lower)) == len(lower)  # strictly lower
    # one typical drop lower: about an octave lower (asinh(-1) = -0.88 octaves)
    assert ear.pitch(3.0, 5.0, 2.0) == pytest.approx(440 * 2 ** math.asinh(-1.0))
    assert ear.pitch(-1e9, 0, 1) == ear.LOW_HZ and ear.pitch(1e9, 0, 1) == ear.HIGH_HZ
    assert ear.pitch(float("nan"), 0, 1) == ear.LOW_HZ


def test_pan_and_glide_follow_the_downhill_direction():
    assert ear.direction((-2.0, 0.0)) == (1.0, 0.0)  # the slope falls to the east: ticks in the right ear
    assert ear.direction((3.0, 0.0)) == (-1.0, 0.0)  # west: left ear
    assert ear.direction((0.0, -1.0)) == (0.0, 1.0)  # north: each tick glides up
    pan, tilt = ear.direction((1.0, 1.0))  # south-west
    assert pan == pytest.approx(-math.sqrt(0.5)) and tilt == pytest.approx(-math.sqrt(0.5))
    assert ear.direction((0.0, 0.0)) == (0.0, 0.0)


def test_tick_rate_follows_steepness():
    assert ear.tick_rate(0.0, 1.0) == 0.0 and ear.tick_rate(0.01, 1.0) == 0.0  # flat ground is silent
    rates = [ear.tick_rate(s, 1.0) for s in (0.05, 0.5, 1.0, 2.0, 4.0)]
    assert rates == sorted(rates) and rates[0] > 0
    assert ear.tick_rate(1.0, 1.0) == pytest.approx(5.5)  # 1.5 + 4 * sqrt(1)
    assert ear.tick_rate(1e9, 1.0) == ear.MAX_TICKS


def test_a_probe_plays_four_notes_north_east_south_west():
    notes = ear.probe_notes({"forward": 1.0, "back": -0.5, "left": -0.1, "right": 0.3})
    assert [n[0] for n in notes] == ["forward", "right", "back", "left"]
    assert [n[3] for n in notes] == [False, False, True, True]  # a bell for each way down
    assert [n[1] for n in notes] == [0.0, 1.0, 0.0, -1.0]


def test_sounds_are_stereo_waves_panned_downhill():
    wave = ear.render(ear.Cue(440.0, pan=1.0, tilt=0.0, rate=8.0))
    assert wave.dtype == np.int16 and wave.ndim == 2 and wave.shape[1] == 2
    left, right = np.abs(wave.astype(float)).sum(axis=0)
    assert right > 1.1 * left  # the ticks come from the east (the hum is centred)
    mirrored = ear.render(ear.Cue(440.0, pan=-1.0, tilt=0.0, rate=8.0))
    assert np.array_equal(mirrored[:, 0], wave[:, 1]) and np.array_equal(mirrored[:, 1], wave[:, 0])
    silent = ear.render(ear.Cue(440.0, 0.0, 0.0, 0.0))
    assert np.abs(silent[:, 0].astype(float) - silent[:, 1]).max() <= 1  # only the centred hum
    probe = ear.render_probe(ear.probe_notes({"left": -1.0, "right": 1.0}))
    assert probe.shape[1] == 2 and np.abs(probe).max() > 0


def heading(c: ear.Cue) -> str:
    """The arrow a listener presses: where the ticks come from (east/west by pan, north/south by glide)."""
    return max((("right", c.pan), ("left", -c.pan), ("forward", c.tilt), ("back", -c.tilt)), key=lambda t: t[1])[0]


def listener(level, seed=0) -> Hike:
    """A player with the screen off. Every decision reads only ``ear.cue`` (pitch, pan, glide, tick rate):
    descend where the ticks come from (G where they are slow); at silence (a bottom) remember its pitch,
    then walk out with long strides, west first, until the pitch has risen over a ridge and fallen below
    the old bottom: a deeper valley; descend it, declare at its bottom."""
    h = Hike(level, seed)
    s0 = h.stride
    bottom = None
    explore = None
    order = ["left", "right", "forward", "back"]
    while not h.finished:
        c = ear.cue(h)
        if explore is not None:
            direction, risen = explore
            h.move(direction)
            after = ear.cue(h)
            if after.pitch > c.pitch:
                explore = (direction, True)
            elif (risen and after.pitch < bottom) or after.pitch == c.pitch:  # deeper ground, or the map's edge
                explore = None
                h.change_stride(s0 / h.stride)
            continue
        if c.rate > 0:
            if c.rate > 6:
                h.move(heading(c))
            else:
                h.follow_slope()
            if ear.cue(h).pitch >= c.pitch:  # the pitch rose: overshot, shorten the stride
                h.change_stride(0.5)
            continue
        bottom = c.pitch if bottom is None else min(bottom, c.pitch)
        if order and h.steps_left > 12:
            h.change_stride(20 * s0 / h.stride)
            explore = (order.pop(0), False)
        else:
            h.declare()
    return h


def test_a_listener_with_the_screen_off_finds_twin_valleys_bottom():
    level = find_level("twin-valleys")
    for seed in range(5):
        h = listener(level, seed)
        assert found(h.best_cost, level.minimum) and h.declared
        # from the level's start the slope leads to the shallower valley first: the ear found the deeper one
        assert h.path[-1][0] < 0 < h.start[0]


def test_b_toggles_play_by_ear_and_moves_are_heard():
    from game.launch import new_app
    from game.scenes.play import PlayScene

    app = new_app((1280, 720), jobs=InlineJobs())
    try:
        app.push(app.make("title"))
        scene = PlayScene(app, find_level("twin-valleys"))
        app.push(scene)
        app.tick(1 / 60)
        for key in (pygame.K_b, pygame.K_g, pygame.K_p):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
            app.tick(1 / 60)
        assert app.settings.by_ear and app.sound.played.count("ear") >= 2 and "ear-probe" in app.sound.played
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_b, mod=0, unicode="", scancode=0))
        app.tick(1 / 60)
        assert not app.settings.by_ear
        from game.store import load_settings

        assert load_settings()[0].by_ear is False
    finally:
        app.close()
