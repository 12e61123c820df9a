"""The title screen: Play, Race, Settings, Quit over a live map where a few AI hikers descend."""

from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=1)
def title_landscape() -> FunctionLandscape:
    """One landscape for every title screen, so its map is drawn once (game/gfx.py TerrainCache), not again
    each time the player comes back to the title (0.3 s at 1920x1080)."""
    return FunctionLandscape("himmelblau")


class TitleScene(Scene):
    title = "Title"
    KEYS = [
        Binding((pygame.K_UP, pygame.K_w), "up", "focus the button above"),
        Binding((pygame.K_DOWN, pygame.K_s), "down", "focus the button below"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "press", "press the focused button"),
        Binding((pygame.K_p,), "play", "play a level blindfolded"),
        Binding((pygame.K_t,), "tutorial", "the tutorial: learn every control by doing it"),
        Binding((pygame.K_r,), "race", "watch the AI hikers race"),
        Binding((pygame.K_e,), "editor", "design your own level"),
        Binding((pygame.K_o,), "settings", "open the settings"),
        Binding((pygame.K_ESCAPE, pygame.K_q), "quit", "quit the game"),
    ]
    MOUSE = [("Click", "press a button")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.landscape = title_landscape()
        self.rng = np.random.default_rng(1)
        self.menu: ButtonColumn | None = None
        self.timer = 0.0
        self._spawn()

    def _spawn(self) -> None:
        starts = self.landscape.domain.uniform(self.rng, 3)
        self.teams = [(name, Hikers(build(name, p), self.landscape, starts, self.rng, record_path=True))
                      for name, p in BACKGROUND_LINEUP]
        self.steps = 0

    def menu_items(self):
        return [
            ("Play", self.open_play, "walk a landscape blindfolded (P)"),
            ("Tutorial", self.open_tutorial, "learn every control by doing it, one at a time (T)"),
            ("Race", self.open_race, "watch the optimizers race (R)"),
            ("Editor", self.open_editor, "design your own level (E)"),
            ("Settings", self.open_settings, "window, sound, play mode, colours (O)"),
            ("Quit", self.app.quit, "leave the game (Esc)"),
        ]

    def menu_layout(self, count: int) -> tuple[int, int, int]:
        """top, button height, gap: the menu fits between the tagline and the footer at any window size."""
        px = self.app.px
        h = self.app.screen.get_height()
        top = int(h * 0.34)
        room = h - px(56) - top
        gap = px(12)
        return top, max(px(30), min(px(58), (room - (count - 1) * gap) // count)), gap

    def build_ui(self) -> None:
        px = self.app.px
        w, _ = self.app.screen.get_size()
        items = self.menu_items()
        top, height, gap = self.menu_layout(len(items))
        self.menu = ButtonColumn(self.app.ui, items, w // 2, top, px(340), height, gap)

    def open_play(self) -> None:
        if not self.app.settings.tutorial_done:  # the first time: the tutorial first (it can be skipped)
            self.open_tutorial()
            return
        self.app.push(self.app.make("level_select", purpose="play"))

    def open_tutorial(self) -> None:
        from ..tutorial import tutorial_entry
        from .loading import open_level

        open_level(self.app, tutorial_entry(), "tutorial")

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
        elif action == "tutorial":
            self.open_tutorial()
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
        text(surface, "Gradient Hiker", (w // 2, int(h * 0.14)), px(76), ACCENT, bold=True, anchor="center",
             max_width=w - px(40))
        text(surface, "Walk a cost function blindfolded. Race the optimizers. Find the hidden bottom.",
             (w // 2, int(h * 0.25)), px(22), INK, anchor="center", max_width=w - px(40))
        text(surface, "H or F1: controls   ·   F11: fullscreen   ·   M: mute   ·   F12: screenshot",
             (w // 2, h - px(28)), px(16), DIM, anchor="center", max_width=w - px(40))

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        if self.menu:
            self.menu.draw(surface)
