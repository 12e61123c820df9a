"""Small helpers over pygame_gui: keyboard focus for every widget, and a column of menu buttons.

Keyboard focus is ours, not the mouse's: the mouse hovering a button never decides what Enter does.
``FocusRing`` holds a scene's widgets in tab order; Tab / Shift+Tab move the focus (drawn as a ring),
Enter or Space presses a focused button or checkbox, Left / Right move a focused slider, Enter opens a
focused dropdown, Up / Down pick an option and Enter takes it (Esc closes it). Every change is posted as
the same pygame_gui event a mouse click would post, so scenes have one code path for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame
import pygame_gui

from .render.text import ACCENT

FOCUS = ACCENT


def draw_focus(surface: pygame.Surface, rect: pygame.Rect, width: int = 3) -> None:
    """The focus ring: a bright outline just outside the widget."""
    pygame.draw.rect(surface, (0, 0, 0), pygame.Rect(rect).inflate(10, 10), width + 2, border_radius=8)
    pygame.draw.rect(surface, FOCUS, pygame.Rect(rect).inflate(8, 8), width, border_radius=8)


def _post(kind: int, **data) -> None:
    pygame.event.post(pygame.event.Event(kind, data))


@dataclass
class Focusable:
    widget: object
    kind: str  # "button", "checkbox", "slider", "dropdown", "entry"
    step: float = 0.05  # a slider's keyboard step, as a share of its range

    @property
    def rect(self) -> pygame.Rect:
        return self.widget.rect


def kind_of(widget) -> str:
    if isinstance(widget, pygame_gui.elements.UIDropDownMenu):
        return "dropdown"
    if isinstance(widget, pygame_gui.elements.UIHorizontalSlider):
        return "slider"
    if isinstance(widget, pygame_gui.elements.UICheckBox):
        return "checkbox"
    if isinstance(widget, pygame_gui.elements.UITextEntryLine):
        return "entry"
    return "button"


class FocusRing:
    """Keyboard focus over a scene's widgets, in the order they were added."""

    def __init__(self, rest: bool = False) -> None:
        self.items: list[Focusable] = []
        self.index: int | None = None  # nothing focused until the player presses Tab
        self.choice: int | None = None  # the highlighted option of an open dropdown
        self.rest = rest  # Tab also passes through "no widget" (the scene's own keys, e.g. a card grid)

    def add(self, widget, step: float = 0.05) -> object:
        self.items.append(Focusable(widget, kind_of(widget), step))
        return widget

    def clear(self) -> None:
        self.items = []
        self.choice = None

    def keep(self, index: int | None) -> None:
        """After a rebuild: focus the same place again (clamped to the new widgets)."""
        self.index = None if index is None or not self.items else min(index, len(self.items) - 1)

    @property
    def focused(self) -> Focusable | None:
        if self.index is None or not self.items:
            return None
        return self.items[min(self.index, len(self.items) - 1)]

    def focus(self, widget) -> None:
        for i, item in enumerate(self.items):
            if item.widget is widget:
                self.index = i
                return

    def move(self, delta: int) -> None:
        if not self.items:
            return
        self._close()
        previous = self.focused
        if previous is not None and previous.kind == "entry":
            previous.widget.unfocus()
        stops = len(self.items) + (1 if self.rest else 0)
        at = len(self.items) if self.index is None else self.index
        if self.index is None and not self.rest:
            at = -1 if delta > 0 else len(self.items)
        at = (at + delta) % stops
        self.index = None if at == len(self.items) else at
        item = self.focused
        if item and item.kind == "entry":
            item.widget.focus()

    # ------------------------------------------------------------------ keys

    def handle(self, event: pygame.event.Event) -> bool:
        """Handle a key for the focused widget; True when it was used (the scene then ignores it)."""
        if event.type != pygame.KEYDOWN:
            return False
        if event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        item = self.focused
        if item is None:
            return False
        if item.kind == "dropdown" and self._is_open(item):
            return self._dropdown_key(item, event.key)
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.activate(item, event.key)
        if item.kind == "slider" and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.nudge(item, -1 if event.key == pygame.K_LEFT else 1)
            return True
        return False

    def activate(self, item: Focusable, key: int = pygame.K_RETURN) -> bool:
        w = item.widget
        if item.kind == "button":
            _post(pygame_gui.UI_BUTTON_PRESSED, ui_element=w, ui_object_id=w.most_specific_combined_id,
                  mouse_button=1)
            return True
        if item.kind == "checkbox":
            w._toggle_state()  # posts UI_CHECK_BOX_CHECKED / UNCHECKED, as a click does
            return True
        if item.kind == "dropdown" and key != pygame.K_SPACE:
            self._open(item)
            return True
        return False

    def nudge(self, item: Focusable, direction: int) -> None:
        s = item.widget
        lo, hi = s.value_range
        value = min(max(lo, hi), max(min(lo, hi), s.get_current_value() + direction * item.step * (hi - lo)))
        s.set_current_value(value, False)
        _post(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, value=s.current_value, ui_element=s,
              ui_object_id=s.most_specific_combined_id)

    # ------------------------------------------------------------------ dropdowns

    @staticmethod
    def _options(menu) -> list[str]:
        return [o[0] if isinstance(o, tuple) else o for o in menu.options_list]

    @staticmethod
    def _is_open(item: Focusable) -> bool:
        m = item.widget
        return m.current_state is m.menu_states["expanded"]

    def _open(self, item: Focusable) -> None:
        m = item.widget
        options = self._options(m)
        current = m.selected_option[0] if isinstance(m.selected_option, tuple) else m.selected_option
        self.choice = options.index(current) if current in options else 0
        m.current_state.should_transition = True  # pygame_gui expands it on its next update

    def _close(self) -> None:
        item = self.focused
        if item is not None and item.kind == "dropdown" and self._is_open(item):
            item.widget.current_state.should_transition = True
        self.choice = None

    def _dropdown_key(self, item: Focusable, key: int) -> bool:
        m = item.widget
        options = self._options(m)
        if self.choice is None:
            self.choice = 0
        if key in (pygame.K_UP, pygame.K_LEFT):
            self.choice = (self.choice - 1) % len(options)
        elif key in (pygame.K_DOWN, pygame.K_RIGHT):
            self.choice = (self.choice + 1) % len(options)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            chosen = options[self.choice]
            m.selected_option = next(o for o in m.options_list if (o[0] if isinstance(o, tuple) else o) == chosen)
            self._close()
            _post(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, text=chosen, ui_element=m,
                  ui_object_id=m.most_specific_combined_id,
                  selected_option_id=m.selected_option[1] if isinstance(m.selected_option, tuple) else chosen)
        elif key == pygame.K_ESCAPE:
            self._close()
        else:
            return False
        return True

    def _choice_rect(self, item: Focusable) -> pygame.Rect | None:
        state = item.widget.current_state
        lst = getattr(state, "options_selection_list", None)
        if lst is None or self.choice is None or self.choice >= len(lst.item_list):
            return None
        button = lst.item_list[self.choice].get("button_element")
        return button.rect if button is not None else None

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        item = self.focused
        if item is None or not item.widget.alive():
            return
        draw_focus(surface, item.rect)
        if item.kind == "dropdown" and self._is_open(item):
            rect = self._choice_rect(item)
            if rect is not None:
                pygame.draw.rect(surface, FOCUS, rect, 3)


