"""The level editor, driven by posted keyboard and mouse events (SDL dummy driver), as a person would use it."""

from types import SimpleNamespace

import numpy as np
import pygame
import pytest
from conftest import HeldJobs, InlineJobs

from engine.landscapes import Well
from engine.level import all_levels, check_file, find_entry, load_spec, user_levels_dir
from engine.level.design import History, new_level
from game.cli import main
from game.launch import new_app
from game.render.text import OVERFLOWS
from game.scenes.editor import EditorScene
from game.scenes.editor_start import EditorStartScene
from game.scenes.level_select import LevelSelectScene
from game.scenes.play import PlayScene
from game.scenes.race import RaceScene
from game.scenes.results import ResultsScene
from game.scenes.title import TitleScene

CTRL, SHIFT = pygame.KMOD_LCTRL, pygame.KMOD_LSHIFT


@pytest.fixture
def app():
    a = new_app(size=(1024, 640), jobs=InlineJobs())
    yield a
    a.close()


def press(app, key, mod=0, ticks=1):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    for _ in range(ticks):
        app.tick(1 / 60)


def type_text(app, s):
    for ch in s:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.tick(1 / 60)


def click(app, pos, button=1, up=True):
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    if up:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    app.tick(1 / 60)


def drag(app, start, end, steps=4):
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    app.tick(1 / 60)
    for k in range(1, steps + 1):
        p = (start[0] + (end[0] - start[0]) * k // steps, start[1] + (end[1] - start[1]) * k // steps)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(1, 1), buttons=(1, 0, 0)))
        app.tick(1 / 60)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    app.tick(1 / 60)


def frames(app, n):
    for _ in range(n):
        app.tick(1 / 60)


def editor(app, template="bowl", path=None, **kwargs):
    app.push(TitleScene(app))
    scene = EditorScene(app, new_level(template, {e.id for e in all_levels()}), path, "a test", id_locked=False,
                        **kwargs)
    app.push(scene)
    frames(app, 1)
    return scene


def wells(scene):
    return scene.spec.landscape.wells


# --------------------------------------------------------------------------- sculpting by keyboard


def test_dig_undo_redo_save_and_reopen(app, tmp_path):
    path = tmp_path / "new.toml"
    scene = editor(app, path=path)
    assert scene.tool == "dig" and scene.cursor == (0.0, 0.0)
    press(app, pygame.K_SPACE)
    assert wells(scene) == (Well((0.0, 0.0), 1.0, 0.3),)
    press(app, pygame.K_z, CTRL)
    assert wells(scene) == ()
    press(app, pygame.K_y, CTRL)
    assert len(wells(scene)) == 1
    press(app, pygame.K_z, CTRL)
    press(app, pygame.K_z, CTRL | SHIFT)  # Ctrl+Shift+Z redoes too
    assert len(wells(scene)) == 1
    press(app, pygame.K_RIGHT, SHIFT)  # five steps of a fortieth of the map: 0.5
    press(app, pygame.K_UP)
    press(app, pygame.K_SPACE)
    assert scene.cursor == (0.5, 0.1) and wells(scene)[1].at == (0.5, 0.1)
    assert scene.dirty
    press(app, pygame.K_s, CTRL)
    assert path.exists() and not scene.dirty
    assert load_spec(path) == scene.spec  # the loader reads back exactly what the editor holds
    assert check_file(path).level.id == scene.spec.id
    again = EditorScene(app, load_spec(path), path)
    assert again.spec == scene.spec and not again.dirty


def test_select_move_resize_delete_by_keyboard(app):
    scene = editor(app)
    press(app, pygame.K_SPACE)  # dig at the centre
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)
    assert scene.tool == "select"
    steps = len(scene.history.undos)
    press(app, pygame.K_SPACE)  # pick up the well
    assert scene.selected == 0
    for _ in range(3):
        press(app, pygame.K_RIGHT)
    press(app, pygame.K_DOWN)
    assert wells(scene)[0].at == (0.3, -0.1)
    assert len(scene.history.undos) == steps + 1  # one drag, one undo step
    press(app, pygame.K_RIGHTBRACKET)  # wider
    press(app, pygame.K_EQUALS)  # deeper
    assert wells(scene)[0].width == pytest.approx(0.375) and wells(scene)[0].depth == pytest.approx(1.25)
    press(app, pygame.K_SPACE)  # drop
    assert scene.selected is None
    press(app, pygame.K_LEFTBRACKET)  # the well under the cursor: narrower again
    assert wells(scene)[0].width == pytest.approx(0.3)
    press(app, pygame.K_DELETE)
    assert wells(scene) == ()
    for _ in range(5):
        press(app, pygame.K_z, CTRL)
    assert wells(scene)[0].at == (0.0, 0.0)  # back to the freshly dug well


