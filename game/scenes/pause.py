"""The pause menu over a play: resume, the lesson, controls, restart and quit (both asked first)."""

from __future__ import annotations

import pygame

from ..input import Binding
from ..render.text import ACCENT, text
from ..widgets import ButtonColumn
from .base import Scene
from .lesson import veil


class PauseOverlay(Scene):
    overlay = True
    title = "Paused"
    KEYS = [
        Binding((pygame.K_ESCAPE, pygame.K_SPACE), "resume", "resume the hike"),
        Binding((pygame.K_UP,), "up", "focus the button above"),
        Binding((pygame.K_DOWN,), "down", "focus the button below"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER), "press", "press the focused button"),
        Binding((pygame.K_i,), "lesson", "this level's lesson"),
    ]
    MOUSE = [("Click", "press a button")]

    def __init__(self, app, play) -> None:
        super().__init__(app)
        self.play = play
        self.menu: ButtonColumn | None = None

    def items(self):
        tutorial = getattr(self.play, "is_tutorial", False)
        return [
            ("Resume", self.app.pop, "back to the hike (Esc)"),
            ("Lesson", self.lesson, "this level's story and rules (I)"),
            ("Controls", self.controls, "every key and mouse action (H)"),
            ("Skip the tutorial" if tutorial else "Restart…", self.restart, "start this level again"),
            ("Back to the editor", self.quit_to_menu, "leave this play-test") if self.play.editor_test
            else ("Quit to menu…", self.quit_to_menu, "leave this hike"),
        ]

    def layout(self) -> tuple[int, int, int]:
        """top, button height, gap: five buttons that fit any window."""
        px = self.app.px
        h = self.app.screen.get_height()
        top = int(h * 0.3)
        room = h - top - px(24)
        gap = px(12)
        height = min(px(56), (room - 4 * gap) // 5)
        return top, height, gap

    def build_ui(self) -> None:
        px = self.app.px
        w, _ = self.app.screen.get_size()
        top, height, gap = self.layout()
        self.menu = ButtonColumn(self.app.ui, self.items(), w // 2, top, px(340), height, gap)

    def lesson(self) -> None:
        self.app.push(self.app.make("lesson", self.play.level, self.play.mode))

    def restart(self) -> None:
        if getattr(self.play, "is_tutorial", False):
            self.play.skip()
            return
        self.app.push(self.app.make("confirm", "Restart this level? This hike will be lost.",
                                    self._restart, yes="Restart", no="Keep hiking"))

    def _restart(self) -> None:
        self.app.pop()
        self.play.restart()

    def controls(self) -> None:
        self.app.push(self.app.make("help", self.play))

    def quit_to_menu(self) -> None:
        if self.play.editor_test:  # a play-test: back to the editor below it, nothing to lose
            self.app.pop()
            self.app.pop()
            return
        self.app.push(self.app.make("confirm", "Leave this hike? It will not be scored.",
                                    lambda: self.app.reset_to(self.app.make("title")), yes="Leave",
                                    no="Keep hiking"))

    def on_action(self, action: str) -> None:
        if action == "resume":
            self.app.pop()
        elif action == "lesson":
            self.lesson()
        else:
            self.menu.on_action(action)

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu:
            self.menu.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        veil(surface, 150)
        w, h = surface.get_size()
        top, _, _ = self.layout()
        text(surface, "Paused", (w // 2, top // 2 + self.app.px(10)), self.app.px(44), ACCENT, bold=True,
             anchor="center")

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        if self.menu:
            self.menu.draw(surface)
