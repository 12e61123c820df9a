"""Gradient Hiker's front end: the pygame game and the `hiker` command."""