def test_hill_and_dig_on_a_formula_turn_it_into_wells(app):
    scene = editor(app, "formula")
    press(app, pygame.K_TAB)  # hill
    press(app, pygame.K_SPACE)
    land = scene.spec.landscape
    assert land.kind == "wells" and land.base == "x**2 + 3*y**2 - cos(3*x)" and land.wells[0].depth < 0


def test_start_tool_and_random_start(app):
    scene = editor(app)
    for _ in range(3):
        press(app, pygame.K_TAB)
    assert scene.tool == "start"
    press(app, pygame.K_LEFT)
    press(app, pygame.K_SPACE)
    assert scene.spec.start == (-0.1, 0.0)
    press(app, pygame.K_DELETE)
    assert scene.spec.start is None


# --------------------------------------------------------------------------- the mouse


def test_mouse_dig_drag_wheel_and_right_click(app):
    scene = editor(app)
    view = scene.view()
    pos = tuple(int(v) for v in view.to_screen((1.0, -1.0)))
    click(app, pos)
    assert len(wells(scene)) == 1 and np.allclose(wells(scene)[0].at, (1.0, -1.0), atol=0.02)
    scene.set_tool("select")
    end = tuple(int(v) for v in view.to_screen((-1.0, 1.0)))
    drag(app, pos, end)
    assert np.allclose(wells(scene)[0].at, (-1.0, 1.0), atol=0.02)
    before = wells(scene)[0].width
    pygame.mouse.set_pos(end)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    app.tick(1 / 60)
    if pygame.mouse.get_pos() == end:  # the dummy driver may not move the pointer
        assert wells(scene)[0].width > before
    click(app, end, button=3)
    assert wells(scene) == ()


def test_buttons_and_tool_chips_are_clickable(app):
    scene = editor(app)
    frames(app, 1)
    chip = next(b for b in scene.chips if b.label == "Select")
    click(app, chip.rect.center)
    assert scene.tool == "select"
    undo = next(b for b in scene.buttons if b.label == "Undo")
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)  # dig again
    press(app, pygame.K_SPACE)
    click(app, undo.rect.center)
    assert wells(scene) == ()


# --------------------------------------------------------------------------- fields and the formula


def test_formula_typed_with_an_error_then_fixed(app):
    scene = editor(app, "formula")
    press(app, pygame.K_f)
    assert scene.edit is not None and scene.wants_text()
    for _ in range(len(scene.edit.line.text)):
        press(app, pygame.K_BACKSPACE)
    type_text(app, "x**2 + .y")
    assert "unexpected character '.'" in scene.edit.error and scene.edit.col == 8
    assert scene.preview is None  # the map keeps the last valid formula
    press(app, pygame.K_LEFT)
    press(app, pygame.K_BACKSPACE)
    assert scene.edit.error == "" and scene.preview.landscape.formula == "x**2 + y"
    frames(app, 1)  # the map redraws with the valid formula, before it is kept
    assert scene.coarse[0] == scene.preview.landscape
    press(app, pygame.K_RETURN)
    assert scene.edit is None and scene.spec.landscape.formula == "x**2 + y"
    press(app, pygame.K_z, CTRL)
    assert scene.spec.landscape.formula == "x**2 + 3*y**2 - cos(3*x)"


