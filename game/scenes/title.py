"""The title screen: Play, Race, Settings, Quit over a live map where a few AI hikers descend."""

from __future__ import annotations

import numpy as np
import pygame

from engine.hikers import Hikers
from engine.landscapes import FunctionLandscape
from engine.optim import build

from ..input import Binding
from ..render.palette import OPTIMIZER_COLORS
from ..render.text import ACCENT, DIM, INK, text
from ..render.view import View
from ..widgets import ButtonColumn
from .base import Scene

BACKGROUND_LINEUP = [("gd", {"lr": 0.01}), ("momentum", {"lr": 0.002}), ("adam", {"lr": 0.15}),
                     ("rmsprop", {"lr": 0.05}), ("nesterov", {"lr": 0.002})]


class TitleScene(Scene):
    title = "Title"
    KEYS = [
        Binding((pygame.K_UP, pygame.K_w), "up", "select the button above"),
        Binding((pygame.K_DOWN, pygame.K_s), "down", "select the button below"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "press", "press the selected button"),
        Binding((pygame.K_p,), "play", "play a level blindfolded"),
        Binding((pygame.K_r,), "race", "watch the AI hikers race"),
        Binding((pygame.K_e,), "editor", "design your own level"),
        Binding((pygame.K_o,), "settings", "open the settings"),
        Binding((pygame.K_ESCAPE, pygame.K_q), "quit", "quit the game"),
    ]
    MOUSE = [("Click", "press a button")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.landscape = FunctionLandscape("himmelblau")
        self.rng = np.random.default_rng(1)
        self.menu: ButtonColumn | None = None
        self.timer = 0.0
        self._spawn()

    def _spawn(self) -> None:
        starts = self.landscape.domain.uniform(self.rng, 3)
        self.teams = [(name, Hikers(build(name, p), self.landscape, starts, self.rng, record_path=True))
                      for name, p in BACKGROUND_LINEUP]
        self.steps = 0

    def build_ui(self) -> None:
        px = self.app.px
        w, h = self.app.screen.get_size()
        self.menu = ButtonColumn(self.app.ui, [
            ("Play", self.open_play, "walk a landscape blindfolded (P)"),
            ("Race", self.open_race, "watch the optimizers race (R)"),
            ("Editor", self.open_editor, "design your own level (E)"),
            ("Settings", self.open_settings, "window, sound, colors (O)"),
            ("Quit", self.app.quit, "leave the game (Esc)"),
        ], w // 2, int(h * 0.42), px(340), px(60), px(16))

    def open_play(self) -> None:
        self.app.push(self.app.make("level_select", purpose="play"))

    def open_race(self) -> None:
        self.app.push(self.app.make("level_select", purpose="race"))

    def open_editor(self) -> None:
        self.app.push(self.app.make("editor_start"))

    def open_settings(self) -> None:
        self.app.push(self.app.make("settings"))

    def on_action(self, action: str) -> None:
        if self.menu.on_action(action):
            self.app.sound.play("click")
        elif action == "play":
            self.open_play()
        elif action == "race":
            self.open_race()
        elif action == "editor":
            self.open_editor()
        elif action == "settings":
            self.open_settings()
        elif action == "quit":
            self.app.quit()

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu:
            self.menu.handle(event)

    def update(self, dt: float) -> None:
        self.timer += dt
        interval = 0.25 if self.app.settings.reduced_motion else 0.06
        if self.timer >= interval:
            self.timer = 0.0
            for _, team in self.teams:
                team.step()
            self.steps += 1
            if self.steps > 220:
                self._spawn()

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        # The map fills the whole window (stretched to its shape), darkened under the menu.
        view = View(self.landscape.domain, 0, 0, w, h)
        terrain, _ = self.app.terrain.get("title", self.landscape, view, self.app.settings.colormap, 12)
        surface.blit(terrain, (0, 0))
        for name, team in self.teams:
            color = OPTIMIZER_COLORS[name]
            path = np.array(team.path[-60:])  # (T, N, 2)
            for i in range(path.shape[1]):
                pts = view.to_screen(path[:, i, :])
                if len(pts) > 1:
                    pygame.draw.lines(surface, color, False, pts.tolist(), 2)
                pygame.draw.circle(surface, (0, 0, 0), pts[-1], 7)
                pygame.draw.circle(surface, color, pts[-1], 5)
        veil = pygame.Surface((w, h), pygame.SRCALPHA)
        veil.fill((8, 10, 16, 150))
        surface.blit(veil, (0, 0))
        px = self.app.px
        text(surface, "Gradient Hiker", (w // 2, int(h * 0.16)), px(76), ACCENT, bold=True, anchor="center")
        text(surface, "Walk a cost function blindfolded. Race the optimizers. Find the hidden bottom.",
             (w // 2, int(h * 0.27)), px(22), INK, anchor="center")
        text(surface, "H or F1: controls   ·   F11: fullscreen   ·   M: mute", (w // 2, h - px(28)), px(16), DIM,
             anchor="center")
