"""Every scene driven headless (SDL dummy driver) by posting real keyboard and mouse events."""

import json
import os
import subprocess
import sys

import numpy as np
import pygame
import pytest
from conftest import HeldJobs, InlineJobs

from engine.level import find_entry, find_level
from game.cli import main
from game.launch import new_app
from game.render.text import FOG
from game.render.view import View
from game.scenes.help import HelpOverlay
from game.scenes.level_select import LevelSelectScene
from game.scenes.pause import PauseOverlay
from game.scenes.play import PlayScene
from game.scenes.race import RaceScene
from game.scenes.results import ResultsScene
from game.scenes.settings import SettingsScene
from game.scenes.title import TitleScene


@pytest.fixture
def app():
    a = new_app(size=(1280, 720), jobs=InlineJobs())
    yield a
    a.close()


def press(app, key, ticks=1):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
    for _ in range(ticks):
        app.tick(1 / 60)


def click(app, pos, button=1, ticks=2):
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    for _ in range(ticks):
        app.tick(1 / 60)


def frames(app, n):
    for _ in range(n):
        app.tick(1 / 60)


def until_loaded(app):
    """Opening a level prepares it in a background job behind a progress overlay; the tests' jobs run
    inline, so one frame takes the overlay away."""
    from game.scenes.loading import LoadingOverlay

    frames(app, 1)
    assert not isinstance(app.top, LoadingOverlay)


def play(app, level="twin-valleys", seed=1):
    app.push(TitleScene(app))
    scene = PlayScene(app, find_level(level), seed=seed)
    app.push(scene)
    frames(app, 1)
    return scene


# --------------------------------------------------------------------------- title and level select


def test_title_menu_by_keyboard_and_mouse(app):
    app.push(TitleScene(app))
    frames(app, 3)
    press(app, pygame.K_DOWN)  # Tutorial
    press(app, pygame.K_DOWN)  # Race
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, LevelSelectScene) and app.top.purpose == "race"
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.top, TitleScene)
    click(app, app.top.menu.rect_of("Settings").center)
    assert isinstance(app.top, SettingsScene)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_q)
    assert not app.running


def test_level_select_navigates_and_opens(app):
    app.push(TitleScene(app))
    select = LevelSelectScene(app, "play")
    app.push(select)
    frames(app, 3)
    first = select.entries[0].id
    press(app, pygame.K_RIGHT)
    assert select.index == 1
    press(app, pygame.K_LEFT)
    press(app, pygame.K_RETURN)
    until_loaded(app)
    assert isinstance(app.top, PlayScene) and app.top.level.id == first
    press(app, pygame.K_ESCAPE)  # pause
    assert isinstance(app.top, PauseOverlay)
    for _ in range(4):  # resume, lesson, controls, restart, quit
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # quit to menu ... asks first
    press(app, pygame.K_y)
    assert isinstance(app.top, TitleScene) and len(app.stack) == 1


def test_level_select_opens_by_click(app):
    app.push(TitleScene(app))
    select = LevelSelectScene(app, "race")
    app.push(select)
    frames(app, 2)
    click(app, select.card_rect(1).center)
    until_loaded(app)
    assert isinstance(app.top, RaceScene) and app.top.level.id == select.entries[1].id


def test_opening_a_level_shows_progress_while_it_is_prepared():
    from game.scenes.loading import LoadingOverlay, open_level

    jobs = HeldJobs()
    app = new_app(size=(1280, 720), jobs=jobs)
    try:
        app.push(TitleScene(app))
        entry = find_entry("classic-schaffer4")
        open_level(app, entry, "race")
        assert isinstance(app.top, LoadingOverlay) and len(jobs.waiting) == 1
        frames(app, 5)  # the job is still running: the window keeps drawing the overlay
        assert isinstance(app.top, LoadingOverlay) and app.frame == 5
        jobs.release()
        frames(app, 1)
        assert isinstance(app.top, RaceScene) and app.top.level.id == "classic-schaffer4"
        level = app.top.level
        jobs.release()  # the race screen's map, drawn in a background job of its own
        app.pop()
        open_level(app, entry, "play")  # prepared once: the second opening needs no job
        assert isinstance(app.top, PlayScene) and app.top.level is level and not jobs.waiting
    finally:
        app.close()