def test_palette_inserts_functions_and_classics(app):
    scene = editor(app, "formula")
    frames(app, 1)
    sin = next(b for b in scene.palette if b.label == "sin(")
    click(app, sin.rect.center)  # starts editing, the caret at the end
    assert scene.edit.line.text.endswith("cos(3*x)sin(") and scene.edit.error
    type_text(app, "x)")
    assert "multiplication" in scene.edit.error  # "...cos(3*x)sin(x)": the checker says what is missing
    for _ in range(6):
        press(app, pygame.K_BACKSPACE)
    type_text(app, " + ")
    click(app, sin.rect.center)
    type_text(app, "x)")
    assert scene.edit.error == "" and scene.edit.line.text.endswith(" + sin(x)")
    classic = next(b for b in scene.palette if b.label.startswith("Classic"))
    click(app, classic.rect.center)
    from engine.functions import CLASSIC

    assert scene.edit.line.text == CLASSIC["ackley"].formula and scene.preview is not None
    press(app, pygame.K_ESCAPE)
    assert scene.spec.landscape.formula == "x**2 + 3*y**2 - cos(3*x)"


def test_settings_fields_by_keyboard(app):
    scene = editor(app)
    for _ in range(4):
        press(app, pygame.K_TAB)
    assert scene.tool == "fields"
    keys = [f.key for f in scene.fields()]
    for _ in range(keys.index("steps")):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_BACKSPACE)
    press(app, pygame.K_BACKSPACE)
    type_text(app, "0")
    press(app, pygame.K_RETURN)
    assert scene.edit is not None and "out of range" in scene.edit.error  # refused, still editing
    press(app, pygame.K_BACKSPACE)
    type_text(app, "55")
    press(app, pygame.K_RETURN)
    assert scene.edit is None and scene.spec.rules.steps == 55
    # the title: the id of a level never saved follows it
    for _ in range(keys.index("steps")):
        press(app, pygame.K_UP)
    press(app, pygame.K_RETURN)
    for _ in range(10):
        press(app, pygame.K_BACKSPACE)
    type_text(app, "Adam's Trap")
    press(app, pygame.K_RETURN)
    assert scene.spec.title == "Adam's Trap" and scene.spec.id == "adam-s-trap"
    # the line-up: optimizer specs, checked
    scene.edit_field("lineup")
    scene.edit.line.text, scene.edit.line.caret = "adam:lr=0.05 gd:lrr=1", 21
    press(app, pygame.K_RETURN)
    assert "lrr" in scene.edit.error
    press(app, pygame.K_ESCAPE)
    assert [r.name for r in scene.spec.race.lineup] == ["gd", "momentum", "adam"]


def test_editing_a_well_as_numbers(app):
    scene = editor(app)
    press(app, pygame.K_SPACE)
    scene.set_tool("select")
    press(app, pygame.K_SPACE)  # select it
    press(app, pygame.K_RETURN)  # Enter: edit the selected well's numbers
    assert scene.edit.field.key == "well:0" and scene.edit.line.text == "0, 0, 1, 0.3"
    for _ in range(12):
        press(app, pygame.K_BACKSPACE)
    type_text(app, "1, -1, 2.5, 0.2")
    press(app, pygame.K_RETURN)
    assert wells(scene) == (Well((1.0, -1.0), 2.5, 0.2),)


# --------------------------------------------------------------------------- heightmaps and data


