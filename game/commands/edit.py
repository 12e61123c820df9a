"""`hiker edit [FILE] [--template NAME]`: what the editor opens (checked before the window opens).

FILE is where Ctrl+S saves. An existing FILE (or a level id) opens for editing; a built-in level opens as
a copy in the user's level folder. A FILE that does not exist yet starts from a template (default: bowl).
"""

from __future__ import annotations

from pathlib import Path

from ..args import CliError


def editor_args(file: str | None, template: str | None) -> dict:
    """Keyword arguments for the editor scene: ``spec``, ``path`` and ``origin`` (empty: the start screen)."""
    from engine.level import LevelError, builtin_dir, find_entry
    from engine.level.design import TEMPLATES, edit_target, new_level, template_name
    from engine.level.registry import taken_ids, user_levels_dir

    name = None
    if template is not None:
        name = template_name(template)
        if name is None:
            raise CliError(f"--template: unknown template {template!r}; choose one of: {', '.join(TEMPLATES)}")
    if file is None and name is None:
        return {}
    path = Path(file) if file is not None else None
    if path is not None and path.exists() and path.is_dir():
        raise CliError(f"{file} is a folder; give a .toml file to edit or create")
    if name is not None or (path is not None and not path.exists() and (path.suffix == ".toml" or "/" in file)):
        spec = new_level(name or "bowl", taken_ids())
        if path is not None and path.suffix != ".toml":
            raise CliError(f"{file}: a level file ends in .toml")
        return {"spec": spec, "path": path, "origin": f"new from the {name or 'bowl'} template", "id_locked": False}
    try:
        entry = find_entry(file)
    except KeyError as err:
        raise CliError(err.args[0]) from None
    if entry.spec is None:
        err = entry.error or LevelError([])
        raise CliError(f"{file} is broken: {err.first if err.problems else 'unreadable'} (fix it in a text editor, "
                       "or start from a template)")
    builtin = entry.builtin or entry.path.resolve().is_relative_to(builtin_dir().resolve())
    spec, path, origin = edit_target(entry.spec, entry.path, builtin, taken_ids(), user_levels_dir())
    return {"spec": spec, "path": path, "origin": origin, "id_locked": not builtin}
