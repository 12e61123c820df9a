"""Results: the fog lifts, the hidden global minimum appears, and your path meets the AI hikers' paths."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pygame

from engine.hike import Hike, best_final_cost
from engine.level import Entry
from engine.rules import found, is_new_best

from ..gfx import axes, axis_names, fmt, legend, marker_global, panel, star
from ..input import Binding
from ..render.palette import OPTIMIZER_COLORS
from ..render.text import ACCENT, BAD, DIM, FOG, GOOD, INK, text
from ..render.view import View
from ..resources import colormap
from ..widgets import ButtonColumn
from .base import Scene
from .loading import open_level

LIFT_SECONDS = 1.6
PLAYER = (255, 122, 69)


class ResultsScene(Scene):
    title = "Results"
    KEYS = [
        Binding((pygame.K_r,), "retry", "play this level again"),
        Binding((pygame.K_n,), "next", "next level"),
        Binding((pygame.K_w,), "watch", "watch the AI race from your start"),
        Binding((pygame.K_UP,), "up", "select the button above"),
        Binding((pygame.K_DOWN,), "down", "select the button below"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "press", "press the selected button"),
        Binding((pygame.K_ESCAPE,), "menu", "back to the level list"),
    ]
    MOUSE = [("Click", "press a button")]

    def __init__(self, app, hike: Hike, practice: bool = False) -> None:
        super().__init__(app)
        self.hike = hike
        self.level = hike.level
        self.practice = practice  # a play-test from the editor: nothing recorded, "Back to the editor"
        self.lift = 0.0 if not app.settings.reduced_motion else LIFT_SECONDS
        self.race = hike.rival_race()
        self.verdict = hike.verdict(best_final_cost(self.race))
        previous = app.progress.best.get(self.level.id)
        self.new_best = not practice and is_new_best(None if previous is None else previous.score, self.verdict.score)
        if not practice:
            app.progress.record(self.level.id, self.verdict.score, self.verdict.stars)
            app.save_progress()
        app.sound.play("chime" if self.verdict.kind == "global" else "fail")
        self.menu: ButtonColumn | None = None

    @cached_property
    def next_level(self) -> Entry | None:
        """The level after this one in the list (reads the level folders once per results screen)."""
        from engine.level import all_levels

        entries = [e for e in all_levels() if e.spec is not None]
        ids = [e.id for e in entries]
        if self.level.id in ids:
            i = ids.index(self.level.id)
            if i + 1 < len(entries):
                return entries[i + 1]
        return None

    def build_ui(self) -> None:
        px = self.app.px
        w, h = self.app.screen.get_size()
        x = w - px(200)
        if self.practice:
            self.menu = ButtonColumn(self.app.ui, [
                ("Back to the editor", self.to_menu, "back where you were in the editor (Esc)"),
                ("Play-test again", self.retry, "play the unsaved level again (R)"),
                ("Watch the AI race", self.watch, "race the optimizers from your start (W)"),
            ], x, h - px(3 * 56 + 24), px(340), px(46), px(10), big=False)
            return
        self.menu = ButtonColumn(self.app.ui, [
            ("Retry", self.retry, "play this level again (R)"),
            ("Next level", self.next, "on to the next level (N)"),
            ("Watch the AI race", self.watch, "race the optimizers from your start (W)"),
            ("Level list", self.to_menu, "back to the levels (Esc)"),
        ], x, h - px(4 * 56 + 24), px(340), px(46), px(10), big=False)

    def retry(self) -> None:
        self.app.replace(self.app.make("play", self.level, practice=self.practice))

    def next(self) -> None:
        if self.practice:
            return
        nxt = self.next_level
        if nxt is None:
            self.app.toast("That was the last level!")
            return
        open_level(self.app, nxt, "play", replace=True)

    def watch(self) -> None:
        scene = self.app.make("race", self.level, start=self.hike.start)
        self.app.replace(scene)
        scene.playing = True

    def to_menu(self) -> None:
        self.app.pop()

    def on_action(self, action: str) -> None:
        actions = {"retry": self.retry, "next": self.next, "watch": self.watch, "menu": self.to_menu}
        if action in actions:
            actions[action]()
        else:
            self.menu.on_action(action)

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu:
            self.menu.handle(event)

    def update(self, dt: float) -> None:
        self.lift = min(LIFT_SECONDS, self.lift + dt)

    # ------------------------------------------------------------------ drawing

    def map_rect(self) -> tuple[int, int, int, int]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        return (px(16), px(76), w - px(420) - px(76), h - px(92))  # room for the legend

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        view = View.fit(self.hike.domain, self.map_rect())
        terrain, scale = self.app.terrain.get(self.level.id + str(self.level.source), self.hike.land, view,
                                              self.app.settings.colormap, self.app.contour_lines())
        surface.blit(terrain, view.rect[:2])
        alpha = int(255 * (1 - min(1.0, self.lift / LIFT_SECONDS)) ** 2)
        if alpha:
            fog = pygame.Surface((view.width, view.height), pygame.SRCALPHA)
            fog.fill((*FOG, alpha))
            surface.blit(fog, view.rect[:2])
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        axes(surface, view, px(12), axis_names(self.level))
        for racer in self.race.racers:
            pts = view.to_screen(np.array([p[0] for p in racer.hikers.path]))
            color = OPTIMIZER_COLORS[racer.name]
            if len(pts) > 1:
                pygame.draw.lines(surface, color, False, pts.tolist(), 2)
            pygame.draw.circle(surface, color, pts[-1], px(5))
        pts = view.to_screen(np.array(self.hike.path))
        if len(pts) > 1:
            pygame.draw.lines(surface, (0, 0, 0), False, pts.tolist(), 6)
            pygame.draw.lines(surface, PLAYER, False, pts.tolist(), 3)
        pygame.draw.circle(surface, PLAYER, pts[-1], px(8))
        pygame.draw.circle(surface, (255, 255, 255), pts[-1], px(8), 2)
        if self.lift >= LIFT_SECONDS * 0.5:
            for p in self.level.minimum.points:
                marker_global(surface, view.to_screen(p), px(11))
        legend(surface, (view.rect[0] + view.width + px(8), view.top, px(14), min(view.height, px(260))), scale,
               colormap(self.app.settings.colormap), px(12))
        self.draw_report(surface)

    def draw_report(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, h = surface.get_size()
        v = self.verdict
        text(surface, f"{self.level.title} — the fog lifts", (px(18), px(14)), px(28), ACCENT, bold=True)
        color = GOOD if v.kind == "global" else BAD
        text(surface, v.message, (px(20), px(48)), px(18), color, bold=True)
        rect = pygame.Rect(w - px(380), px(76), px(364), h - px(92) - px(4 * 56 + 30))
        panel(surface, rect)
        x, y = rect.x + px(18), rect.y + px(14)
        for k in range(3):
            star(surface, ACCENT if v.stars > k else (70, 76, 90), (x + px(22) + k * px(48), y + px(22)), px(20))
        text(surface, f"{v.score}", (rect.right - px(18), y + px(2)), px(34), INK, bold=True, anchor="topright")
        y += px(56)
        best = self.app.progress.best.get(self.level.id)
        note = "Play-test: not recorded" if self.practice else "New personal best!" if self.new_best else \
            f"Personal best {best.score if best else '-'}"
        text(surface, note, (x, y), px(16), GOOD if self.new_best else DIM)
        y += px(28)
        used = self.hike.budget - self.hike.steps_left
        for label, value in (("your lowest altitude", fmt(self.hike.best_cost)),
                             ("global minimum", fmt(self.level.minimum.value)),
                             ("steps used", f"{used} (par {self.level.rules.par_steps})"),
                             ("probes", str(self.hike.probe_count))):
            text(surface, label, (x, y), px(15), DIM)
            text(surface, value, (rect.right - px(18), y), px(15), INK, anchor="topright")
            y += px(22)
        y += px(8)
        text(surface, f"AI hikers from your start, {self.hike.budget} steps:", (x, y), px(15), DIM)
        y += px(24)
        for racer in self.race.standings():
            cost = float(racer.hikers.reported_cost[0])
            pygame.draw.circle(surface, OPTIMIZER_COLORS[racer.name], (x + px(6), y + px(9)), px(6))
            mark = " ✓" if found(cost, self.level.minimum) else ""
            label = racer.label if len(racer.label) <= 26 else racer.label[:25] + "…"
            text(surface, label + mark, (x + px(20), y), px(15), INK)
            text(surface, fmt(cost), (rect.right - px(18), y), px(15), INK, anchor="topright")
            y += px(21)
            if y > rect.bottom - px(20):
                break
        y = max(y + px(6), rect.bottom - px(26))
        text(surface, "★ the hidden global minimum · orange: your path", (x, y), px(13), DIM)