def test_paint_a_heightmap_and_save_its_png(app, tmp_path):
    path = tmp_path / "hills.toml"
    scene = editor(app, "heightmap", path)
    before = scene.spec.landscape.gray.pixels.copy()
    press(app, pygame.K_SPACE)  # raise at the centre
    after = scene.spec.landscape.gray.pixels
    assert after[32, 32] > before[32, 32]
    press(app, pygame.K_TAB)
    press(app, pygame.K_SPACE)  # lower
    press(app, pygame.K_TAB)
    press(app, pygame.K_SPACE)  # smooth
    press(app, pygame.K_s, CTRL)
    image = tmp_path / f"{scene.spec.id}.png"
    from PIL import Image

    with Image.open(image) as im:
        assert im.mode.startswith("I;16") and im.size == (64, 64)
    assert load_spec(path) == scene.spec


def test_import_a_grayscale_image(app, tmp_path):
    from PIL import Image

    Image.fromarray((np.linspace(0, 255, 32 * 48).reshape(32, 48)).astype(np.uint8)).save(tmp_path / "in.png")
    scene = editor(app, "heightmap")
    scene.edit_field("image")
    type_text(app, str(tmp_path / "in.png"))
    press(app, pygame.K_RETURN)
    assert scene.spec.landscape.gray.shape == (32, 48)
    scene.edit_field("image")
    (tmp_path / "fake.png").write_text("not an image")
    type_text(app, str(tmp_path / "fake.png"))
    press(app, pygame.K_RETURN)
    assert scene.edit is not None and "fake.png" in scene.edit.error


def test_data_points_add_move_delete(app):
    scene = editor(app, "data")
    n = len(scene.spec.landscape.rows)
    scene.dcursor = (0.5, 3.0)
    press(app, pygame.K_SPACE)  # add
    assert scene.spec.landscape.rows[-1] == (0.5, 3.0)
    press(app, pygame.K_TAB)  # move
    press(app, pygame.K_SPACE)
    assert scene.selected == n
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_SPACE)
    assert scene.spec.landscape.rows[-1][0] > 0.5
    press(app, pygame.K_TAB)  # erase
    press(app, pygame.K_SPACE)
    assert len(scene.spec.landscape.rows) == n
    frames(app, 1)
    plot = scene.plot_rect()
    on_point = tuple(int(v) for v in scene._data_to_plot(plot, (2.0, 2.1)))
    click(app, on_point)  # the erase tool: a click removes the point under it
    assert (2.0, 2.1) not in scene.spec.landscape.rows and len(scene.spec.landscape.rows) == n - 1
    scene.set_tool("add")
    click(app, tuple(int(v) for v in scene._data_to_plot(plot, (4.5, 0.5))))
    assert scene.spec.landscape.rows[-1] == pytest.approx((4.5, 0.5), abs=0.05)


# --------------------------------------------------------------------------- play-test, race-test, back


def test_play_test_and_race_test_the_unsaved_level_then_back(app):
    scene = editor(app)
    press(app, pygame.K_SPACE)
    press(app, pygame.K_RIGHT)
    state = (scene.cursor, scene.tool, scene.spec, len(scene.history.undos))
    press(app, pygame.K_t)
    play = app.top
    assert isinstance(play, PlayScene) and play.practice and play.level.spec == scene.spec
    press(app, pygame.K_RETURN)  # "I'm at the bottom"
    results = app.top
    assert isinstance(results, ResultsScene) and results.practice
    assert scene.spec.id not in app.progress.best  # a play-test records nothing
    press(app, pygame.K_ESCAPE)  # back to the editor
    assert app.top is scene and (scene.cursor, scene.tool, scene.spec, len(scene.history.undos)) == state
    press(app, pygame.K_r)
    assert isinstance(app.top, RaceScene) and app.top.level.spec == scene.spec
    press(app, pygame.K_ESCAPE)
    assert app.top is scene


def test_play_test_pause_menu_goes_back_to_the_editor(app):
    scene = editor(app)
    press(app, pygame.K_t)
    press(app, pygame.K_ESCAPE)  # pause
    app.top.quit_to_menu()
    assert app.top is scene


# --------------------------------------------------------------------------- background work


