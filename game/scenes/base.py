"""The Scene protocol: actions from the input layer, fixed-step updates, drawing, and its own widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..input import Binding, action_for

if TYPE_CHECKING:
    from ..app import App


class Scene:
    overlay = False  # True: the scene below keeps being drawn underneath
    title = ""
    KEYS: list[Binding] = []
    MOUSE: list[tuple[str, str]] = []

    def __init__(self, app: App) -> None:
        self.app = app

    # lifecycle
    def enter(self) -> None: ...
    def exit(self) -> None: ...
    def resume(self) -> None: ...
    def on_resize(self) -> None: ...

    def build_ui(self) -> None:
        """Create this scene's pygame_gui widgets for the current window size."""

    # input
    def handle(self, event: pygame.event.Event) -> None:
        action = action_for(event, self.KEYS)
        if action:
            self.on_action(action)
        else:
            self.on_event(event)

    def on_action(self, action: str) -> None: ...
    def on_event(self, event: pygame.event.Event) -> None: ...

    # simulation and drawing
    def update(self, dt: float) -> None: ...
    def draw(self, surface: pygame.Surface) -> None: ...
    def draw_over_ui(self, surface: pygame.Surface) -> None: ...