def test_a_level_that_fails_to_prepare_is_a_notice_not_a_crash(app, user_home):
    from game.scenes.loading import open_level

    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "nowhere.toml").write_text('[level]\nid = "nowhere"\ntitle = "Nowhere"\n[landscape]\n'
                                         'kind = "formula"\nformula = "log(-1 - x*x)"\n'
                                         'domain = { x = [-1, 1], y = [-1, 1] }\n')
    app.push(TitleScene(app))
    open_level(app, find_entry("nowhere"), "play")
    frames(app, 1)
    assert isinstance(app.top, TitleScene)
    assert any(t[0].startswith("Nowhere: no minimum found") for t in app.toasts)


def test_broken_user_level_is_listed_with_its_error_not_a_crash(app, user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "oops.toml").write_text('[level]\nid = "oops"\ntitle = "Oops"\n[landscape]\nkind = "formla"\n')
    app.push(TitleScene(app))
    select = LevelSelectScene(app, "play")
    app.push(select)
    i = next(i for i, e in enumerate(select.entries) if e.path.name == "oops.toml")
    assert "did you mean 'formula'" in str(select.entries[i].error)
    select.index = i
    select.ensure_visible()
    frames(app, 2)
    press(app, pygame.K_RETURN)
    assert app.top is select and any("oops.toml is broken" in t[0] for t in app.toasts)


# --------------------------------------------------------------------------- play


def test_arrow_keys_move_exactly_one_step(app):
    scene = play(app)
    h = scene.hike
    x0, y0 = h.pos
    # One step covers the stride (a learning rate) times the steepness, as a slope step would.
    pace = h.pace
    assert pace == pytest.approx(h.stride * np.hypot(*h.slope()))
    press(app, pygame.K_UP)
    assert h.pos == pytest.approx((x0, y0 + pace))
    pace2 = h.pace
    press(app, pygame.K_a)
    assert h.pos == pytest.approx((x0 - pace2, y0 + pace))
    assert h.steps_left == h.budget - 2 and "step" in app.sound.played


def test_slope_step_is_a_gradient_step(app):
    scene = play(app)
    h = scene.hike
    p = h.pos.copy()
    g = h.land.grad(p[None])[0]
    press(app, pygame.K_g)
    assert h.pos == pytest.approx(p - h.stride * g)


def test_probe_feels_each_direction(app):
    scene = play(app)
    h = scene.hike
    press(app, pygame.K_p)
    here = h.altitude()
    assert h.probes["forward"] == pytest.approx(h.altitude(h.pos + [0, h.pace]) - here)
    assert h.probes["left"] == pytest.approx(h.altitude(h.pos - [h.pace, 0]) - here)
    # From (1.5, 1.5) on Twin Valleys the ground falls towards the centre: back and left go down.
    assert h.probes["back"] < 0 and h.probes["left"] < 0 and h.probes["forward"] > 0
    assert h.steps_left == h.budget  # probing costs no step


def test_stride_keys_and_wheel(app):
    scene = play(app)
    s = scene.hike.stride
    press(app, pygame.K_EQUALS)
    assert scene.hike.stride == pytest.approx(s * 1.25)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    frames(app, 1)
    assert scene.hike.stride == pytest.approx(s)


def test_abilities_use_up_charges(app):
    scene = play(app)
    h = scene.hike
    sled, leap, restart = h.uses["sled"], h.uses["leap"], h.uses["restart"]
    press(app, pygame.K_1)
    assert h.uses["sled"] == sled - 1 and h.sled_steps > 0
    press(app, pygame.K_g)
    press(app, pygame.K_g)
    assert np.any(h.velocity != 0)  # the sled carries speed from one step into the next
    press(app, pygame.K_2)
    assert h.uses["leap"] == leap - 1
    before = h.best_cost
    press(app, pygame.K_3)
    assert h.uses["restart"] == restart - 1 and h.best_cost <= before


def test_fog_hides_the_minimum_and_results_reveal_it(app):
    scene = play(app)
    view = scene.view()
    mx, my = (int(v) for v in view.to_screen(find_level("twin-valleys").minimum.points[0]))
    color = app.screen.get_at((mx, my))[:3]
    assert max(abs(a - b) for a, b in zip(color, FOG, strict=True)) <= 3  # nothing but fog there
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, ResultsScene)
    frames(app, 120)  # the fog lifts
    results = app.top
    view = View.fit(results.hike.domain, results.map_rect())
    mx, my = (int(v) for v in view.to_screen(results.level.minimum.points[0]))
    color = app.screen.get_at((mx, my))[:3]
    assert max(abs(a - b) for a, b in zip(color, FOG, strict=True)) > 60  # the gold star is there now
    assert color[0] > 200 and color[1] > 150  # gold


