"""Level select: a grid of cards with difficulty, best score and stars, a search box and a filter.

A card shows its map only once the level has been played: until then a fogged, abstract card keeps the
secret of where the low ground is (in the race list too). Built-in and user levels; a broken user level
shows its error on its card instead of crashing.
"""

from __future__ import annotations

import math
import zlib
from concurrent.futures import Future
from functools import cached_property
from pathlib import Path

import numpy as np
import pygame
import pygame_gui

from engine.level import Entry, all_levels, build_landscape, unlock_sequence, user_levels_dir
from engine.rules import is_unlocked

from ..gfx import panel, star
from ..input import Binding
from ..pacing import WorkPacer
from ..records import key_of
from ..render.terrain import TerrainJob
from ..render.text import ACCENT, BAD, DIM, FOG, GOOD, INK, text, text_block
from ..render.view import View
from ..widgets import FocusRing
from .base import Scene
from .editor_share import ShareBar
from .loading import open_level

ROW_PIXELS = 4096  # a thumbnail is built over several frames, in slices of whole rows of about this many pixels
ROW_WORK = 1_000_000  # a costly landscape's least slice: about a million multiply-adds (a few ms)
THUMB_SECONDS = 0.004  # of work a frame (the list's own drawing takes about as much)
THUMB_CONTOURS = 8

FILTERS = ("all levels", "not played yet", "played", "designed", "classic", "yours", "easy (1-2)", "medium (3)",
           "hard (4-5)")


