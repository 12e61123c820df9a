"""The game's scenes, kept on the App's stack."""

from __future__ import annotations


def level_problem(level) -> str | None:
    """Build a level's landscape and minimum now; the error text if that fails, else None.

    Level files come from strangers: whatever goes wrong must become a message, never a crash.
    """
    try:
        level.landscape  # noqa: B018 - building it is the check
        level.minimum  # noqa: B018
    except Exception as err:  # noqa: BLE001 - any failure of a stranger's file
        return str(err).splitlines()[0]
    return None
