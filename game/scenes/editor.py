"""The level editor: sculpt a landscape on the live map, set every rule, play-test it unsaved, save it, share it.

The editor edits a ``LevelSpec`` (frozen): every edit makes a new spec, and undo/redo walk a stack of them
(engine.level.design.History). The map redraws at once at a coarse resolution; the global minimum, the
designer's warnings and the sharp map are computed in a background job (App.jobs) once the edits pause,
and a result for a level that has changed since is dropped. Everything works from the keyboard: Tab
cycles tools, arrows move the cursor, Space applies, Enter edits a field, Ctrl+Z/Y/S.

This module holds the state, the input and the tools; editor_draw.py draws it, editor_fields.py holds the
settings rows and the text line, editor_share.py the clipboard and share codes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pygame

from engine.expr import FormulaError, compile_formula
from engine.functions import CLASSIC
from engine.landscapes import Landscape, Well
from engine.level import Level, LevelError, LevelSpec, build_landscape, prepare, user_levels_dir
from engine.level.design import (
    History,
    add_point,
    add_well,
    check_spec,
    data_bounds,
    default_well,
    delete_point,
    delete_well,
    design_warnings,
    domain_of,
    free_id,
    nearest_point,
    nearest_well,
    paint,
    set_point,
    set_well,
    tidy,
    with_id,
)
from engine.level.registry import id_owner, taken_ids
from engine.level.spec import DataSpec, HeightmapSpec, NetworkSpec, WellsSpec
from engine.level.writer import save

from ..gfx import fmt
from ..input import Binding, action_for
from ..render.terrain import terrain_rgb
from ..render.view import View
from .base import Scene
from .editor_draw import TOOLS, Button, EditorDrawing, tools_for
from .editor_fields import Field, TextLine, constants_of, fields_for, set_formula
from .editor_share import copy_code, import_clipboard, paste_text

DEBOUNCE = 0.3  # seconds of quiet (simulation time, not the wall clock) before the minimum is searched again
FINE_PIXELS = 300_000  # the sharp map from the background job (a larger map is scaled up from this)

@dataclass
class Edit:
    """A field being edited: its text, and the problem with it (for formulas: at which column)."""

    field: Field
    line: TextLine
    error: str = ""
    col: int | None = None


class Stale(Exception):
    """The level changed while it was being searched: the rest of the work is skipped."""


def _work(spec: LevelSpec, size: tuple[int, int], cmap: str, contours: int, wanted: Callable[[], bool]):
    """The background job: the prepared level (its minimum), the designer's warnings, and the sharp map. Between
    the steps it asks whether the level is still wanted, so an edit stops work that would be thrown away."""
    level = prepare(spec)
    if not wanted():
        raise Stale
    warnings = design_warnings(level)
    if not wanted():
        raise Stale
    k = max(1.0, math.sqrt(size[0] * size[1] / FINE_PIXELS))
    rgb, _ = terrain_rgb(Sliced(level.landscape), max(8, int(size[0] / k)), max(8, int(size[1] / k)), cmap,
                         contours)
    return level, warnings, rgb


class Sliced(Landscape):
    """A landscape evaluated a slice of points at a time. The sharp map is 300,000 points; in one piece, its
    matrix products hold BLAS's lock for a long time and the window's own small ones (the instant preview)
    wait behind them for up to a second. In slices, they wait for one slice."""

    SLICE = 8192

    def __init__(self, inner: Landscape) -> None:
        super().__init__(inner.domain)
        self.inner = inner
        self.work_per_point = getattr(inner, "work_per_point", 0)  # a costly map is sampled less densely

    def value_and_grad(self, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        parts = [self.inner.value_and_grad(P[i:i + self.SLICE]) for i in range(0, len(P), self.SLICE)]
        return np.concatenate([v for v, _ in parts]), np.concatenate([g for _, g in parts])


class EditorScene(EditorDrawing, Scene):
    title = "Editor"
    KEYS = [
        Binding((pygame.K_TAB,), "tool", "next tool (Shift+Tab: the one before)"),
        Binding((pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN), "arrow",
                "move the cursor (Shift: 5x); in Settings, Up/Down choose"),
        Binding((pygame.K_SPACE,), "apply", "apply the tool at the cursor"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER), "edit", "edit the selected setting"),
        Binding((pygame.K_f,), "formula", "edit the formula"),
        Binding((pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET), "size", "narrower / wider well, brush size"),
        Binding((pygame.K_MINUS, pygame.K_EQUALS, pygame.K_PLUS), "depth",
                "shallower / deeper well, brush strength"),
        Binding((pygame.K_DELETE, pygame.K_BACKSPACE), "delete", "delete the well or point (Start: random)"),
        Binding((pygame.K_PAGEUP, pygame.K_PAGEDOWN), "page", "settings: eight rows up / down"),
        Binding((pygame.K_t, pygame.K_r), "test", "play-test / race-test the level as it is now"),
        Binding((pygame.K_v,), "view", "designer view / player view"),
        Binding((pygame.K_ESCAPE,), "back", "drop the selection, or leave the editor"),
    ]
    MOUSE = [
        ("Ctrl+Z / Ctrl+Y", "undo / redo (Ctrl+Shift+Z redoes too)"),
        ("Ctrl+S / Ctrl+Shift+S", "save / save as a new level"),
        ("Ctrl+C / Ctrl+V", "copy the share code / import codes"),
        ("Click, drag", "apply the tool; drag a well or a point"),
        ("Wheel, right click", "resize (Shift: depth), delete a well"),
    ]
    KEY_ACTIONS = {pygame.K_LEFT: "left", pygame.K_RIGHT: "right", pygame.K_UP: "up", pygame.K_DOWN: "down",
                   pygame.K_LEFTBRACKET: "narrower", pygame.K_RIGHTBRACKET: "wider", pygame.K_MINUS: "shallower",
                   pygame.K_KP_MINUS: "shallower", pygame.K_EQUALS: "deeper", pygame.K_PLUS: "deeper",
                   pygame.K_KP_PLUS: "deeper", pygame.K_PAGEUP: "page_up", pygame.K_PAGEDOWN: "page_down",
                   pygame.K_t: "playtest", pygame.K_r: "racetest"}

    def __init__(self, app, spec: LevelSpec, path: Path | None = None, origin: str = "",
                 id_locked: bool = True) -> None:
        super().__init__(app)
        self.history = History(spec)
        self.baseline = spec  # the level as it is on disk (or as the template made it)
        self.path = Path(path) if path is not None else None
        self.origin = origin
        self.id_locked = id_locked  # False: the id follows the title (a level never saved under its id)
        self.taken = taken_ids() - {spec.id}
        self.tool = tools_for(spec)[0]
        d = domain_of(spec.landscape)
        self.cursor = (tidy(float(d.lo[0] + d.span[0] / 2), float(max(d.span))),
                       tidy(float(d.lo[1] + d.span[1] / 2), float(max(d.span))))
        self.dcursor = (2.0, 2.0)
        self.selected: int | None = None
        self.player_view = False
        self.field_index = 0
        self.field_top = 0
        self.edit: Edit | None = None
        self.preview: LevelSpec | None = None  # a valid formula being typed, shown before it is kept
        self.prompt: str | None = None  # "leave" or "saveas"
        self.prompt_line = TextLine("")
        self.quitting = False  # the leave prompt came from closing the window
        self.swallow = ""  # the text of the key press that opened a field
        self.brush = 0.06  # brush radius as a fraction of the map's width
        self.strength = 0.04
        self.drag: str | None = None
        self.stroke = 0
        self.classic = 0
        self.message = f"Editing {origin}" if origin else "Editing"
        self.message_bad = False
        # background search
        self.job: Future | None = None
        self.job_spec: LevelSpec | None = None
        self.level: Level | None = None
        self.level_spec: LevelSpec | None = None
        self.level_error = ""
        self.warnings: list = []
        self.quiet = DEBOUNCE  # the first search starts at once
        self.pending: str | None = None  # "play" or "race" once the level is prepared
        self.dropped = 0  # stale results thrown away (tests and measurements read it)
        self.searches = 0
        # drawing caches
        self.coarse: tuple | None = None  # (landscape spec, size, cmap, contours, surface)
        self.fine: tuple | None = None
        self.land_for: tuple | None = None  # (landscape spec, Landscape)
        self.buttons: list[Button] = []
        self.chips: list[Button] = []
        self.palette: list[Button] = []
        self.field_rows: list[tuple[int, pygame.Rect]] = []
        self.prompt_buttons: list[Button] = []
        self._fields: tuple | None = None
        self._bounds: tuple | None = None
        self._points: tuple | None = None

    # ------------------------------------------------------------------ the level

    @property
    def spec(self) -> LevelSpec:
        return self.history.current

    def shown(self) -> LevelSpec:
        return self.preview if self.preview is not None else self.history.current

    @property
    def dirty(self) -> bool:
        return self.history.current != self.baseline

    def landscape(self):
        land = self.shown().landscape
        if self.land_for is None or not (self.land_for[0] is land or self.land_for[0] == land):
            self.land_for = (land, build_landscape(land))
        return self.land_for[1]

    def commit(self, spec: LevelSpec, key: object = None, message: str = "") -> bool:
        """Make ``spec`` the level (one undo step, or merged into the last one with the same key)."""
        if not self.id_locked:
            want = free_id(spec.title, self.taken)
            if want != spec.id:
                spec = with_id(spec, want)
        problems = check_spec(spec)
        if problems:
            self.say(problems[0].message + (f" ({problems[0].hint})" if problems[0].hint else ""), bad=True)
            return False
        if self.history.push(spec, key):
            self.quiet = 0.0
            if message:
                self.say(message)
        self._clamp_selection()
        return True

    def say(self, message: str, bad: bool = False) -> None:
        self.message, self.message_bad = message, bad

    def _clamp_selection(self) -> None:
        land = self.spec.landscape
        count = len(land.wells) if isinstance(land, WellsSpec) else len(land.rows) if isinstance(land, DataSpec) else 0
        if self.selected is not None and self.selected >= count:
            self.selected = None
        if self.tool not in tools_for(self.spec):
            self.tool = tools_for(self.spec)[0]

    def undo(self) -> None:
        self._cancel_edit()
        self.say("Undone" if self.history.undo() else "Nothing to undo")
        self.quiet = 0.0
        self._clamp_selection()

    def redo(self) -> None:
        self._cancel_edit()
        self.say("Redone" if self.history.redo() else "Nothing to redo")
        self.quiet = 0.0
        self._clamp_selection()

    # ------------------------------------------------------------------ background work

    def update(self, dt: float) -> None:
        self.quiet += dt
        self._poll()
        shown = self.shown()
        if self.job is None and not self._is(self.level_spec, shown) and (self.quiet >= DEBOUNCE or self.pending):
            self._submit(shown)
        self._poll()

    @staticmethod
    def _is(a: LevelSpec | None, b: LevelSpec) -> bool:
        return a is b or (a is not None and a == b)

    def _submit(self, spec: LevelSpec) -> None:
        view = self.view()
        self.job_spec = spec
        self.searches += 1
        self.job = self.app.jobs.submit(_work, spec, (view.width, view.height), self.app.settings.colormap,
                                        self.app.contour_lines(), lambda: self._is(spec, self.shown()))

    def _poll(self) -> None:
        if self.job is None or not self.job.done():
            return
        job, spec = self.job, self.job_spec
        self.job = None
        if not self._is(spec, self.shown()):
            self.dropped += 1  # the level changed while it was searched: a stale answer
            return
        err = job.exception()
        if isinstance(err, Stale):
            self.dropped += 1
            return
        self.level_spec = spec
        if err is not None:
            self.level, self.warnings = None, []
            self.level_error = err.problems[0].message if isinstance(err, LevelError) and err.problems else \
                f"{type(err).__name__}: {err}".splitlines()[0]
            if self.pending:
                self.say(f"Cannot test this level: {self.level_error}", bad=True)
                self.pending = None
            return
        level, warnings, rgb = job.result()
        self.level, self.warnings, self.level_error = level, warnings, ""
        surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
        view = self.view()
        if surf.get_size() != (view.width, view.height):
            surf = pygame.transform.smoothscale(surf, (view.width, view.height))
        self.fine = (spec.landscape, surf.get_size(), self.app.settings.colormap, self.app.contour_lines(), surf)
        if self.pending:
            scene, self.pending = self.pending, None
            self._launch(scene)

    def current_level(self) -> Level | None:
        return self.level if self.level is not None and self._is(self.level_spec, self.spec) else None

    # ------------------------------------------------------------------ tests, saving, sharing

    def test(self, scene: str) -> None:
        """Play-test ("play") or race-test ("race") the level as it is now, saved or not."""
        self._finish_edit()
        if self.edit is not None:
            return
        if self.current_level() is not None:
            self._launch(scene)
        elif self.level_error and self._is(self.level_spec, self.spec):
            self.say(f"Cannot test this level: {self.level_error}", bad=True)
        else:
            self.pending = scene
            self.say("Preparing the level for a test…")

    def _launch(self, scene: str) -> None:
        level = self.current_level()
        if level is None:
            return
        if scene == "play":
            self.app.push(self.app.make("play", level, editor_test=True))
        else:
            race = self.app.make("race", level)
            self.app.push(race)
            race.playing = True  # a race-test runs at once (Space pauses)

    def resume(self) -> None:
        self.say("Back in the editor")

    def save(self, path: Path | None = None, title: str | None = None) -> bool:
        """Save through the level writer (atomically), into the user's level folder unless the level has a file."""
        self._finish_edit()
        if self.edit is not None:
            return False
        spec = self.spec
        new_file = path is not None or self.path is None
        if title is not None:
            spec = spec.with_(info=replace(spec.info, title=title))
        self.taken = taken_ids() - ({spec.id} if not new_file and self.path else set())
        if title is not None or not self.id_locked:
            spec = with_id(spec, free_id(spec.title, self.taken))
        target = path or self.path or user_levels_dir() / f"{spec.id}.toml"
        if title is not None:
            target = user_levels_dir() / f"{spec.id}.toml"
        other = id_owner(spec.id, target)
        if other is not None:
            spec = with_id(spec, free_id(spec.title, self.taken | {spec.id}))
            if title is None and self.path is None:
                target = user_levels_dir() / f"{spec.id}.toml"
        problems = check_spec(spec)
        if problems:
            self.say(f"Not saved: {problems[0].message}", bad=True)
            return False
        try:
            save(spec, target)
        except (OSError, ValueError) as err:
            self.say(f"Not saved: {getattr(err, 'strerror', None) or err}", bad=True)
            return False
        if spec != self.spec:
            self.history.push(spec)
        self.baseline = spec
        self.path = target
        self.id_locked = True
        self.taken = taken_ids() - {spec.id}
        note = "" if self.level_error == "" else f" (warning: {self.level_error})"
        self.say(f"Saved {spec.title} to {target}{note}")
        self.app.toast(f"Saved: {target.name}", 2.5)
        return True

    def copy_share(self) -> None:
        self._finish_edit()
        self.app.toast(copy_code(self.spec), 5)

    def import_code(self) -> None:
        done, message = import_clipboard()
        self.app.toast(message, 5)
        self.say(message, bad=not done)

    # ------------------------------------------------------------------ input

    def wants_text(self) -> bool:
        return self.edit is not None or self.prompt == "saveas"

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and self.edit is None and not self.prompt:
            self.swallow = ""
        if self.prompt:
            self._prompt_event(event)
            return
        if event.type == pygame.KEYDOWN:
            if self.edit is not None:
                self._edit_key(event)
                return
            if event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
                self._chord(event)
                return
            action = action_for(event, self.KEYS)
            if action:
                self.on_action(self.KEY_ACTIONS.get(event.key, action), shift=bool(event.mod & pygame.KMOD_SHIFT))
                # The key that opened a field (F, Space) also arrives as typed text: it is not part of the value.
                typed = (event.unicode or chr(event.key)) if 32 <= event.key < 127 else ""
                self.swallow = typed if self.edit is not None else ""
            return
        if event.type == pygame.TEXTINPUT and self.swallow:
            swallow, self.swallow = self.swallow, ""
            if event.text == swallow:
                return
        if event.type == pygame.TEXTINPUT and self.edit is not None:
            self.edit.line.insert(event.text)
            self._edit_changed()
            return
        self.on_event(event)

    def _chord(self, event: pygame.event.Event) -> None:
        shift = event.mod & pygame.KMOD_SHIFT
        if event.key == pygame.K_z:
            self.redo() if shift else self.undo()
        elif event.key == pygame.K_y:
            self.redo()
        elif event.key == pygame.K_s:
            self.open_save_as() if shift else self.save()
        elif event.key == pygame.K_c:
            self.copy_share()
        elif event.key == pygame.K_v:
            self.import_code()

    def on_action(self, action: str, shift: bool = False) -> None:
        far = 5.0 if shift else 1.0
        if action == "tool":
            tools = tools_for(self.spec)
            i = tools.index(self.tool) if self.tool in tools else 0
            self.set_tool(tools[(i + (-1 if shift else 1)) % len(tools)])
        elif action in ("left", "right", "up", "down"):
            if self.tool == "fields" and action in ("up", "down"):
                self.select_field(self.field_index + (-1 if action == "up" else 1))
            else:
                dx, dy = {"left": (-1, 0), "right": (1, 0), "up": (0, 1), "down": (0, -1)}[action]
                self.move_cursor(dx * far, dy * far)
        elif action == "apply":
            self.apply()
        elif action == "edit":
            self.edit_selected()
        elif action == "formula":
            self.edit_field("formula")
        elif action in ("narrower", "wider", "shallower", "deeper"):
            self.resize(action)
        elif action == "delete":
            self.delete()
        elif action in ("page_up", "page_down"):
            self.select_field(self.field_index + (-8 if action == "page_up" else 8))
        elif action == "playtest":
            self.test("play")
        elif action == "racetest":
            self.test("race")
        elif action == "view":
            self.player_view = not self.player_view
            self.say("Player view: what a hiker sees at the start" if self.player_view else "Designer view")
        elif action == "back":
            self.back()

    def set_tool(self, tool: str) -> None:
        self.tool = tool
        self.selected = None
        self.drag = None
        self.history.seal()
        self.say(TOOLS[tool][1])

    def holds_quit(self) -> bool:
        """The window is being closed: with unsaved changes, come to the front and ask (closing it again while
        asking quits)."""
        if not self.dirty or self.prompt == "leave":
            return False
        while self.app.top is not self and self.app.top is not None:
            self.app.pop()
        self._cancel_edit()
        self.prompt, self.quitting = "leave", True
        return True

    def back(self) -> None:
        if self.selected is not None:
            self.selected = None
            self.history.seal()
            self.say("Selection dropped")
        elif self.dirty:
            self.prompt = "leave"
        else:
            self.app.pop()

    # ------------------------------------------------------------------ cursor and tools

    def move_cursor(self, dx: float, dy: float) -> None:
        if self._point_tool():
            (fx, fy) = self.bounds()
            sx, sy = (fx[1] - fx[0]) / 40, (fy[1] - fy[0]) / 40
            self.dcursor = (round(self.dcursor[0] + dx * sx, 6), round(self.dcursor[1] + dy * sy, 6))
            if self.selected is not None and self.tool == "move":
                self.commit(set_point(self.spec, self.selected, self.dcursor), key=("move-point", self.selected))
            return
        d = domain_of(self.spec.landscape)
        span = float(max(d.span))
        x = min(d.x[1], max(d.x[0], self.cursor[0] + dx * d.span[0] / 40))
        y = min(d.y[1], max(d.y[0], self.cursor[1] + dy * d.span[1] / 40))
        self.cursor = (tidy(x, span), tidy(y, span))
        if self.selected is not None and self.tool == "select":
            self._move_well(self.selected, self.cursor)

    def _point_tool(self) -> bool:
        return self.tool in ("add", "move", "erase")

    def _move_well(self, i: int, at: tuple[float, float]) -> None:
        w = self.spec.landscape.wells[i]
        self.commit(set_well(self.spec, i, Well(at, w.depth, w.width)), key=("move", i),
                    message=f"Well {i + 1} at ({fmt(at[0])}, {fmt(at[1])})")

    def apply(self, at: tuple[float, float] | None = None, key: object = None) -> None:
        """The tool, once, at the cursor (or at ``at``)."""
        at = at or self.cursor
        spec = self.spec
        tool = self.tool
        if tool in ("dig", "hill"):
            depth, width = default_well(spec.landscape)
            sign = 1 if tool == "dig" else -1
            try:
                new = add_well(spec, at, sign * depth, width)
            except ValueError as err:
                self.say(str(err), bad=True)
                return
            what = "well" if tool == "dig" else "hill"
            self.commit(new, message=f"Dug a {what} at ({fmt(at[0])}, {fmt(at[1])}): depth {fmt(depth)}, "
                        f"width {fmt(width)}" if tool == "dig" else f"Raised a hill at ({fmt(at[0])}, {fmt(at[1])})")
            self.selected = None
        elif tool == "select":
            if self.selected is not None:
                self.selected = None
                self.history.seal()
                self.say("Dropped")
            else:
                i = nearest_well(spec, at)
                if i is None:
                    self.say("No well near the cursor: dig one first (Tab to the Dig tool)", bad=True)
                    return
                self.selected = i
                self.cursor = spec.landscape.wells[i].at
                self.say(f"Picked up well {i + 1}: arrows move it, Space drops it")
        elif tool == "start":
            self.commit(spec.with_(start=at), message=f"The hiker starts at ({fmt(at[0])}, {fmt(at[1])})")
        elif tool in ("raise", "lower", "smooth"):
            land = spec.landscape
            radius = self.brush * land.domain.span[0]
            done = {"raise": "Raised", "lower": "Lowered", "smooth": "Smoothed"}[tool]
            self.commit(spec.with_(landscape=replace(land, gray=paint(land.gray, land.domain, at, radius,
                                                                      self.strength, tool))), key=key,
                        message=f"{done} the ground at ({fmt(at[0])}, {fmt(at[1])})")
        elif tool in ("add", "move", "erase"):
            self.apply_point(self.dcursor)
        elif tool == "fields":
            self.edit_selected()

    def apply_point(self, row: tuple[float, float]) -> None:
        spec = self.spec
        reach = self._point_reach()
        if self.tool == "add":
            try:
                self.commit(add_point(spec, row), message=f"Added the point ({fmt(row[0])}, {fmt(row[1])})")
            except ValueError as err:
                self.say(str(err), bad=True)
        elif self.tool == "move":
            if self.selected is not None:
                self.selected = None
                self.history.seal()
                self.say("Dropped")
                return
            i = nearest_point(spec, row, reach)
            if i is None:
                self.say("No point near the cursor", bad=True)
            else:
                self.selected = i
                self.dcursor = spec.landscape.rows[i]
                self.say(f"Picked up point {i + 1}: arrows move it, Space drops it")
        elif self.tool == "erase":
            i = nearest_point(spec, row, reach)
            if i is None:
                self.say("No point near the cursor", bad=True)
            else:
                self._delete_point(i)

    def _point_reach(self) -> tuple[float, float]:
        fx, fy = self.bounds()
        return (fx[1] - fx[0]) / 15, (fy[1] - fy[0]) / 15

    def _delete_point(self, i: int) -> None:
        try:
            self.commit(delete_point(self.spec, i), message=f"Deleted point {i + 1}")
        except ValueError as err:
            self.say(str(err), bad=True)
        self.selected = None

    def _target_well(self) -> int | None:
        if self.selected is not None:
            return self.selected
        return nearest_well(self.spec, self.cursor)

    def resize(self, how: str) -> None:
        spec = self.spec
        if isinstance(spec.landscape, HeightmapSpec):
            if how in ("narrower", "wider"):
                self.brush = min(0.5, max(0.01, self.brush * (0.8 if how == "narrower" else 1.25)))
                self.say(f"Brush size {self.brush:.0%} of the map")
            else:
                self.strength = min(0.5, max(0.005, self.strength * (0.8 if how == "shallower" else 1.25)))
                self.say(f"Brush strength {self.strength:.1%} of the height range")
            return
        i = self._target_well()
        if i is None:
            self.say("No well under the cursor to resize", bad=True)
            return
        w = spec.landscape.wells[i]
        factor = 0.8 if how in ("narrower", "shallower") else 1.25
        if how in ("narrower", "wider"):
            new = Well(w.at, w.depth, float(f"{w.width * factor:.3g}"))
        else:
            new = Well(w.at, float(f"{w.depth * factor:.3g}"), w.width)
        self.commit(set_well(spec, i, new), key=("resize", i, how),
                    message=f"Well {i + 1}: depth {fmt(new.depth)}, width {fmt(new.width)}")

    def delete(self) -> None:
        spec = self.spec
        if self.tool == "start":
            self.commit(spec.with_(start=None), message="The hiker starts somewhere random")
        elif isinstance(spec.landscape, DataSpec):
            i = self.selected if self.selected is not None else nearest_point(spec, self.dcursor, self._point_reach())
            if i is None:
                self.say("No point near the cursor", bad=True)
            else:
                self._delete_point(i)
        elif isinstance(spec.landscape, WellsSpec):
            i = self._target_well()
            if i is None:
                self.say("No well under the cursor to delete", bad=True)
                return
            self.commit(delete_well(spec, i), message=f"Deleted well {i + 1}")
            self.selected = None

    # ------------------------------------------------------------------ fields

    def fields(self) -> list[Field]:
        spec = self.spec
        if self._fields is None or self._fields[0] is not spec:
            self._fields = (spec, fields_for(spec))
        return self._fields[1]

    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The scatter plot's (feature, target) box, once per data set (a CSV may hold 10,000 points)."""
        rows = self.spec.landscape.rows
        if self._bounds is None or self._bounds[0] is not rows:
            self._bounds = (rows, data_bounds(rows))
        return self._bounds[1]

    def select_field(self, i: int) -> None:
        n = len(self.fields())
        self.field_index = max(0, min(n - 1, i))
        if self.tool != "fields":
            self.tool = "fields"

    def edit_selected(self) -> None:
        fields = self.fields()
        if self.tool != "fields":
            key = f"well:{self.selected}" if isinstance(self.spec.landscape, WellsSpec) and self.selected is not None \
                else f"point:{self.selected}" if self.selected is not None else None
            index = next((k for k, f in enumerate(fields) if f.key == key), None)
            if index is not None:
                self.field_index = index
            self.tool = "fields"
        self.field_index = min(self.field_index, len(fields) - 1)
        self.begin_edit(fields[self.field_index])

    def edit_field(self, key: str) -> None:
        fields = self.fields()
        for k, f in enumerate(fields):
            if f.key == key:
                self.field_index = k
                self.begin_edit(f)
                return
        self.say("This level has no formula (heightmaps and data sets are edited with their tools)", bad=True)

    def begin_edit(self, field: Field) -> None:
        if field.set is None:
            self.say(f"{field.label} cannot be edited here", bad=True)
            return
        text = "" if field.key == "image" else field.get(self.spec)
        self.edit = Edit(field, TextLine(text))
        pygame.key.start_text_input()
        self.say(f"Editing {field.label}: {field.hint}. Enter keeps it, Esc cancels")
        self._edit_changed()

    def _edit_key(self, event: pygame.event.Event) -> None:
        line = self.edit.line
        ctrl = event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META)
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_TAB):
            self._finish_edit()
            return
        if event.key == pygame.K_ESCAPE or (ctrl and event.key == pygame.K_z):
            self._cancel_edit()
            self.say("Edit cancelled")
            return
        if ctrl and event.key == pygame.K_v:
            line.insert(paste_text().splitlines()[0] if paste_text() else "")
        elif ctrl and event.key == pygame.K_s:
            self.save()
            return
        elif event.key == pygame.K_BACKSPACE:
            line.backspace()
        elif event.key == pygame.K_DELETE:
            line.delete()
        elif event.key == pygame.K_LEFT:
            line.move(-1)
        elif event.key == pygame.K_RIGHT:
            line.move(1)
        elif event.key == pygame.K_HOME:
            line.home()
        elif event.key == pygame.K_END:
            line.end()
        else:
            return
        self._edit_changed()

    def _edit_changed(self) -> None:
        """Check the text as it is typed; a valid formula shows on the map at once."""
        e = self.edit
        e.error, e.col = "", None
        if not e.field.formula:
            return
        text = e.line.text
        try:
            compile_formula(text, constants_of(self.spec))
        except FormulaError as err:
            e.error, e.col = err.message + (f" ({err.hint})" if err.hint else ""), err.col
            self.preview = None
            return
        candidate = set_formula(self.spec, text)
        problems = check_spec(candidate)
        if problems:
            e.error, e.col = problems[0].message, problems[0].formula_col
            self.preview = None
            return
        if not self._is(self.preview, candidate):
            self.preview = candidate
            self.quiet = 0.0

    def _finish_edit(self) -> None:
        e = self.edit
        if e is None:
            return
        try:
            candidate = e.field.set(self.spec, e.line.text)
        except ValueError as err:
            e.error, e.col = str(err), None
            self.say(f"{e.field.label}: {err}", bad=True)
            return
        problems = check_spec(candidate)
        if problems:
            p = problems[0]
            e.error, e.col = p.message + (f" ({p.hint})" if p.hint else ""), p.formula_col
            self.say(f"{e.field.label}: {p.message}", bad=True)
            return
        self.edit = None
        self.preview = None
        self.commit(candidate, message=f"{e.field.label} changed")

    def _cancel_edit(self) -> None:
        if self.edit is not None:
            self.edit = None
            self.preview = None

    def insert_token(self, token: str) -> None:
        if self.edit is None or not self.edit.field.formula:
            self.edit_field("formula")
        if self.edit is None:
            return
        self.edit.line.selected = False  # a function from the palette goes in at the caret
        self.edit.line.insert(token)
        self._edit_changed()

    def next_classic(self) -> None:
        names = sorted(CLASSIC)
        name = names[self.classic % len(names)]
        self.classic += 1
        if self.edit is None or not self.edit.field.formula:
            self.edit_field("formula")
        if self.edit is None:
            return
        self.edit.line = TextLine(CLASSIC[name].formula, selected=False)
        self._edit_changed()
        self.say(f"{CLASSIC[name].title}: Enter keeps it (its usual domain: x {list(CLASSIC[name].domain[0])}, "
                 f"y {list(CLASSIC[name].domain[1])})")

    # ------------------------------------------------------------------ prompts

    def open_save_as(self) -> None:
        self._finish_edit()
        if self.edit is not None:
            return
        self.prompt = "saveas"
        self.prompt_line = TextLine(self.spec.title if self.path is None else f"{self.spec.title} 2")
        pygame.key.start_text_input()

    def _prompt_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for b in self.prompt_buttons:
                if b.rect.collidepoint(event.pos):
                    b.action()
                    return
            return
        if self.prompt == "saveas":
            if event.type == pygame.TEXTINPUT:
                self.prompt_line.insert(event.text)
            elif event.type == pygame.KEYDOWN:
                if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                    self._save_as_done()
                elif event.key == pygame.K_ESCAPE:
                    self.prompt = None
                elif event.key == pygame.K_BACKSPACE:
                    self.prompt_line.backspace()
                elif event.key == pygame.K_DELETE:
                    self.prompt_line.delete()
                elif event.key == pygame.K_LEFT:
                    self.prompt_line.move(-1)
                elif event.key == pygame.K_RIGHT:
                    self.prompt_line.move(1)
            return
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_s, pygame.K_RETURN, pygame.K_KP_ENTER):
                self._leave_saving()
            elif event.key == pygame.K_d:
                self._leave_discarding()
            elif event.key == pygame.K_ESCAPE:
                self.prompt = None

    def _save_as_done(self) -> None:
        title = self.prompt_line.text.strip()
        if not title:
            self.say("Type a title for the new level", bad=True)
            return
        self.prompt = None
        self.save(title=title)

    def _leave_saving(self) -> None:
        self.prompt = None
        if self.save():
            self._leave()

    def _leave_discarding(self) -> None:
        self.prompt = None
        self._leave()

    def _leave(self) -> None:
        self.app.quit() if self.quitting else self.app.pop()

    # ------------------------------------------------------------------ mouse

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for b in self.buttons + self.chips + self.palette:
                if b.rect.collidepoint(event.pos):
                    b.action()
                    return
            for i, rect in self.field_rows:
                if rect.collidepoint(event.pos):
                    self._finish_edit()
                    self.field_index = i
                    self.tool = "fields"
                    self.begin_edit(self.fields()[i])
                    return
            if self._formula_box().collidepoint(event.pos) and self.edit is None:
                self.edit_field("formula")
                return
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL):
            self._map_mouse(event)
            self._plot_mouse(event)

    def _map_mouse(self, event: pygame.event.Event) -> None:
        view = self.view()
        if event.type == pygame.MOUSEBUTTONUP:
            if self.drag:
                self.drag = None
                self.history.seal()
            return
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            if view.contains(*pos) and isinstance(self.spec.landscape, WellsSpec):
                i = nearest_well(self.spec, view.to_world(*pos))
                if i is not None:
                    self.selected = self.selected if self.selected is not None else None
                    self.cursor = view.to_world(*pos)
                    shallow = pygame.key.get_mods() & pygame.KMOD_SHIFT
                    up = event.y > 0
                    self.resize(("deeper" if up else "shallower") if shallow else ("wider" if up else "narrower"))
            elif view.contains(*pos) and isinstance(self.spec.landscape, HeightmapSpec):
                self.resize("wider" if event.y > 0 else "narrower")
            return
        if not hasattr(event, "pos") or not view.contains(*event.pos):
            return
        d = domain_of(self.spec.landscape)
        span = float(max(d.span))
        wx, wy = view.to_world(*event.pos)
        at = (tidy(min(d.x[1], max(d.x[0], wx)), span), tidy(min(d.y[1], max(d.y[0], wy)), span))
        if self._point_tool():
            return
        if event.type == pygame.MOUSEMOTION:
            self.cursor = at
            if self.drag == "well" and self.selected is not None:
                self._move_well(self.selected, at)
            elif self.drag == "paint":
                self.apply(at, key=("stroke", self.stroke))
            return
        if event.type != pygame.MOUSEBUTTONDOWN:
            return
        self.cursor = at
        if event.button == 3:
            if isinstance(self.spec.landscape, WellsSpec):
                self.delete()
            return
        if event.button != 1:
            return
        if self.tool == "select":
            i = nearest_well(self.spec, at)
            self.selected = i
            if i is not None:
                self.drag = "well"
                self.history.seal()
                self.say(f"Dragging well {i + 1}")
        elif self.tool in ("raise", "lower", "smooth"):
            self.stroke += 1
            self.drag = "paint"
            self.apply(at, key=("stroke", self.stroke))
        elif self.tool == "fields":
            self.set_tool("start")
        else:
            self.apply(at)

    def _plot_mouse(self, event: pygame.event.Event) -> None:
        if not isinstance(self.spec.landscape, DataSpec) or not hasattr(event, "pos"):
            if event.type == pygame.MOUSEBUTTONUP and self.drag == "point":
                self.drag = None
                self.history.seal()
            return
        rect = self.plot_rect()
        if event.type == pygame.MOUSEBUTTONUP:
            if self.drag == "point":
                self.drag = None
                self.selected = None
                self.history.seal()
            return
        if rect is None or not rect.collidepoint(event.pos):
            return
        row = self._plot_to_data(rect, event.pos)
        if event.type == pygame.MOUSEMOTION:
            self.dcursor = row
            if self.drag == "point" and self.selected is not None:
                self.commit(set_point(self.spec, self.selected, row), key=("move-point", self.selected))
            return
        if event.type != pygame.MOUSEBUTTONDOWN:
            return
        self.dcursor = row
        if event.button == 3:
            i = nearest_point(self.spec, row, self._point_reach())
            if i is not None:
                self._delete_point(i)
            return
        if event.button != 1:
            return
        if not self._point_tool():
            self.set_tool("add")
        if self.tool == "move":
            i = nearest_point(self.spec, row, self._point_reach())
            if i is not None:
                self.selected, self.drag = i, "point"
                self.history.seal()
            return
        self.apply_point(row)

    # ------------------------------------------------------------------ layout

    def panel_width(self) -> int:
        w = self.app.screen.get_width()
        return min(max(self.app.px(400), 300), w // 2)

    def has_formula(self) -> bool:
        return not isinstance(self.spec.landscape, HeightmapSpec | DataSpec | NetworkSpec)

    def regions(self) -> dict[str, pygame.Rect]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        pad = px(12)
        header = pygame.Rect(pad, px(6), w - 2 * pad, px(34))
        chips = pygame.Rect(pad, header.bottom + px(4), w - self.panel_width() - 3 * pad, px(30))
        status = pygame.Rect(pad, h - px(28), w - 2 * pad, px(24))
        side = pygame.Rect(w - self.panel_width() - pad, chips.top, self.panel_width(), status.top - chips.top - px(6))
        bar_h = px(112) if self.has_formula() else 0
        bar = pygame.Rect(pad, status.top - px(6) - bar_h, chips.width, bar_h)
        top = chips.bottom + px(8)
        bottom = (bar.top if bar_h else status.top) - px(10)
        map_rect = pygame.Rect(pad + px(34), top, chips.width - px(34), max(40, bottom - top))
        return {"header": header, "chips": chips, "status": status, "side": side, "bar": bar, "map": map_rect}

    def view(self) -> View:
        r = self.regions()["map"]
        return View.fit(domain_of(self.shown().landscape), (r.x, r.y, r.width, r.height))

    def plot_rect(self) -> pygame.Rect | None:
        if not isinstance(self.spec.landscape, DataSpec):
            return None
        side = self.regions()["side"]
        px = self.app.px
        size = min(side.width - px(36), max(px(120), side.height // 3))
        return pygame.Rect(side.x + px(28), side.y + px(112), size, int(size * 0.75))

    def _plot_to_data(self, rect: pygame.Rect, pos) -> tuple[float, float]:
        fx, fy = self.bounds()
        u = (pos[0] - rect.x) / max(1, rect.width)
        v = (rect.bottom - pos[1]) / max(1, rect.height)
        return (round(fx[0] + u * (fx[1] - fx[0]), 2), round(fy[0] + v * (fy[1] - fy[0]), 2))

    def _data_to_plot(self, rect: pygame.Rect, row) -> tuple[float, float]:
        fx, fy = self.bounds()
        return (rect.x + (row[0] - fx[0]) / (fx[1] - fx[0]) * rect.width,
                rect.bottom - (row[1] - fy[0]) / (fy[1] - fy[0]) * rect.height)

    def _formula_box(self) -> pygame.Rect:
        bar = self.regions()["bar"]
        if not bar.height:
            return pygame.Rect(0, 0, 0, 0)
        px = self.app.px
        return pygame.Rect(bar.x, bar.y + px(22), bar.width, px(30))

    def _close_prompt(self) -> None:
        self.prompt = None
        self.quitting = False