def kind_word(entry: Entry) -> str:
    """The one word a player sees for a level's kind ("classic" for a classic test function, everywhere)."""
    if entry.spec is None:
        return "broken"
    return "classic" if entry.spec.kind == "function" else entry.spec.kind


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
        Binding((pygame.K_SLASH, pygame.K_f), "search", "search levels by name, kind or difficulty"),
        Binding((pygame.K_e,), "edit", "open the selected level in the editor (a built-in one as a copy)"),
        Binding((pygame.K_ESCAPE, pygame.K_BACKSPACE), "back", "back to the title"),
    ]
    MOUSE = [("Click a card", "open that level"), ("Mouse wheel", "scroll the list"),
             ("Tab", "move between the search box, the filter and the cards"),
             ("Ctrl+C / Ctrl+V", "copy the level's share code / import codes from the clipboard")]

    def __init__(self, app, purpose: str = "play") -> None:
        super().__init__(app)
        self.purpose = purpose
        self.entries: list[Entry] = all_levels()
        self.query = ""
        self.filter = FILTERS[0]
        self.visible: list[int] = list(range(len(self.entries)))
        self.index = 0  # into self.visible
        self.scroll = 0.0
        self.thumbs: dict[str, pygame.Surface | None] = {}
        self.building: ThumbnailBuild | None = None  # the thumbnail being built, a few rows a frame
        self.land_jobs: dict[str, Future] = {}  # landscapes being built for thumbnails, by record key
        self.color_pacers: dict[int, WorkPacer] = {}  # colouring costs the same per pixel on every level
        self.rows_last_frame = 0  # thumbnail rows built in the last update (tests count them)
        self.title = "Choose a level to play" if purpose == "play" else "Choose a level to race on"
        self.widgets: dict[str, object] = {}
        self.focus = FocusRing(rest=True)
        self.share = ShareBar(app, lambda: self.selected_entry().spec if self.selected_entry() else None,
                              self.reload)

    def selected_entry(self) -> Entry | None:
        return self.entries[self.visible[self.index]] if self.visible else None

    def reload(self) -> None:
        """Read the level folders again (after an import, or a save in the editor)."""
        self.entries = all_levels()
        self.visible = [i for i, e in enumerate(self.entries) if self.matches(e)]
        self.index = min(self.index, max(0, len(self.visible) - 1))
        self.__dict__.pop("sequence", None)

    def resume(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ unlocking and secrets

    @cached_property
    def sequence(self) -> list[str]:
        """The unlock sequence (engine.level.unlock_sequence): the built-in designed levels in list order."""
        return unlock_sequence(self.entries)

    def is_locked(self, entry: Entry) -> bool:
        if self.purpose != "play" or entry.spec is None:
            return False
        return not is_unlocked(self.sequence, entry.id, self.app.progress.stars())

    def best(self, entry: Entry):
        return self.app.progress.best.get(key_of(entry)) if entry.spec is not None else None

    def played(self, entry: Entry) -> bool:
        """A level's map is shown on its card only after it has been played (the secret stays secret)."""
        return self.best(entry) is not None

    # ------------------------------------------------------------------ search and filter

    def matches(self, e: Entry) -> bool:
        spec = e.spec
        played = spec is not None and self.played(e)
        f = self.filter
        if f == "not played yet" and played or f == "played" and not played:
            return False
        if f == "designed" and (not e.builtin or spec is None or spec.kind == "function"):
            return False
        if f == "classic" and (spec is None or spec.kind != "function"):
            return False
        if f == "yours" and e.builtin:
            return False
        diff = spec.info.difficulty if spec else 0
        if f.startswith("easy") and diff > 2 or f.startswith("medium") and diff != 3 or \
                f.startswith("hard") and diff < 4:
            return False
        words = self.query.lower().split()
        if not words:
            return True
        hay = " ".join([e.id, spec.title if spec else e.path.name, kind_word(e), "yours" if not e.builtin else
                        "built-in", "played" if played else "unplayed", f"difficulty {diff}", f"d{diff}",
                        spec.info.author if spec else ""]).lower()
        return all(w in hay for w in words)

    def refilter(self) -> None:
        keep = self.visible[self.index] if self.visible else None
        self.visible = [i for i, e in enumerate(self.entries) if self.matches(e)]
        self.index = self.visible.index(keep) if keep in self.visible else 0
        self.scroll = 0.0
        self.ensure_visible()

    # ------------------------------------------------------------------ layout

    def header_height(self) -> int:
        return self.app.px(104)

    def layout(self) -> tuple[int, int, int, int, int]:
        """columns, card width, card height, gap, top of the grid."""
        px = self.app.px
        w, _ = self.app.screen.get_size()
        gap = px(18)
        cols = max(2, (w - gap) // (px(280) + gap))
        card_w = (w - gap * (cols + 1)) // cols
        return cols, card_w, int(card_w * 0.74), gap, self.header_height()

    def card_rect(self, i: int) -> pygame.Rect:
        """The rect of the i-th visible card."""
        cols, cw, ch, gap, top = self.layout()
        r, c = divmod(i, cols)
        return pygame.Rect(gap + c * (cw + gap), top + r * (ch + gap) - int(self.scroll), cw, ch)

    def grid_bottom(self) -> int:
        return self.app.screen.get_height() - self.footer_height() - self.layout()[3]

    def max_scroll(self) -> float:
        cols, _, ch, gap, top = self.layout()
        rows = (len(self.visible) + cols - 1) // cols
        content = rows * (ch + gap) - gap
        return float(max(0, content - (self.grid_bottom() - top)))

    def clamp_scroll(self) -> None:
        self.scroll = min(max(0.0, self.scroll), self.max_scroll())

    def ensure_visible(self) -> None:
        if self.visible:
            rect = self.card_rect(self.index)
            top = self.layout()[4]
            if rect.top < top:
                self.scroll -= top - rect.top
            elif rect.bottom > self.grid_bottom():
                self.scroll += rect.bottom - self.grid_bottom()
        self.clamp_scroll()

    def footer_height(self) -> int:
        return self.app.px(78)

    def on_resize(self) -> None:
        self.thumbs.clear()  # thumbnails are drawn for a card size: rebuild them for the new one
        self.building = None
        self.ensure_visible()

    # ------------------------------------------------------------------ widgets

    def build_ui(self) -> None:
        px = self.app.px
        ui = self.app.ui
        w, _ = self.app.screen.get_size()
        kept = self.focus.index
        self.focus.clear()
        fw, sw = px(190), px(230)
        x = w - px(24) - fw - px(10) - sw
        y = px(18)
        self.widgets["search"] = self.focus.add(pygame_gui.elements.UITextEntryLine(
            pygame.Rect(x, y, sw, px(36)), ui, placeholder_text="search ( / )"))
        if self.query:
            self.widgets["search"].set_text(self.query)
        self.widgets["filter"] = self.focus.add(pygame_gui.elements.UIDropDownMenu(
            list(FILTERS), self.filter, pygame.Rect(w - px(24) - fw, y, fw, px(36)), ui))
        self.focus.keep(kept)

    def wants_text(self) -> bool:
        search = self.widgets.get("search")
        return bool(search is not None and search.is_focused)

    def handle(self, event: pygame.event.Event) -> None:
        if self.wants_text() and event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB:
                self.focus.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            elif event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_DOWN):
                self.widgets["search"].unfocus()  # back to the cards; Enter then opens the first match
                self.focus.index = None
            return  # every other key types into the search box
        super().handle(event)

    # ------------------------------------------------------------------ input

    def on_action(self, action: str) -> None:
        cols = self.layout()[0]
        moves = {"left": -1, "right": 1, "up": -cols, "down": cols, "page_up": -cols * 2, "page_down": cols * 2}
        if action in moves:
            if self.visible:
                self.index = min(len(self.visible) - 1, max(0, self.index + moves[action]))
                self.ensure_visible()
                self.app.sound.play("click")
        elif action == "open":
            if self.visible:
                self.open(self.index)
        elif action == "search":
            self.focus.focus(self.widgets["search"])
            self.widgets["search"].focus()
        elif action == "back":
            self.app.pop()
        elif action == "edit" and self.selected_entry() is not None:
            self.edit(self.selected_entry())

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
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.widgets.get("search"):
            self.query = event.text
            self.refilter()
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.widgets.get("filter"):
            self.filter = event.text
            self.refilter()
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll -= event.y * self.app.px(60)
            self.clamp_scroll()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if event.pos[1] < self.header_height() or event.pos[1] > self.grid_bottom():
                return
            for k in range(len(self.visible)):
                if self.card_rect(k).collidepoint(event.pos):
                    self.index = k
                    self.open(k)
                    return

    def open(self, k: int) -> None:
        entry = self.entries[self.visible[k]]
        if entry.spec is None:
            self.app.toast(f"{entry.path.name} is broken: {entry.error.first.message}", 5)
            self.app.sound.play("fail")
            return
        if self.is_locked(entry):
            self.app.toast("Locked: earn a star on the level before it to open this one", 3)
            self.app.sound.play("fail")
            return
        open_level(self.app, entry, "play" if self.purpose == "play" else "race")

    # ------------------------------------------------------------------ drawing

    def update(self, dt: float) -> None:
        # One thumbnail at a time (only of played levels), a bounded number of rows a frame (ThumbnailBuild),
        # the cards on screen first, so the window never stutters while the list fills in.
        self.rows_last_frame = 0
        if self.building is None:
            self.building = self._next_thumbnail()
        if self.building is None:
            return
        self.rows_last_frame = self.building.advance()
        if self.building.job.done:
            surf, _ = self.app.terrain.store(self.building.cache_key, self.building.job.rgb, self.building.job.scale)
            self.thumbs[self.building.record] = surf
            self.building = None

    def thumb_size(self) -> tuple[int, int]:
        _, cw, ch, _, _ = self.layout()
        return cw - 16, int(ch * 0.58)

    def _next_thumbnail(self) -> ThumbnailBuild | None:
        """Start the next missing thumbnail: of a card on screen if one lacks it, else the first in the list."""
        top, bottom = self.layout()[4], self.grid_bottom()
        waiting = [k for k, i in enumerate(self.visible) if self.entries[i].spec is not None
                   and key_of(self.entries[i]) not in self.thumbs and self.played(self.entries[i])]
        for k in sorted(waiting, key=lambda k: not (self.card_rect(k).bottom > top and self.card_rect(k).top < bottom)):
            e = self.entries[self.visible[k]]
            try:
                land = self._landscape(e)
            except Exception:  # noqa: BLE001 - a stranger's file: no thumbnail rather than a crash
                self.thumbs[key_of(e)] = None
                continue
            if land is None:
                return None  # still being built in a job (a network level's takes tens of ms): next frame
            tw, th = self.thumb_size()
            view = View.fit(land.domain, (0, 0, tw, th))
            cmap = self.app.settings.colormap
            cache_key = self.app.terrain.key(f"thumb:{e.path}", land, view, cmap, THUMB_CONTOURS)
            done = self.app.terrain.peek(cache_key)
            if done is not None:
                self.thumbs[key_of(e)] = done[0]
                continue
            unit = max(1, math.ceil(ROW_PIXELS / view.width))
            clock = self.app.work_clock
            color = self.color_pacers.setdefault(view.width, WorkPacer(unit, THUMB_SECONDS, samples=2, clock=clock))
            job = TerrainJob(land, view.width, view.height, cmap, THUMB_CONTOURS)
            # A costly landscape (a network level: ``work_per_point`` multiply-adds a point) samples about
            # ROW_WORK units at a time, at least one row: 4,096 of its points would be tens of ms.
            work = int(getattr(land, "work_per_point", 0) or 0)
            sample_unit = max(1, ROW_WORK // (job.sample_width * work)) if work else unit
            return ThumbnailBuild(key_of(e), cache_key, job,
                                  WorkPacer(sample_unit, THUMB_SECONDS, samples=2, clock=clock), color)
        return None

    def _landscape(self, e: Entry):
        """The entry's landscape, built in a background job (``app.jobs``); None while it is being built."""
        key = key_of(e)
        future = self.land_jobs.get(key)
        if future is None:
            future = self.land_jobs[key] = self.app.jobs.submit(build_landscape, e.spec.landscape)
        if not future.done():
            return None
        del self.land_jobs[key]
        return future.result()

    def fogged(self, e: Entry, size: tuple[int, int]) -> pygame.Surface:
        """An abstract card for a level not played yet: drifting fog, no map."""
        key = ("fog", key_of(e), size)
        if key not in self.thumbs:
            rng = np.random.default_rng(zlib.crc32(e.id.encode()))
            small = rng.random((6, 4))
            img = np.stack([FOG[0] + 30 * small + 14, FOG[1] + 34 * small + 16, FOG[2] + 48 * small + 24], axis=-1)
            surf = pygame.surfarray.make_surface(np.clip(img, 0, 255).astype(np.uint8))
            self.thumbs[key] = pygame.transform.smoothscale(surf, size)
        return self.thumbs[key]

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, h = surface.get_size()
        top = self.header_height()
        clip = pygame.Rect(0, top - px(8), w, self.grid_bottom() - top + px(8) + self.layout()[3] // 2)
        surface.set_clip(clip)
        for k, i in enumerate(self.visible):
            rect = self.card_rect(k)
            if rect.bottom < clip.top or rect.top > clip.bottom:
                continue
            self._card(surface, self.entries[i], rect, k == self.index and self.focus.index is None)
        surface.set_clip(None)
        if not self.visible:
            text(surface, "No level matches. Clear the search or choose \"all levels\".", (w // 2, top + px(60)),
                 px(18), DIM, anchor="center", max_width=w - px(40))
        self._footer(surface)
        search = self.widgets.get("search")
        right = search.rect.left - px(16) if search is not None else w - px(24)
        header = pygame.Rect(0, 0, right, top)
        text(surface, self.title, (px(24), px(18)), px(34), ACCENT, bold=True, max_width=right - px(24), box=header)
        n_user = sum(not e.builtin for e in self.entries)
        folder = str(user_levels_dir()).replace(str(Path.home()), "~", 1)
        shown = f"{len(self.visible)} of {len(self.entries)} levels" if len(self.visible) != len(self.entries) else \
            f"{len(self.entries)} levels"
        share_left = self.share.draw(surface, w - px(24), px(60))
        text(surface, f"{shown} ({n_user} of yours, from {folder})", (px(26), px(62)), px(15), DIM,
             max_width=min(right, share_left - px(16)) - px(26), box=header)
        text(surface, "arrows + Enter or click · / search · Tab: search and filter · E edit · Esc back",
             (px(26), px(82)), px(14), DIM, max_width=share_left - px(16) - px(26), box=pygame.Rect(0, 0, w, top))

    def _footer(self, surface: pygame.Surface) -> None:
        """The selected level's lesson (its description), or a broken level's error with its hint."""
        px = self.app.px
        w, h = surface.get_size()
        rect = pygame.Rect(px(12), h - self.footer_height(), w - px(24), self.footer_height() - px(8))
        panel(surface, rect, (18, 22, 32, 245))
        if not self.visible:
            return
        e = self.entries[self.visible[self.index]]
        inner = rect.inflate(-px(32), -px(12))
        x, y = inner.x, inner.y
        if e.spec is None:
            text(surface, f"{e.path}", (x, y), px(16), BAD, bold=True, max_width=inner.width, box=inner)
            text_block(surface, str(e.error.first), pygame.Rect(x, y + px(24), inner.width, inner.height - px(24)),
                       px(14), INK, box=inner)
            return
        spec = e.spec
        title = text(surface, spec.title, (x, y), px(18), ACCENT, bold=True, max_width=inner.width // 2, box=inner)
        by = spec.info.author
        text(surface, f"{kind_word(e)} · {spec.rules.steps} steps · difficulty {spec.info.difficulty} of 5"
                      + (f" · by {by}" if by else ""), (title.right + px(14), y + px(3)), px(14), DIM,
             max_width=inner.right - title.right - px(14), box=inner)
        text_block(surface, spec.info.description, pygame.Rect(x, y + px(26), inner.width, inner.height - px(26)),
                   px(15), INK, box=inner)

    def _card(self, surface: pygame.Surface, e: Entry, rect: pygame.Rect, selected: bool) -> None:
        px = self.app.px
        border = ACCENT if selected else ((200, 70, 70) if e.spec is None else (70, 82, 104))
        panel(surface, rect, (30, 37, 52, 240) if selected else (24, 30, 42, 235), border=border)
        if selected:
            pygame.draw.rect(surface, ACCENT, rect, 3, border_radius=10)
        inner = rect.inflate(-16, -16)
        box = inner  # a card scrolled half out of the list is clipped by the surface, its text still fits it
        if e.spec is None:
            text(surface, f"Broken level: {e.path.name}", inner.topleft, px(17), BAD, bold=True,
                 max_width=inner.width, box=inner)
            y = text_block(surface, str(e.error.first.message), pygame.Rect(inner.x, inner.y + px(28), inner.width,
                           inner.height - px(56)), px(14), INK, box=inner)
            if e.error.first.hint:
                text_block(surface, "hint: " + e.error.first.hint, pygame.Rect(inner.x, y, inner.width,
                           inner.bottom - y), px(13), DIM, box=inner)
            return
        tw, th = self.thumb_size()
        area = pygame.Rect(0, 0, tw, th)
        area.midtop = (rect.centerx, rect.y + 8)
        played = self.played(e)
        if played:
            thumb = self.thumbs.get(key_of(e))  # by record key: a level reusing another's id has its own
            if thumb is not None:
                surface.blit(thumb, thumb.get_rect(center=area.center))
            else:
                text(surface, "drawing the map…", area.center, px(14), DIM, anchor="center", box=box)
        else:
            surface.blit(self.fogged(e, area.size), area)
            if not self.is_locked(e):
                text(surface, "?", area.center, px(40), (120, 130, 150), bold=True, anchor="center", shadow=False,
                     box=box)
                text(surface, "map hidden until you play it", (area.centerx, area.bottom - px(6)), px(12), DIM,
                     anchor="midbottom", max_width=area.width - px(8), box=box)
        if self.is_locked(e):
            veil = pygame.Surface(area.size, pygame.SRCALPHA)
            veil.fill((0, 0, 0, 170))
            surface.blit(veil, area)
            text(surface, "LOCKED", area.center, px(22), INK, bold=True, anchor="center", box=box)
            text(surface, "a star on the level before opens it", (area.centerx, area.bottom - px(6)), px(12), DIM,
                 anchor="midbottom", max_width=area.width - px(8), box=box)
        y = rect.y + th + px(14)
        tag = text(surface, "yours" if not e.builtin else kind_word(e), (inner.right, y + px(3)), px(13), DIM,
                   anchor="topright", max_width=inner.width // 3, box=box)
        text(surface, e.spec.title, (inner.x, y), px(18), INK, bold=True, max_width=tag.left - inner.x - px(8),
             box=box)
        y += px(26)
        diff = e.spec.info.difficulty
        best = self.best(e)
        stars_w = px(66)
        for k in range(3):
            star(surface, ACCENT if best and best.stars > k else (70, 76, 90),
                 (inner.right - px(10) - (2 - k) * px(22), y + px(9)), px(9))
        score = None
        if best:
            score = text(surface, f"best {best.score}", (inner.right - stars_w - px(8), y), px(14), GOOD,
                         anchor="topright", max_width=inner.width // 3, box=box)
        left_room = (score.left if score else inner.right - stars_w) - inner.x - px(8)
        text(surface, "difficulty " + "●" * diff + "○" * (5 - diff), (inner.x, y), px(14), DIM, max_width=left_room,
             box=box)

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        super().draw_over_ui(surface)


class ThumbnailBuild:
    """A thumbnail built over several frames: each frame, at most the pacer's rows of the pass under way
    (sampling the landscape, paced per level; colouring, paced per width)."""

    def __init__(self, record: str, cache_key: tuple, job: TerrainJob, sample: WorkPacer, color: WorkPacer) -> None:
        self.record = record
        self.cache_key = cache_key
        self.job = job
        self.pacers = {"sample": sample, "color": color}

    def advance(self) -> int:
        """One frame's rows (at most the current pass's pacer allowance); returns the rows built."""
        return self.pacers[self.job.phase].run(self.job.step)

    @property
    def allowance(self) -> int:
        return self.pacers[self.job.phase].allowance if not self.job.done else 0
