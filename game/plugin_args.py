"""--plugin FILE.py and installed optimizer plugins, for the commands and the window (engine/plugins.py loads them).

Plugins are the user's own code: they come from a file named on the command line or from a package the user
installed (entry-point group ``gradient_hiker.optimizers``), never from a level file or a share code.
"""

from __future__ import annotations

import sys

from .args import CliError

_installed_done = False


def load_plugins(paths: list[str] | None, warn: bool = True) -> list[str]:
    """Register installed plugins (once per process; a broken one is a one-line warning on stderr) and the
    --plugin files (a broken one is a CliError). Returns the names the --plugin files defined."""
    global _installed_done
    from engine.plugins import PluginError, load_file, load_installed

    if not _installed_done:
        _installed_done = True
        _, warnings = load_installed()
        for line in warnings if warn else ():
            print(f"hiker: warning: {line}", file=sys.stderr)
    names: list[str] = []
    for path in paths or ():
        try:
            names += [n for n in load_file(path) if n not in names]
        except PluginError as err:
            raise CliError(str(err)) from None
    return names


def add_plugin_argument(parser) -> None:
    parser.add_argument("--plugin", action="append", metavar="FILE.py",
                        help="load your own optimizer from a Python file (repeatable; it runs as your code)")


def plugin_errors(errors: list[str]) -> None:
    """A failed plugin's one-line reason, on stderr (its hikers were marked fallen)."""
    for line in dict.fromkeys(errors):
        print(f"hiker: warning: {line}; its hikers are marked fallen", file=sys.stderr)
