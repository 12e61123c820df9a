"""The editor's first screen: start a new level from a template, open one of your levels or a copy of a built-in
one, or import a level from a share code on the clipboard."""

from __future__ import annotations

import pygame

from engine.level import Entry, all_levels, user_levels_dir
from engine.level.design import TEMPLATES, edit_target, new_level
from engine.level.registry import taken_ids

from ..gfx import panel
from ..input import Binding
from ..render.text import ACCENT, BAD, DIM, INK, text, wrap
from .base import Scene
from .editor_share import import_clipboard


class EditorStartScene(Scene):
    title = "Editor: start a level"
    KEYS = [
        Binding((pygame.K_UP,), "up", "the item above"),
        Binding((pygame.K_DOWN,), "down", "the item below"),
        Binding((pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB), "column", "templates / your levels"),
        Binding((pygame.K_PAGEUP,), "page_up", "a page up"),
        Binding((pygame.K_PAGEDOWN,), "page_down", "a page down"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "open", "open the selected item"),
        Binding((pygame.K_i,), "import", "import a level from a share code on the clipboard"),
        Binding((pygame.K_ESCAPE,), "back", "back"),
    ]
    MOUSE = [("Click", "open an item"), ("Mouse wheel", "scroll the level list"), ("Ctrl+V", "import a share code")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.templates = list(TEMPLATES.values())
        self.reload()
        self.column = 0
        self.index = [0, 0]
        self.top = 0
        self.rows: list[tuple[int, int, pygame.Rect]] = []

    def reload(self) -> None:
        entries = all_levels()
        self.levels: list[Entry] = [e for e in entries if not e.builtin] + [e for e in entries if e.builtin]

    def resume(self) -> None:
        self.reload()

    def on_action(self, action: str) -> None:
        n = len(self.templates) if self.column == 0 else len(self.levels)
        moves = {"up": -1, "down": 1, "page_up": -8, "page_down": 8}
        if action in moves and n:
            self.index[self.column] = max(0, min(n - 1, self.index[self.column] + moves[action]))
        elif action == "column":
            self.column = 1 - self.column
        elif action == "open":
            self.open(self.column, self.index[self.column])
        elif action == "import":
            self.import_code()
        elif action == "back":
            self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.mod & (pygame.KMOD_CTRL | pygame.KMOD_META) and \
                event.key == pygame.K_v:
            self.import_code()
        elif event.type == pygame.MOUSEWHEEL:
            self.top = max(0, self.top - event.y * 3)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for col, i, rect in self.rows:
                if rect.collidepoint(event.pos):
                    self.column, self.index[col] = col, i
                    self.open(col, i)
                    return

    def open(self, column: int, i: int) -> None:
        if column == 0:
            t = self.templates[i]
            spec = new_level(t.name, taken_ids())
            self.app.replace(self.app.make("editor", spec=spec, path=None, origin=f"a new level from the "
                                           f"{t.title.lower()} template", id_locked=False))
            return
        if not self.levels:
            return
        e = self.levels[i]
        if e.spec is None:
            self.app.toast(f"{e.path.name} is broken: {e.error.first.message if e.error else ''}", 5)
            return
        spec, path, origin = edit_target(e.spec, e.path, e.builtin, taken_ids(), user_levels_dir())
        self.app.replace(self.app.make("editor", spec=spec, path=path, origin=origin, id_locked=not e.builtin))

    def import_code(self) -> None:
        done, message = import_clipboard()
        self.app.toast(message, 5)
        if done:
            self.reload()
            self.column = 1
            ids = [e.id for e in self.levels]
            if done[0][0] in ids:
                self.index[1] = ids.index(done[0][0])

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, h = surface.get_size()
        text(surface, "Level editor", (px(24), px(18)), px(34), ACCENT, bold=True, max_width=w - px(48))
        text(surface, "Start from a template, or open a level (built-in levels open as your own copy).   "
                      "Arrows, Tab, Enter   ·   I: import a share code   ·   Esc: back",
             (px(26), px(64)), px(15), DIM, max_width=w - px(52))
        top = px(100)
        gap = px(16)
        col_w = (w - 3 * gap) // 2
        self.rows = []
        left = pygame.Rect(gap, top, col_w, h - top - gap)
        right = pygame.Rect(2 * gap + col_w, top, col_w, h - top - gap)
        self._column(surface, left, 0, "New from a template",
                     [(t.title, t.blurb, INK) for t in self.templates])
        items = []
        for e in self.levels:
            if e.spec is None:
                items.append((f"Broken: {e.path.name}", e.error.first.message if e.error else "", BAD))
            else:
                where = "yours" if not e.builtin else "built-in: opens a copy"
                items.append((e.spec.title, f"{where} · {e.spec.kind} · {e.spec.id}", INK))
        self._column(surface, right, 1, f"Open a level ({sum(not e.builtin for e in self.levels)} of yours)", items)

    def _column(self, surface: pygame.Surface, rect: pygame.Rect, col: int, title: str,
                items: list[tuple[str, str, tuple]]) -> None:
        px = self.app.px
        panel(surface, rect, border=ACCENT if self.column == col else (70, 82, 104))
        inner = rect.inflate(-px(24), -px(20))
        text(surface, title, inner.topleft, px(20), ACCENT if self.column == col else INK, bold=True,
             max_width=inner.width)
        row_h = px(50)
        y0 = inner.y + px(34)
        room = max(1, (inner.bottom - y0) // row_h)
        sel = self.index[col]
        first = 0
        if col == 1:
            if sel < self.top:
                self.top = sel
            elif sel >= self.top + room:
                self.top = sel - room + 1
            self.top = max(0, min(self.top, max(0, len(items) - room)))
            first = self.top
        for i in range(first, min(len(items), first + room)):
            name, sub, color = items[i]
            r = pygame.Rect(inner.x, y0 + (i - first) * row_h, inner.width, row_h - px(6))
            chosen = i == sel and self.column == col
            panel(surface, r, (70, 60, 20, 250) if chosen else (30, 37, 52, 235), radius=6,
                  border=ACCENT if chosen else None)
            text(surface, name, (r.x + px(10), r.y + px(4)), px(16), color, bold=chosen, max_width=r.width - px(20))
            line = wrap(sub, px(12), r.width - px(20))[0] if sub else ""
            text(surface, line, (r.x + px(10), r.y + px(25)), px(12), DIM, max_width=r.width - px(20))
            self.rows.append((col, i, r))
        if len(items) > room:
            text(surface, f"{first + 1}–{min(len(items), first + room)} of {len(items)}",
                 (inner.right, rect.bottom - px(4)), px(12), DIM, anchor="bottomright")
