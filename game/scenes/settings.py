"""Settings: screen (size, fullscreen, colormap, contours, FPS, reduced motion) and play (play mode, play by
ear, volume, mute, reset progress). Saved at once. Every control is reachable with Tab (or Up/Down);
Enter presses, Left/Right move the volume, Enter opens a list."""

from __future__ import annotations

import pygame
import pygame_gui

from ..input import Binding
from ..render.text import ACCENT, DIM, INK, text
from ..store import COLORMAPS, CONTOURS, PLAY_MODES, WINDOW_SIZES, Progress
from ..widgets import FocusRing
from .base import Scene

MODE_LABELS = {"level": "each level's own", "blindfolded": "blindfolded", "fog": "fog", "clear": "clear (practice)"}
COLUMNS = (
    ("Screen", (("size", "Window size"), ("fullscreen", "Fullscreen (F11)"), ("colormap", "Colormap"),
                ("contours", "Contour lines"), ("show_fps", "Frames per second"),
                ("reduced_motion", "Reduced motion"))),
    ("Play and sound", (("play_mode", "Play mode"), ("by_ear", "Play by ear (B)"), ("volume", "Volume"),
                        ("muted", "Mute (M)"), ("reset", "Progress"))),
)


class SettingsScene(Scene):
    title = "Settings"
    KEYS = [
        Binding((pygame.K_ESCAPE, pygame.K_BACKSPACE), "back", "back (settings are saved at once)"),
        Binding((pygame.K_DOWN,), "next", "focus the next setting"),
        Binding((pygame.K_UP,), "previous", "focus the previous setting"),
    ]
    MOUSE = [("Click / drag", "change a setting"), ("Tab / Shift+Tab", "move the keyboard focus"),
             ("Enter / Space", "press, tick, or open a list"), ("Left / Right", "move the volume")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.w: dict[str, object] = {}
        self.focus = FocusRing()

    def rows(self) -> list[tuple[str, str]]:
        return [row for _, rows in COLUMNS for row in rows]

    def column_rects(self) -> list[pygame.Rect]:
        px = self.app.px
        w, h = self.app.screen.get_size()
        margin = px(32)
        width = (w - 3 * margin) // 2
        top = px(150)
        return [pygame.Rect(margin + i * (width + margin), top, width, h - top - px(100)) for i in range(2)]

    def row_height(self) -> int:
        return self.app.px(50)

    def build_ui(self) -> None:
        px = self.app.px
        ui = self.app.ui
        s = self.app.settings
        w, h = self.app.screen.get_size()
        kept = self.focus.index
        self.focus.clear()
        add = self.focus.add
        for (_, rows), col in zip(COLUMNS, self.column_rects(), strict=True):
            wx = col.x + int(col.width * 0.48)
            ww = col.right - wx
            y = col.y
            for key, _ in rows:
                rect = pygame.Rect(wx, y, ww, px(36))
                box = pygame.Rect(wx, y + px(7), px(22), px(22))
                if key == "size":
                    options = [f"{a}x{b}" for a, b in WINDOW_SIZES]
                    current = f"{s.window_size[0]}x{s.window_size[1]}"
                    self.w[key] = add(pygame_gui.elements.UIDropDownMenu(
                        options if current in options else [current, *options], current, rect, ui))
                elif key in ("fullscreen", "muted", "show_fps", "reduced_motion", "by_ear"):
                    self.w[key] = add(pygame_gui.elements.UICheckBox(box, "", ui, initial_state=bool(getattr(s, key))))
                elif key == "volume":
                    self.w[key] = add(pygame_gui.elements.UIHorizontalSlider(rect, s.volume, (0.0, 1.0), ui,
                                                                             click_increment=0.05), step=0.05)
                elif key == "colormap":
                    self.w[key] = add(pygame_gui.elements.UIDropDownMenu(list(COLORMAPS), s.colormap, rect, ui))
                elif key == "contours":
                    self.w[key] = add(pygame_gui.elements.UIDropDownMenu(list(CONTOURS), s.contours, rect, ui))
                elif key == "play_mode":
                    self.w[key] = add(pygame_gui.elements.UIDropDownMenu(
                        [MODE_LABELS[m] for m in PLAY_MODES], MODE_LABELS[s.play_mode], rect, ui))
                elif key == "reset":
                    self.w[key] = add(pygame_gui.elements.UIButton(rect, "Reset progress…", ui,
                                                                   tool_tip_text="forget every best score and star"))
                y += self.row_height()
        self.w["back"] = add(pygame_gui.elements.UIButton(pygame.Rect(w // 2 - px(120), h - px(76), px(240), px(50)),
                                                          "Back", ui, object_id="#big_button"))
        self.focus.keep(kept)

    def on_action(self, action: str) -> None:
        if action == "back":
            self.app.pop()
        elif action in ("next", "previous"):
            self.focus.move(1 if action == "next" else -1)

    def reset_progress(self) -> None:
        def really() -> None:
            self.app.progress = Progress()
            self.app.save_progress()
            self.app.toast("Progress reset: every level is unplayed again.", 4)

        self.app.push(self.app.make("confirm", "Forget every best score and star? Levels lock again and their maps "
                                    "are hidden until you play them.", really, yes="Reset", no="Keep my progress"))

    def on_event(self, event: pygame.event.Event) -> None:
        s = self.app.settings
        w = self.w
        changed = True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is w.get("back"):
            self.app.pop()
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is w.get("reset"):
            self.reset_progress()
            return
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is w.get("size"):
                a, b = (int(v) for v in event.text.split("x"))
                s.window_size = [a, b]
                self.app.save_settings()
                self.app.resize((a, b))
                return
            if event.ui_element is w.get("colormap"):
                s.colormap = event.text
            elif event.ui_element is w.get("contours"):
                s.contours = event.text
            elif event.ui_element is w.get("play_mode"):
                s.play_mode = next(m for m, label in MODE_LABELS.items() if label == event.text)
        elif event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED):
            on = event.type == pygame_gui.UI_CHECK_BOX_CHECKED
            if event.ui_element is w.get("fullscreen"):
                if on != self.app.fullscreen:
                    self.app.toggle_fullscreen()
                return
            for key in ("muted", "show_fps", "reduced_motion", "by_ear"):
                if event.ui_element is w.get(key):
                    setattr(s, key, on)
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is w.get("volume"):
            s.volume = round(float(event.value), 2)
            self.app.sound.play("click")
        else:
            changed = False
        if changed:
            self.app.save_settings()

    def draw(self, surface: pygame.Surface) -> None:
        px = self.app.px
        w, _ = surface.get_size()
        text(surface, "Settings", (w // 2, px(56)), px(44), ACCENT, bold=True, anchor="center", max_width=w - px(40))
        text(surface, "Changes are saved at once.  Tab or Up/Down: next setting · Enter: change it · Esc: back",
             (w // 2, px(100)), px(15), DIM, anchor="center", max_width=w - px(40))
        for (heading, rows), col in zip(COLUMNS, self.column_rects(), strict=True):
            text(surface, heading, (col.x, col.y - px(34)), px(19), ACCENT, bold=True, max_width=col.width,
                 box=col.inflate(0, px(80)))
            label_w = int(col.width * 0.48) - px(14)
            y = col.y
            for key, label in rows:
                text(surface, label, (col.x, y + px(8)), px(18), INK, max_width=label_w, box=col)
                if key == "volume":
                    text(surface, f"{self.app.settings.volume:.0%}", (col.x + label_w, y + px(9)), px(16), DIM,
                         anchor="topright", box=col)
                if key == "play_mode":
                    text(surface, "the score says which mode you played", (col.x, y + px(30)), px(12), DIM,
                         max_width=label_w, box=col)
                y += self.row_height()
