"""Small helpers over pygame_gui: a keyboard-navigable column of buttons, and event matching."""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui


class ButtonColumn:
    """Buttons stacked vertically; Up/Down move the selection, Enter presses, the mouse works too."""

    def __init__(self, manager, items: list[tuple[str, Callable[[], None], str]], center_x: int, top: int,
                 width: int, height: int, gap: int, big: bool = True) -> None:
        self.items = items
        self.buttons: list[pygame_gui.elements.UIButton] = []
        for i, (label, _, tip) in enumerate(items):
            rect = pygame.Rect(0, 0, width, height)
            rect.midtop = (center_x, top + i * (height + gap))
            self.buttons.append(pygame_gui.elements.UIButton(
                rect, label, manager, object_id="#big_button" if big else None, tool_tip_text=tip or None))
        self.index = 0
        self._show()

    def _show(self) -> None:
        for i, b in enumerate(self.buttons):
            (b.select if i == self.index else b.unselect)()

    def move(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.buttons)
        self._show()

    def press(self) -> None:
        self.items[self.index][1]()

    def on_action(self, action: str) -> bool:
        """The shared menu keys: "up", "down" and "press". True if the action was one of them."""
        if action in ("up", "down"):
            self.move(-1 if action == "up" else 1)
            return True
        if action == "press":
            self.press()
            return True
        return False

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            self.index = self.buttons.index(event.ui_element)
            self.items[self.index][1]()
            return True
        if event.type == pygame_gui.UI_BUTTON_ON_HOVERED and event.ui_element in self.buttons:
            self.index = self.buttons.index(event.ui_element)
            self._show()
        return False

    def rect_of(self, label: str) -> pygame.Rect:
        for (text, _, _), b in zip(self.items, self.buttons, strict=True):
            if text == label:
                return b.rect
        raise KeyError(label)
