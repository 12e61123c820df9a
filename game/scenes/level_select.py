"""Level select: a grid of cards with a thumbnail of each landscape, difficulty, best score and stars.

Built-in and user levels; a broken user level shows its error on its card instead of crashing.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pygame

from engine.level import Entry, all_levels, build_landscape, unlock_sequence, user_levels_dir
from engine.rules import is_unlocked

from ..gfx import panel, star
from ..input import Binding
from ..render.text import ACCENT, BAD, DIM, GOOD, INK, text, wrap
from ..render.view import View
from .base import Scene
from .editor_share import ShareBar
from .loading import open_level


class LevelSelectScene(Scene):
    title = "Level select"
    KEYS = [
        Binding((pygame.K_LEFT, pygame.K_a), "left", "previous card"),
        Binding((pygame.K_RIGHT, pygame.K_d), "right", "next card"),
        Binding((pygame.K_UP, pygame.K_w), "up", "card above"),
        Binding((pygame.K_DOWN, pygame.K_s), "down", "card below"),
        Binding((pygame.K_PAGEUP,), "page_up", "scroll up a page"),
        Binding((pygame.K_PAGEDOWN,), "page_down", "scroll down a page"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "open", "open the selected level"),
        Binding((pygame.K_e,), "edit", "open the selected level in the editor (a built-in one as a copy)"),
        Binding((pygame.K_ESCAPE, pygame.K_BACKSPACE), "back", "back to the title"),
    ]
    MOUSE = [("Click a card", "open that level"), ("Mouse wheel", "scroll the list"),
             ("Ctrl+C / Ctrl+V", "copy the level's share code / import codes from the clipboard")]

    def __init__(self, app, purpose: str = "play") -> None:
        super().__init__(app)
        self.purpose = purpose
        self.entries: list[Entry] = all_levels()
        self.index = 0
        self.scroll = 0.0
        self.thumbs: dict[str, pygame.Surface] = {}
        self.title = "Choose a level to play" if purpose == "play" else "Choose a level to race on"
        self.share = ShareBar(app, lambda: self.entries[self.index].spec if self.entries else None, self.reload)

    def reload(self) -> None:
        """Read the level folders again (after an import, or a save in the editor)."""
        self.entries = all_levels()
        self.index = min(self.index, max(0, len(self.entries) - 1))
        self.__dict__.pop("sequence", None)

    def resume(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ unlocking

    @cached_property
    def sequence(self) -> list[str]:
        """The unlock sequence (engine.level.unlock_sequence): the built-in designed levels in list order."""
        return unlock_sequence(self.entries)

    def is_locked(self, entry: Entry) -> bool:
        if self.purpose != "play" or entry.spec is None:
            return False
        return not is_unlocked(self.sequence, entry.id, self.app.progress.stars())

    # ------------------------------------------------------------------ layout

    def layout(self) -> tuple[int, int, int, int, int]:
        """columns, card width, card height, gap, top of the grid."""
        px = self.app.px
        w, _ = self.app.screen.get_size()
        gap = px(18)
        cols = max(2, (w - gap) // (px(280) + gap))
        card_w = (w - gap * (cols + 1)) // cols
        return cols, card_w, int(card_w * 0.74), gap, px(96)

    def card_rect(self, i: int) -> pygame.Rect:
        cols, cw, ch, gap, top = self.layout()
        r, c = divmod(i, cols)
        return pygame.Rect(gap + c * (cw + gap), top + r * (ch + gap) - int(self.scroll), cw, ch)

    def ensure_visible(self) -> None:
        rect = self.card_rect(self.index)
        _, _, ch, gap, top = self.layout()
        h = self.app.screen.get_height()
        bottom = h - self.footer_height() - gap
        if rect.top < top:
            self.scroll -= top - rect.top + gap
        elif rect.bottom > bottom:
            self.scroll += rect.bottom - bottom
        self.scroll = max(0.0, self.scroll)

    def footer_height(self) -> int:
        return self.app.px(70)

    # ------------------------------------------------------------------ input

    def on_action(self, action: str) -> None:
        cols = self.layout()[0]
        moves = {"left": -1, "right": 1, "up": -cols, "down": cols, "page_up": -cols * 2, "page_down": cols * 2}
        if action in moves:
            self.index = min(len(self.entries) - 1, max(0, self.index + moves[action]))
            self.ensure_visible()
            self.app.sound.play("click")
        elif action == "open":
            self.open(self.index)
        elif action == "back":
            self.app.pop()
        elif action == "edit" and self.entries:
            self.edit(self.entries[self.index])

    def edit(self, entry: Entry) -> None:
        from engine.level.design import edit_target
        from engine.level.registry import taken_ids

        if entry.spec is None:
            self.app.toast(f"{entry.path.name} is broken: fix it in a text editor first", 4)
            return
        spec, path, origin = edit_target(entry.spec, entry.path, entry.builtin, taken_ids(), user_levels_dir())
        self.app.push(self.app.make("editor", spec=spec, path=path, origin=origin, id_locked=not entry.builtin))

    def on_event(self, event: pygame.event.Event) -> None:
        if self.share.handle(event):
            return
        if event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0.0, self.scroll - event.y * self.app.px(60))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i in range(len(self.entries)):
                if self.card_rect(i).collidepoint(event.pos):
                    self.index = i
                    self.open(i)
                    return

    def open(self, i: int) -> None:
        entry = self.entries[i]
        if entry.spec is None:
            self.app.toast(f"{entry.path.name} is broken: {entry.error.first.message}", 5)
            self.app.sound.play("fail")
            return
        if self.is_locked(entry):
            self.app.toast("Locked: finish the level before it to open this one", 3)
            self.app.sound.play("fail")
            return
        open_level(self.app, entry, "play" if self.purpose == "play" else "race")

    # ------------------------------------------------------------------ drawing

    def update(self, dt: float) -> None:
        # Build at most two thumbnails per tick so the window never freezes.
        built = 0
        for e in self.entries:
            if built >= 2:
                break
            if e.spec is not None and e.id not in self.thumbs:
                self.thumbs[e.id] = self._thumbnail(e)
                built += 1

    def _thumbnail(self, e: Entry) -> pygame.Surface | None:
        try:
            land = build_landscape(e.spec.landscape)
        except Exception:  # noqa: BLE001 - a stranger's file: no thumbnail rather than a crash
            return None
        _, cw, ch, _, _ = self.layout()
        view = View.fit(land.domain, (0, 0, cw - 16, int(ch * 0.58)))
        surf, _ = self.app.terrain.get(f"thumb:{e.path}", land, view, self.app.settings.colormap, 8)
        return surf

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, h = surface.get_size()
        _, _, _, _, top = self.layout()
        clip = pygame.Rect(0, top - px(8), w, h - top + px(8) - self.footer_height())
        surface.set_clip(clip)
        for i, e in enumerate(self.entries):
            rect = self.card_rect(i)
            if rect.bottom < clip.top or rect.top > h:
                continue
            self._card(surface, e, rect, i == self.index)
        surface.set_clip(None)
        self._footer(surface)
        text(surface, self.title, (px(24), px(22)), px(34), ACCENT, bold=True)
        n_user = sum(not e.builtin for e in self.entries)
        folder = str(user_levels_dir()).replace(str(Path.home()), "~", 1)
        text(surface, f"{len(self.entries)} levels ({n_user} of yours, from {folder})   ·   "
                      "arrows + Enter, or click   ·   E: edit   ·   Esc: back", (px(26), px(66)), px(15), DIM,
             max_width=w - px(52))
        self.share.draw(surface, w - px(24), px(22))

    def _footer(self, surface: pygame.Surface) -> None:
        """The selected level's lesson (its description), or a broken level's error with its hint."""
        px = self.app.px
        w, h = surface.get_size()
        rect = pygame.Rect(px(12), h - self.footer_height(), w - px(24), self.footer_height() - px(8))
        panel(surface, rect, (18, 22, 32, 245))
        if not self.entries:
            return
        e = self.entries[self.index]
        x, y = rect.x + px(16), rect.y + px(8)
        if e.spec is None:
            text(surface, f"{e.path}", (x, y), px(16), BAD, bold=True)
            text(surface, str(e.error.first)[:160], (x, y + px(26)), px(14), INK)
            return
        spec = e.spec
        title = text(surface, spec.title, (x, y), px(18), ACCENT, bold=True)
        by = spec.info.author
        text(surface, f"{spec.kind} · {spec.rules.steps} steps" + (f" · by {by}" if by else ""),
             (title.right + px(14), y + px(3)), px(14), DIM)
        for i, line in enumerate(wrap(spec.info.description, px(15), rect.width - px(32))[:2]):
            text(surface, line, (x, y + px(26) + i * px(18)), px(15), INK)

    def _card(self, surface: pygame.Surface, e: Entry, rect: pygame.Rect, selected: bool) -> None:
        px = self.app.px
        border = ACCENT if selected else ((200, 70, 70) if e.spec is None else (70, 82, 104))
        panel(surface, rect, (30, 37, 52, 240) if selected else (24, 30, 42, 235), border=border)
        if selected:
            pygame.draw.rect(surface, ACCENT, rect, 3, border_radius=10)
        inner = rect.inflate(-16, -16)
        if e.spec is None:
            text(surface, f"Broken level: {e.path.name}", inner.topleft, px(17), BAD, bold=True)
            y = inner.y + px(28)
            for line in wrap(str(e.error.first.message), px(14), inner.width)[:6]:
                text(surface, line, (inner.x, y), px(14), INK)
                y += px(19)
            if e.error.first.hint:
                for line in wrap("hint: " + e.error.first.hint, px(13), inner.width)[:2]:
                    text(surface, line, (inner.x, y), px(13), DIM)
                    y += px(18)
            return
        thumb = self.thumbs.get(e.id)
        th_h = int(rect.height * 0.58)
        if thumb is not None:
            tr = thumb.get_rect(midtop=(rect.centerx, rect.y + 8))
            surface.blit(thumb, tr)
        else:
            text(surface, "drawing the map...", (rect.centerx, rect.y + th_h // 2), px(14), DIM, anchor="center")
        locked = self.is_locked(e)
        if locked:
            area = thumb.get_rect(midtop=(rect.centerx, rect.y + 8)) if thumb else pygame.Rect(
                rect.x + 8, rect.y + 8, rect.width - 16, th_h)
            veil = pygame.Surface(area.size, pygame.SRCALPHA)
            veil.fill((0, 0, 0, 170))
            surface.blit(veil, area)
            text(surface, "LOCKED", (rect.centerx, rect.y + 8 + th_h // 2), px(22), INK, bold=True, anchor="center")
        y = rect.y + th_h + px(14)
        text(surface, e.spec.title, (inner.x, y), px(18), INK, bold=True)
        tag = "yours" if not e.builtin else ("classic" if e.spec.kind == "function" else e.spec.kind)
        text(surface, tag, (inner.right, y + px(3)), px(13), DIM, anchor="topright")
        y += px(26)
        diff = e.spec.info.difficulty
        text(surface, "difficulty " + "●" * diff + "○" * (5 - diff), (inner.x, y), px(14), DIM)
        best = self.app.progress.best.get(e.id)
        for k in range(3):
            star(surface, ACCENT if best and best.stars > k else (70, 76, 90),
                 (inner.right - px(12) - (2 - k) * px(22), y + px(9)), px(9))
        if best:
            text(surface, f"best {best.score}", (inner.right - px(80), y), px(14), GOOD, anchor="topright")