def test_the_minimum_is_searched_in_the_background_and_stale_results_are_dropped(tmp_path):
    jobs = HeldJobs()
    app = new_app(size=(1024, 640), jobs=jobs)
    try:
        scene = editor(app)
        frames(app, 1)
        assert len(jobs.waiting) == 1  # the first search starts at once
        press(app, pygame.K_SPACE)  # an edit while it runs
        jobs.release()
        frames(app, 1)
        assert scene.dropped == 1 and scene.level is None  # the old level's answer is thrown away
        frames(app, 2)
        assert not jobs.waiting  # the next search waits until the edits pause (debounce)
        frames(app, int(0.3 * 60) + 2)
        assert len(jobs.waiting) == 1
        jobs.release()
        frames(app, 1)
        assert scene.current_level() is not None and scene.level.minimum.value == pytest.approx(-1.0)
        assert scene.fine is not None  # the sharp map came back with it
    finally:
        app.close()


def test_warnings_for_designers():
    from engine.level import prepare
    from engine.level.design import add_well, design_warnings

    bowl = new_level("bowl")
    easy = bowl.with_(rules=bowl.rules.__class__(steps=200, stride=0.5))
    kinds = [w.kind for w in design_warnings(prepare(easy))]
    assert "easy" in kinds
    twin = add_well(add_well(bowl, (1.0, 0.0), 2.0, 0.2), (-1.0, 0.0), 2.0, 0.2)
    assert "ambiguous" in [w.kind for w in design_warnings(prepare(twin))]
    tilted = bowl.with_(landscape=bowl.landscape.__class__("x", (), bowl.landscape.domain))
    assert "edge" in [w.kind for w in design_warnings(prepare(tilted))]
    flat = bowl.with_(landscape=bowl.landscape.__class__("1e-6*(x**2 + y**2)", (), bowl.landscape.domain))
    assert "flat" in [w.kind for w in design_warnings(prepare(flat))]


# --------------------------------------------------------------------------- leaving, saving, ids


def test_leaving_with_unsaved_changes_asks(app, tmp_path):
    scene = editor(app, path=tmp_path / "a.toml")
    press(app, pygame.K_SPACE)
    press(app, pygame.K_ESCAPE)
    assert scene.prompt == "leave" and app.top is scene
    press(app, pygame.K_ESCAPE)  # keep editing
    assert scene.prompt is None
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_s)  # save and leave
    assert isinstance(app.top, TitleScene) and (tmp_path / "a.toml").exists()
    scene = editor(app, path=tmp_path / "b.toml")
    press(app, pygame.K_SPACE)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_d)  # leave without saving
    assert isinstance(app.top, TitleScene) and not (tmp_path / "b.toml").exists()


def test_save_into_the_user_folder_appears_in_the_level_list_at_once(app):
    scene = editor(app)
    press(app, pygame.K_SPACE)
    press(app, pygame.K_s, CTRL)
    path = user_levels_dir() / "bowl.toml"
    assert scene.path == path and path.exists()
    assert any(e.id == "bowl" and not e.builtin and e.spec == scene.spec for e in all_levels())
    press(app, pygame.K_s, CTRL | SHIFT)  # save as: a new level, its id from the title typed
    assert scene.prompt == "saveas" and scene.prompt_line.selected  # typing would replace the title ...
    press(app, pygame.K_RIGHT)  # ... an arrow keeps it
    type_text(app, "!")
    press(app, pygame.K_RETURN)
    assert scene.spec.title == "Bowl 2!" and scene.spec.id == "bowl-2" and (user_levels_dir() / "bowl-2.toml").exists()
    app.push(LevelSelectScene(app))
    assert {"bowl", "bowl-2"} <= {e.id for e in app.top.entries if e.spec is not None}


def test_a_new_level_picks_a_free_id(app):
    folder = user_levels_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(find_entry("twin-valleys").path.read_text().replace(
        'id = "twin-valleys"', 'id = "bowl"'))
    scene = editor(app)
    assert scene.spec.id == "bowl-2"
    press(app, pygame.K_s, CTRL)
    assert (folder / "bowl-2.toml").exists() and check_file(folder / "bowl-2.toml")


