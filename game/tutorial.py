"""The tutorial's level: a gentle practice hill, kept out of the level list (it is reached from the title
screen, and the first time the player presses Play)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine.level import Entry, parse_level

TUTORIAL_TOML = """
[level]
id = "tutorial"
title = "Tutorial: the Practice Hill"
description = "A gentle hill with a wide bowl at its foot. Learn every control, one at a time."
author = "Gradient Hiker"
difficulty = 1

[landscape]
kind = "formula"
formula = "0.3*((x - 0.5)**2 + (y + 0.5)**2) - 0.8*exp(-((x - 1.6)**2 + (y - 1.4)**2)/0.3)"
domain = { x = [-3, 3], y = [-3, 3] }

[start]
point = [2.4, 2.3]

[rules]
steps = 60
stride = 0.35
fog = 0.9
abilities = { sled = 2, leap = 3, restart = 1 }
par = 40

[race]
lineup = ["gd:lr=0.5", "momentum:lr=0.1,momentum=0.9", "adam:lr=0.2"]
steps = 60
"""


@cache
def tutorial_entry() -> Entry:
    """The tutorial level as a list entry (prepared like any level, behind the progress overlay)."""
    return Entry(Path("tutorial"), True, parse_level(TUTORIAL_TOML, "tutorial"))
