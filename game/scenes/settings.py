"""Settings: window size and fullscreen, volume and mute, colormap, contours, FPS, reduced motion. Saved."""

from __future__ import annotations

import pygame
import pygame_gui

from ..input import Binding
from ..render.text import ACCENT, DIM, INK, text
from ..store import COLORMAPS, CONTOURS, WINDOW_SIZES
from .base import Scene


class SettingsScene(Scene):
    title = "Settings"
    KEYS = [Binding((pygame.K_ESCAPE, pygame.K_BACKSPACE), "back", "back (settings are saved at once)")]
    MOUSE = [("Click / drag", "change a setting")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.w: dict[str, object] = {}

    def rows(self) -> list[tuple[str, str]]:
        return [("size", "Window size"), ("fullscreen", "Fullscreen (F11)"), ("volume", "Volume"),
                ("muted", "Mute (M)"), ("colormap", "Colormap"), ("contours", "Contour lines"),
                ("show_fps", "Show frames per second"), ("reduced_motion", "Reduced motion")]

    def build_ui(self) -> None:
        px = self.app.px
        ui = self.app.ui
        s = self.app.settings
        w, _ = self.app.screen.get_size()
        x = w // 2 + px(10)
        y = px(140)
        for key, _ in self.rows():
            rect = pygame.Rect(x, y, px(300), px(36))
            if key == "size":
                options = [f"{a}x{b}" for a, b in WINDOW_SIZES]
                current = f"{s.window_size[0]}x{s.window_size[1]}"
                self.w[key] = pygame_gui.elements.UIDropDownMenu(options if current in options else [current, *options],
                                                                 current, rect, ui)
            elif key in ("fullscreen", "muted", "show_fps", "reduced_motion"):
                self.w[key] = pygame_gui.elements.UICheckBox(pygame.Rect(x, y + px(8), px(22), px(22)), "", ui,
                                                             initial_state=bool(getattr(s, key)))
            elif key == "volume":
                self.w[key] = pygame_gui.elements.UIHorizontalSlider(rect, s.volume, (0.0, 1.0), ui,
                                                                     click_increment=0.05)
            elif key == "colormap":
                self.w[key] = pygame_gui.elements.UIDropDownMenu(list(COLORMAPS), s.colormap, rect, ui)
            elif key == "contours":
                self.w[key] = pygame_gui.elements.UIDropDownMenu(list(CONTOURS), s.contours, rect, ui)
            y += px(52)
        self.w["back"] = pygame_gui.elements.UIButton(pygame.Rect(w // 2 - px(120), y + px(20), px(240), px(50)),
                                                      "Back", ui, object_id="#big_button")

    def on_action(self, action: str) -> None:
        if action == "back":
            self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        s = self.app.settings
        w = self.w
        changed = True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is w.get("back"):
            self.app.pop()
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
        elif event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED):
            on = event.type == pygame_gui.UI_CHECK_BOX_CHECKED
            if event.ui_element is w.get("fullscreen"):
                if on != self.app.fullscreen:
                    self.app.toggle_fullscreen()
                return
            for key in ("muted", "show_fps", "reduced_motion"):
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
        text(surface, "Settings", (w // 2, px(60)), px(44), ACCENT, bold=True, anchor="center")
        text(surface, "Changes are saved at once.", (w // 2, px(104)), px(16), DIM, anchor="center")
        y = px(140)
        for key, label in self.rows():
            text(surface, label, (w // 2 - px(20), y + px(8)), px(19), INK, anchor="topright")
            if key == "volume":
                text(surface, f"{self.app.settings.volume:.0%}", (w // 2 + px(320), y + px(8)), px(17), DIM)
            y += px(52)
