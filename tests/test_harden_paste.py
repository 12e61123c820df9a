"""Pasting a stranger's text (Ctrl+V) into a text field: NUL, right-to-left overrides and zero-width spaces are
dropped before pygame_gui's font sees them (they made it raise: a crash of the whole game)."""

import pygame
from conftest import InlineJobs

from game.launch import new_app


def press(app, key, mod=0, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    for _ in range(3):
        app.tick(1 / 60)


def test_pasting_control_and_format_characters_into_the_search_box(monkeypatch):
    from pygame_gui.elements import ui_text_entry_line

    monkeypatch.setattr(pygame.scrap, "get_text", lambda: "twin\u200b\x00\u202evalleys")  # what was copied
    app = new_app(size=(1280, 720), jobs=InlineJobs())
    try:
        app.settings.tutorial_done = True
        app.push(app.make("title"))
        scene = app.make("level_select", purpose="play")
        app.push(scene)
        for _ in range(3):
            app.tick(1 / 60)
        press(app, pygame.K_SLASH, unicode="/")  # the search box
        press(app, pygame.K_v, mod=pygame.KMOD_CTRL)
        box = scene.widgets["search"]
        assert isinstance(box, ui_text_entry_line.UITextEntryLine) and box.get_text() == "twinvalleys"
    finally:
        app.close()
