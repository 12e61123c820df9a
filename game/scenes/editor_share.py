"""Share codes in the game: copy a level's code to the clipboard, import levels from the clipboard, and the
small bar of buttons that offers both (the editor and the level list use it).

The clipboard is SDL's (pygame.scrap). Without a real display (the dummy video driver) the clipboard only
lives inside the game, so a copied code is also written to a file in the user's data folder, and the toast
says where.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pygame

from engine.level import LevelSpec, user_data_dir
from engine.level.share import ShareError, codes_in, encode, install, read_code

from ..gfx import panel
from ..render.text import ACCENT, INK, text

_MEMORY: list[str] = [""]  # the clipboard of last resort: inside this process


def headless() -> bool:
    return os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen")


def copy_text(value: str) -> bool:
    """Put text on the clipboard; False if only the in-game fallback holds it."""
    _MEMORY[0] = value
    try:
        pygame.scrap.put_text(value)
    except (pygame.error, AttributeError):
        return False
    return not headless()


def paste_text() -> str:
    try:
        got = pygame.scrap.get_text()
    except (pygame.error, AttributeError):
        got = ""
    return got or _MEMORY[0]


def copy_code(spec: LevelSpec) -> str:
    """Copy a level's share code; the message for a toast."""
    code = encode(spec)
    real = copy_text(code)
    note = ""
    if not real:
        folder = user_data_dir() / "share-codes"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{spec.id}.txt").write_text(code + "\n", encoding="utf-8")
            note = f"; also saved to {folder / (spec.id + '.txt')}"
        except OSError:
            note = ""
    return f"Share code of {spec.title} copied ({len(code)} characters){note}"


def import_clipboard() -> tuple[list[tuple[str, Path, bool]], str]:
    """Import every share code on the clipboard. (imported (id, path, existed) list, message for a toast);
    nothing is written if any code is bad."""
    codes = codes_in(paste_text()[:4_000_000])
    if not codes:
        return [], "The clipboard holds no share code (they start with hiker1:)"
    try:
        specs = [read_code(c) for c in codes]
        done = install(specs)
    except ShareError as err:
        return [], f"Not imported: {err}"
    except OSError as err:
        return [], f"Not imported: cannot write the level folder ({err.strerror or err})"
    names = ", ".join(d.id for d in done)
    fresh = [d for d in done if not d.existed]
    if not fresh:
        return [(d.id, d.path, True) for d in done], f"Already in your levels: {names}"
    return [(d.id, d.path, d.existed) for d in done], f"Imported into your levels: {names}"


class ShareBar:
    """"Copy share code (Ctrl+C)" and "Import from clipboard (Ctrl+V)" buttons, right-aligned at a point."""

    def __init__(self, app, selected: Callable[[], LevelSpec | None], imported: Callable[[], None]) -> None:
        self.app = app
        self.selected = selected
        self.imported = imported
        self.rects: dict[str, pygame.Rect] = {}

    def copy(self) -> None:
        spec = self.selected()
        if spec is None:
            self.app.toast("Choose a level that is not broken to share it", 3)
            return
        self.app.toast(copy_code(spec), 5)

    def paste(self) -> None:
        done, message = import_clipboard()
        self.app.toast(message, 5)
        if done:
            self.imported()

    def draw(self, surface: pygame.Surface, right: int, top: int) -> int:
        """Draw the buttons right-aligned at ``right``; returns the left edge of the bar."""
        px = self.app.px
        size = px(14)
        x = right
        self.rects = {}
        for key, label in (("paste", "Import from clipboard (Ctrl+V)"), ("copy", "Copy share code (Ctrl+C)")):
            from ..render.text import font

            w = font(size).size(label)[0] + px(20)
            rect = pygame.Rect(x - w, top, w, px(28))
            panel(surface, rect, (30, 37, 52, 240), radius=6, border=ACCENT)
            text(surface, label, rect.center, size, INK, anchor="center", max_width=rect.width - px(8))
            self.rects[key] = rect
            x = rect.left - px(8)
        return x + px(8)

    def handle(self, event: pygame.event.Event) -> bool:
        """Clicks on the buttons, and Ctrl+C / Ctrl+V. True if the event was used."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for key, rect in self.rects.items():
                if rect.collidepoint(event.pos):
                    (self.copy if key == "copy" else self.paste)()
                    return True
        if event.type == pygame.KEYDOWN and event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
            if event.key == pygame.K_c:
                self.copy()
                return True
            if event.key == pygame.K_v:
                self.paste()
                return True
        return False
