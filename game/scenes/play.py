"""Blindfolded play: the hiker feels the slope, probes, steps, and declares the bottom.

What the player sees of the map depends on the play mode (the level's ``[rules].mode``, or the player's
setting): **blindfolded** shows only the trail and what the hiker felt, **fog** also clears a little
around the trail, **clear** shows everything (practice). The sidebar tells the ground's slope in words
relative to this level's typical slope, and, separately, how far the next step goes.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from engine.hike import COMPASS, DIRECTIONS, Hike
from engine.level import Level

from .. import ear
from ..gfx import arrow, axes, axis_names, fmt, panel, star
from ..input import Binding
from ..records import MODE_WORDS, play_mode
from ..render.text import ACCENT, BAD, DIM, FOG, GOOD, INK, font, text, text_block, width_of, wrap
from ..render.view import View
from .base import Scene

STRIDE_FACTOR = 1.25
TRAIL = (255, 255, 255)


def dashed(surface: pygame.Surface, color, a, b, period: int, width: int = 2) -> None:
    """A dashed line from a to b (half of each period drawn)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n = float(np.hypot(*(b - a)))
    for k in range(0, int(n), max(2, period)):
        pygame.draw.line(surface, color, a + (b - a) * (k / n), a + (b - a) * (min(n, k + period / 2) / n), width)


def _anchored(pos, anchor: str, size: tuple[int, int]) -> tuple[int, int]:
    """The top-left corner of a box of ``size`` placed with ``anchor`` at ``pos``."""
    r = pygame.Rect((0, 0), size)
    setattr(r, anchor, (int(pos[0]), int(pos[1])))
    return r.topleft


