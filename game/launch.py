"""Opening the game window from the `hiker` command: check every argument first, then build the App with
its scene catalog and push the first scenes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .args import CliError, level_arg, lineup_from_specs, output_arg, seed_arg, start_arg

if TYPE_CHECKING:
    from .app import App


def has_display() -> bool:
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def new_app(size: tuple[int, int] | None = None, jobs=None) -> App:
    """An App that knows every scene (the catalog) — what the command and the tests start from."""
    from .app import App
    from .scenes.catalog import CATALOG

    return App(size, CATALOG, jobs)


KEY_ALIASES = {"comma": ",", "plus": "+", "minus": "-", "enter": "return", "esc": "escape", "del": "delete",
               "pgup": "page up", "pgdn": "page down", "pageup": "page up", "pagedown": "page down"}
MOD_NAMES = {"ctrl": "KMOD_LCTRL", "control": "KMOD_LCTRL", "shift": "KMOD_LSHIFT", "alt": "KMOD_LALT",
             "cmd": "KMOD_LMETA", "meta": "KMOD_LMETA"}


def parse_keys(text: str | None) -> list[tuple[int, int]]:
    """"g,left,ctrl+s,shift+left,ctrl+shift+z" -> (pygame key code, modifier bits) pairs; a clear error for a
    name pygame does not know. "comma" and "plus" name the keys that separate."""
    import pygame

    codes = []
    for name in filter(None, (k.strip() for k in (text or "").split(","))):
        if name == "+" or name.endswith("++"):
            mods, key = (name[:-2].split("+") if len(name) > 1 else []), "+"
        else:
            *mods, key = name.split("+")
        mod = 0
        for m in mods:
            if m.lower() not in MOD_NAMES:
                raise CliError(f"--keys: unknown modifier {m!r} in {name!r} (use ctrl, shift, alt)")
            mod |= getattr(pygame, MOD_NAMES[m.lower()])
        try:
            codes.append((pygame.key.key_code(KEY_ALIASES.get(key.lower(), key)), mod))
        except ValueError:
            raise CliError(f"--keys: unknown key {name!r} (pygame key names: g, left, return, escape, space; "
                           "with modifiers: ctrl+s, shift+left)") from None
    return codes


def size_arg(text: str | None) -> tuple[int, int] | None:
    """"1024x640" -> (1024, 640); None when not given; a clear error otherwise."""
    if text is None:
        return None
    parts = text.lower().replace("*", "x").split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise CliError(f"--size must be WIDTHxHEIGHT, e.g. 1280x720, got {text!r}") from None
    if not (640 <= w <= 7680 and 400 <= h <= 4320):
        raise CliError(f"--size must be between 640x400 and 7680x4320, got {text!r}")
    return w, h


def entry_arg(name: str):
    """A level's entry by id or path, checked but not prepared (preparing happens behind the window's
    progress overlay, so the window opens at once)."""
    from engine.level import find_entry

    try:
        entry = find_entry(name)
    except KeyError as err:
        raise CliError(err.args[0]) from None
    if entry.spec is None:
        problems = entry.error.problems if entry.error else []
        raise CliError(f"level {name!r} is broken: " + "; ".join(str(p) for p in problems))
    return entry


def open_window(scene: str, args) -> int:
    """Open the game at a scene ("title", "play" or "race"). Every argument is checked before a window opens;
    a level to play is prepared behind the window's progress overlay."""
    frames = getattr(args, "frames", None)
    shot = getattr(args, "screenshot", None)
    if shot and not frames:
        raise CliError("--screenshot needs --frames N")
    size = size_arg(getattr(args, "size", None))
    if not has_display():
        raise CliError("no display found; try the headless race: hiker race twin-valleys "
                       "(or set SDL_VIDEODRIVER=dummy to render off-screen)")
    output_arg("--screenshot", shot, "image")
    level = entry = None
    edit = {}
    if scene == "edit":
        from .commands.edit import editor_args

        edit = editor_args(args.file, args.template)
    name = getattr(args, "level", None)
    if name and scene == "play":
        entry = entry_arg(name)
    elif name:
        level = level_arg(name)
    race_args = {}
    if scene == "race":
        steps = args.steps if args.steps is not None else level.race.steps
        if not 1 <= steps <= 1_000_000:
            raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
        seed_arg(args.seed, 0)
        race_args = {"lineup": lineup_from_specs(args.opt, level, steps) if args.opt else None,
                     "start": start_arg(args.start, level, None) if args.start else None,
                     "seed": args.seed, "steps": steps}
    import pygame

    try:
        app = new_app(size)
    except pygame.error as err:
        raise CliError(f"cannot open a window: {err}; try the headless race: hiker race twin-valleys") from None
    try:
        keys = parse_keys(getattr(args, "keys", None))
    except CliError:
        pygame.quit()
        raise
    app.push(app.make("title"))
    if scene == "play" and entry is not None:
        from .scenes.loading import open_level

        open_level(app, entry, "play")
    elif scene == "play":
        app.push(app.make("level_select", purpose="play"))
    elif scene == "race":
        race = app.make("race", level, **race_args)
        app.push(race)
        race.playing = True
    elif scene == "edit":
        app.push(app.make("editor", **edit) if edit else app.make("editor_start"))
    return app.run(frames, Path(shot) if shot else None, keys)