def test_results_verdicts_scores_and_best(app):
    scene = play(app)
    press(app, pygame.K_RETURN)
    results = app.top
    assert results.verdict.kind == "slope"  # declared on the hillside at the start
    assert app.progress.best["twin-valleys"].score == results.verdict.score
    from game.store import progress_path

    assert json.loads(progress_path().read_text())["best"]["twin-valleys"]["score"] == results.verdict.score
    press(app, pygame.K_r)  # retry
    assert isinstance(app.top, PlayScene)
    scene = app.top
    # Walk to the global minimum of Twin Valleys at about (-0.97, 0) and declare.
    scene.hike.pos = np.array([-0.95, 0.0])
    scene.hike.stride = 0.01
    press(app, pygame.K_g)
    press(app, pygame.K_RETURN)
    assert app.top.verdict.kind == "global" and app.top.verdict.stars == 3
    assert "chime" in app.sound.played


def test_running_out_of_steps_ends_the_hike(app):
    scene = play(app)
    for _ in range(scene.hike.budget):
        press(app, pygame.K_LEFT)
    assert isinstance(app.top, ResultsScene)
    # Due west from (1.5, 1.5) along y = 1.5 never comes near either valley (both lie on y = 0).
    assert app.top.verdict.kind == "out_of_steps" and tuple(scene.hike.pos) == (-2.0, 1.5)


def test_watch_the_ai_from_the_players_start(app):
    scene = play(app)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    start = scene.hike.start
    press(app, pygame.K_w)
    assert isinstance(app.top, RaceScene) and app.top.start == start and app.top.playing


# --------------------------------------------------------------------------- race


def race_scene(app, level="classic-himmelblau"):
    app.push(TitleScene(app))
    scene = RaceScene(app, find_level(level))
    app.push(scene)
    frames(app, 1)
    return scene


def test_race_play_pause_step_reset(app):
    scene = race_scene(app)
    press(app, pygame.K_n)
    assert scene.race.t == 1
    press(app, pygame.K_SPACE)
    frames(app, 60)
    assert scene.race.t > 5
    press(app, pygame.K_SPACE)
    t = scene.race.t
    frames(app, 30)
    assert scene.race.t == t  # paused
    press(app, pygame.K_r)
    assert scene.race.t == 0


def test_speed_up_runs_more_steps(app):
    slow = race_scene(app)
    press(app, pygame.K_SPACE)
    frames(app, 30)
    t_slow = slow.race.t
    press(app, pygame.K_r)
    for _ in range(3):
        press(app, pygame.K_PLUS)
    press(app, pygame.K_SPACE)
    frames(app, 30)
    assert slow.race.t >= 4 * t_slow


def test_race_ranking_and_podium(app):
    scene = race_scene(app)
    while not scene.race.finished:
        scene.step_once()
    standings = scene.race.standings()
    costs = [float(r.hikers.reported_cost[0]) for r in standings if not r.hikers.fell[0]]
    assert costs == sorted(costs)
    frames(app, 2)  # the podium is drawn without errors


def test_clicking_the_map_sets_the_common_start(app):
    scene = race_scene(app)
    view = View.fit(scene.level.domain, scene.map_rect())
    target = view.to_screen((2.0, -3.0))
    click(app, (int(target[0]), int(target[1])))
    assert scene.start == pytest.approx((2.0, -3.0), abs=0.05)
    assert all(r.hikers.path[0][0] == pytest.approx(scene.start) for r in scene.race.racers)


def test_lineup_checkbox_adds_a_racer(app):
    scene = race_scene(app)
    assert "nesterov" not in scene.lineup.names
    box = scene.widgets["opt_nesterov"]
    click(app, box.rect.center, ticks=3)
    assert "nesterov" in scene.lineup.names
    assert "nesterov" in [r.name for r in scene.race.racers]