class PlayScene(Scene):
    title = "Play"
    KEYS = [
        Binding((pygame.K_UP, pygame.K_w), "forward", "one step north (up the screen)"),
        Binding((pygame.K_DOWN, pygame.K_s), "back", "one step south (down the screen)"),
        Binding((pygame.K_LEFT, pygame.K_a), "left", "one step west (left)"),
        Binding((pygame.K_RIGHT, pygame.K_d), "right", "one step east (right)"),
        Binding((pygame.K_g,), "slope", "follow the slope: one step straight downhill, stride × steepness long"),
        Binding((pygame.K_p,), "probe", "probe: feel one step north, east, south and west (free)"),
        Binding((pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "stride_up", "longer stride (×1.25)"),
        Binding((pygame.K_MINUS, pygame.K_KP_MINUS), "stride_down", "shorter stride (÷1.25)"),
        Binding((pygame.K_1, pygame.K_k), "sled", "sled (momentum): your next steps keep their speed"),
        Binding((pygame.K_2, pygame.K_l), "leap", "leap (annealing): a random jump, uphill only by chance"),
        Binding((pygame.K_3, pygame.K_r), "restart", "restart somewhere new (your best spot is kept)"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER), "declare", "\"I'm at the bottom!\": end the hike"),
        Binding((pygame.K_i,), "lesson", "this level's lesson and rules"),
        Binding((pygame.K_b,), "ear", "play by ear on / off: hear the altitude and the slope"),
        Binding((pygame.K_ESCAPE, pygame.K_SPACE), "pause", "pause menu"),
    ]
    MOUSE = [("Mouse wheel", "change the stride"), ("Click beside the hiker", "one step that way"),
             ("Right click", "probe")]

    def __init__(self, app, level: Level, seed: int | None = None, start=None, mode: str | None = None,
                 practice: bool = False, editor_test: bool = False) -> None:
        super().__init__(app)
        self.level = level
        self.seed = seed
        self.start = start
        self.practice = practice or editor_test  # a test play or the tutorial: results are shown but not saved
        self.editor_test = editor_test  # a play-test from the editor: leaving goes back to it
        self.mode = mode or play_mode(level.spec, app.settings.play_mode)
        self.hike = Hike(level, seed, start)
        self.title = f"Play — {level.title}"
        self.message = "Find the lowest point. You cannot see the map: feel the slope."
        self.lesson_card = bool(level.info.description)  # shown over the map until the first move
        self.badge = "play-test" if editor_test else "test play" if practice else ""
        self.jumps: set[int] = set()  # path indices reached by a leap or a restart (drawn as dashed jumps)

    def restart(self) -> None:
        self.hike = Hike(self.level, self.seed, self.hike.start)
        self.jumps = set()
        self.message = "Back at the start."

    # ------------------------------------------------------------------ layout

    def sidebar_width(self) -> int:
        return self.app.px(360)

    def header_height(self) -> int:
        return self.app.px(76)

    def map_rect(self) -> tuple[int, int, int, int]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        top = self.header_height()
        return (px(16), top, w - self.sidebar_width() - px(32), h - top - px(16))

    def view(self) -> View:
        return View.fit(self.hike.domain, self.map_rect())

    # ------------------------------------------------------------------ input

    def on_action(self, action: str) -> None:
        h = self.hike
        moved = False
        if action in DIRECTIONS:
            moved = h.move(action)
        elif action == "slope":
            moved = h.follow_slope()
        elif action == "probe":
            h.probe()
            self.app.sound.play("probe")
            down = [COMPASS[k] for k, v in h.probes.items() if v < 0]
            self.message = ("Probe: downhill to the " + ", ".join(down)) if down else \
                "Probe: every direction goes up. A bottom?"
            if self.app.settings.by_ear:
                self.app.sound.play_wave("ear-probe", ear.render_probe(ear.probe_notes(h.probes)))
            self.did(action)
            return
        elif action in ("stride_up", "stride_down"):
            h.change_stride(STRIDE_FACTOR if action == "stride_up" else 1 / STRIDE_FACTOR)
            self.message = f"Stride {fmt(h.stride)}: a slope step here goes {fmt(h.slope_step())}."
            self.did(action)
            return
        elif action == "sled":
            if h.sled():
                self.app.sound.play("leap")
                self.message = h.log[-1]
                self.did(action)
            else:
                self.message = "The sled is already running." if h.sled_steps else "No sled left."
            return
        elif action == "leap":
            result = h.leap()
            if result is None:
                self.message = "No leaps left."
                return
            self.app.sound.play("leap" if result.accepted else "fail")
            self.message = h.log[-1]
            self.did(action)
            moved = result.accepted
            if moved:
                self.jumps.add(len(h.path) - 1)
            if not result.accepted and h.steps_left <= 0:
                self.finish()
                return
        elif action == "restart":
            moved = h.restart()
            self.message = h.log[-1] if moved else "No restarts left."
            if moved:
                self.jumps.add(len(h.path) - 1)
                self.did(action)
        elif action == "declare":
            h.declare()
            self.did(action)
            self.finish()
            return
        elif action == "lesson":
            self.app.push(self.app.make("lesson", self.level, self.mode))
            return
        elif action == "ear":
            s = self.app.settings
            s.by_ear = not s.by_ear
            self.app.save_settings()
            self.app.toast("Play by ear on: low pitch = low ground; ticks come from downhill (faster = steeper, "
                           "gliding up = north)" if s.by_ear else "Play by ear off", 4)
            self.listen()
            return
        elif action == "pause":
            self.app.push(self.app.make("pause", self))
            return
        if moved:
            self.lesson_card = False
            self.app.sound.play("step")
            if action in DIRECTIONS or action == "slope":
                self.message = h.log[-1]
                self.did(action)
            self.listen()
        if h.steps_left <= 0:
            self.finish()

    def did(self, action: str) -> None:
        """Called after each action the hiker really did (the tutorial listens here)."""

    def listen(self) -> None:
        """Play by ear: after every move, the ground's hum and ticks."""
        if self.app.settings.by_ear and not self.hike.finished:
            self.app.sound.play_wave("ear", ear.render(ear.cue(self.hike)))

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEWHEEL:
            self.on_action("stride_up" if event.y > 0 else "stride_down")
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 3:
            self.on_action("probe")
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            view = self.view()
            if view.contains(*event.pos):
                hx, hy = view.to_screen(self.hike.pos)
                dx, dy = event.pos[0] - hx, event.pos[1] - hy
                if abs(dx) >= abs(dy):
                    self.on_action("right" if dx > 0 else "left")
                else:
                    self.on_action("back" if dy > 0 else "forward")

    def finish(self) -> None:
        self.app.replace(self.app.make("results", self.hike, mode=self.mode, practice=self.practice,
                                       editor_test=self.editor_test))

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        view = self.view()
        terrain, _ = self.app.terrain.get(self.level.id + str(self.level.source), self.hike.land, view,
                                          self.app.settings.colormap, self.app.contour_lines())
        surface.blit(terrain, view.rect[:2])
        if self.mode != "clear":
            surface.blit(self.fog(view), view.rect[:2])
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        axes(surface, view, self.app.px(12), axis_names(self.level))
        self.draw_trail(surface, view)
        self.draw_leap(surface, view)
        self.draw_probes(surface, view)
        self.draw_hiker(surface, view)
        if self.lesson_card:
            self.draw_lesson_card(surface, view)
        self.draw_header(surface)
        self.draw_sidebar(surface)

    def fog(self, view: View) -> pygame.Surface:
        """The fog over the map, with clear holes where the hiker has been (fog mode); rebuilt only when that
        changes. Blindfolded, the fog has no holes at all."""
        key = (len(self.hike.path), view.rect, id(self.hike), self.mode)
        if getattr(self, "_fog_key", None) != key:
            self._fog_key, self._fog = key, self._make_fog(view)
        return self._fog

    def _make_fog(self, view: View) -> pygame.Surface:
        layer = pygame.Surface((view.width, view.height), pygame.SRCALPHA)
        layer.fill((*FOG, 255))
        r = self.level.rules.fog * view.pixels_per_unit
        if self.mode == "fog" and r >= 1:
            pts = view.to_screen(np.array(self.hike.path)) - (view.left, view.top)
            # A soft edge: rings from the outside in, each clearer than the last, drawn for every
            # footprint before the next ring, so a later ring never fogs over an earlier clearing.
            for scale, alpha in ((1.3, 215), (1.2, 170), (1.12, 120), (1.05, 60), (1.0, 0)):
                for p in pts:
                    pygame.draw.circle(layer, (*FOG, alpha), p, r * scale)
        return layer

    def draw_trail(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        h = self.hike
        pts = view.to_screen(np.array(h.path))
        for i in range(1, len(pts)):
            if i in self.jumps:  # a leap or a restart: a dashed jump, not a walked line
                dashed(surface, (150, 150, 160), pts[i - 1], pts[i], px(8))
            else:
                pygame.draw.line(surface, TRAIL, pts[i - 1], pts[i], 2)
        for p in pts[:-1]:
            pygame.draw.circle(surface, TRAIL, p, 3)
        # The best spot so far, when it is not where the hiker stands: a star with its altitude.
        b = view.to_screen(h.best_pos)
        if len(h.path) > 1 and np.hypot(*(b - view.to_screen(h.pos))) > px(24):
            star(surface, GOOD, b, px(7))
            text(surface, f"best {fmt(h.best_cost)}", (b[0] + px(9), b[1] - px(16)), px(12), GOOD,
                 box=pygame.Rect(view.rect), clamp=True)

    def draw_leap(self, surface: pygame.Surface, view: View) -> None:
        """A refused leap: where it would have landed, its altitude, and the chance it had."""
        leap = self.hike.last_leap
        if leap is None or leap.accepted:
            return
        px = self.app.px
        here = view.to_screen(self.hike.pos)
        there = view.to_screen(leap.target)
        dashed(surface, BAD, here, there, px(10))
        r = px(7)
        pygame.draw.line(surface, BAD, there - (r, r), there + (r, r), 3)
        pygame.draw.line(surface, BAD, there + (-r, r), there + (r, -r), 3)
        text(surface, f"leap refused: altitude {fmt(leap.altitude)}, chance {leap.chance:.0%}",
             (there[0], there[1] - px(12)), px(13), BAD, anchor="midbottom", box=pygame.Rect(view.rect), clamp=True)

    def draw_probes(self, surface: pygame.Surface, view: View) -> None:
        h = self.hike
        if not h.probes:
            return
        px = self.app.px
        box = pygame.Rect(view.rect)
        here = view.to_screen(h.pos)
        for name, delta in h.probes.items():
            p = h.domain.clamp(h.pos + h.probe_pace * np.array(DIRECTIONS[name]))
            end = view.to_screen(p)
            d = end - here
            n = float(np.hypot(*d))
            reach = px(44)
            unit = np.array(DIRECTIONS[name]) * (1, -1)  # screen y grows downwards
            if n < reach:  # too short to see: draw at a readable length
                end = here + unit * reach
            color = GOOD if delta < 0 else BAD
            arrow(surface, color, here, end, 3, px(9))
            # The number sits beyond the arrow's tip, so the arrow never crosses it; where the map's edge leaves
            # no room there, it sits beside the arrow's shaft instead.
            label = f"{'+' if delta > 0 else ''}{fmt(delta)}"
            anchor = {"forward": "midbottom", "back": "midtop", "left": "midright", "right": "midleft"}[name]
            at = end + unit * px(6)
            size = (width_of(label, px(13)), font(px(13)).get_linesize())
            if not box.contains(pygame.Rect((0, 0), size).move(*_anchored(at, anchor, size))):
                mid = (here + end) / 2
                at, anchor = (mid + (px(8), 0), "midleft") if name in ("forward", "back") else (mid - (0, px(6)),
                                                                                                 "midbottom")
            text(surface, label, at, px(13), color, anchor=anchor, box=box, clamp=True)

    def draw_hiker(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        h = self.hike
        here = view.to_screen(h.pos)
        # The reach of the next arrow step: a faint ring, so a step's length is never a surprise.
        ring = h.pace * view.pixels_per_unit
        if px(14) < ring < 4 * max(view.width, view.height):
            surface.set_clip(pygame.Rect(view.rect))
            pygame.draw.circle(surface, (200, 200, 210), here, ring, 1)
            surface.set_clip(None)
        g = h.slope()
        n = float(np.hypot(*g))
        if n > 0:
            d = np.array([-g[0], g[1]]) / n  # the felt slope: a short arrow pointing downhill
            arrow(surface, ACCENT, here, here + d * px(34), 3, px(10))
        pygame.draw.circle(surface, (0, 0, 0), here, px(11))
        pygame.draw.circle(surface, (255, 122, 69) if h.sled_steps == 0 else (255, 220, 90), here, px(9))
        pygame.draw.circle(surface, (255, 255, 255), here, px(9), 2)

    def card_rect(self, height: int) -> pygame.Rect:
        """A box over the map (the lesson, the tutorial's coach), on the half away from the hiker."""
        px = self.app.px
        view = self.view()
        x, y, w, h = view.rect
        if w < px(420):  # a tall, narrow map: the card may use the whole map area
            x, _, w, _ = self.map_rect()
        hiker_y = view.to_screen(self.hike.pos)[1]
        top = y + px(12) if hiker_y > y + h / 2 else y + h - px(12) - height
        return pygame.Rect(x + px(12), top, w - px(24), height)

    def draw_lesson_card(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        rect = self.card_rect(px(112))
        panel(surface, rect, (18, 22, 32, 235), border=ACCENT)
        inner = rect.inflate(-px(28), -px(20))
        text(surface, "The lesson", inner.topleft, px(15), ACCENT, bold=True, max_width=inner.width, box=inner)
        text_block(surface, self.level.info.description, pygame.Rect(inner.x, inner.y + px(22), inner.width,
                   inner.height - px(40)), px(16), INK)
        text(surface, "your first step closes this · I brings it back", (inner.x, inner.bottom), px(13), DIM,
             anchor="bottomleft", max_width=inner.width, box=inner)

    def draw_header(self, surface: pygame.Surface) -> None:
        px = self.app.px
        width = surface.get_width() - self.sidebar_width() - px(48)
        box = pygame.Rect(px(16), 0, width + px(4), self.header_height())
        badge = "mode: " + MODE_WORDS[self.mode].split(":")[0] + (" · " + self.badge if self.badge else "")
        right = text(surface, badge, (box.right, px(20)), px(14), DIM, anchor="topright", box=box)
        text(surface, self.level.title, (px(18), px(12)), px(28), ACCENT, bold=True,
             max_width=right.left - px(18) - px(12), box=box)
        text(surface, self.message, (px(20), px(48)), px(16), INK, max_width=width, box=box)

    def draw_sidebar(self, surface: pygame.Surface) -> None:
        px = self.app.px
        h = self.hike
        sw, sh = surface.get_size()
        rect = pygame.Rect(sw - self.sidebar_width() - px(16), px(16), self.sidebar_width(), sh - px(32))
        panel(surface, rect)
        box = rect.inflate(-px(8), -px(8))
        x, y = rect.x + px(18), rect.y + px(12)
        room = rect.right - px(18) - x
        big, mid, small = px(26), px(18), px(15)

        def line(msg, yy, size=small, color=DIM, bold=False, xx=None, right=False):
            if right:
                return text(surface, msg, (rect.right - px(18), yy), size, color, bold, anchor="topright",
                            max_width=room // 2, box=box)
            xx = x if xx is None else xx
            return text(surface, msg, (xx, yy), size, color, bold, max_width=rect.right - px(18) - xx, box=box)

        line("Altitude", y)
        line("best " + fmt(h.best_cost), y + px(4), right=True)
        line(fmt(h.altitude()), y + px(18), big, INK, True)
        y += px(56)
        line(f"Steps left  {h.steps_left} / {h.budget}   (par {self.level.rules.par_steps})", y, mid, INK)
        bar = pygame.Rect(x, y + px(26), room, px(8))
        pygame.draw.rect(surface, (50, 58, 76), bar, border_radius=4)
        frac = h.steps_left / max(1, h.budget)
        pygame.draw.rect(surface, GOOD if frac > 0.3 else BAD, (bar.x, bar.y, int(bar.width * frac), bar.height),
                         border_radius=4)
        y += px(44)
        y = self.draw_compass(surface, x, y, rect, box)
        line(f"Stride  {fmt(h.stride)}", y, mid, INK)
        line("+ / - or wheel", y + px(3), right=True)
        y += px(25)
        steps = f"next arrow step {fmt(h.pace)} · slope step {fmt(h.slope_step())}"
        if width_of(steps, small) > room:  # a number must never lose its digits to an ellipsis
            steps = f"arrow step {fmt(h.pace)} · slope {fmt(h.slope_step())}"
        line(steps, y)
        y += px(20)
        tip = self.tip()
        if tip:
            y = text_block(surface, tip[0], pygame.Rect(x, y, room, px(36)), px(14), tip[1], box=box)
        y += px(8)
        line("Abilities", y)
        y += px(20)
        for key, name, what in (("1", "sled", "Sled (momentum)"), ("2", "leap", "Leap (annealing)"),
                                ("3", "restart", "Restart")):
            uses = h.uses[name]
            color = INK if uses > 0 else (90, 96, 110)
            extra = f", {h.sled_steps} steps on" if name == "sled" and h.sled_steps else ""
            line(f"[{key}] {what} ×{uses}{extra}", y, px(16), color)
            y += px(22)
        line(f"leap temperature {fmt(h.temperature)} (it cools)", y, px(13))
        y += px(18)
        y += px(6)
        for msg, color in (("[G] follow the slope · [P] probe · arrows: step", INK),
                           ("[Enter] I'm at the bottom!", ACCENT),
                           ("[I] lesson · [H] all controls · [Esc] pause", DIM),
                           ("[B] play by ear: " + ("on" if self.app.settings.by_ear else "off"), DIM)):
            line(msg, y, px(14), color)
            y += px(19)
        y += px(10)
        if y < rect.bottom - px(60):
            line("Journal", y)
            y += px(20)
            journal = pygame.Rect(x, y, room, rect.bottom - px(10) - y)
            entries = h.log[-12:]
            size = px(14)
            step = int(size * 1.3)
            lines = [ln for e in entries for ln in wrap(e, size, room)]
            lines = lines[-max(0, journal.height // step):] if journal.height >= step else []
            for ln in lines:
                text(surface, ln, (x, y), size, INK, box=journal)
                y += step

    def tip(self) -> tuple[str, tuple[int, int, int]] | None:
        """One hint for where the hiker stands: a cliff jump ahead, flat ground, or a bottom."""
        h = self.hike
        if h.overshoots():
            share = h.slope_step() / h.domain.diagonal
            return f"Careful: a slope step here jumps {share:.0%} of the map. Press - to shorten your stride.", BAD
        if h.probes and all(v >= 0 for v in h.probes.values()):
            return "Every way goes up: a bottom? Enter declares it; a leap (2) or restart (3) looks elsewhere.", ACCENT
        if h.slope_step() < 0.005 * h.domain.diagonal:
            return "Almost flat: probe (P) to find the way down; the sled (1) builds up speed.", ACCENT
        return None

    def draw_compass(self, surface: pygame.Surface, x: int, y: int, rect: pygame.Rect, box: pygame.Rect) -> int:
        """The ground under the hiker's feet: which way is down, and how steep compared with this level."""
        px = self.app.px
        h = self.hike
        g = h.slope()
        n = float(np.hypot(*g))
        r = px(40)
        c = (x + r, y + r + px(2))
        pygame.draw.circle(surface, (40, 48, 64), c, r)
        pygame.draw.circle(surface, (90, 100, 120), c, r, 2)
        for label, (dx, dy) in (("N", (0, -1)), ("S", (0, 1)), ("E", (1, 0)), ("W", (-1, 0))):
            text(surface, label, (c[0] + dx * (r - px(9)), c[1] + dy * (r - px(9))), px(11), DIM, anchor="center",
                 shadow=False, box=box)
        ratio = n / h.typical if h.typical > 0 else 0.0
        if n > 0:
            length = r * 0.85 * min(1.0, 0.25 + 0.35 * math.sqrt(ratio))
            d = np.array([-g[0], g[1]]) / n
            arrow(surface, ACCENT, c, (c[0] + d[0] * length, c[1] + d[1] * length), 4, px(12))
        tx = x + 2 * r + px(14)
        width = rect.right - px(18) - tx
        word = h.slope_words()
        text(surface, "Ground (downhill arrow)", (tx, y), px(14), DIM, max_width=width, box=box)
        text(surface, word, (tx, y + px(18)), px(20), INK, True, max_width=width, box=box)
        rel = "as steep as usual here" if 0.67 <= ratio <= 1.5 else (f"{ratio:.1f}× this level's usual slope"
                                                                      if ratio >= 0.05 else "almost level")
        text(surface, rel, (tx, y + px(44)), px(14), DIM, max_width=width, box=box)
        text(surface, f"slope {fmt(n)}", (tx, y + px(62)), px(14), DIM, max_width=width, box=box)
        return y + 2 * r + px(14)
