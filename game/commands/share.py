"""`hiker share LEVEL`: the level as one line of text that a friend can import."""

from __future__ import annotations

from ..args import CliError


def cmd_share(args) -> int:
    from engine.level import LevelError, find_entry
    from engine.level.share import encode

    try:
        entry = find_entry(args.level)
    except KeyError as err:
        raise CliError(err.args[0]) from None
    if entry.spec is None:
        err = entry.error or LevelError([])
        raise CliError(f"level {args.level!r} is broken: {err.first if err.problems else 'unreadable'}")
    print(encode(entry.spec))
    return 0
