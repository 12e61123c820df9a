"""The window and the main loop: one clock, a fixed simulation step, a stack of scenes.

Rendering runs once per frame (60 fps); simulation runs in fixed steps of 1/60 s drawn from an
accumulator ("Fix Your Timestep"), so a slow frame never changes what the hikers do.
"""

from __future__ import annotations

import gc
import json
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from .gfx import TerrainCache, clear_caches, panel
from .input import GLOBAL, action_for
from .records import shown_path
from .render.text import BG, INK, reset_caches, text, text_block, width_of, wrap
from .resources import FONT_BOLD, FONT_REGULAR, asset
from .sound import Sounds, probe_audio
from .store import load_progress, load_settings, save_progress, save_settings

if TYPE_CHECKING:
    from .scenes.base import Scene

FIXED_DT = 1.0 / 60.0
BASE_SIZE = (1280, 720)


SceneFactory = Callable[..., "Scene"]


def typed_text(text: str) -> str:
    """Typed or pasted text without control and format characters (NUL, ESC, right-to-left overrides,
    zero-width spaces): pygame's fonts refuse to measure them, and pygame_gui's text fields then raise."""
    import unicodedata

    return "".join(c for c in str(text)[:1000] if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))


def filter_pasting() -> None:
    """pygame_gui's text fields paste the clipboard as it is, and a NUL or zero-width character there makes its
    font raise (a crash on Ctrl+V). Its two text widgets call ``clipboard_paste`` from their own module's
    globals: wrap those, once, with ``typed_text``."""
    from pygame_gui.elements import ui_text_entry_box, ui_text_entry_line

    for module in (ui_text_entry_line, ui_text_entry_box):
        paste = module.clipboard_paste
        if getattr(paste, "filtered", False):
            continue

        def filtered(paste=paste) -> str:
            return typed_text(paste() or "")

        filtered.filtered = True
        module.clipboard_paste = filtered