def test_learning_rate_slider_changes_the_racer(app):
    scene = race_scene(app)
    scene.lineup.select(scene.lineup.names.index("gd"))
    scene.rebuild()
    slider = scene.widgets["slider_lr"]
    before = scene.current_params()["lr"]
    click(app, (slider.rect.right - 10, slider.rect.centery), ticks=3)
    assert scene.current_params()["lr"] > before
    higher = scene.current_params()["lr"]
    press(app, pygame.K_LEFTBRACKET)  # the keyboard does what the slider does
    assert scene.current_params()["lr"] == pytest.approx(higher * 0.8, rel=1e-3)
    press(app, pygame.K_k)  # and what the schedule menu does
    assert scene.current_params()["schedule"] == "step"
    assert next(r for r in scene.race.racers if r.name == "gd").params["schedule"] == "step"
    assert next(r for r in scene.race.racers if r.name == "gd").params["lr"] == scene.current_params()["lr"]


def test_copy_a_racer_to_compare_learning_rates(app):
    scene = race_scene(app, "cliff-edge")
    # Cliff Edge races plain descent twice, with a big and a small stride.
    lineup = scene.lineup
    assert lineup.names.count("gd") == 2
    assert len(scene.race.racers) == len(lineup)
    n = len(lineup)
    lineup.select(lineup.names.index("adam"))
    scene.rebuild()
    click(app, scene.widgets["copy"].rect.center, ticks=3)
    assert len(lineup) == n + 1 and lineup.selected == "adam" and len(scene.race.racers) == n + 1
    assert lineup.color(lineup.sel) != lineup.color(lineup.sel - 1)  # the copy is told apart by shade
    assert lineup.display_name(lineup.sel) == f"adam {lineup.sel + 1}"
    click(app, scene.widgets["remove"].rect.center, ticks=3)
    assert len(lineup) == n


def test_basins_fill_in_without_freezing(app):
    scene = race_scene(app)
    press(app, pygame.K_b)
    assert scene.basins is not None and not scene.basins.basins.done
    ticks = 0
    while not scene.basins.basins.done and ticks < 2000:
        frames(app, 1)
        ticks += 1
    assert scene.basins.basins.done and ticks > 3  # it took many frames: the work was spread out
    # On Himmelblau every start reaches one of its four (global) minima.
    assert scene.basins.basins.global_share() > 0.97
    assert len(set(scene.basins.basins.labels.tolist())) == 4


def test_swarm_of_thousands(app):
    scene = race_scene(app)
    press(app, pygame.K_s)
    assert scene.swarm is not None and scene.swarm.racers[0].hikers.x.shape == (2000, 2)
    press(app, pygame.K_SPACE)
    frames(app, 30)
    assert scene.swarm.t == scene.race.t > 0


# --------------------------------------------------------------------------- overlays, settings, saved state


def test_help_overlay_in_every_scene(app):
    app.push(TitleScene(app))
    for scene in (TitleScene(app), LevelSelectScene(app), PlayScene(app, find_level("the-exam")),
                  RaceScene(app, find_level("the-exam")), SettingsScene(app)):
        app.push(scene)
        frames(app, 1)
        press(app, pygame.K_F1)
        assert isinstance(app.top, HelpOverlay) and app.top.below is scene
        lines = dict(app.top.lines())
        assert "F11" in lines and "M" in lines
        press(app, pygame.K_h)
        assert app.top is scene


def test_mute_and_settings_survive_a_restart(app, user_home):
    app.push(TitleScene(app))
    press(app, pygame.K_m)
    assert app.settings.muted
    app.settings.colormap = "magma"
    app.save_settings()
    app.close()
    again = new_app(size=(1280, 720), jobs=InlineJobs())
    try:
        assert again.settings.muted and again.settings.colormap == "magma"
    finally:
        again.close()


def test_corrupt_settings_are_set_aside_with_a_notice(user_home):
    user_home.mkdir(parents=True, exist_ok=True)
    (user_home / "settings.json").write_text("{ this is not json")
    (user_home / "progress.json").write_text('{"best": [1, 2]}')
    a = new_app(size=(1280, 720), jobs=InlineJobs())
    try:
        assert a.settings.colormap == "viridis"
        notices = " ".join(t[0] for t in a.toasts)
        assert "settings.json was damaged" in notices and "progress" in notices
        assert any(p.name.startswith("settings.json.damaged-") for p in user_home.iterdir())
        a.push(TitleScene(a))
        frames(a, 2)  # the notice is shown, nothing crashes
    finally:
        a.close()


def test_window_resizes(app):
    app.push(TitleScene(app))
    frames(app, 1)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    frames(app, 2)
    assert app.screen.get_size() == (1600, 900) and app.scale == pytest.approx(1.25)
    assert app.top.menu.buttons[0].rect.width == app.px(340)


