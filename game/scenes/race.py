"""The AI race: pick a line-up, tune each racer, click a start, and watch them descend side by side."""

from __future__ import annotations

import time

import numpy as np
import pygame
import pygame_gui

from engine.basins import Basins
from engine.level import Level
from engine.optim import NAMES, complete
from engine.optim.spec import param_table
from engine.race import Race

from ..gfx import ACCENT, BAD, DIM, GOOD, INK, OPTIMIZER_COLORS, arrow, fmt, legend, marker_global, panel, text
from ..input import Binding
from ..render.basins import BasinLayer
from ..render.plot import draw_loss_plot
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
        Binding((pygame.K_ESCAPE,), "back", "back"),
    ]
    MOUSE = [("Click the map", "set the common start"), ("Checkboxes", "choose the line-up and overlays"),
             ("Sliders", "tune the selected racer (learning rate on a log scale)")]

    def __init__(self, app, level: Level, lineup=None, start=None, seed: int | None = None) -> None:
        super().__init__(app)
        self.level = level
        self.title = f"Race — {level.title}"
        self.seed = level.race["seed"] if seed is None else seed
        self.steps = level.race["steps"]
        self.start = tuple(start) if start is not None else level.start(np.random.default_rng(self.seed))
        # The line-up, in order; the same optimizer may race several times (say, gd at three strides).
        self.entries: list[tuple[str, dict]] = [(n, dict(g)) for n, g in (lineup or level.lineup())]
        self.sel = 0  # the entry being tuned
        self.speed_index = 2
        self.playing = False
        self.acc = 0.0
        self.show = {"grad": False, "velocity": False, "goal": False}
        self.swarm: Race | None = None
        self.basins: BasinLayer | None = None
        self.history: dict[int, list[float]] = {}
        self.widgets: dict[str, object] = {}
        self.reset()

    # ------------------------------------------------------------------ model

    def lineup(self) -> list[tuple[str, dict]]:
        return list(self.entries)

    @property
    def active(self) -> list[str]:
        return [n for n, _ in self.entries]

    @property
    def selected(self) -> str:
        return self.entries[self.sel][0] if self.entries else "gd"

    def selected_params(self) -> dict:
        return self.entries[self.sel][1] if self.entries else {}

    def entry_label(self, i: int) -> str:
        from engine.optim import format_spec

        name, given = self.entries[i]
        shown = {k: v for k, v in given.items() if k in SLIDERS[name] or k == "schedule"}
        return f"{i + 1}. {format_spec(name, shown)}"

    def color(self, i: int) -> tuple[int, int, int]:
        """The optimizer's color; further copies of it are drawn in clearly different shades."""
        name = self.entries[i][0]
        base = OPTIMIZER_COLORS[name]
        k = [n for n, _ in self.entries[:i]].count(name)
        if k == 0:
            return base
        light = sum(base) > 600  # white-ish colors can only get darker
        toward_white = (k % 2 == 1) and not light
        t = 0.5 if toward_white else min(0.75, 0.3 * k + (0.15 if light else 0.0))
        target = (255, 255, 255) if toward_white else (0, 0, 0)
        return tuple(int(c + (d - c) * t) for c, d in zip(base, target, strict=True))

    def reset(self) -> None:
        self.race = Race(self.level.landscape, self.lineup(), self.start, self.steps, self.level.minimum,
                         seed=self.seed)
        self.history = {i: [float(r.hikers.reported_cost[0])] for i, r in enumerate(self.race.racers)}
        self.acc = 0.0
        if self.swarm is not None:
            self.make_swarm()
        if self.basins is not None:
            self.basins = self.make_basins()

    def make_swarm(self) -> None:
        starts = self.level.domain.uniform(np.random.default_rng(self.seed + 1), SWARM_SIZE)
        self.swarm = Race(self.level.landscape, [(self.selected, self.selected_params())], self.start,
                          self.steps, self.level.minimum, seed=self.seed, record_path=False, swarm=starts)

    def make_basins(self) -> BasinLayer:
        return BasinLayer(Basins(self.level.landscape, self.level.minimum, self.selected,
                                 self.selected_params(), self.steps, self.seed))

    def step_once(self) -> None:
        if self.race.finished:
            return
        self.race.step()
        for i, r in enumerate(self.race.racers):
            self.history[i].append(float(r.hikers.reported_cost[0]))
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
        # right column: line-up checkboxes
        rx = w - self.right_width() - px(16)
        ry = px(64)
        col_w = (self.right_width() - px(20)) // 3
        for i, name in enumerate(NAMES):
            cx = rx + px(30) + (i % 3) * col_w
            cy = ry + px(28) + (i // 3) * px(28)
            self.widgets["opt_" + name] = pygame_gui.elements.UICheckBox(
                pygame.Rect(cx, cy, px(18), px(18)), name, ui, initial_state=name in self.active,
                tool_tip_text=f"race {name}", object_id="#lineup")
        ry += px(28) + 3 * px(28) + px(8)
        if not self.entries:
            self.param_bottom = ry
            return
        self.sel = min(self.sel, len(self.entries) - 1)
        choices = [self.entry_label(i) for i in range(len(self.entries))]
        self.widgets["tune"] = pygame_gui.elements.UIDropDownMenu(
            choices, choices[self.sel], pygame.Rect(rx + px(60), ry, px(230), px(34)), ui)
        self.widgets["copy"] = pygame_gui.elements.UIButton(
            pygame.Rect(rx + px(298), ry, px(70), px(34)), "+ copy", ui,
            tool_tip_text="race another copy of this optimizer, e.g. to compare learning rates")
        self.widgets["remove"] = pygame_gui.elements.UIButton(
            pygame.Rect(rx + px(374), ry, px(70), px(34)), "remove", ui, tool_tip_text="take this racer out")
        ry += px(42)
        if self.selected != "annealing":
            scheds = ["constant", "step", "exponential", "cosine", "warmup"]
            current = self.current_params().get("schedule", "constant")
            self.widgets["schedule"] = pygame_gui.elements.UIDropDownMenu(
                scheds, current, pygame.Rect(rx + px(150), ry, self.right_width() - px(170), px(30)), ui)
            ry += px(36)
        params = self.current_params()
        for key in SLIDERS[self.selected]:
            if key not in params:
                continue
            lo, hi = SLIDER_RANGES[key]
            value = params[key]
            if key == "step" and value == 0:
                value = 0.05 * self.level.domain.diagonal
            pos = (np.log10(max(value, lo)) - np.log10(lo)) / (np.log10(hi) - np.log10(lo)) if key in LOG_PARAMS \
                else (value - lo) / (hi - lo)
            slider = pygame_gui.elements.UIHorizontalSlider(
                pygame.Rect(rx + px(150), ry, self.right_width() - px(170), px(26)), float(np.clip(pos, 0, 1)),
                (0.0, 1.0), ui, click_increment=0.01)
            self.widgets["slider_" + key] = slider
            ry += px(32)
        self.param_bottom = ry

    def current_params(self) -> dict:
        return complete(self.selected, self.selected_params(), self.steps)

    def slider_value(self, key: str, pos: float):
        lo, hi = SLIDER_RANGES[key]
        if key in LOG_PARAMS:
            v = 10 ** (np.log10(lo) + pos * (np.log10(hi) - np.log10(lo)))
            return float(f"{v:.3g}")
        v = lo + pos * (hi - lo)
        table = param_table(self.selected, self.selected_params())
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
        elif action == "next_racer" and self.entries:
            self.sel = (self.sel + 1) % len(self.entries)
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
            if event.ui_element is w.get("copy") and len(self.entries) < 9:
                self.entries.insert(self.sel + 1, (self.selected, dict(self.selected_params())))
                self.sel += 1
                self.reset()
                self.rebuild()
            elif event.ui_element is w.get("remove") and self.entries:
                del self.entries[self.sel]
                self.sel = max(0, self.sel - 1)
                self.reset()
                self.rebuild()
        elif event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED):
            on = event.type == pygame_gui.UI_CHECK_BOX_CHECKED
            for key, widget in list(w.items()):
                if event.ui_element is not widget:
                    continue
                if key.startswith("opt_"):
                    self.set_racer(key[4:], on)
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
                self.sel = int(event.text.split(".")[0]) - 1
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

    def set_racer(self, name: str, on: bool) -> None:
        if on and name not in self.active and len(self.entries) < 9:
            self.entries.append((name, {}))
            self.sel = len(self.entries) - 1
        elif not on:
            self.entries = [e for e in self.entries if e[0] != name]
            self.sel = 0
        self.reset()
        self.rebuild()

    def set_param(self, key: str, value, rebuild: bool = True) -> None:
        given = dict(self.selected_params())
        given[key] = value
        if key == "schedule":
            for k in ("gamma", "step_size", "t_max", "eta_min", "warmup", "start_factor"):
                given.pop(k, None)
        self.entries[self.sel] = (self.selected, given)
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
            self.basins.advance(budget_seconds=0.010)
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
        terrain, scale = self.app.terrain.get(self.level.id + str(self.level.path), self.level.landscape, view,
                                              self.app.settings.colormap, self.app.contour_lines())
        surface.blit(terrain, view.rect[:2])
        if self.basins is not None:
            self.basins.draw(surface, view)
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        legend(surface, (view.left + view.width + px(8), view.top, px(14), min(view.height, px(300))), scale,
               colormap(self.app.settings.colormap), px(12))
        if self.swarm is not None:
            pts = view.to_screen(self.swarm.racers[0].hikers.x)
            color = OPTIMIZER_COLORS[self.selected]
            for p in pts[:: max(1, len(pts) // 2000)]:
                surface.fill(color, (int(p[0]) - 2, int(p[1]) - 2, 4, 4))
        if self.show["goal"] or self.race.finished or (self.basins is not None and self.basins.done):
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
            color = self.color(i)
            path = np.array([p[0] for p in r.hikers.path])
            pts = view.to_screen(path)
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
            b = self.basins
            msg = (f"computing basins of {self.selected}… {b.progress:.0%}" if not b.done else
                   f"basins of {self.selected}: each color is one minimum; {b.global_share():.0%} of starts reach a "
                   "global one (★)")
            text(surface, msg, (title.right + px(24), px(20)), px(16), ACCENT)

    def draw_panel(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, h = surface.get_size()
        rx = w - self.right_width() - px(16)
        text(surface, "Line-up", (rx, px(64)), px(17), ACCENT, bold=True)
        col_w = (self.right_width() - px(20)) // 3
        for i, name in enumerate(NAMES):
            cx = rx + px(18) + (i % 3) * col_w
            cy = px(64) + px(28) + (i // 3) * px(28) + px(9)
            pygame.draw.circle(surface, OPTIMIZER_COLORS[name], (cx, cy), px(6))
        y = px(64) + px(28) + 3 * px(28) + px(8)
        text(surface, "Tune", (rx, y + px(6)), px(17), ACCENT, bold=True)
        y += px(42)
        if not self.entries:
            text(surface, "Tick a box above to add a racer.", (rx, y), px(15), DIM)
            y += px(28)
        elif self.selected != "annealing":
            text(surface, "lr schedule", (rx, y + px(4)), px(15), INK)
            y += px(36)
        params = self.current_params() if self.entries else {}
        for key in SLIDERS[self.selected] if self.entries else ():
            if key not in params:
                continue
            value = params[key]
            shown = fmt(value) if not (key == "step" and value == 0) else "auto"
            text(surface, f"{key} = {shown}", (rx, y + px(3)), px(15), INK)
            y += px(32)
        y = max(y, getattr(self, "param_bottom", y)) + px(6)
        y = self.draw_leaderboard(surface, rx, y)
        plot = pygame.Rect(rx, y + px(6), self.right_width() - px(8), h - px(72) - y)
        if plot.height > px(80):
            series = [(self.color(i), self.history[i]) for i, r in enumerate(self.race.racers)]
            draw_loss_plot(surface, plot, series, self.level.minimum.value, self.steps, px)

    def draw_leaderboard(self, surface: pygame.Surface, x: int, y: int) -> int:
        px = self.app.px
        m = self.level.minimum
        text(surface, "Leaderboard", (x, y), px(17), ACCENT, bold=True)
        y += px(26)
        cols = (0, px(26), px(140), px(240), px(335))
        for c, label in zip(cols, ("#", "racer", "altitude", "to min", "reached"), strict=True):
            text(surface, label, (x + c, y), px(13), DIM)
        y += px(19)
        index = {id(r): i for i, r in enumerate(self.race.racers)}
        for rank, r in enumerate(self.race.standings(), 1):
            h = r.hikers
            i = index[id(r)]
            dist = float(m.distance(h.reported_x[:1])[0])
            reached = "fell" if h.fell[0] else ("-" if r.reached_at is None else f"step {r.reached_at}")
            color = BAD if h.fell[0] else (GOOD if r.reached_at is not None else INK)
            text(surface, str(rank), (x + cols[0], y), px(15), INK)
            pygame.draw.circle(surface, self.color(i), (x + cols[1] + px(5), y + px(9)), px(5))
            name = r.name if self.active.count(r.name) == 1 else f"{r.name} {i + 1}"
            text(surface, name, (x + cols[1] + px(16), y), px(15), INK)
            text(surface, fmt(float(h.reported_cost[0])), (x + cols[2], y), px(15), INK, mono=True)
            text(surface, fmt(dist), (x + cols[3], y), px(15), INK, mono=True)
            text(surface, reached, (x + cols[4], y), px(15), color)
            y += px(21)
        return y

    def draw_podium(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        top = self.race.standings()[:3]
        if not top:
            return
        index = {id(r): i for i, r in enumerate(self.race.racers)}
        rect = pygame.Rect(0, 0, px(420), px(170))
        rect.midbottom = (view.left + view.width // 2, view.top + view.height - px(12))
        panel(surface, rect, (14, 18, 26, 230), border=ACCENT)
        text(surface, "Podium", (rect.centerx, rect.y + px(8)), px(18), ACCENT, bold=True, anchor="midtop")
        heights = (px(74), px(52), px(38))
        slots = (1, 0, 2)  # silver, gold, bronze from left to right
        width = px(120)
        for col, place in enumerate(slots):
            if place >= len(top):
                continue
            r = top[place]
            bx = rect.x + px(22) + col * (width + px(8))
            block = pygame.Rect(bx, rect.bottom - px(12) - heights[place], width, heights[place])
            pygame.draw.rect(surface, ((212, 175, 55), (192, 192, 200), (205, 127, 50))[place], block,
                             border_radius=6)
            text(surface, str(place + 1), block.center, px(22), (20, 20, 20), bold=True, anchor="center",
                 shadow=False)
            i = index[id(r)]
            name = r.name if self.active.count(r.name) == 1 else f"{r.name} {i + 1}"
            text(surface, name, (block.centerx, block.y - px(4)), px(15), self.color(i), bold=True,
                 anchor="midbottom")
