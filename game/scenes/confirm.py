"""A yes/no question before something that loses a run (restart, leave) or saved data (reset progress).

The keyboard focus starts on the safe answer; Y answers yes, N or Esc answers no, Left/Right/Tab move
the focus and Enter presses it. The mouse clicks either button; hovering changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from ..gfx import panel
from ..input import Binding
from ..render.text import ACCENT, text_block
from ..widgets import ButtonColumn
from .base import Scene
from .lesson import card_rect, veil


class ConfirmOverlay(Scene):
    overlay = True
    title = "Are you sure?"
    KEYS = [
        Binding((pygame.K_y,), "yes", "yes"),
        Binding((pygame.K_n, pygame.K_ESCAPE), "no", "no, go back"),
        Binding((pygame.K_LEFT, pygame.K_UP), "up", "focus the other answer"),
        Binding((pygame.K_RIGHT, pygame.K_DOWN), "down", "focus the other answer"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "press", "press the focused answer"),
    ]
    MOUSE = [("Click", "answer")]

    def __init__(self, app, question: str = "Are you sure?", on_yes: Callable[[], None] | None = None,
                 yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__(app)
        self.question = question
        self.on_yes = on_yes or (lambda: None)
        self.labels = (yes, no)
        self.menu: ButtonColumn | None = None

    def build_ui(self) -> None:
        px = self.app.px
        rect = self.rect()
        width = (rect.width - px(72)) // 2
        top = rect.bottom - px(24) - px(48)
        rects = [pygame.Rect(rect.x + px(24), top, width, px(48)), pygame.Rect(rect.right - px(24) - width, top,
                                                                               width, px(48))]
        self.menu = ButtonColumn(self.app.ui, [(self.labels[0], self.yes, ""), (self.labels[1], self.no, "")],
                                 0, 0, 0, 0, 0, big=False, rects=rects)
        self.menu.set_index(1)  # the safe answer

    def rect(self) -> pygame.Rect:
        return card_rect(self.app.screen, self.app.px, 560, 230)

    def yes(self) -> None:
        self.app.pop()
        self.on_yes()

    def no(self) -> None:
        self.app.pop()

    def on_action(self, action: str) -> None:
        if action == "yes":
            self.yes()
        elif action == "no":
            self.no()
        elif self.menu:
            self.menu.on_action(action)

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu:
            self.menu.handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil(surface, 150)
        rect = self.rect()
        panel(surface, rect, (18, 22, 32, 250), border=ACCENT)
        text_block(surface, self.question, pygame.Rect(rect.x + px(24), rect.y + px(22), rect.width - px(48),
                   rect.height - px(110)), px(20))

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        if self.menu:
            self.menu.draw(surface)