def test_settings_scene_changes_colormap(app):
    app.push(TitleScene(app))
    scene = SettingsScene(app)
    app.push(scene)
    frames(app, 1)
    choose(app, scene.w["colormap"], "cividis")
    assert app.settings.colormap == "cividis"
    from game.store import load_settings

    assert load_settings()[0].colormap == "cividis"


def choose(app, menu, option_text):
    """Pick an option of a pygame_gui dropdown with real mouse clicks."""
    pygame.mouse.set_pos(menu.rect.center)  # pygame_gui reads hover from the mouse position
    click(app, menu.rect.center, ticks=4)  # opens the list
    option = next(item["button_element"] for item in menu.current_state.options_selection_list.item_list
                  if item["text"] == option_text)
    pygame.mouse.set_pos(option.rect.center)
    click(app, option.rect.center, ticks=15)


def test_settings_window_size_and_volume(app):
    from game.store import load_settings

    app.push(TitleScene(app))
    scene = SettingsScene(app)
    app.push(scene)
    frames(app, 1)
    choose(app, scene.w["size"], "1024x640")
    assert app.screen.get_size() == (1024, 640) and app.settings.window_size == [1024, 640]
    assert load_settings()[0].window_size == [1024, 640]
    slider = scene.w["volume"]  # rebuilt for the new size
    right = slider.right_button.rect.center
    before = app.settings.volume
    pygame.mouse.set_pos(right)
    click(app, right, ticks=6)
    assert app.settings.volume == pytest.approx(before + 0.05)
    assert load_settings()[0].volume == pytest.approx(before + 0.05)
    assert "click" in app.sound.played  # you hear the new volume


# --------------------------------------------------------------------------- screenshots from the CLI


@pytest.mark.parametrize("argv", [
    ["play", "twin-valleys", "--frames", "3"],
    ["race", "classic-himmelblau", "--watch", "--opt", "adam:lr=0.1", "--opt", "gd:lr=0.01", "--frames", "30"],
])
def test_cli_screenshot(tmp_path, argv):
    shot = tmp_path / "shot.png"
    assert main([*argv, "--screenshot", str(shot)]) == 0  # in this process: the console script is test_cli's
    img = pygame.image.load(str(shot))
    assert img.get_size() == (1280, 720)
    colors = {img.get_at((x, y))[:3] for x in range(0, 1280, 40) for y in range(0, 720, 40)}
    assert len(colors) > 8  # a real scene, not a blank window


def test_no_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    out = subprocess.run([sys.executable, "-m", "game"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    assert "no display found" in out.stderr and "hiker race" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_f11_toggles_fullscreen_and_remembers_it(app):
    app.push(TitleScene(app))
    frames(app, 1)
    press(app, pygame.K_F11)
    assert app.fullscreen and app.settings.fullscreen
    press(app, pygame.K_F11)
    assert not app.fullscreen and app.screen.get_size() == (1280, 720)
    from game.store import load_settings

    assert load_settings()[0].fullscreen is False


@pytest.mark.parametrize("make", [
    lambda app: PlayScene(app, find_level("twin-valleys")),
    lambda app: RaceScene(app, find_level("classic-himmelblau")),
    lambda app: LevelSelectScene(app, "play"),
    lambda app: SettingsScene(app),
])
def test_every_scene_survives_a_resize(app, make):
    app.push(TitleScene(app))
    scene = make(app)
    app.push(scene)
    frames(app, 2)
    for size in ((1600, 900), (1024, 640), (1280, 720)):
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size))
        frames(app, 2)
        assert app.screen.get_size() == size and app.top is scene


def test_nice_ticks():
    from game.gfx import nice_ticks

    assert nice_ticks(-2, 2) == [-2, -1, 0, 1, 2]
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(-512, 512) == [-500, 0, 500]


def test_a_race_with_nobody_in_it_does_not_crash(app):
    scene = race_scene(app, "twin-valleys")
    for name in list(scene.lineup.names):
        click(app, scene.widgets["opt_" + name].rect.center, ticks=3)
    assert len(scene.lineup) == 0 and scene.race.racers == []
    press(app, pygame.K_SPACE)
    press(app, pygame.K_RIGHTBRACKET)
    press(app, pygame.K_k)
    press(app, pygame.K_TAB)
    frames(app, 30)
    click(app, scene.widgets["opt_adam"].rect.center, ticks=3)
    assert scene.lineup.names == ["adam"]
