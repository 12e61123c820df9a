"""The tutorial: a first level that teaches by doing, one control at a time, and waits for the player to do
each one. N skips a step; the pause menu skips the whole tutorial; the title screen replays it."""

from __future__ import annotations

import numpy as np
import pygame

from engine.hike import DIRECTIONS

from ..gfx import panel
from ..input import Binding
from ..render.text import ACCENT, DIM, GOOD, INK, text, text_block
from .play import PlayScene

# (what to do, how it is checked): the check names an action the player must do (see TutorialScene.did).
STEPS = (
    ("Feel the slope", "The yellow arrow under your feet points downhill; the compass on the right shows it too, "
     "and says how steep the ground is. Press the arrow key closest to the yellow arrow.", "downhill_step"),
    ("Probe", "Press P to probe: you touch the ground one step north, east, south and west without moving. Green "
     "arrows go down, red arrows go up. Probing is free.", "probe"),
    ("Step", "Step in a green direction with the arrow keys (or W, A, S, D). Each step costs one of your steps.",
     "green_step"),
    ("Follow the slope", "Press G to follow the slope: one step straight downhill. It is stride × steepness long, "
     "so steps shrink where the ground flattens. That is gradient descent.", "slope"),
    ("Stride", "Your stride is your learning rate. Press + for longer steps or - for shorter ones (or turn the mouse "
     "wheel). The ring around you shows how far your next arrow step goes.", "stride"),
    ("Sled", "Press 1 to ride the sled (momentum): for a few steps you keep most of your speed. Then press G twice "
     "and feel it carry you.", "sled"),
    ("Leap", "Press 2 to leap (simulated annealing): a random jump nearby. Downhill it is always taken; uphill only "
     "by chance, and less as you cool. A refused leap shows where it would have landed.", "leap"),
    ("Restart", "Press 3 to restart somewhere new. Your best spot so far (the green star) still counts.", "restart"),
    ("I'm at the bottom!", "Find the lowest ground you can, then press Enter to declare it. The fog lifts, the "
     "hidden lowest point appears, and your score is explained part by part.", "declare"),
)


class TutorialScene(PlayScene):
    title = "Tutorial"
    is_tutorial = True
    KEYS = [*PlayScene.KEYS, Binding((pygame.K_n,), "skip_step", "skip this tutorial step")]

    def __init__(self, app, level, **kwargs) -> None:
        kwargs.setdefault("mode", "fog")
        kwargs.setdefault("practice", True)  # the tutorial's score is shown, never saved
        super().__init__(app, level, **kwargs)
        self.title = "Tutorial"
        self.badge = "tutorial"
        self.step = 0
        self.sled_moves = 0
        self.last_probe: dict[str, float] = {}
        self.lesson_card = False
        self.message = "Welcome! Follow the yellow box: it waits for you to try each control."

    @property
    def goal(self) -> str:
        return STEPS[self.step][2] if self.step < len(STEPS) else ""

    def advance(self) -> None:
        if self.step < len(STEPS):
            self.app.sound.play("chime")
            self.step += 1
            self.sled_moves = 0

    def did(self, action: str) -> None:
        goal = self.goal
        h = self.hike
        if goal == "downhill_step" and action in DIRECTIONS:
            before = np.array(h.path[-2])
            g = h.land.grad(before[None])[0]
            down = -g / (np.hypot(*g) or 1.0)
            if float(np.dot(down, DIRECTIONS[action])) > 0.3:
                self.advance()
            else:
                self.message = "That was not the way the yellow arrow points. Try the arrow key closest to it."
        elif goal == "green_step" and action in DIRECTIONS:
            if self.last_probe.get(action, 1.0) < 0:
                self.advance()
            else:
                self.message = "That way was red (uphill). Press P again and step where an arrow is green."
        elif goal == "sled":
            if action == "sled":
                self.sled_moves = 0
                self.message = "Now press G twice."
            elif h.sled_steps and action in (*DIRECTIONS, "slope"):
                self.sled_moves += 1
                if self.sled_moves >= 2:
                    self.advance()
        elif goal == "stride" and action in ("stride_up", "stride_down") or goal == action:
            self.advance()
        if action == "probe":
            self.last_probe = dict(h.probes)

    def on_action(self, action: str) -> None:
        if action == "skip_step":
            if self.step < len(STEPS) - 1:
                self.step += 1
            return
        if action == "declare" and self.goal != "declare":
            self.message = "Not yet: Enter ends the hike. Try the step in the yellow box first (N skips it)."
            return
        super().on_action(action)

    def skip(self) -> None:
        """Leave the tutorial for the level list (it will not start again by itself)."""
        self.mark_done()
        self.app.reset_to(self.app.make("title"))
        self.app.push(self.app.make("level_select", purpose="play"))

    def mark_done(self) -> None:
        if not self.app.settings.tutorial_done:
            self.app.settings.tutorial_done = True
            self.app.save_settings()

    def exit(self) -> None:
        self.mark_done()

    def finish(self) -> None:
        self.mark_done()
        super().finish()

    def draw_lesson_card(self, surface, view) -> None:  # the coach box replaces the lesson card
        pass

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        self.draw_coach(surface)

    def draw_coach(self, surface: pygame.Surface) -> None:
        px = self.app.px
        rect = self.card_rect(px(128))
        panel(surface, rect, (18, 22, 32, 240), border=ACCENT)
        inner = rect.inflate(-px(28), -px(18))
        if self.step >= len(STEPS):
            text(surface, "Done!", inner.topleft, px(18), GOOD, True, max_width=inner.width, box=inner)
            return
        name, what, _ = STEPS[self.step]
        head = text(surface, f"Step {self.step + 1} of {len(STEPS)}: {name}", inner.topleft, px(18), ACCENT, True,
                    max_width=inner.width, box=inner)
        text_block(surface, what, pygame.Rect(inner.x, head.bottom + px(6), inner.width,
                   inner.bottom - head.bottom - px(26)), px(15), INK, box=inner)
        text(surface, "N: skip this step · Esc: pause (skip the tutorial) · H: every control",
             (inner.x, inner.bottom), px(13), DIM, anchor="bottomleft", max_width=inner.width, box=inner)