def test_a_built_in_level_opens_as_a_copy(app):
    from game.commands.edit import editor_args

    args = editor_args("twin-valleys", None)
    assert args["spec"].id == "twin-valleys-copy" and args["path"] == user_levels_dir() / "twin-valleys-copy.toml"
    scene = EditorScene(app, **args)
    app.push(TitleScene(app))
    app.push(scene)
    press(app, pygame.K_s, CTRL)
    assert check_file(args["path"]).level.title == "Twin Valleys (copy)"
    assert find_entry("twin-valleys").builtin  # the original is untouched
    alpine = editor_args("alpine-range", None)
    assert alpine["spec"].landscape.image == "alpine-range-copy.png"


def test_undo_keeps_at_least_200_steps():
    spec = new_level("bowl")
    h = History(spec)
    for i in range(300):
        h.push(spec.with_(start=(round(-1.9 + i * 0.01, 2), 0.0)))
    for _ in range(250):
        assert h.undo()
    assert h.current.start == (round(-1.9 + 49 * 0.01, 2), 0.0)


# --------------------------------------------------------------------------- the start screen, the title, layout


def test_title_editor_button_and_start_screen(app):
    app.push(TitleScene(app))
    frames(app, 1)
    press(app, pygame.K_e)
    start = app.top
    assert isinstance(start, EditorStartScene)
    press(app, pygame.K_DOWN)  # rolling hills
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, EditorScene) and app.top.spec.id == "rolling-hills"
    app.pop()
    assert isinstance(app.top, TitleScene)
    press(app, pygame.K_e)
    press(app, pygame.K_TAB)  # the level column: built-in twin valleys is among them
    names = [e.id for e in app.top.levels]
    for _ in range(names.index("twin-valleys")):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, EditorScene) and app.top.spec.id == "twin-valleys-copy"


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("template", ["bowl", "data", "heightmap", "classic"])
def test_editor_text_fits_at_every_size(size, template):
    app = new_app(size=size, jobs=InlineJobs())
    try:
        scene = editor(app, template)
        frames(app, 20)  # the search has finished: warnings and the minimum drawn
        press(app, pygame.K_SPACE)
        scene.edit_field("formula" if template in ("bowl", "classic") else "title")
        type_text(app, " +")
        OVERFLOWS.clear()
        frames(app, 2)
        press(app, pygame.K_ESCAPE)
        scene.open_save_as()
        frames(app, 1)
        scene.prompt = "leave"
        frames(app, 1)
        assert not OVERFLOWS, OVERFLOWS[:3]
        app.push(EditorStartScene(app))
        frames(app, 1)
        assert not OVERFLOWS, OVERFLOWS[:3]
        app.push(LevelSelectScene(app))  # its share buttons (the cards are the level list's own business)
        frames(app, 1)
        assert not [o for o in OVERFLOWS if "clipboard" in o.text or "share code" in o.text]
    finally:
        app.close()


# --------------------------------------------------------------------------- the command


