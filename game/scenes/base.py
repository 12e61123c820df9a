"""The Scene protocol (actions, fixed-step updates, drawing, its own widgets) and the small part of the App
that scenes rely on (``AppLike``), so scenes are typed against what they use rather than the App itself."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any, Protocol

import pygame

from ..input import Binding, action_for


class AppLike(Protocol):
    """What a scene may use of the App (game/app.py)."""

    screen: pygame.Surface
    ui: Any  # pygame_gui.UIManager
    settings: Any  # store.Settings
    progress: Any  # store.Progress
    sound: Any  # sound.Sounds
    terrain: Any  # gfx.TerrainCache
    jobs: Executor
    prepared: dict
    memory: dict
    fullscreen: bool
    frame: int  # frames drawn so far: work bounded per frame counts by it
    work_clock: Any  # the clock that sizes work spread over frames (game/pacing.py), None in tests

    def px(self, value: float) -> int: ...
    def make(self, name: str, *args: Any, **kwargs: Any) -> Scene: ...
    def push(self, scene: Scene) -> None: ...
    def pop(self) -> None: ...
    def replace(self, scene: Scene) -> None: ...
    def reset_to(self, scene: Scene) -> None: ...
    def quit(self) -> None: ...
    def toast(self, message: str, seconds: float = 3.0) -> None: ...
    def save_settings(self) -> None: ...
    def save_progress(self) -> None: ...
    def contour_lines(self) -> int: ...
    def resize(self, size: tuple[int, int]) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def capture_path(self, stem: str, ext: str) -> Any: ...
    def fast_ready(self) -> bool: ...


class Scene:
    overlay = False  # True: the scene below keeps being drawn underneath
    is_help = False  # the controls overlay: H or F1 closes it instead of opening another
    busy = False  # True while the scene waits for background work (scripted keys wait too)
    title = ""
    KEYS: list[Binding] = []
    MOUSE: list[tuple[str, str]] = []

    def __init__(self, app: AppLike) -> None:
        self.app = app
        self.focus = None  # a widgets.FocusRing over this scene's widgets, if it has any

    # lifecycle
    def enter(self) -> None: ...
    def exit(self) -> None: ...
    def resume(self) -> None: ...
    def on_resize(self) -> None: ...

    def build_ui(self) -> None:
        """Create this scene's pygame_gui widgets for the current window size."""

    def holds_quit(self) -> bool:
        """Closing the window: True to keep it open and ask first (the editor with unsaved changes)."""
        return False

    def wants_text(self) -> bool:
        """True while a text field has the keyboard: global keys (H, M, F11) then type instead."""
        return False

    def toast_floor(self) -> int | None:
        """The lowest y a notice may reach, to keep controls along the bottom visible (None: the window's)."""
        return None

    # input
    def handle(self, event: pygame.event.Event) -> None:
        if self.focus is not None and self.focus.handle(event):
            return
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
    def draw_over_ui(self, surface: pygame.Surface) -> None:
        if self.focus is not None:
            self.focus.draw(surface)


class Dismissible(Scene):
    """An overlay that its "close" action or a left click closes (the controls, a level's lesson)."""

    def on_action(self, action: str) -> None:
        if action == "close":
            self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.app.pop()
