"""The pause menu over a play: resume, restart, controls, quit to the menu."""

from __future__ import annotations

import pygame

from ..input import Binding
from ..render.text import ACCENT, text
from ..widgets import ButtonColumn
from .base import Scene


class PauseOverlay(Scene):
    overlay = True
    title = "Paused"
    KEYS = [
        Binding((pygame.K_ESCAPE, pygame.K_SPACE), "resume", "resume the hike"),
        Binding((pygame.K_UP,), "up", "select the button above"),
        Binding((pygame.K_DOWN,), "down", "select the button below"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER), "press", "press the selected button"),
    ]
    MOUSE = [("Click", "press a button")]

    def __init__(self, app, play) -> None:
        super().__init__(app)
        self.play = play
        self.menu: ButtonColumn | None = None

    def build_ui(self) -> None:
        px = self.app.px
        w, h = self.app.screen.get_size()
        self.menu = ButtonColumn(self.app.ui, [
            ("Resume", self.app.pop, "back to the hike (Esc)"),
            ("Restart", self.restart, "start this level again"),
            ("Controls", self.controls, "every key and mouse action (H)"),
            ("Back to the editor", self.quit_to_menu, "leave this play-test") if getattr(self.play, "practice", False)
            else ("Quit to menu", self.quit_to_menu, "leave this hike"),
        ], w // 2, h // 2 - px(110), px(320), px(56), px(14))

    def restart(self) -> None:
        self.app.pop()
        self.play.restart()

    def controls(self) -> None:
        self.app.push(self.app.make("help", self.play))

    def quit_to_menu(self) -> None:
        if getattr(self.play, "practice", False):  # a play-test: back to the editor below it
            self.app.pop()
            self.app.pop()
            return
        self.app.reset_to(self.app.make("title"))

    def on_action(self, action: str) -> None:
        if action == "resume":
            self.app.pop()
        else:
            self.menu.on_action(action)

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu:
            self.menu.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((0, 0, 0, 150))
        surface.blit(veil, (0, 0))
        w, h = surface.get_size()
        text(surface, "Paused", (w // 2, h // 2 - self.app.px(170)), self.app.px(44), ACCENT, bold=True,
             anchor="center")
