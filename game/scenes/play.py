"""Blindfolded play: fog hides the map; the hiker feels the slope, probes, steps, and declares the bottom."""

from __future__ import annotations

import math

import numpy as np
import pygame

from engine.hike import DIRECTIONS, Hike
from engine.level import Level

from ..gfx import arrow, axes, axis_names, fmt, panel
from ..input import Binding
from ..render.text import ACCENT, BAD, DIM, FOG, GOOD, INK, text, wrap
from ..render.view import View
from .base import Scene

STRIDE_FACTOR = 1.25


class PlayScene(Scene):
    title = "Play"
    KEYS = [
        Binding((pygame.K_UP, pygame.K_w), "forward", "one step north (up the screen)"),
        Binding((pygame.K_DOWN, pygame.K_s), "back", "one step south"),
        Binding((pygame.K_LEFT, pygame.K_a), "left", "one step west"),
        Binding((pygame.K_RIGHT, pygame.K_d), "right", "one step east"),
        Binding((pygame.K_g,), "slope", "follow the slope: one gradient step, stride x slope"),
        Binding((pygame.K_p,), "probe", "probe: feel one step ahead, behind, left and right"),
        Binding((pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS), "stride_up", "longer stride (x1.25)"),
        Binding((pygame.K_MINUS, pygame.K_KP_MINUS), "stride_down", "shorter stride (/1.25)"),
        Binding((pygame.K_1, pygame.K_k), "sled", "ability: sled (momentum) for the next steps"),
        Binding((pygame.K_2, pygame.K_l), "leap", "ability: annealing leap to a random spot nearby"),
        Binding((pygame.K_3, pygame.K_r), "restart", "ability: restart somewhere new"),
        Binding((pygame.K_RETURN, pygame.K_KP_ENTER), "declare", "\"I'm at the bottom!\""),
        Binding((pygame.K_ESCAPE, pygame.K_SPACE), "pause", "pause menu"),
    ]
    MOUSE = [("Mouse wheel", "change the stride"), ("Click beside the hiker", "one step that way"),
             ("Right click", "probe")]

    def __init__(self, app, level: Level, seed: int | None = None, start=None, practice: bool = False) -> None:
        super().__init__(app)
        self.level = level
        self.practice = practice  # a play-test from the editor: no progress is recorded
        self.seed = seed
        self.start = start
        self.hike = Hike(level, seed, start)
        self.title = f"Play — {level.title}"
        self.message = level.info.description or "Find the lowest point. You cannot see the map."

    def restart(self) -> None:
        self.hike = Hike(self.level, self.seed, self.hike.start)
        self.message = "Back at the start."

    # ------------------------------------------------------------------ layout

    def map_rect(self) -> tuple[int, int, int, int]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        top = px(76)
        return (px(16), top, w - self.sidebar_width() - px(32), h - top - px(16))

    def sidebar_width(self) -> int:
        return self.app.px(360)

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
            down = [k for k, v in h.probes.items() if v < 0]
            self.message = ("Downhill: " + ", ".join(down)) if down else "Every direction goes up: a bottom?"
            return
        elif action in ("stride_up", "stride_down"):
            h.change_stride(STRIDE_FACTOR if action == "stride_up" else 1 / STRIDE_FACTOR)
            self.message = f"Stride {fmt(h.stride)}"
            return
        elif action == "sled":
            if h.sled():
                self.app.sound.play("leap")
            self.message = h.log[-1] if h.uses["sled"] >= 0 and h.sled_steps else "No sled left."
            return
        elif action == "leap":
            result = h.leap()
            if result is None:
                self.message = "No leaps left."
                return
            self.app.sound.play("leap" if result.accepted else "fail")
            self.message = h.log[-1]
            moved = result.accepted
        elif action == "restart":
            moved = h.restart()
            self.message = h.log[-1] if moved else "No restarts left."
        elif action == "declare":
            h.declare()
            self.finish()
            return
        elif action == "pause":
            self.app.push(self.app.make("pause", self))
            return
        if moved:
            self.app.sound.play("step")
            if action in DIRECTIONS or action == "slope":
                self.message = h.log[-1]
        if h.steps_left <= 0:
            self.finish()

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
        self.app.replace(self.app.make("results", self.hike, practice=self.practice))

    # ------------------------------------------------------------------ drawing

    def draw(self, surface: pygame.Surface) -> None:
        view = self.view()
        terrain, _ = self.app.terrain.get(self.level.id + str(self.level.source), self.hike.land, view,
                                          self.app.settings.colormap, self.app.contour_lines())
        surface.blit(terrain, view.rect[:2])
        surface.blit(self.fog(view), view.rect[:2])
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        axes(surface, view, self.app.px(12), axis_names(self.level))
        self.draw_trail(surface, view)
        self.draw_probes(surface, view)
        self.draw_hiker(surface, view)
        self.draw_header(surface)
        self.draw_sidebar(surface)

    def fog(self, view: View) -> pygame.Surface:
        """The fog over the map, with clear holes where the hiker has been; rebuilt only when that changes."""
        key = (len(self.hike.path), view.rect, id(self.hike))
        if getattr(self, "_fog_key", None) != key:
            self._fog_key, self._fog = key, self._make_fog(view)
        return self._fog

    def _make_fog(self, view: View) -> pygame.Surface:
        layer = pygame.Surface((view.width, view.height), pygame.SRCALPHA)
        layer.fill((*FOG, 255))
        r = self.level.rules.fog * view.pixels_per_unit
        if r >= 1:
            pts = view.to_screen(np.array(self.hike.path)) - (view.left, view.top)
            # A soft edge: rings from the outside in, each clearer than the last, drawn for every
            # footprint before the next ring, so a later ring never fogs over an earlier clearing.
            for scale, alpha in ((1.3, 215), (1.2, 170), (1.12, 120), (1.05, 60), (1.0, 0)):
                for p in pts:
                    pygame.draw.circle(layer, (*FOG, alpha), p, r * scale)
        return layer

    def draw_trail(self, surface: pygame.Surface, view: View) -> None:
        pts = view.to_screen(np.array(self.hike.path))
        if len(pts) > 1:
            pygame.draw.lines(surface, (255, 255, 255), False, pts.tolist(), 2)
        for p in pts[:-1]:
            pygame.draw.circle(surface, (255, 255, 255), p, 3)

    def draw_probes(self, surface: pygame.Surface, view: View) -> None:
        h = self.hike
        if not h.probes:
            return
        here = view.to_screen(h.pos)
        for name, delta in h.probes.items():
            p = h.domain.clamp(h.pos + h.probe_pace * np.array(DIRECTIONS[name]))
            end = view.to_screen(p)
            d = end - here
            reach = self.app.px(44)
            if np.hypot(*d) < reach:  # too short to see: draw at a readable length
                n = np.hypot(*d) or 1.0
                end = here + d / n * reach if n > 1e-9 else here
                d = end - here
            color = GOOD if delta < 0 else BAD
            arrow(surface, color, here, end, 3, self.app.px(9))
            text(surface, f"{'+' if delta > 0 else ''}{fmt(delta)}", end + (d / (np.hypot(*d) or 1)) * self.app.px(22),
                 self.app.px(13), color, anchor="center")

    def draw_hiker(self, surface: pygame.Surface, view: View) -> None:
        h = self.hike
        here = view.to_screen(h.pos)
        g = h.slope()
        n = float(np.hypot(*g))
        if n > 0:
            # The felt slope: a short arrow pointing downhill (screen y grows downwards).
            d = np.array([-g[0], g[1]]) / n
            arrow(surface, ACCENT, here, here + d * self.app.px(34), 3, self.app.px(10))
        pygame.draw.circle(surface, (0, 0, 0), here, self.app.px(11))
        pygame.draw.circle(surface, (255, 122, 69) if h.sled_steps == 0 else (255, 220, 90), here, self.app.px(9))
        pygame.draw.circle(surface, (255, 255, 255), here, self.app.px(9), 2)

    def draw_header(self, surface: pygame.Surface) -> None:
        px = self.app.px
        text(surface, self.level.title, (px(18), px(12)), px(28), ACCENT, bold=True)
        w = surface.get_width() - self.sidebar_width() - px(40)
        line = wrap(self.message, px(16), w)[0] if self.message else ""
        text(surface, line, (px(20), px(48)), px(16), INK)

    def draw_sidebar(self, surface: pygame.Surface) -> None:
        px = self.app.px
        h = self.hike
        sw, sh = surface.get_size()
        rect = pygame.Rect(sw - self.sidebar_width() - px(16), px(16), self.sidebar_width(), sh - px(32))
        panel(surface, rect)
        x, y = rect.x + px(18), rect.y + px(14)
        big, mid, small = px(26), px(18), px(15)
        text(surface, "Altitude", (x, y), small, DIM)
        text(surface, fmt(h.altitude()), (x, y + px(18)), big, INK, bold=True)
        text(surface, "best " + fmt(h.best_cost), (rect.right - px(18), y + px(26)), small, DIM, anchor="topright")
        y += px(62)
        text(surface, f"Steps left  {h.steps_left} / {h.budget}", (x, y), mid, INK)
        bar = pygame.Rect(x, y + px(26), rect.width - px(36), px(8))
        pygame.draw.rect(surface, (50, 58, 76), bar, border_radius=4)
        frac = h.steps_left / max(1, h.budget)
        pygame.draw.rect(surface, GOOD if frac > 0.3 else BAD, (bar.x, bar.y, int(bar.width * frac), bar.height),
                         border_radius=4)
        y += px(46)
        text(surface, f"Stride  {fmt(h.stride)}", (x, y), mid, INK)
        text(surface, "+ / - or wheel", (rect.right - px(18), y + px(3)), small, DIM, anchor="topright")
        y += px(26)
        text(surface, f"one step here covers {fmt(h.pace)}", (x, y), small, DIM)
        y += px(30)
        y = self.draw_compass(surface, x, y, rect)
        text(surface, "Abilities", (x, y), small, DIM)
        y += px(22)
        for key, name, what in (("1", "sled", "Sled"), ("2", "leap", "Leap"), ("3", "restart", "Restart")):
            uses = h.uses[name]
            color = INK if uses > 0 else (90, 96, 110)
            extra = f"  ({h.sled_steps} steps on)" if name == "sled" and h.sled_steps else ""
            text(surface, f"[{key}] {what}  x{uses}{extra}", (x, y), mid, color)
            y += px(26)
        text(surface, f"leap temperature {fmt(h.temperature)}", (x, y), small, DIM)
        y += px(30)
        for line, color in (("[G] follow the slope   [P] probe", INK), ("arrows / WASD: one step", INK),
                            ("[Enter] I'm at the bottom!", ACCENT), ("[H] all controls   [Esc] pause", DIM)):
            text(surface, line, (x, y), small, color)
            y += px(21)
        y += px(12)
        if y < rect.bottom - px(60):
            text(surface, "Journal", (x, y), small, DIM)
            y += px(22)
            room = max(0, (rect.bottom - px(12) - y) // px(19))
            lines = [line for entry in h.log[-room:] for line in wrap(entry, px(14), rect.width - px(36))]
            for line in lines[-room:] if room else []:
                text(surface, line, (x, y), px(14), INK)
                y += px(19)

    def draw_compass(self, surface: pygame.Surface, x: int, y: int, rect: pygame.Rect) -> int:
        """The slope compass: which way is down, and how steep, as the hiker feels it."""
        px = self.app.px
        h = self.hike
        g = h.slope()
        n = float(np.hypot(*g))
        step = h.stride * n
        diag = h.domain.diagonal
        feel = "flat" if step < 1e-3 * diag else "gentle" if step < 0.02 * diag else "steep" if step < 0.1 * diag \
            else "a cliff: a slope step will overshoot"
        r = px(46)
        c = (x + r, y + r + px(4))
        pygame.draw.circle(surface, (40, 48, 64), c, r)
        pygame.draw.circle(surface, (90, 100, 120), c, r, 2)
        for label, (dx, dy) in (("N", (0, -1)), ("S", (0, 1)), ("E", (1, 0)), ("W", (-1, 0))):
            text(surface, label, (c[0] + dx * (r - px(10)), c[1] + dy * (r - px(10))), px(12), DIM, anchor="center",
                 shadow=False)
        if n > 0:
            length = r * 0.85 * min(1.0, math.sqrt(step / (0.1 * diag)) + 0.15)
            d = np.array([-g[0], g[1]]) / n
            arrow(surface, ACCENT, c, (c[0] + d[0] * length, c[1] + d[1] * length), 4, px(12))
        tx = x + 2 * r + px(16)
        text(surface, "Slope (downhill)", (tx, y + px(6)), px(15), DIM)
        text(surface, f"steepness {fmt(n)}", (tx, y + px(28)), px(17), INK)
        for i, line in enumerate(wrap(feel, px(15), rect.right - tx - px(12))[:2]):
            text(surface, line, (tx, y + px(52) + i * px(18)), px(15), ACCENT if "cliff" in feel else DIM)
        return y + 2 * r + px(22)
