"""Progress bars for long command-line work (sweeps, tournaments, basins, swarms, GIF and MP4 export).

A bar (tqdm, on stderr) shows only when both stdout and stderr are a terminal and the output is not --json:
piped, redirected or machine-read output stays exactly as it was. Ctrl+C is handled once, in game/cli.py
(exit code 130, one line, no traceback); a bar closes itself on the way out.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


def on_terminal() -> bool:
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Bar:
    """``update(n)`` after each unit of work; silent (and nearly free) when not shown."""

    def __init__(self, total: int, desc: str, shown: bool, unit: str = "step") -> None:
        self._bar = None
        if shown and total > 0:
            import shutil

            from tqdm import tqdm

            width = shutil.get_terminal_size((0, 0)).columns  # a fresh pseudo-terminal may say 0: then 80
            self._bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, mininterval=0.1,
                             unit_scale=True, dynamic_ncols=width > 0, ncols=None if width > 0 else 80)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def update(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def describe(self, desc: str) -> None:
        if self._bar is not None:
            self._bar.set_description_str(desc, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextmanager
def progress(total: int, desc: str, quiet: bool = False, unit: str = "step") -> Iterator[Bar]:
    """A bar for ``total`` units of work, shown on a terminal unless ``quiet`` (e.g. --json)."""
    bar = Bar(total, desc, shown=not quiet and on_terminal(), unit=unit)
    try:
        yield bar
    finally:
        bar.close()
