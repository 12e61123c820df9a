"""The AI race: pick a line-up, tune each racer, click a start, and watch them descend side by side.

Every racer has its own colour and marker shape. The line-up, its parameters and the start are remembered
per level for the session (and a line-up can be saved to a small file and loaded back). Every widget is
reachable with Tab; sliders move with Left/Right, dropdowns open with Enter.
"""

from __future__ import annotations

import math
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np
import pygame
import pygame_gui

from engine.basins import Basins
from engine.level import Level, build_landscape, user_data_dir
from engine.network import NetworkLandscape
from engine.optim import OPTIMIZERS, names
from engine.optim.schedules import SCHEDULES
from engine.optim.spec import param_table
from engine.race import Race

from ..gfx import arrow, axes, axis_names, draw_points, fmt, legend, marker, marker_global
from ..input import Binding
from ..lineup import Lineup, LineupTuning
from ..pacing import WorkPacer
from ..records import key_of, shown_path
from ..render.basins import BasinLayer
from ..render.boundary import draw_boundary, key_height
from ..render.cached import CachedDrawing
from ..render.palette import optimizer_color
from ..render.plot import draw_loss_plot
from ..render.standings import draw_leaderboard, draw_podium_strip, leaderboard_height
from ..render.terrain import terrain_rgb
from ..render.text import ACCENT, BAD, DIM, INK, fit, text, text_block, width_of
from ..render.view import View
from ..resources import colormap
from ..widgets import FocusRing
from .base import Scene

SPEEDS = (1, 2, 4, 8, 16, 32)
STEPS_PER_SECOND = 8  # at 1x
SWARM_SIZE = 2000
# A costly landscape (a network level: ``work_per_point`` multiply-adds for one point's altitude) would spend
# many frames' time on one swarm step or one basins slice-step. There, the swarm and a basins slice hold
# about FRAME_WORK units a step (a few ms), and the basins grid about MAP_WORK units in all.
FRAME_WORK = 1_000_000
MAP_WORK = 2_000_000_000
BASINS_GRID = 96


def point_work(landscape) -> int:
    """What one point's altitude costs, in the landscape's own units (0: cheap, nothing to scale)."""
    return int(getattr(landscape, "work_per_point", 0) or 0)