class App:
    """Owns the window, the clock, the scene stack, saved state, and the background job runner.

    Scenes reach each other by name through ``make`` (the catalog is given at construction, so no scene
    imports another); ``jobs`` runs slow work (preparing a level) off the frame loop — tests give an
    executor that runs jobs inline, so nothing waits on a clock.
    """

    def __init__(self, size: tuple[int, int] | None = None, scenes: Mapping[str, SceneFactory] | None = None,
                 jobs: Executor | None = None, warm_up: bool | None = None) -> None:
        # Work spread over frames is sized by timing it (game/pacing.py) in the real game, in CPU time of
        # this thread (what the work costs, not what other programs on the machine take); an App given its own
        # jobs (tests) gives fixed allowances instead, so a test sees the same frames on every machine.
        self.work_clock: Callable[[], float] | None = time.thread_time if jobs is None else None
        self._fast_ready = threading.Event()
        self._warming: threading.Thread | None = None
        if warm_up is None:
            warm_up = jobs is None  # the real game warms up; tests (which bring their own jobs) stay on NumPy
        if warm_up:
            self.start_warm_up()
        probe_audio()
        pygame.init()
        self.scenes: Mapping[str, SceneFactory] = scenes or {}
        self.jobs: Executor = jobs or ThreadPoolExecutor(max_workers=1, thread_name_prefix="hiker-job")
        self.prepared: dict[Any, Any] = {}  # finished background preparations (levels), by key
        self.memory: dict[Any, Any] = {}  # what scenes remember for the session (a level's race line-up ...)
        reset_caches()  # fonts die with pygame.quit(); a new App (or a test) needs fresh ones
        clear_caches()
        self.settings, notice_s = load_settings()
        self.progress, notice_p = load_progress()
        self.toasts: list[list] = []
        for notice in (notice_s, notice_p):
            if notice:
                self.toast(notice, 8.0)
        self._scale_for: tuple[int, int] | None = None
        self._scale = 1.0
        self.size = tuple(size or self.settings.window_size)
        self.fullscreen = self.settings.fullscreen and size is None
        self.screen = self._set_mode()
        pygame.display.set_caption("Gradient Hiker")
        pygame.key.set_repeat(0)
        self.sound = Sounds(self.settings)
        self.terrain = TerrainCache()
        self.ui = self._make_ui()
        self.stack: list[Scene] = []
        self.clock = pygame.time.Clock()
        self.accumulator = 0.0
        self.running = True
        self.frame = 0
        gc.freeze()  # what exists now lives as long as the process: see "the garbage collector" below

    # ------------------------------------------------------------------ the compiled fast path
    # (and the garbage collector: a full collection walks every object alive, some 140,000 once pygame_gui,
    # NumPy and numba are loaded, and took 50-70 ms of one frame every few seconds. What exists when the App
    # has started, and when the warm-up has loaded numba, lives as long as the process: ``gc.freeze`` moves it
    # out of the collector's sight, so a full collection walks only what scenes made since.)

    def start_warm_up(self) -> None:
        """Load (or, the first time after an install, compile) the compiled crowd step in a daemon thread, so
        no frame waits for it; until it is ready scenes step crowds with NumPy (``fast_ready``). Not on
        ``jobs``: a first compile takes about 10 s and would hold up preparing a level."""
        if self._warming is not None:
            return

        def work() -> None:
            try:
                from engine.fast.warm import warm_up

                warm_up()
            except Exception:  # noqa: BLE001 - numba broken or absent: NumPy serves, as without the extra
                pass
            finally:
                gc.freeze()  # numba's many objects, too, stay out of the collector's full passes
                self._fast_ready.set()

        self._warming = threading.Thread(target=work, name="hiker-warm-up", daemon=True)
        self._warming.start()

    def fast_ready(self) -> bool:
        """The warm-up has finished: a crowd may use the compiled step (engine.fast) without a pause."""
        return self._fast_ready.is_set()

    # ------------------------------------------------------------------ window

    def _set_mode(self) -> pygame.Surface:
        flags = pygame.RESIZABLE
        if self.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(self.size, flags)

    @property
    def scale(self) -> float:
        """UI scale: 1.0 at 1280x720; text and layout grow with the window."""
        size = self.screen.get_size()
        if size != self._scale_for:  # a frame asks hundreds of times: computed once per window size
            w, h = size
            self._scale = max(0.6, min(w / BASE_SIZE[0], h / BASE_SIZE[1]))
            self._scale_for = size
        return self._scale

    def px(self, value: float) -> int:
        return int(round(value * self.scale))

    def _make_ui(self):
        import pygame_gui

        theme = json.loads(asset("theme.json").read_text())
        # pygame_gui reads only colours from "defaults": give every widget type the default font too.
        default_font = theme["defaults"].pop("font")
        for element in ("button", "label", "drop_down_menu", "check_box", "horizontal_slider", "tool_tip",
                        "text_entry_line", "text_box", "selection_list", "panel", "window"):
            block = theme.setdefault(element, {})
            block.setdefault("font", dict(default_font))
        for block in theme.values():
            f = block.get("font") if isinstance(block, dict) else None
            if f:
                f["name"] = "dejavu-bold" if f.get("bold") == "1" else "dejavu"
                f["regular_path"] = str(asset(FONT_BOLD if f.get("bold") == "1" else FONT_REGULAR))
                f["size"] = str(max(10, round(int(f.get("size", 16)) * self.scale)))
        manager = pygame_gui.UIManager(self.screen.get_size(), theme)
        # Every manager made (one per resize) leaves two things behind in pygame_gui's globals: it stays the
        # module-wide default if it was the first, and it appends its translations folder to i18n's search
        # path. Make the live manager the default and keep the path list free of repeats (found by the
        # monkey test: memory grew with every resize).
        import i18n
        from pygame_gui.core.utility import set_default_manager

        set_default_manager(manager)
        i18n.load_path[:] = list(dict.fromkeys(i18n.load_path))
        filter_pasting()
        return manager

    def resize(self, size: tuple[int, int]) -> None:
        if not self.fullscreen:
            self.size = (max(640, size[0]), max(400, size[1]))
            self.screen = self._set_mode()
        self.ui = self._make_ui()
        for scene in self.stack:
            scene.on_resize()
        self._rebuild_ui()

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.settings.fullscreen = self.fullscreen
        self.save_settings()
        self.screen = self._set_mode()
        self.resize(self.screen.get_size())

    # ------------------------------------------------------------------ scenes

    def make(self, name: str, *args: Any, **kwargs: Any) -> Scene:
        """A new scene from the catalog, by name ("play", "results", ...)."""
        return self.scenes[name](self, *args, **kwargs)

    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def push(self, scene: Scene) -> None:
        self.stack.append(scene)
        scene.enter()
        self._rebuild_ui()

    def pop(self) -> None:
        if self.stack:
            self.stack.pop().exit()
        if not self.stack:
            self.running = False
            return
        self.top.resume()
        self._rebuild_ui()

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().exit()
        self.push(scene)

    def reset_to(self, scene: Scene) -> None:
        while self.stack:
            self.stack.pop().exit()
        self.push(scene)

    def _rebuild_ui(self) -> None:
        self.ui.clear_and_reset()
        if self.top:
            self.top.build_ui()

    def quit(self) -> None:
        self.running = False

    # ------------------------------------------------------------------ saved state

    def save_settings(self) -> None:
        self._saved(save_settings(self.settings))

    def save_progress(self) -> None:
        self._saved(save_progress(self.progress))

    def _saved(self, notice: str | None) -> None:
        """A save that failed (a read-only or full disk) is a notice for the player, shown once."""
        if notice and all(t[0] != notice for t in self.toasts):
            self.toast(notice, 6.0)

    def contour_lines(self) -> int:
        from .store import CONTOURS

        return CONTOURS[self.settings.contours]

    def toast(self, message: str, seconds: float = 3.0) -> None:
        self.toasts.append([message, seconds])

    def capture_path(self, stem: str, ext: str) -> Path:
        """A new file in the captures folder (screenshots and GIFs): captures/STEM-DATE-TIME.EXT."""
        from engine.level import user_data_dir

        folder = user_data_dir() / "captures"
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stem}-{stamp}.{ext}"
        n = 2
        while path.exists():
            path = folder / f"{stem}-{stamp}-{n}.{ext}"
            n += 1
        return path

    # ------------------------------------------------------------------ loop

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            if not any(scene.holds_quit() for scene in list(self.stack)):  # e.g. the editor's unsaved changes
                self.running = False
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        if event.type == pygame.TEXTINPUT:
            text = typed_text(event.text)
            if not text:
                return
            event = pygame.event.Event(pygame.TEXTINPUT, text=text, window=getattr(event, "window", None))
        top = self.top
        keys = event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT)
        # Keys reach pygame_gui only while a text field has them; every other key is ours (game/widgets.py
        # FocusRing), so a widget the mouse last touched never reacts to Space or Enter behind our back.
        consumed = self.ui.process_events(event) if not keys or (top is not None and top.wants_text()) else False
        if top is None:
            return
        if event.type == pygame.KEYDOWN and not top.wants_text():
            action = action_for(event, GLOBAL)
            if action == "fullscreen":
                self.toggle_fullscreen()
                return
            if action == "mute":
                self.settings.muted = not self.settings.muted
                self.save_settings()
                self.toast("Sound off" if self.settings.muted else "Sound on", 1.5)
                return
            if action == "screenshot":
                path = self.capture_path("screenshot", "png")
                save_screenshot(self.screen, path)
                self.toast(f"Screenshot saved: {shown_path(path)}", 5)
                return
            if action == "help":
                if top.is_help:
                    self.pop()
                else:
                    self.push(self.make("help", top))
                return
        if consumed and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            return
        top.handle(event)

    def tick(self, dt: float | None = None) -> None:
        """One frame: events, fixed-step updates, drawing. Tests pass dt for determinism."""
        if dt is None:
            dt = min(self.clock.tick(60) / 1000.0, 0.25)
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return
        self.ui.update(dt)
        self.accumulator += dt
        while self.accumulator >= FIXED_DT - 1e-9:
            if self.top:
                self.top.update(FIXED_DT)
            self.accumulator -= FIXED_DT
        self.draw()
        self.frame += 1

    def draw(self) -> None:
        self.screen.fill(BG)
        # Draw from the lowest scene that shows through every overlay above it.
        start = len(self.stack) - 1
        while start > 0 and self.stack[start].overlay:
            start -= 1
        for scene in self.stack[start:]:
            scene.draw(self.screen)
        self.ui.draw_ui(self.screen)
        if self.top:
            self.top.draw_over_ui(self.screen)
        self._draw_toasts()
        if self.settings.show_fps:
            text(self.screen, f"{self.clock.get_fps():.0f} fps", (self.screen.get_width() - 8, 6), self.px(14),
                 INK, anchor="topright")
        pygame.display.flip()

    def _draw_toasts(self) -> None:
        w, h = self.screen.get_size()
        floor = self.top.toast_floor() if self.top is not None else None
        y = h - self.px(16) if floor is None else floor
        size = self.px(17)
        for toast in list(self.toasts):
            message, left = toast
            lines = wrap(message, size, int(w * 0.8))[:3]
            line_h = int(size * 1.35)
            width = max(width_of(line, size) for line in lines) + self.px(28)
            rect = pygame.Rect(0, 0, width, line_h * len(lines) + self.px(16))
            rect.midbottom = (w // 2, y)
            panel(self.screen, rect, (20, 24, 34, 235), border=(255, 196, 61))
            text_block(self.screen, "\n".join(lines), rect.inflate(-self.px(28), -self.px(16)), size,
                       line_height=line_h)
            y -= rect.height + self.px(6)
            toast[1] -= 1 / 60
            if toast[1] <= 0:
                self.toasts.remove(toast)

    def run(self, frames: int | None = None, screenshot: Path | None = None,
            keys: list[int | tuple[int, int]] | None = None) -> int:
        """The main loop. ``keys`` (a key, or a key with its modifiers) are posted as real key presses, one per
        frame, for scripted screenshots. While a level is being prepared (a busy overlay on top) keys wait and
        ``frames`` does not count, so a script sees the same frames however long the preparation takes."""
        pending = list(keys or [])
        counted = 0
        while self.running and self.stack:
            busy = bool(self.top and self.top.busy)
            if pending and counted >= 2 and not busy:
                post_key(*_key_mod(pending.pop(0)))
            self.tick()
            if not busy:
                counted += 1
            if frames is not None and counted >= frames:
                break
        if screenshot is not None:
            save_screenshot(self.screen, screenshot)
        self.save_settings()
        self.save_progress()
        self.close()
        return 0

    def close(self) -> None:
        """Stop background jobs and close the window."""
        self.jobs.shutdown(wait=False, cancel_futures=True)
        pygame.quit()


def _key_mod(key: int | tuple[int, int]) -> tuple[int, int]:
    return key if isinstance(key, tuple) else (key, 0)


def post_key(key: int, mod: int = 0) -> None:
    """Post one key press as a real one arrives: KEYDOWN (with its modifiers), the typed character as
    TEXTINPUT for a printable key without Ctrl/Alt, then KEYUP."""
    char = chr(key) if 32 <= key < 127 else ""
    if char and mod & pygame.KMOD_SHIFT:
        char = char.upper()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=char, scancode=0))
    if char and not mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=char, scancode=0))


def save_screenshot(surface: pygame.Surface, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(path))