def run_edit(tmp_path, monkeypatch, capsys, *args):
    """`hiker edit ARGS` in this process (the console script itself is tested in tests/test_cli.py)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRADIENT_HIKER_HOME", str(tmp_path / "home"))
    try:
        code = main(["edit", *args])
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code
    out = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def test_hiker_edit_keys_contract(tmp_path, monkeypatch, capsys):
    def run(*args):
        return run_edit(tmp_path, monkeypatch, capsys, *args)

    out = run("new.toml", "--template", "bowl", "--keys", "space,ctrl+s", "--frames", "12")
    assert out.returncode == 0, out.stderr
    spec = load_spec(tmp_path / "new.toml")
    assert spec.landscape.base == "0.5*(x**2 + y**2)" and spec.landscape.wells == (Well((0.0, 0.0), 1.0, 0.3),)
    out = run("none.toml", "--template", "bowl", "--keys", "space,ctrl+z,ctrl+s", "--frames", "12")
    assert out.returncode == 0, out.stderr
    assert load_spec(tmp_path / "none.toml").landscape.wells == ()
    bad = run("x.toml", "--template", "volcano")
    assert bad.returncode == 2 and "unknown template 'volcano'" in bad.stderr
    bad = run("x.toml", "--keys", "ctrl+nope", "--frames", "2")
    assert bad.returncode == 2 and "unknown key" in bad.stderr


# --------------------------------------------------------------------------- share codes in the game


def test_copy_and_import_share_codes_in_the_level_list_and_the_editor(app):
    from engine.level.share import read_code
    from game.scenes.editor_share import paste_text

    app.push(TitleScene(app))
    select = LevelSelectScene(app)
    app.push(select)
    frames(app, 1)
    press(app, pygame.K_c, CTRL)  # the selected (first) level's code
    code = paste_text()
    assert read_code(code) == select.entries[0].spec
    assert (app.progress is not None) and any("copied" in t[0] for t in app.toasts)
    # a level made in the editor, copied there, imported from the level list (as a friend would)
    app.reset_to(TitleScene(app))
    scene = editor(app, "twin-valleys")
    press(app, pygame.K_SPACE)
    click(app, next(b for b in scene.buttons if b.label == "Copy code").rect.center)
    mine = scene.spec
    assert read_code(paste_text()) == mine
    app.reset_to(TitleScene(app))
    select = LevelSelectScene(app)
    app.push(select)
    frames(app, 1)
    assert mine.id not in {e.id for e in select.entries}
    click(app, select.share.rects["paste"].center)
    assert mine.id in {e.id for e in select.entries}  # in the list at once
    imported = next(e for e in select.entries if e.id == mine.id)
    assert imported.spec == mine and not imported.builtin
    # E opens it in the editor, where it is (a user level)
    select.index = select.entries.index(imported)
    press(app, pygame.K_e)
    assert isinstance(app.top, EditorScene) and app.top.path == imported.path and app.top.spec == mine
    # a bad code on the clipboard: one clear line, nothing written
    from game.scenes.editor_share import copy_text

    copy_text(code[:-7])
    before = sorted(p.name for p in user_levels_dir().iterdir())
    press(app, pygame.K_v, CTRL)
    assert "Not imported" in app.top.message and sorted(p.name for p in user_levels_dir().iterdir()) == before


def test_closing_the_window_with_unsaved_changes_asks_first(app, tmp_path):
    scene = editor(app, path=tmp_path / "q.toml")
    press(app, pygame.K_SPACE)
    press(app, pygame.K_t)  # even from a play-test on top of the editor
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.tick(1 / 60)
    assert app.running and app.top is scene and scene.prompt == "leave" and scene.quitting
    press(app, pygame.K_s)  # save and quit
    assert not app.running and (tmp_path / "q.toml").exists()


def test_the_key_that_opens_a_field_is_not_typed_into_it(app):
    from game.app import post_key

    scene = editor(app, "formula")
    post_key(pygame.K_f)  # KEYDOWN, then TEXTINPUT "f", as a real key press
    app.tick(1 / 60)
    assert scene.edit.line.text == "x**2 + 3*y**2 - cos(3*x)" and scene.edit.line.selected
    post_key(pygame.K_f)  # a second f is typed: it replaces the selected text
    app.tick(1 / 60)
    assert scene.edit.line.text == "f"
    press(app, pygame.K_ESCAPE)
    for _ in range(4):
        press(app, pygame.K_TAB)
    post_key(pygame.K_SPACE)  # Space in Settings opens the selected field (still the formula): no space typed
    app.tick(1 / 60)
    assert scene.edit.field.key == "formula" and scene.edit.line.text == "x**2 + 3*y**2 - cos(3*x)"