def swarm_size(landscape) -> int:
    """The swarm's hikers: SWARM_SIZE, fewer on a costly landscape (one swarm step about FRAME_WORK)."""
    work = point_work(landscape)
    return SWARM_SIZE if not work else max(32, min(SWARM_SIZE, FRAME_WORK // work))


def basins_shape(landscape, steps: int) -> tuple[int, int]:
    """The basins map's (grid, hikers per slice): 96 in one slice, or on a costly landscape a coarser grid
    (about MAP_WORK in all) in slices of about FRAME_WORK a step."""
    work = point_work(landscape)
    if not work:
        return BASINS_GRID, 128 * 128
    grid = int(max(16, min(BASINS_GRID, (MAP_WORK / (work * max(1, steps))) ** 0.5)))
    return grid, max(16, min(grid * grid, FRAME_WORK // work))


class SliderTable(dict):
    """Which parameters get a slider, per optimizer (the rest keep their values). A plugin optimizer gets its
    first three numeric parameters that have both ends of a range."""

    def __missing__(self, name: str) -> tuple[str, ...]:
        cls = OPTIMIZERS.get(name)
        if cls is None:
            return ()
        keys = tuple(k for k, p in cls.PARAMS.items() if p.kind in (int, float) and p.lo is not None
                     and p.hi is not None and p.hi > p.lo)[:3]
        return keys


SLIDERS = SliderTable({
    "gd": ("lr",), "momentum": ("lr", "momentum"), "nesterov": ("lr", "momentum"), "adagrad": ("lr",),
    "rmsprop": ("lr", "alpha", "momentum"), "adam": ("lr", "beta1", "beta2"), "sgd": ("lr", "noise", "batch"),
    "annealing": ("step", "t0", "cooling"), "restarts": ("lr", "every"), "adamw": ("lr", "beta1", "weight_decay"),
    "nadam": ("lr", "beta1", "momentum_decay"), "radam": ("lr", "beta1", "beta2"), "adamax": ("lr", "beta1", "beta2"),
    "rprop": ("lr", "etaplus", "etaminus"), "lion": ("lr", "beta1", "beta2"),
})
SLIDER_RANGES = {"lr": (1e-5, 10.0), "momentum": (0.0, 0.99), "alpha": (0.5, 0.999), "beta1": (0.0, 0.99),
                 "beta2": (0.9, 0.9999), "noise": (0.0, 20.0), "batch": (1, 64), "step": (0.0, 100.0),
                 "t0": (0.01, 1000.0), "cooling": (0.9, 0.9999), "every": (5, 500), "weight_decay": (0.0, 0.5),
                 "momentum_decay": (0.0, 0.05), "etaplus": (1.01, 2.0), "etaminus": (0.1, 0.9)}
LOG_PARAMS = {"lr", "t0"}
LINEUP_COLUMNS = 3


def slider_range(name: str, key: str) -> tuple[float, float]:
    """A slider's ends: the table's, or a plugin parameter's own range."""
    if key in SLIDER_RANGES and name in SLIDERS:
        return SLIDER_RANGES[key]
    p = OPTIMIZERS[name].PARAMS.get(key) if name in OPTIMIZERS else None
    if p is not None and p.lo is not None and p.hi is not None:
        return (max(p.lo, p.hi * 1e-6) if p.log else p.lo), p.hi
    return SLIDER_RANGES.get(key, (0.0, 1.0))


def is_log(name: str, key: str) -> bool:
    if name in SLIDERS:
        return key in LOG_PARAMS
    p = OPTIMIZERS[name].PARAMS.get(key) if name in OPTIMIZERS else None
    return bool(p is not None and p.log)


MIN_PLOT = 96  # the loss plot's smallest height (base pixels): the leaderboard shortens to keep it
LINEUP_FILE = "lineup.txt"


def lineup_path():
    return user_data_dir() / LINEUP_FILE


@dataclass(frozen=True)
class PanelLayout:
    """Where everything of the right-hand panel goes: computed once, used by the widgets and the drawing."""

    x: int  # the panel's left edge
    width: int
    lineup_title: int  # y of the "Line-up" heading
    lineup_rows: tuple[tuple[int, int], ...]  # (x, y) of each optimizer's checkbox, in names() order
    tune_y: int  # the tune dropdown, copy and remove buttons
    blurb_y: int
    schedule_y: int | None  # None: the selected racer has no schedule (annealing) or there are no racers
    sliders: tuple[tuple[str, int], ...]  # (parameter, y) per slider
    bottom: int  # where the leaderboard starts


class RaceScene(Scene):
    title = "Race"
    KEYS = [
        Binding((pygame.K_SPACE,), "toggle", "play / pause"),
        Binding((pygame.K_n,), "step", "one single step"),
        Binding((pygame.K_r,), "reset", "reset the race to its start"),
        Binding((pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "faster", "faster (up to 32x)"),
        Binding((pygame.K_MINUS, pygame.K_KP_MINUS), "slower", "slower (down to 1x)"),
        Binding((pygame.K_g,), "grad", "toggle the gradient arrows"),
        Binding((pygame.K_v,), "velocity", "toggle the update (velocity) arrows"),
        Binding((pygame.K_x,), "goal", "show / hide the global minimum"),
        Binding((pygame.K_s,), "swarm", "toggle the swarm of the selected racer"),
        Binding((pygame.K_b,), "basins", "toggle the basins map of the selected racer"),
        Binding((pygame.K_t,), "next_racer", "tune the next racer"),
        Binding((pygame.K_RIGHTBRACKET,), "lr_up", "raise the tuned racer's learning rate (×1.25)"),
        Binding((pygame.K_LEFTBRACKET,), "lr_down", "lower the tuned racer's learning rate (÷1.25)"),
        Binding((pygame.K_k,), "schedule", "next learning-rate schedule for the tuned racer"),
        Binding((pygame.K_e,), "export", "save the race so far as a GIF (the notice says where)"),
        Binding((pygame.K_u,), "tune_all", "tune all: each racer's learning rate by a sweep (again: cancel)"),
        Binding((pygame.K_ESCAPE,), "back", "back"),
    ]
    MOUSE = [("Click the map", "set the common start"), ("Tab / Shift+Tab", "move the keyboard focus"),
             ("Enter on a focused widget", "press it; Left/Right move a slider"),
             ("Sliders", "tune the selected racer (learning rate on a log scale)")]

    def __init__(self, app, level: Level, lineup=None, start=None, seed: int | None = None,
                 steps: int | None = None) -> None:
        super().__init__(app)
        self.level = level
        self.title = f"Race — {level.title}"
        self.memory_key = ("race", key_of(level))
        remembered = app.memory.get(self.memory_key, {})
        self.seed = level.race.seed if seed is None else seed
        self.steps = level.race.steps if steps is None else int(steps)
        if start is None:
            start = remembered.get("start")
        self.start = tuple(start) if start is not None else level.start(np.random.default_rng(self.seed))
        entries = lineup if lineup is not None else remembered.get("lineup", level.lineup())
        self.lineup = Lineup(entries, SLIDERS)
        if lineup is None and "sel" in remembered:
            self.lineup.select(remembered["sel"])
        self.speed_index = remembered.get("speed", 2)
        self.playing = False
        self.acc = 0.0
        self.show = dict(remembered.get("show", {"grad": False, "velocity": False, "goal": False}))
        self.swarm: Race | None = None
        self.basins: BasinLayer | None = None
        self.pacers: dict[tuple[str, str], WorkPacer] = {}  # the basins work per frame, per optimizer and backend
        self.frame_seen = -1  # the app frame of the last update: work is bounded per frame, not per update
        self.steps_this_frame = 0
        self.trails: dict[int, tuple] = {}  # per racer: its trail on screen so far (draw_racers)
        self.map_job: tuple[tuple, Future] | None = None  # the map's terrain image, drawn in a background job
        self.plot = CachedDrawing()  # the loss plot and the leaderboard change only when the race steps
        self.board = CachedDrawing()
        self.history_version = 0  # bumped whenever the loss history changes (the plot redraws only then)
        self.history = np.empty((0, 0))  # altitude per step (rows) and racer (columns)
        self.tuning: LineupTuning | None = None  # "Tune all" at work
        self.widgets: dict[str, object] = {}
        self.focus = FocusRing()
        self.reset()

    def exit(self) -> None:
        """Remember this level's line-up, parameters, start and view for the rest of the session."""
        self.app.memory[self.memory_key] = {
            "lineup": [(n, dict(g)) for n, g in self.lineup.entries], "sel": self.lineup.sel,
            "start": self.start, "speed": self.speed_index, "show": dict(self.show)}

    # ------------------------------------------------------------------ model

    def reset(self) -> None:
        self.race = Race(self.level.landscape, self.lineup.specs(), self.start, self.steps, self.level.minimum,
                         seed=self.seed)
        self.history = np.full((self.steps + 1, len(self.race.racers)), np.nan)
        self.history[0] = [float(r.hikers.reported_cost[0]) for r in self.race.racers]
        self.history_version += 1
        self.trails = {}
        self.acc = 0.0
        if not self.lineup:  # nobody left to race: nothing runs, no swarm, no basins
            self.playing = False
            self.swarm = None
            self.basins = None
            return
        if self.swarm is not None:
            self.make_swarm()
        if self.basins is not None:
            self.basins = self.make_basins()

    def make_swarm(self) -> None:
        starts = self.level.domain.uniform(np.random.default_rng(self.seed + 1), swarm_size(self.level.landscape))
        self.swarm = Race(self.level.landscape, [(self.selected, self.lineup.selected_params())], self.start,
                          self.steps, self.level.minimum, seed=self.seed, record_path=False, swarm=starts)

    def make_basins(self) -> BasinLayer:
        # The compiled step only once the App has loaded it (a background warm-up): until then NumPy, so no
        # frame waits for numba. Both give the same map (to 1e-12 per step).
        backend = "auto" if self.app.fast_ready() else "numpy"
        grid, per_slice = basins_shape(self.level.landscape, self.steps)
        return BasinLayer(Basins(self.level.landscape, self.level.minimum, self.selected,
                                 self.lineup.selected_params(), self.steps, self.seed, grid=grid, backend=backend,
                                 slice_hikers=per_slice))

    def basins_pacer(self) -> WorkPacer:
        """The basins map's work per frame, per optimizer and backend on this level: a whole number of
        slice-steps, sized by what the last few frames' hiker-steps cost (game/pacing.py)."""
        b = self.basins.basins
        key = (self.selected, b.hikers.slices[0].backend)
        if key not in self.pacers:
            self.pacers[key] = WorkPacer(b.slice_size, clock=self.app.work_clock)
        return self.pacers[key]

    def step_once(self) -> None:
        if self.race.finished or not self.lineup:
            return
        self.race.step()
        self.history[self.race.t] = [float(r.hikers.reported_cost[0]) for r in self.race.racers]
        self.history_version += 1
        if self.swarm is not None:
            self.swarm.step()
        if self.race.finished:
            self.playing = False
            self.app.sound.play("chime")

    # ------------------------------------------------------------------ widgets

    def right_width(self) -> int:
        return self.app.px(450)

    def boundary_width(self) -> int:
        """Room beside the map for a network level's decision boundary (0 on other levels)."""
        return self.app.px(176) if isinstance(self.level.landscape, NetworkLandscape) else 0

    def map_rect(self) -> tuple[int, int, int, int]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        return (px(16), px(76), w - self.right_width() - px(40) - px(60) - self.boundary_width(),
                h - px(76) - px(70))

    def boundary_rect(self, view: View) -> pygame.Rect:
        px = self.app.px
        x = view.left + view.width + px(72)
        width = min(self.panel_layout().x - px(16) - x, px(180))
        return pygame.Rect(x, view.top, width, min(view.height, width + px(40) + key_height(width, px)))

    def toast_floor(self) -> int:
        """Notices sit above the control bar (Play, Step, Reset, speed, the overlays)."""
        return self.app.screen.get_height() - self.app.px(70)

    def build_ui(self) -> None:
        px = self.app.px
        ui = self.app.ui
        w, h = self.app.screen.get_size()
        kept = self.focus.index
        self.focus.clear()
        self.widgets = {}
        add = self.focus.add
        # control bar under the map
        y = h - px(58)
        x = px(16)
        for key, label, width, tip in (("play", "Pause" if self.playing else "Play", 96, "play / pause (Space)"),
                                        ("step", "Step", 80, "one step (N)"), ("reset", "Reset", 80, "reset (R)")):
            self.widgets[key] = add(pygame_gui.elements.UIButton(pygame.Rect(x, y, px(width), px(42)), label, ui,
                                                                  tool_tip_text=tip))
            x += px(width + 8)
        options = [f"{s}x" for s in SPEEDS]
        self.widgets["speed"] = add(pygame_gui.elements.UIDropDownMenu(options, options[self.speed_index],
                                                                       pygame.Rect(x, y, px(84), px(42)), ui))
        x += px(96)
        overlays = (("grad", "gradient", "gradient arrows (G)"), ("velocity", "update", "update arrows (V)"),
                    ("goal", "minimum", "the global minimum (X)"), ("swarm", "swarm", "2000 hikers (S)"),
                    ("basins", "basins", "basins of attraction (B)"))
        limit = w - px(16)  # the bar runs under the whole window; labels that do not fit are left out
        for key, label, tip in overlays:
            state = self.show.get(key, False) if key in self.show else (
                self.swarm is not None if key == "swarm" else self.basins is not None)
            step = px(20) + px(12) + int(px(9.5) * len(label)) + px(8)
            shown = label if x + step <= limit else ""
            self.widgets["chk_" + key] = add(pygame_gui.elements.UICheckBox(
                pygame.Rect(x, y + px(11), px(20), px(20)), shown, ui, initial_state=state, tool_tip_text=tip))
            x += step if shown else px(30)
        # right column: line-up checkboxes, then the selected racer's controls
        lay = self.panel_layout()
        for name, (cx, cy) in zip(names(), lay.lineup_rows, strict=True):
            self.widgets["opt_" + name] = add(pygame_gui.elements.UICheckBox(
                pygame.Rect(cx + px(12), cy, px(18), px(18)), name, ui, initial_state=name in self.lineup.names,
                tool_tip_text=f"race {name}", object_id="#lineup"))
        rx = lay.x
        right = rx + lay.width
        tuning = self.tuning is not None
        self.widgets["tune_all"] = add(pygame_gui.elements.UIButton(
            pygame.Rect(right - px(250), lay.lineup_title - px(4), px(106), px(26)), "cancel" if tuning else "Tune all",
            ui, tool_tip_text="tune each racer's learning rate by a sweep from starts of their own (U)"))
        self.widgets["save"] = add(pygame_gui.elements.UIButton(
            pygame.Rect(right - px(140), lay.lineup_title - px(4), px(66), px(26)), "save", ui,
            tool_tip_text=f"save this line-up to a small file ({LINEUP_FILE})"))
        self.widgets["load"] = add(pygame_gui.elements.UIButton(
            pygame.Rect(right - px(68), lay.lineup_title - px(4), px(66), px(26)), "load", ui,
            tool_tip_text=f"load the line-up saved in {LINEUP_FILE}"))
        if not self.lineup:
            self.focus.keep(kept)
            return
        drop_w = lay.width - px(56) - 2 * px(82)
        choices = self.tune_choices(drop_w)
        self.widgets["tune"] = add(pygame_gui.elements.UIDropDownMenu(
            choices, choices[self.lineup.sel], pygame.Rect(rx + px(54), lay.tune_y, drop_w, px(34)), ui))
        self.widgets["copy"] = add(pygame_gui.elements.UIButton(
            pygame.Rect(right - 2 * px(82) + px(6), lay.tune_y, px(76), px(34)), "+ copy", ui,
            tool_tip_text="race another copy of this optimizer, e.g. to compare learning rates"))
        self.widgets["remove"] = add(pygame_gui.elements.UIButton(
            pygame.Rect(right - px(82) + px(6), lay.tune_y, px(76), px(34)), "remove", ui,
            tool_tip_text="take this racer out"))
        label_w = self.slider_label_width()
        if lay.schedule_y is not None:
            current = self.current_params().get("schedule", "constant")
            self.widgets["schedule"] = add(pygame_gui.elements.UIDropDownMenu(
                list(SCHEDULES), current, pygame.Rect(rx + label_w, lay.schedule_y, lay.width - label_w, px(30)), ui))
        params = self.current_params()
        for key, sy in lay.sliders:
            lo, hi = slider_range(self.selected, key)
            value = params[key]
            if key == "step" and value == 0:
                value = 0.05 * self.level.domain.diagonal
            pos = (np.log10(max(value, lo)) - np.log10(lo)) / (np.log10(hi) - np.log10(lo)) \
                if is_log(self.selected, key) else (value - lo) / (hi - lo)
            self.widgets["slider_" + key] = add(pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(rx + label_w, sy, lay.width - label_w, px(26)), float(np.clip(pos, 0, 1)),
                (0.0, 1.0), ui, click_increment=0.01), step=0.02)
        self.focus.keep(kept)

    def slider_label_width(self) -> int:
        """Room for the widest parameter name of the selected racer and its value (at least 150 base pixels,
        at most half the panel), so that names such as weight_decay are shown whole."""
        px = self.app.px
        size = px(15)
        names = [key for key, _ in self.panel_layout().sliders] + ["lr schedule"]
        need = max(width_of(name, size) for name in names) + width_of("0.0001", size) + px(20)
        return int(min(max(px(150), need), self.panel_layout().width // 2))

    def tune_choices(self, width: int) -> list[str]:
        """The tune menu's options, each shortened to the menu's width (with an ellipsis) but still unique:
        they start with the racer's number."""
        size = self.app.px(16)
        return [fit(self.lineup.label(i), size, width - self.app.px(44)) for i in range(len(self.lineup))]

    def panel_layout(self) -> PanelLayout:
        px = self.app.px
        w, _ = self.app.screen.get_size()
        width = self.right_width()
        x = w - width - px(16)
        top = px(20)
        col_w = (width - px(20)) // LINEUP_COLUMNS
        count = len(names())
        rows = tuple((x + px(18) + (i % LINEUP_COLUMNS) * col_w, top + px(30) + (i // LINEUP_COLUMNS) * px(26))
                     for i in range(count))
        y = top + px(30) + -(-count // LINEUP_COLUMNS) * px(26) + px(6)
        tune_y = y
        y += px(42)
        blurb_y = y
        y += px(38)
        schedule_y = None
        sliders: list[tuple[str, int]] = []
        if self.lineup:
            self.lineup.select(self.lineup.sel)
            if self.selected != "annealing":
                schedule_y = y
                y += px(36)
            params = self.current_params()
            for key in SLIDERS[self.selected]:
                if key in params:
                    sliders.append((key, y))
                    y += px(32)
        return PanelLayout(x, width, top, rows, tune_y, blurb_y, schedule_y, tuple(sliders), y + px(6))

    @property
    def selected(self) -> str:
        return self.lineup.selected

    def current_params(self) -> dict:
        return self.lineup.full_params(self.steps)

    def slider_value(self, key: str, pos: float):
        lo, hi = slider_range(self.selected, key)
        if is_log(self.selected, key):
            v = 10 ** (np.log10(lo) + pos * (np.log10(hi) - np.log10(lo)))
            return float(f"{v:.3g}")
        v = lo + pos * (hi - lo)
        table = param_table(self.selected, self.lineup.selected_params())
        if table[key].kind is int:
            return int(round(v))
        return float(f"{v:.4g}")

    def rebuild(self) -> None:
        self.app.ui.clear_and_reset()
        self.build_ui()

    # ------------------------------------------------------------------ input

    def on_action(self, action: str) -> None:
        if action == "toggle":
            self.playing = not self.playing and not self.race.finished and bool(self.lineup) and self.tuning is None
        elif action == "step":
            self.playing = False
            self.step_once()
        elif action == "reset":
            self.reset()
            self.playing = False
        elif action in ("faster", "slower"):
            self.speed_index = int(np.clip(self.speed_index + (1 if action == "faster" else -1), 0, len(SPEEDS) - 1))
        elif action in self.show:
            self.show[action] = not self.show[action]
        elif action == "swarm":
            self.toggle_swarm()
        elif action == "basins":
            self.toggle_basins()
        elif action == "next_racer":
            self.lineup.select_next()
        elif action == "schedule" and self.lineup and "schedule" in self.current_params():
            current = self.current_params()["schedule"]
            self.set_param("schedule", SCHEDULES[(SCHEDULES.index(current) + 1) % len(SCHEDULES)], rebuild=False)
        elif action in ("lr_up", "lr_down") and self.lineup and "lr" in self.current_params():
            lr = self.current_params()["lr"] * (1.25 if action == "lr_up" else 0.8)
            self.set_param("lr", float(f"{min(10.0, max(1e-6, lr)):.4g}"), rebuild=False)
        elif action == "export":
            self.export()
            return
        elif action == "tune_all":
            self.toggle_tuning()
        elif action == "back":
            self.app.pop()
            return
        self.rebuild()

    def toggle_swarm(self) -> None:
        if self.swarm is None and self.lineup:
            self.make_swarm()
        else:
            self.swarm = None

    def toggle_basins(self) -> None:
        self.basins = self.make_basins() if self.basins is None and self.lineup else None

    def export(self) -> None:
        from ..export import save_gif

        path = self.app.capture_path(f"race-{self.level.id}", "gif")
        if not self.lineup:
            self.app.toast("No racers to save: tick a box in the line-up first.")
            return
        save_gif(self.level, self.race, path, colormap=self.app.settings.colormap, upto=max(1, self.race.t),
                 colors=self.lineup.colors())
        self.app.toast(f"Race saved as a GIF: {shown_path(path)}", 6)

    def save_lineup(self) -> None:
        path = lineup_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.lineup.to_text(), encoding="utf-8")
        except OSError as err:
            self.app.toast(f"Could not save the line-up: {err.strerror or err}", 5)
            return
        self.app.toast(f"Line-up saved: {shown_path(path)}", 5)

    def load_lineup(self) -> None:
        path = lineup_path()
        try:
            entries = Lineup.parse(path.read_text(encoding="utf-8")[:20_000], self.steps)
        except OSError:
            self.app.toast(f"No saved line-up yet ({shown_path(path)}): press save first.", 5)
            return
        except (ValueError, UnicodeDecodeError) as err:
            self.app.toast(f"{shown_path(path)} could not be read: {err}", 6)
            return
        self.lineup = Lineup(entries, SLIDERS)
        self.reset()
        self.rebuild()
        self.app.toast(f"Line-up loaded: {len(entries)} racers", 3)

    def on_event(self, event: pygame.event.Event) -> None:
        w = self.widgets
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, action in (("play", "toggle"), ("step", "step"), ("reset", "reset")):
                if event.ui_element is w.get(key):
                    self.on_action(action)
            if event.ui_element is w.get("tune_all"):
                self.toggle_tuning()
                self.rebuild()
            if event.ui_element is w.get("save"):
                self.save_lineup()
            elif event.ui_element is w.get("load"):
                self.load_lineup()
            changed = (event.ui_element is w.get("copy") and self.lineup.copy()) or (
                event.ui_element is w.get("remove") and self.lineup.remove())
            if changed:
                self.reset()
                self.rebuild()
        elif event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED):
            on = event.type == pygame_gui.UI_CHECK_BOX_CHECKED
            for key, widget in list(w.items()):
                if event.ui_element is not widget:
                    continue
                if key.startswith("opt_"):
                    self.lineup.toggle(key[4:], on)
                    self.reset()
                    self.rebuild()
                elif key in ("chk_swarm", "chk_basins"):
                    if (key == "chk_swarm") and on != (self.swarm is not None):
                        self.toggle_swarm()
                    if key == "chk_basins" and on != (self.basins is not None):
                        self.toggle_basins()
                elif key.startswith("chk_"):
                    self.show[key[4:]] = on
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is w.get("speed"):
                self.speed_index = SPEEDS.index(int(event.text.rstrip("x")))
            elif event.ui_element is w.get("tune"):
                self.lineup.select(int(event.text.split(".")[0]) - 1)
                self.rebuild()
            elif event.ui_element is w.get("schedule"):
                self.set_param("schedule", event.text)
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            for key, widget in w.items():
                if key.startswith("slider_") and event.ui_element is widget:
                    self.set_param(key[7:], self.slider_value(key[7:], float(event.value)), rebuild=False)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            view = View.fit(self.level.domain, self.map_rect())
            if view.contains(*event.pos):
                self.start = view.to_world(*event.pos)
                self.reset()
                self.app.sound.play("click")

    def set_param(self, key: str, value, rebuild: bool = True) -> None:
        self.lineup.set_param(key, value)
        self.reset()
        if rebuild:
            self.rebuild()

    # ------------------------------------------------------------------ simulation

    def steps_per_frame(self) -> int:
        """The most race steps one frame takes: a frame's worth at this speed, and one to catch up. After a slow
        frame the App runs several updates; bounding the work per frame (not per update) keeps a slow frame
        from making the next one slower still: the race falls behind its speed instead."""
        return math.ceil(STEPS_PER_SECOND * SPEEDS[self.speed_index] / 60) + 1

    # ------------------------------------------------------------------ tune all

    def toggle_tuning(self) -> None:
        """"Tune all" (U): start tuning every racer's learning rate; pressed again while at work, cancel."""
        if self.tuning is not None:
            self.tuning = None
            self.app.toast("Tuning cancelled: the line-up keeps its values.", 3)
            return
        if not self.lineup:
            self.app.toast("No racers to tune: tick a box in the line-up first.", 4)
            return
        self.playing = False
        self.tuning = LineupTuning(self.level, self.lineup.specs(), self.steps, self.seed)

    def advance_tuning(self) -> None:
        """A frame's share of "Tune all": a bounded number of sweep steps; at the end, the chosen values go into
        the line-up (unless the line-up changed meanwhile, which cancels)."""
        job = self.tuning
        if job is None:
            return
        if self.lineup.specs() != job.entries:
            self.tuning = None
            self.app.toast("Tuning cancelled: the line-up changed.", 3)
            self.rebuild()
            return
        job.advance(budget_seconds=LineupTuning.FRAME_SECONDS)
        if job.done:
            self.tuning = None
            self.lineup.entries = job.tuned_entries()
            self.reset()
            self.rebuild()
            self.app.toast(job.summary(), 8)

    def update(self, dt: float) -> None:
        self.advance_tuning()
        button = self.widgets.get("play")
        label = "Pause" if self.playing else "Play"
        if button is not None and button.text != label:
            button.set_text(label)
        if self.terrain(View.fit(self.level.domain, self.map_rect())) is None:
            return  # the map is still being drawn: nothing runs on a blank map (and scripted frames wait)
        frame = self.app.frame
        if frame != self.frame_seen:
            self.frame_seen = frame
            self.steps_this_frame = 0
            if self.basins is not None and not self.basins.basins.done:
                self.basins.advance(self.basins_pacer())  # at most the pacer's hiker-steps, once a frame
        if not self.playing:
            return
        self.acc += dt * STEPS_PER_SECOND * SPEEDS[self.speed_index]
        cap = self.steps_per_frame()
        while self.acc >= 1 and not self.race.finished:
            if self.steps_this_frame >= cap:  # the rest waits for the next frame
                self.acc = min(self.acc, 1.0)
                break
            self.step_once()
            self.steps_this_frame += 1
            self.acc -= 1

    # ------------------------------------------------------------------ drawing

    def names(self) -> list[str]:
        return [self.lineup.display_name(i) for i in range(len(self.lineup))]

    def shapes(self) -> list[str]:
        return [self.lineup.shape(i) for i in range(len(self.lineup))]

    @property
    def busy(self) -> bool:
        """While the map is being drawn in the background, scripted keys and counted frames wait (App.run)."""
        return self.map_job is not None

    def terrain(self, view: View):
        """The map's terrain surface and scale, or None while a background job still draws it. A map at window
        size is up to 1.5 million pixels (0.2 to 1 s of work): in one frame it would freeze the window."""
        cmap, contours = self.app.settings.colormap, self.app.contour_lines()
        key = self.app.terrain.key(self.level.id + str(self.level.source), self.level.landscape, view, cmap,
                                   contours)
        done = self.app.terrain.peek(key)
        if done is not None:
            self.map_job = None
            return done
        if self.map_job is None or self.map_job[0] != key:
            spec = self.level.spec.landscape  # the job builds its own landscape: the race's is in use meanwhile

            def draw_map():
                return terrain_rgb(build_landscape(spec), view.width, view.height, cmap, contours)

            self.map_job = (key, self.app.jobs.submit(draw_map))
        job = self.map_job[1]
        if not job.done():
            return None
        self.map_job = None
        try:
            rgb, scale = job.result()
        except Exception:  # noqa: BLE001 - drawn here instead, with the race's own landscape
            rgb, scale = terrain_rgb(self.level.landscape, view.width, view.height, cmap, contours)
        return self.app.terrain.store(key, rgb, scale)

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        view = View.fit(self.level.domain, self.map_rect())
        made = self.terrain(view)
        if made is None:
            pygame.draw.rect(surface, (24, 30, 42), view.rect)
            text(surface, "drawing the map…", (view.left + view.width // 2, view.top + view.height // 2), px(16),
                 DIM, anchor="center", max_width=view.width - px(8), box=pygame.Rect(view.rect))
        else:
            terrain, scale = made
            surface.blit(terrain if self.basins is None else self.basins.over(terrain, view), view.rect[:2])
        if self.basins is not None and made is None:
            self.basins.draw(surface, view)
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        axes(surface, view, px(12), axis_names(self.level))
        network = self.boundary_width() > 0
        if made is not None:
            legend(surface, (view.left + view.width + px(8), view.top, px(14), min(view.height, px(300))), scale,
                   colormap(self.app.settings.colormap), px(12),
                   right=self.boundary_rect(view).left - px(4) if network else self.panel_layout().x - px(8))
        if network and self.lineup:
            i = min(self.lineup.sel, len(self.race.racers) - 1)
            draw_boundary(surface, self.boundary_rect(view), self.level.landscape, self.race.racers[i].hikers.x[0],
                          f"{self.names()[i]}'s network", px, self.lineup.colors()[i])
        if self.swarm is not None and self.lineup:
            pts = view.to_screen(self.swarm.racers[0].hikers.x)
            draw_points(surface, pts[:: max(1, len(pts) // SWARM_SIZE)], self.lineup.color(self.lineup.sel), 4)
        if self.show["goal"] or self.race.finished or (self.basins is not None and self.basins.basins.done):
            for p in self.level.minimum.points:
                marker_global(surface, view.to_screen(p), px(10))
        self.draw_racers(surface, view)
        s = view.to_screen(self.start)
        pygame.draw.circle(surface, (255, 255, 255), s, px(7), 2)
        self.draw_header(surface, view)
        self.draw_panel(surface)

    def draw_racers(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        colors = self.lineup.colors()
        shapes = self.shapes()
        for i, r in enumerate(self.race.racers):
            color = colors[i]
            pts = self.trail_points(r, view)
            if len(pts) > 1:
                pygame.draw.lines(surface, color, False, pts, 2)
            here = np.array(pts[-1])
            x = r.hikers.x[0]
            if self.show["grad"]:
                g = r.hikers.landscape.grad(x[None])[0]
                n = float(np.hypot(*g))
                if n > 0 and np.isfinite(n):
                    arrow(surface, (255, 255, 255), here, here + np.array([-g[0], g[1]]) / n * px(40), 2, px(8))
            if self.show["velocity"]:
                u = r.hikers.last_move[0]  # the displacement of the last step: the optimizer's update
                du = view.to_screen(x + u) - here
                n = float(np.hypot(*du))
                if n > 0 and np.isfinite(n):
                    end = here + du * min(1.0, px(80) / n) if n > px(80) else here + du
                    arrow(surface, color, here, end, 3, px(9))
            marker(surface, shapes[i], here, px(7), BAD if r.hikers.fell[0] else color)

    def trail_points(self, racer, view: View) -> list[list[float]]:
        """A racer's trail on screen (its last point twice): only the steps new since the last frame are
        converted; a long race draws a thinned trail (every stride-th point), converted afresh when it grows."""
        trail = racer.hikers.path
        stride = max(1, len(trail) // 1500)  # a long race draws a thinned trail, not 10^5 segments
        old = self.trails.get(id(racer))
        if old is not None and old[0] is racer and old[1] == view and old[2] == stride == 1 and old[3] <= len(trail):
            body = old[4]
            if old[3] < len(trail):
                body.extend(view.to_screen(np.array([p[0] for p in trail[old[3]:]])).tolist())
        else:
            body = view.to_screen(np.array([p[0] for p in trail[::stride]])).tolist()
        self.trails[id(racer)] = (racer, view, stride, len(trail), body)
        if stride > 1:
            return body + view.to_screen(np.array([trail[-1][0]])).tolist()
        return body + [body[-1]]

    def draw_header(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        lay = self.panel_layout()
        box = pygame.Rect(px(16), 0, lay.x - px(32), px(74))
        title = text(surface, self.level.title, (px(18), px(10)), px(28), ACCENT, bold=True, max_width=box.width // 2,
                     box=box)
        if not self.lineup:
            state = "no racers: tick a box in the line-up"
        else:
            state = "finished" if self.race.finished else ("running" if self.playing else "paused")
        line2 = pygame.Rect(px(20), px(48), box.right - px(20), px(22))
        if self.race.finished and self.lineup:
            status = text(surface, f"step {self.race.t} / {self.steps} · finished", line2.topleft, px(15), DIM,
                          max_width=line2.width // 3, box=box)
            draw_podium_strip(surface, pygame.Rect(status.right + px(16), line2.y, line2.right - status.right - px(16),
                                                   line2.height), self.race, self.names(), self.lineup.colors(),
                              self.shapes(), px)
        else:
            text(surface, f"step {self.race.t} / {self.steps}   ·   {SPEEDS[self.speed_index]}x   ·   {state}   ·   "
                          f"start ({self.start[0]:.3g}, {self.start[1]:.3g}): click the map to move it",
                 line2.topleft, px(15), DIM, max_width=line2.width, box=box)
        if self.tuning is not None:
            job = self.tuning
            area = pygame.Rect(title.right + px(20), px(8), box.right - title.right - px(20), px(36))
            text(surface, f"Tuning {job.index + 1}/{len(job.entries)}: {job.current}… {job.progress:.0%}",
                 area.topleft, px(15), ACCENT, max_width=area.width, box=box)
            bar = pygame.Rect(area.x, area.y + px(22), max(px(40), min(area.width, px(260))), px(8))
            pygame.draw.rect(surface, (70, 82, 104), bar, 1)
            pygame.draw.rect(surface, ACCENT, (bar.x, bar.y, int(bar.width * job.progress), bar.height))
        elif self.basins is not None and self.lineup:
            b = self.basins.basins
            msg = (f"computing basins of {self.selected}… {b.progress:.0%}" if not b.done else
                   f"basins of {self.selected}: each colour is one minimum; {b.global_share():.0%} of starts reach "
                   "a global one (★)")
            text_block(surface, msg, pygame.Rect(title.right + px(20), px(6), box.right - title.right - px(20),
                                                 px(40)), px(14), ACCENT, box=box)

    def draw_panel(self, surface: pygame.Surface) -> None:
        px = self.app.px
        h = surface.get_height()
        lay = self.panel_layout()
        rx = lay.x
        box = pygame.Rect(rx - px(4), 0, lay.width + px(8), h - px(64))
        text(surface, "Line-up", (rx, lay.lineup_title), px(17), ACCENT, bold=True, max_width=lay.width - px(256),
             box=box)
        for name, (cx, cy) in zip(names(), lay.lineup_rows, strict=True):
            pygame.draw.circle(surface, optimizer_color(name), (cx, cy + px(9)), px(6))
        text(surface, "Tune", (rx, lay.tune_y + px(6)), px(17), ACCENT, bold=True, max_width=px(52), box=box)
        if not self.lineup:
            text(surface, "Tick a box above to add a racer.", (rx, lay.blurb_y), px(15), DIM, max_width=lay.width,
                 box=box)
        else:
            text_block(surface, OPTIMIZERS[self.selected].BLURB, pygame.Rect(rx, lay.blurb_y - px(2), lay.width,
                       px(36)), px(14), DIM, box=box)
        label_w = self.slider_label_width() - px(8)
        if lay.schedule_y is not None:
            text(surface, "lr schedule", (rx, lay.schedule_y + px(4)), px(15), INK, max_width=label_w, box=box)
        params = self.current_params() if self.lineup else {}
        for key, sy in lay.sliders:
            value = params[key]
            shown = fmt(value) if not (key == "step" and value == 0) else "auto"
            r = text(surface, shown, (rx + label_w, sy + px(3)), px(15), INK, anchor="topright",
                     max_width=label_w // 2, box=box)
            text(surface, key, (rx, sy + px(3)), px(15), DIM, max_width=r.left - rx - px(6), box=box)
        plot_min = px(MIN_PLOT)
        bottom = h - px(72)
        board = pygame.Rect(rx, lay.bottom, lay.width, max(0, min(leaderboard_height(len(self.race.racers), px),
                                                                   bottom - plot_min - px(6) - lay.bottom)))
        colors = self.lineup.colors()
        shown_names, shapes = self.names(), self.shapes()
        looks = (self.history_version, tuple(shown_names), tuple(map(tuple, colors)), tuple(shapes))
        y = board.y + self.board.draw(surface, board, looks, lambda s, r: draw_leaderboard(
            s, r, self.race, shown_names, colors, shapes, px) - r.y)
        plot = pygame.Rect(rx, y + px(6), lay.width - px(8), bottom - y - px(6))
        if plot.height >= px(60):
            done = self.history[: self.race.t + 1]
            series = [(colors[i], done[:, i]) for i in range(done.shape[1])]
            floor = self.level.minimum.value
            self.plot.draw(surface, plot, looks, lambda s, r: draw_loss_plot(s, r, series, floor, self.steps, px))

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        super().draw_over_ui(surface)