class ButtonColumn:
    """Buttons stacked vertically (or placed at the given rects). Up/Down (or Tab) move the keyboard focus
    and Enter presses the focused button; the mouse clicks any button. Hovering never moves the focus, so a
    resting cursor cannot change what Enter does."""

    def __init__(self, manager, items: list[tuple[str, Callable[[], None], str]], center_x: int, top: int,
                 width: int, height: int, gap: int, big: bool = True, rects: list[pygame.Rect] | None = None) -> None:
        self.items = items
        self.buttons: list[pygame_gui.elements.UIButton] = []
        for i, (label, _, tip) in enumerate(items):
            rect = pygame.Rect(0, 0, width, height)
            rect.midtop = (center_x, top + i * (height + gap))
            if rects is not None:  # any arrangement (a row, a grid): the order is still the focus order
                rect = pygame.Rect(rects[i])
            self.buttons.append(pygame_gui.elements.UIButton(
                rect, label, manager, object_id="#big_button" if big else None, tool_tip_text=tip or None))
        self.index = 0
        self._show()

    def _show(self) -> None:
        for i, b in enumerate(self.buttons):
            (b.select if i == self.index else b.unselect)()

    def move(self, delta: int) -> None:
        self.set_index(self.index + delta)

    def set_index(self, index: int) -> None:
        self.index = index % len(self.buttons)
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
        if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            self.index = self.buttons.index(event.ui_element)
            self._show()
            self.items[self.index][1]()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        """The keyboard focus ring around the focused button."""
        if self.buttons:
            draw_focus(surface, self.buttons[self.index].rect)

    def rect_of(self, label: str) -> pygame.Rect:
        for (text, _, _), b in zip(self.items, self.buttons, strict=True):
            if text == label:
                return b.rect
        raise KeyError(label)
