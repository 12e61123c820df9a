"""Gradient Hiker's front end: the pygame game and the `hiker` command."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout: scripts read our output
