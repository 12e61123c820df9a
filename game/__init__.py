"""Gradient Hiker's front end: the pygame game and the `hiker` command."""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on stdout: scripts read our output
os.environ.setdefault("SDL_VIDEO_X11_WMCLASS", "gradient-hiker")  # lets window managers and tests find us

import engine  # noqa: E402, F401 - before anything loads NumPy: engine/__init__.py sets one BLAS thread
