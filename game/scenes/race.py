"""The AI race: pick a line-up, tune each racer, click a start, and watch them descend side by side."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pygame
import pygame_gui

from engine.basins import Basins
from engine.level import Level
from engine.optim import NAMES, OPTIMIZERS
from engine.optim.schedules import SCHEDULES
from engine.optim.spec import param_table
from engine.race import Race

from ..gfx import arrow, axes, axis_names, fmt, legend, marker_global
from ..input import Binding
from ..lineup import Lineup
from ..render.basins import BasinLayer
from ..render.palette import OPTIMIZER_COLORS
from ..render.plot import draw_loss_plot
from ..render.standings import draw_leaderboard, draw_podium
from ..render.text import ACCENT, BAD, DIM, INK, text, wrap
from ..render.view import View
from ..resources import colormap
from .base import Scene

SPEEDS = (1, 2, 4, 8, 16, 32)
STEPS_PER_SECOND = 8  # at 1x
SWARM_SIZE = 2000
SLIDERS = {  # which parameters get a slider, per optimizer (the rest keep their values)
    "gd": ("lr",), "momentum": ("lr", "momentum"), "nesterov": ("lr", "momentum"), "adagrad": ("lr",),
    "rmsprop": ("lr", "alpha", "momentum"), "adam": ("lr", "beta1", "beta2"), "sgd": ("lr", "noise", "batch"),
    "annealing": ("step", "t0", "cooling"), "restarts": ("lr", "every"),
}
SLIDER_RANGES = {"lr": (1e-5, 10.0), "momentum": (0.0, 0.99), "alpha": (0.5, 0.999), "beta1": (0.0, 0.99),
                 "beta2": (0.9, 0.9999), "noise": (0.0, 20.0), "batch": (1, 64), "step": (0.0, 100.0),
                 "t0": (0.01, 1000.0), "cooling": (0.9, 0.9999), "every": (5, 500)}
LOG_PARAMS = {"lr", "t0"}


@dataclass(frozen=True)
class PanelLayout:
    """Where everything of the right-hand panel goes: computed once, used by the widgets and the drawing."""

    x: int  # the panel's left edge
    width: int
    lineup_title: int  # y of the "Line-up" heading
    lineup_rows: tuple[tuple[int, int], ...]  # (x, y) of each optimizer's checkbox, in NAMES order
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
        Binding((pygame.K_s,), "swarm", "toggle the swarm of the selected optimizer"),
        Binding((pygame.K_b,), "basins", "toggle the basins map of the selected optimizer"),
        Binding((pygame.K_TAB,), "next_racer", "select the next racer to tune"),
        Binding((pygame.K_RIGHTBRACKET,), "lr_up", "raise the selected racer's learning rate (x1.25)"),
        Binding((pygame.K_LEFTBRACKET,), "lr_down", "lower the selected racer's learning rate (/1.25)"),
        Binding((pygame.K_k,), "schedule", "next learning-rate schedule for the selected racer"),
        Binding((pygame.K_ESCAPE,), "back", "back"),
    ]
    MOUSE = [("Click the map", "set the common start"), ("Checkboxes", "choose the line-up and overlays"),
             ("Sliders", "tune the selected racer (learning rate on a log scale)")]

    def __init__(self, app, level: Level, lineup=None, start=None, seed: int | None = None,
                 steps: int | None = None) -> None:
        super().__init__(app)
        self.level = level
        self.title = f"Race — {level.title}"
        self.seed = level.race.seed if seed is None else seed
        self.steps = level.race.steps if steps is None else int(steps)
        self.start = tuple(start) if start is not None else level.start(np.random.default_rng(self.seed))
        self.lineup = Lineup(lineup or level.lineup(), SLIDERS)
        self.speed_index = 2
        self.playing = False
        self.acc = 0.0
        self.show = {"grad": False, "velocity": False, "goal": False}
        self.swarm: Race | None = None
        self.basins: BasinLayer | None = None
        self.history = np.empty((0, 0))  # altitude per step (rows) and racer (columns)
        self.widgets: dict[str, object] = {}
        self.reset()

    # ------------------------------------------------------------------ model

    def reset(self) -> None:
        self.race = Race(self.level.landscape, self.lineup.specs(), self.start, self.steps, self.level.minimum,
                         seed=self.seed)
        self.history = np.full((self.steps + 1, len(self.race.racers)), np.nan)
        self.history[0] = [float(r.hikers.reported_cost[0]) for r in self.race.racers]
        self.acc = 0.0
        if self.swarm is not None:
            self.make_swarm()
        if self.basins is not None:
            self.basins = self.make_basins()

    def make_swarm(self) -> None:
        starts = self.level.domain.uniform(np.random.default_rng(self.seed + 1), SWARM_SIZE)
        self.swarm = Race(self.level.landscape, [(self.selected, self.lineup.selected_params())], self.start,
                          self.steps, self.level.minimum, seed=self.seed, record_path=False, swarm=starts)

    def make_basins(self) -> BasinLayer:
        return BasinLayer(Basins(self.level.landscape, self.level.minimum, self.selected,
                                 self.lineup.selected_params(), self.steps, self.seed))

    def step_once(self) -> None:
        if self.race.finished:
            return
        self.race.step()
        self.history[self.race.t] = [float(r.hikers.reported_cost[0]) for r in self.race.racers]
        if self.swarm is not None:
            self.swarm.step()
        if self.race.finished:
            self.playing = False
            self.app.sound.play("chime")

    # ------------------------------------------------------------------ widgets

    def right_width(self) -> int:
        return self.app.px(450)

    def map_rect(self) -> tuple[int, int, int, int]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        return (px(16), px(64), w - self.right_width() - px(40) - px(60), h - px(64) - px(70))

    def build_ui(self) -> None:
        px = self.app.px
        ui = self.app.ui
        w, h = self.app.screen.get_size()
        self.widgets = {}
        # control bar under the map
        y = h - px(58)
        x = px(16)
        for key, label, width, tip in (("play", "Pause" if self.playing else "Play", 96, "play / pause (Space)"),
                                        ("step", "Step", 80, "one step (N)"), ("reset", "Reset", 80, "reset (R)")):
            self.widgets[key] = pygame_gui.elements.UIButton(pygame.Rect(x, y, px(width), px(42)), label, ui,
                                                              tool_tip_text=tip)
            x += px(width + 8)
        options = [f"{s}x" for s in SPEEDS]
        self.widgets["speed"] = pygame_gui.elements.UIDropDownMenu(options, options[self.speed_index],
                                                                   pygame.Rect(x, y, px(84), px(42)), ui)
        x += px(96)
        overlays = (("grad", "gradient", "gradient arrows (G)"), ("velocity", "update", "update arrows (V)"),
                    ("goal", "minimum", "the global minimum (X)"), ("swarm", "swarm", "2000 hikers (S)"),
                    ("basins", "basins", "basins of attraction (B)"))
        for key, label, tip in overlays:
            state = self.show.get(key, False) if key in self.show else (
                self.swarm is not None if key == "swarm" else self.basins is not None)
            self.widgets["chk_" + key] = pygame_gui.elements.UICheckBox(
                pygame.Rect(x, y + px(11), px(20), px(20)), label, ui, initial_state=state, tool_tip_text=tip)
            x += px(20) + px(12) + int(px(9.5) * len(label)) + px(8)
        # right column: line-up checkboxes, then the selected racer's controls
        lay = self.panel_layout()
        for name, (cx, cy) in zip(NAMES, lay.lineup_rows, strict=True):
            self.widgets["opt_" + name] = pygame_gui.elements.UICheckBox(
                pygame.Rect(cx + px(12), cy, px(18), px(18)), name, ui, initial_state=name in self.lineup.names,
                tool_tip_text=f"race {name}", object_id="#lineup")
        if not self.lineup:
            return
        rx = lay.x
        choices = [self.lineup.label(i) for i in range(len(self.lineup))]
        self.widgets["tune"] = pygame_gui.elements.UIDropDownMenu(
            choices, choices[self.lineup.sel], pygame.Rect(rx + px(60), lay.tune_y, px(230), px(34)), ui)
        self.widgets["copy"] = pygame_gui.elements.UIButton(
            pygame.Rect(rx + px(298), lay.tune_y, px(70), px(34)), "+ copy", ui,
            tool_tip_text="race another copy of this optimizer, e.g. to compare learning rates")
        self.widgets["remove"] = pygame_gui.elements.UIButton(
            pygame.Rect(rx + px(374), lay.tune_y, px(70), px(34)), "remove", ui, tool_tip_text="take this racer out")
        if lay.schedule_y is not None:
            current = self.current_params().get("schedule", "constant")
            self.widgets["schedule"] = pygame_gui.elements.UIDropDownMenu(
                list(SCHEDULES), current, pygame.Rect(rx + px(150), lay.schedule_y, lay.width - px(170), px(30)), ui)
        params = self.current_params()
        for key, sy in lay.sliders:
            lo, hi = SLIDER_RANGES[key]
            value = params[key]
            if key == "step" and value == 0:
                value = 0.05 * self.level.domain.diagonal
            pos = (np.log10(max(value, lo)) - np.log10(lo)) / (np.log10(hi) - np.log10(lo)) if key in LOG_PARAMS \
                else (value - lo) / (hi - lo)
            self.widgets["slider_" + key] = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(rx + px(150), sy, lay.width - px(170), px(26)), float(np.clip(pos, 0, 1)),
                (0.0, 1.0), ui, click_increment=0.01)

    def panel_layout(self) -> PanelLayout:
        px = self.app.px
        w, _ = self.app.screen.get_size()
        width = self.right_width()
        x = w - width - px(16)
        top = px(64)
        col_w = (width - px(20)) // 3
        rows = tuple((x + px(18) + (i % 3) * col_w, top + px(28) + (i // 3) * px(28)) for i in range(len(NAMES)))
        y = top + px(28) + 3 * px(28) + px(8)
        tune_y = y
        y += px(42)
        blurb_y = y
        y += px(22)
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
        else:
            y += px(28)
        return PanelLayout(x, width, top, rows, tune_y, blurb_y, schedule_y, tuple(sliders), y + px(6))

    @property
    def selected(self) -> str:
        return self.lineup.selected

    def current_params(self) -> dict:
        return self.lineup.full_params(self.steps)

    def slider_value(self, key: str, pos: float):
        lo, hi = SLIDER_RANGES[key]
        if key in LOG_PARAMS:
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
            self.playing = not self.playing and not self.race.finished
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
        elif action == "back":
            self.app.pop()
            return
        self.rebuild()

    def toggle_swarm(self) -> None:
        if self.swarm is None:
            self.make_swarm()
        else:
            self.swarm = None

    def toggle_basins(self) -> None:
        self.basins = self.make_basins() if self.basins is None else None

    def on_event(self, event: pygame.event.Event) -> None:
        w = self.widgets
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for key, action in (("play", "toggle"), ("step", "step"), ("reset", "reset")):
                if event.ui_element is w.get(key):
                    self.on_action(action)
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

    def update(self, dt: float) -> None:
        button = self.widgets.get("play")
        label = "Pause" if self.playing else "Play"
        if button is not None and button.text != label:
            button.set_text(label)
        if self.basins is not None:
            self.basins.basins.advance(budget_seconds=0.010)
        if not self.playing:
            return
        self.acc += dt * STEPS_PER_SECOND * SPEEDS[self.speed_index]
        deadline = time.perf_counter() + 0.012
        while self.acc >= 1 and not self.race.finished:
            self.step_once()
            self.acc -= 1
            if time.perf_counter() > deadline:  # never stall the frame; the rest waits for the next tick
                self.acc = min(self.acc, 1.0)
                break

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        view = View.fit(self.level.domain, self.map_rect())
        terrain, scale = self.app.terrain.get(self.level.id + str(self.level.source), self.level.landscape, view,
                                              self.app.settings.colormap, self.app.contour_lines())
        surface.blit(terrain, view.rect[:2])
        if self.basins is not None:
            self.basins.draw(surface, view)
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        axes(surface, view, px(12), axis_names(self.level))
        legend(surface, (view.left + view.width + px(8), view.top, px(14), min(view.height, px(300))), scale,
               colormap(self.app.settings.colormap), px(12))
        if self.swarm is not None:
            pts = view.to_screen(self.swarm.racers[0].hikers.x)
            color = OPTIMIZER_COLORS[self.selected]
            for p in pts[:: max(1, len(pts) // 2000)]:
                surface.fill(color, (int(p[0]) - 2, int(p[1]) - 2, 4, 4))
        if self.show["goal"] or self.race.finished or (self.basins is not None and self.basins.basins.done):
            for p in self.level.minimum.points:
                marker_global(surface, view.to_screen(p), px(10))
        self.draw_racers(surface, view)
        s = view.to_screen(self.start)
        pygame.draw.circle(surface, (255, 255, 255), s, px(7), 2)
        self.draw_header(surface)
        self.draw_panel(surface)
        if self.race.finished:
            self.draw_podium(surface, view)

    def draw_racers(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        for i, r in enumerate(self.race.racers):
            color = self.lineup.color(i)
            trail = r.hikers.path
            stride = max(1, len(trail) // 1500)  # a long race draws a thinned trail, not 10^5 segments
            pts = view.to_screen(np.array([p[0] for p in trail[::stride]] + [trail[-1][0]]))
            if len(pts) > 1:
                pygame.draw.lines(surface, color, False, pts.tolist(), 2)
            here = pts[-1]
            x = r.hikers.x[0]
            if self.show["grad"]:
                g = r.hikers.landscape.grad(x[None])[0]
                n = float(np.hypot(*g))
                if n > 0 and np.isfinite(n):
                    arrow(surface, (255, 255, 255), here, here + np.array([-g[0], g[1]]) / n * px(40), 2, px(8))
            if self.show["velocity"] and "update" in r.hikers.state:
                u = np.asarray(r.hikers.state["update"])[0]
                du = view.to_screen(x + u) - here
                n = float(np.hypot(*du))
                if n > 0 and np.isfinite(n):
                    end = here + du * min(1.0, px(80) / n) if n > px(80) else here + du
                    arrow(surface, color, here, end, 3, px(9))
            pygame.draw.circle(surface, (0, 0, 0), here, px(8))
            pygame.draw.circle(surface, BAD if r.hikers.fell[0] else color, here, px(6))

    def draw_header(self, surface: pygame.Surface) -> None:
        px = self.app.px
        title = text(surface, self.level.title, (px(18), px(12)), px(28), ACCENT, bold=True)
        state = "finished" if self.race.finished else ("running" if self.playing else "paused")
        text(surface, f"step {self.race.t} / {self.steps}   ·   {SPEEDS[self.speed_index]}x   ·   {state}   ·   "
                      f"start ({self.start[0]:.3g}, {self.start[1]:.3g}) — click the map to move it",
             (px(20), px(44)), px(15), DIM)
        if self.basins is not None:
            b = self.basins.basins
            msg = (f"computing basins of {self.selected}… {b.progress:.0%}" if not b.done else
                   f"basins of {self.selected}: each color is one minimum; {b.global_share():.0%} of starts reach a "
                   "global one (★)")
            text(surface, msg, (title.right + px(24), px(20)), px(16), ACCENT)

    def draw_panel(self, surface: pygame.Surface) -> None:
        px = self.app.px
        h = surface.get_height()
        lay = self.panel_layout()
        rx = lay.x
        text(surface, "Line-up", (rx, lay.lineup_title), px(17), ACCENT, bold=True)
        for name, (cx, cy) in zip(NAMES, lay.lineup_rows, strict=True):
            pygame.draw.circle(surface, OPTIMIZER_COLORS[name], (cx, cy + px(9)), px(6))
        text(surface, "Tune", (rx, lay.tune_y + px(6)), px(17), ACCENT, bold=True)
        if not self.lineup:
            text(surface, "Tick a box above to add a racer.", (rx, lay.blurb_y), px(15), DIM)
        else:
            blurb = wrap(OPTIMIZERS[self.selected].BLURB, px(14), lay.width - px(8))[0]
            text(surface, blurb, (rx, lay.blurb_y - px(2)), px(14), DIM)
        if lay.schedule_y is not None:
            text(surface, "lr schedule", (rx, lay.schedule_y + px(4)), px(15), INK)
        params = self.current_params() if self.lineup else {}
        for key, sy in lay.sliders:
            value = params[key]
            shown = fmt(value) if not (key == "step" and value == 0) else "auto"
            text(surface, f"{key} = {shown}", (rx, sy + px(3)), px(15), INK)
        y = self.draw_leaderboard(surface, rx, lay.bottom)
        plot = pygame.Rect(rx, y + px(6), lay.width - px(8), h - px(72) - y)
        if plot.height > px(80):
            done = self.history[: self.race.t + 1]
            series = [(self.lineup.color(i), done[:, i]) for i in range(done.shape[1])]
            draw_loss_plot(surface, plot, series, self.level.minimum.value, self.steps, px)

    def draw_leaderboard(self, surface: pygame.Surface, x: int, y: int) -> int:
        n = len(self.race.racers)
        return draw_leaderboard(surface, x, y, self.race, [self.lineup.display_name(i) for i in range(n)],
                                [self.lineup.color(i) for i in range(n)], self.app.px)

    def draw_podium(self, surface: pygame.Surface, view: View) -> None:
        n = len(self.race.racers)
        draw_podium(surface, view, self.race, [self.lineup.display_name(i) for i in range(n)],
                    [self.lineup.color(i) for i in range(n)], self.app.px)
