"""Results: the fog lifts, the hidden global minimum appears, your path meets the AI hikers' paths, and the
score is explained part by part, with what each star needs. P replays the run; E saves it as a GIF."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pygame

from engine.hike import Hike, best_final_cost
from engine.level import Entry
from engine.network import NetworkLandscape
from engine.rules import STAR_RULES, found, is_new_best

from ..gfx import axes, axis_names, fmt, legend, marker, marker_global, panel, star
from ..input import Binding
from ..records import key_of, shown_path
from ..render.boundary import draw_boundary, key_height
from ..render.palette import PLAYER_COLOR, racer_colors, racer_shapes
from ..render.text import ACCENT, BAD, DIM, FOG, GOOD, INK, text, text_block
from ..render.view import View
from ..resources import colormap
from ..widgets import ButtonColumn
from .base import Scene
from .loading import open_level

LIFT_SECONDS = 1.6
REPLAY_STEPS_PER_SECOND = 6
MODE_NAMES = {"blindfolded": "blindfolded", "fog": "in the fog", "clear": "on a clear map (practice)"}


class ResultsScene(Scene):
    title = "Results"
    KEYS = [
        Binding((pygame.K_p,), "replay", "replay your run, step by step, beside the AI hikers"),
        Binding((pygame.K_e,), "export", "save your run as a GIF (the notice says where)"),
        Binding((pygame.K_r,), "retry", "play this level again"),
        Binding((pygame.K_n,), "next", "next level"),
        Binding((pygame.K_w,), "watch", "watch the AI race from your start"),
        Binding((pygame.K_UP, pygame.K_LEFT), "up", "focus the previous button"),
        Binding((pygame.K_DOWN, pygame.K_RIGHT), "down", "focus the next button"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE), "press", "press the focused button"),
        Binding((pygame.K_ESCAPE,), "menu", "back to the level list"),
    ]
    MOUSE = [("Click", "press a button")]

    def __init__(self, app, hike: Hike, mode: str = "fog", practice: bool = False,
                 editor_test: bool = False) -> None:
        super().__init__(app)
        self.hike = hike
        self.level = hike.level
        self.mode = mode
        self.practice = practice  # a test play or the tutorial: shown, never saved
        self.editor_test = editor_test  # a play-test from the editor: "Back to the editor"
        self.lift = 0.0 if not app.settings.reduced_motion else LIFT_SECONDS
        self.replay_t: float | None = None
        self.race = hike.rival_race()
        self.colors = racer_colors([r.name for r in self.race.racers])
        self.shapes = racer_shapes(len(self.race.racers))
        self.verdict = hike.verdict(best_final_cost(self.race))
        self.key = key_of(self.level)
        previous = app.progress.best.get(self.key)
        self.previous = previous
        self.new_best = not practice and is_new_best(None if previous is None else previous.score,
                                                     self.verdict.score, self.verdict.stars)
        if not practice:
            app.progress.record(self.key, self.verdict.score, self.verdict.stars, mode)
            app.save_progress()
        app.sound.play("chime" if self.verdict.kind == "global" else "fail")
        self.menu: ButtonColumn | None = None

    @cached_property
    def next_level(self) -> Entry | None:
        """The level after this one in the list (the first level after the tutorial or a test play)."""
        from engine.level import all_levels

        entries = [e for e in all_levels() if e.spec is not None]
        ids = [e.id for e in entries]
        if self.level.id not in ids:
            return entries[0] if entries else None
        i = ids.index(self.level.id)
        return entries[i + 1] if i + 1 < len(entries) else None

    # ------------------------------------------------------------------ layout

    def panel_width(self) -> int:
        return self.app.px(400)

    def header_height(self) -> int:
        return self.app.px(96)

    def button_rects(self) -> list[pygame.Rect]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        x0 = w - self.panel_width() - px(16)
        bw = (self.panel_width() - px(10)) // 2
        bh = px(40)
        rects = []
        for i in range(6):
            r, c = divmod(i, 2)
            rects.append(pygame.Rect(x0 + c * (bw + px(10)), h - px(16) - (3 - r) * bh - (2 - r) * px(8), bw, bh))
        return rects

    def boundary_width(self) -> int:
        """Room beside the map for a network level's decision boundary (0 on other levels)."""
        return self.app.px(176) if isinstance(self.level.landscape, NetworkLandscape) else 0

    def map_rect(self) -> tuple[int, int, int, int]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        top = self.header_height()
        return (px(16), top, w - self.panel_width() - px(32) - px(84) - self.boundary_width(),  # room for the legend
                h - top - px(16))

    def boundary_rect(self, view: View) -> pygame.Rect:
        px = self.app.px
        x = view.left + view.width + px(76)
        width = min(self.app.screen.get_width() - self.panel_width() - px(24) - x, px(180))
        return pygame.Rect(x, view.top, width, min(view.height, width + px(40) + key_height(width, px)))

    def build_ui(self) -> None:
        if self.editor_test:
            self.menu = ButtonColumn(self.app.ui, [
                ("Back to the editor", self.to_menu, "back where you were in the editor (Esc)"),
                ("Play-test again", self.retry, "play the unsaved level again (R)"),
                ("Replay", self.replay, "replay your run beside the AI hikers (P)"),
                ("Watch the AI race", self.watch, "race the optimizers from your start (W)"),
            ], 0, 0, 0, 0, 0, big=False, rects=self.button_rects()[2:])
            return
        self.menu = ButtonColumn(self.app.ui, [
            ("Replay", self.replay, "replay your run beside the AI hikers (P)"),
            ("Save GIF", self.export, "save your run as an animated GIF (E)"),
            ("Retry", self.retry, "play this level again (R)"),
            ("Next level", self.next, "on to the next level (N)"),
            ("Watch the AI race", self.watch, "race the optimizers from your start (W)"),
            ("Level list", self.to_menu, "back to the levels (Esc)"),
        ], 0, 0, 0, 0, 0, big=False, rects=self.button_rects())
        self.menu.set_index(3 if self.verdict.stars > 0 else 2)  # Enter: on to the next level, or try again

    # ------------------------------------------------------------------ actions

    def replay(self) -> None:
        self.lift = 1e9  # the map is shown at once
        self.replay_t = 0.0

    def export(self) -> None:
        from ..export import save_gif

        path = self.app.capture_path(f"run-{self.level.id}", "gif")
        save_gif(self.level, self.race, path, colormap=self.app.settings.colormap, upto=self.hike.budget,
                 colors=self.colors, player=self.hike.path)
        self.app.toast(f"Your run was saved as a GIF: {shown_path(path)}", 6)

    def retry(self) -> None:
        self.app.replace(self.app.make("play", self.level, mode=self.mode, practice=self.practice,
                                       editor_test=self.editor_test))

    def next(self) -> None:
        if self.editor_test:
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
        actions = {"retry": self.retry, "next": self.next, "watch": self.watch, "menu": self.to_menu,
                   "replay": self.replay, "export": self.export}
        if action in actions:
            actions[action]()
        elif self.menu:
            self.menu.on_action(action)

    def on_event(self, event: pygame.event.Event) -> None:
        if self.menu:
            self.menu.handle(event)

    def update(self, dt: float) -> None:
        self.lift = min(LIFT_SECONDS, self.lift + dt)
        if self.replay_t is not None:
            self.replay_t += dt * REPLAY_STEPS_PER_SECOND
            if self.replay_t > len(self.hike.path) + REPLAY_STEPS_PER_SECOND:  # hold the end for a second
                self.replay_t = None

    # ------------------------------------------------------------------ drawing

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
        upto = None if self.replay_t is None else int(self.replay_t)
        for i, racer in enumerate(self.race.racers):
            path = [p[0] for p in racer.hikers.path]
            pts = view.to_screen(np.array(path[: None if upto is None else upto + 1]))
            if len(pts) > 1:
                pygame.draw.lines(surface, self.colors[i], False, pts.tolist(), 2)
            marker(surface, self.shapes[i], pts[-1], px(6), self.colors[i])
        pts = view.to_screen(np.array(self.hike.path[: None if upto is None else upto + 1]))
        if len(pts) > 1:
            pygame.draw.lines(surface, (0, 0, 0), False, pts.tolist(), 6)
            pygame.draw.lines(surface, PLAYER_COLOR, False, pts.tolist(), 3)
        pygame.draw.circle(surface, (0, 0, 0), pts[-1], px(10))
        pygame.draw.circle(surface, (255, 122, 69), pts[-1], px(8))
        pygame.draw.circle(surface, PLAYER_COLOR, pts[-1], px(8), 2)
        if self.lift >= LIFT_SECONDS * 0.5:
            for p in self.level.minimum.points:
                marker_global(surface, view.to_screen(p), px(11))
        if upto is not None:
            text(surface, f"replay: step {min(upto, len(self.hike.path) - 1)} of {len(self.hike.path) - 1}",
                 (view.left + px(8), view.top + px(24)), px(16), ACCENT, bold=True, box=pygame.Rect(view.rect),
                 clamp=True)
        network = self.boundary_width() > 0
        legend(surface, (view.rect[0] + view.width + px(8), view.top, px(14), min(view.height, px(260))), scale,
               colormap(self.app.settings.colormap), px(12),
               right=self.boundary_rect(view).left - px(4) if network else surface.get_width() - self.panel_width()
               - px(20))
        if network:
            where = self.hike.path[-1 if upto is None else min(upto, len(self.hike.path) - 1)]
            draw_boundary(surface, self.boundary_rect(view), self.level.landscape, where, "Your network", px)
        self.draw_header(surface)
        self.draw_report(surface)

    def draw_header(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w = surface.get_width() - self.panel_width() - px(48)
        box = pygame.Rect(px(16), 0, w, self.header_height())
        text(surface, f"{self.level.title} — the fog lifts", (px(18), px(10)), px(28), ACCENT, bold=True,
             max_width=w, box=box)
        v = self.verdict
        color = GOOD if v.kind == "global" else BAD
        size = px(17)
        text_block(surface, v.message, pygame.Rect(px(20), px(44), w - px(4), self.header_height() - px(46)),
                   size, color, bold=True, line_height=int(size * 1.25) + 1, box=box)

    def draw_report(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, h = surface.get_size()
        v = self.verdict
        top_button = min(r.top for r in self.button_rects())
        rect = pygame.Rect(w - self.panel_width() - px(16), px(16), self.panel_width(), top_button - px(24))
        panel(surface, rect)
        box = rect.inflate(-px(6), -px(6))
        x, y = rect.x + px(16), rect.y + px(10)
        right = rect.right - px(16)
        room = right - x

        def line(msg, yy, size=None, color=INK, bold=False, xx=None, anchor="topleft", width=None):
            xx = x if xx is None else xx
            size = px(15) if size is None else size
            return text(surface, msg, (xx, yy), size, color, bold, anchor=anchor, box=box,
                        max_width=width if width is not None else room)

        for k in range(3):
            star(surface, ACCENT if v.stars > k else (70, 76, 90), (x + px(18) + k * px(40), y + px(18)), px(16))
        line(f"{v.score}", y, px(32), INK, True, xx=right, anchor="topright", width=room - px(130))
        y += px(44)
        played = f"played {MODE_NAMES.get(self.mode, self.mode)}" + (
            ", play-test: not recorded" if self.editor_test else ", test play: not saved" if self.practice else "")
        line(played, y, px(14), DIM)
        y += px(19)
        best = self.app.progress.best.get(self.key)
        if self.new_best:
            line("New personal best!", y, px(15), GOOD, True)
        elif not self.practice:
            line(f"personal best {best.score if best else '-'}"
                 + (f" ({MODE_NAMES.get(best.mode, best.mode)})" if best and best.mode else ""), y, px(14), DIM)
        y += px(24)
        line("How the score was made", y, px(15), ACCENT, True)
        y += px(21)
        for part in v.parts:
            pts = f"{part.points} / {part.max_points}"
            r = line(pts, y, px(15), GOOD if part.points else DIM, xx=right, anchor="topright", width=room // 3)
            line(part.label, y, px(15), INK, width=r.left - x - px(8))
            y += px(18)
            line(part.why, y, px(13), DIM)
            y += px(19)
        y += px(4)
        line("What each star needs", y, px(15), ACCENT, True)
        y += px(21)
        for k, rule in enumerate(STAR_RULES):
            earned = v.stars > k
            star(surface, ACCENT if earned else (70, 76, 90), (x + px(8), y + px(9)), px(8))
            rule_text = rule + (f" ({self.level.rules.par_steps} steps)" if k == 2 else "")
            y = text_block(surface, rule_text, pygame.Rect(x + px(22), y, room - px(22), px(36)), px(13),
                           INK if earned else DIM, box=box) + px(2)
        y += px(6)
        if y + px(40) > rect.bottom:
            return
        used = self.hike.budget - self.hike.steps_left
        line(f"AI hikers from your start, {self.hike.budget} steps (you used {used}):", y, px(13), DIM)
        y += px(19)
        racers = self.race.standings()
        index = {id(r): i for i, r in enumerate(self.race.racers)}
        row = px(18)
        fits = max(0, (rect.bottom - px(8) - y) // row)
        shown = racers if len(racers) <= fits else racers[: max(0, fits - 1)]
        for racer in shown:
            i = index[id(racer)]
            cost = float(racer.hikers.reported_cost[0])
            marker(surface, self.shapes[i], (x + px(6), y + px(8)), px(5), self.colors[i])
            mark = " ✓" if found(cost, self.level.minimum) else ""
            r = line(fmt(cost), y, px(13), INK, xx=right, anchor="topright", width=room // 3)
            line(racer.label + mark, y, px(13), INK, xx=x + px(18), width=r.left - x - px(26))
            y += row
        if len(shown) < len(racers) and fits:
            line(f"… and {len(racers) - len(shown)} more (W: watch them race)", y, px(13), DIM)

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        if self.menu:
            self.menu.draw(surface)
