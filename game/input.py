"""The one input layer: keyboard events become named actions, per scene, from one table.

Everything is event-driven: posted events (tests, xdotool) behave exactly like real key presses,
which ``pygame.key.get_pressed()`` polling would not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Binding:
    keys: tuple[int, ...]
    action: str
    help: str


def key_name(key: int) -> str:
    names = {pygame.K_RETURN: "Enter", pygame.K_ESCAPE: "Esc", pygame.K_SPACE: "Space", pygame.K_UP: "Up",
             pygame.K_DOWN: "Down", pygame.K_LEFT: "Left", pygame.K_RIGHT: "Right", pygame.K_PLUS: "+",
             pygame.K_EQUALS: "=", pygame.K_MINUS: "-", pygame.K_KP_PLUS: "keypad +",
             pygame.K_KP_MINUS: "keypad -", pygame.K_TAB: "Tab", pygame.K_KP_ENTER: "keypad Enter",
             pygame.K_PAGEUP: "PgUp", pygame.K_PAGEDOWN: "PgDn"}
    return names.get(key, pygame.key.name(key).upper() if len(pygame.key.name(key)) == 1 else
                     pygame.key.name(key).title())


GLOBAL = [
    Binding((pygame.K_F1, pygame.K_h), "help", "show or hide every control"),
    Binding((pygame.K_F11,), "fullscreen", "toggle fullscreen"),
    Binding((pygame.K_m,), "mute", "mute or unmute sound"),
    Binding((pygame.K_F12,), "screenshot", "save a screenshot (the notice says where)"),
]


def action_for(event: pygame.event.Event, bindings: list[Binding]) -> str | None:
    if event.type != pygame.KEYDOWN:
        return None
    for b in bindings:
        if event.key in b.keys:
            return b.action
    return None


def describe(bindings: list[Binding]) -> list[tuple[str, str]]:
    return [(" / ".join(key_name(k) for k in b.keys), b.help) for b in bindings]
