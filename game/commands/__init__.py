"""The headless `hiker` commands, one module each. None of them imports pygame or the window."""
