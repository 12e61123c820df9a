"""Your own optimizer: plugins, loaded only from where the user puts them.

A plugin is a Python class that subclasses ``engine.optim.Optimizer`` and follows its protocol (NAME, BLURB,
PARAMS of ``Param`` with ranges, ``init``, ``step``; see engine/optim/base.py and docs/optimizers.md). It is
loaded from a file the user names on the command line (``--plugin FILE.py``) or from the entry-point group
``gradient_hiker.optimizers`` of a package the user installed. Nothing else loads code: a level file or a
share code can only name built-in optimizers (the level schema checks names against ``engine.optim.NAMES``).

A broken plugin never crashes the program: loading problems are one-line ``PluginError``s (or, for installed
packages, one-line warnings), and failures inside ``init``/``step`` mark the plugin's hikers as fallen
(engine/hikers.py).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from .optim.base import Optimizer, Param
from .optim.spec import NAMES, OPTIMIZERS, SpecError, complete, register

ENTRY_POINT_GROUP = "gradient_hiker.optimizers"
NAME_RULE = re.compile(r"[a-z][a-z0-9_]{0,23}")
PROTOCOL = ("a class that subclasses engine.optim.Optimizer with NAME (a short lowercase word), PARAMS (a dict of "
            "engine.optim.Param), init(x) and step(x, state, t, oracle, out)")


class PluginError(Exception):
    """A plugin that cannot be used: one line saying what and where."""


def check_class(cls: object, origin: str) -> type[Optimizer]:
    """The class, if it follows the optimizer protocol; else a PluginError naming the first problem."""
    label = getattr(cls, "__name__", repr(cls))
    if not isinstance(cls, type) or not issubclass(cls, Optimizer) or cls is Optimizer:
        raise PluginError(f"{origin}: {label} is not an optimizer; write {PROTOCOL}")
    name = getattr(cls, "NAME", "")
    if not isinstance(name, str) or not NAME_RULE.fullmatch(name):
        raise PluginError(f"{origin}: {label}.NAME must be a short lowercase word (letters, digits, _), got {name!r}")
    if name in NAMES:
        raise PluginError(f"{origin}: {label}.NAME {name!r} is a built-in optimizer; choose another name")
    taken = OPTIMIZERS.get(name)
    if taken is not None and taken.PLUGIN and origin != taken.PLUGIN:
        raise PluginError(f"{origin}: optimizer {name!r} is already loaded from {taken.PLUGIN}")
    params = getattr(cls, "PARAMS", None)
    if not isinstance(params, dict) or not all(isinstance(k, str) and isinstance(p, Param) for k, p in params.items()):
        raise PluginError(f"{origin}: {label}.PARAMS must be a dict of parameter names to engine.optim.Param")
    if cls.step is Optimizer.step:
        raise PluginError(f"{origin}: {label} has no step(x, state, t, oracle, out) method")
    if not isinstance(getattr(cls, "BLURB", ""), str):
        raise PluginError(f"{origin}: {label}.BLURB must be a string")
    for key, param in params.items():
        try:
            param.check(key, param.default)
        except (ValueError, TypeError) as err:
            raise PluginError(f"{origin}: {label}.PARAMS[{key!r}]: its default does not pass its own check: {err}") \
                from None
    return cls


def _register(cls: type[Optimizer], origin: str) -> str:
    cls.PLUGIN = origin
    register(cls)
    try:
        complete(cls.NAME, {})
    except SpecError as err:  # e.g. check_params rejects the defaults
        OPTIMIZERS.pop(cls.NAME, None)
        raise PluginError(f"{origin}: {err}") from None
    return cls.NAME


def _one_line(err: BaseException) -> str:
    if isinstance(err, SyntaxError):
        return f"SyntaxError: {err.msg} (line {err.lineno})"
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else ''}".rstrip(": ")


def load_file(path: str | Path) -> list[str]:
    """Import a plugin file the user named and register every optimizer class defined in it; their names."""
    path = Path(path)
    origin = str(path)
    if path.suffix != ".py":
        raise PluginError(f"--plugin {origin}: expected a Python file (.py)")
    if not path.is_file():
        raise PluginError(f"--plugin {origin}: no such file")
    module_name = "gradient_hiker_plugin_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"--plugin {origin}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as err:  # a plugin's own bug, reported in one line
        sys.modules.pop(module_name, None)
        raise PluginError(f"--plugin {origin} could not be loaded: {_one_line(err)}") from None
    classes = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, Optimizer)
               and c is not Optimizer and c.__module__ == module_name]
    if not classes:
        raise PluginError(f"--plugin {origin} defines no optimizer; write {PROTOCOL}")
    names = []
    for cls in classes:
        check_class(cls, origin)
    for cls in classes:
        names.append(_register(cls, origin))
    return names


def load_installed() -> tuple[list[str], list[str]]:
    """Register the optimizers of installed packages (entry-point group ``gradient_hiker.optimizers``).
    Returns (names loaded, one-line warnings about the entry points that could not be used)."""
    from importlib.metadata import entry_points

    names: list[str] = []
    warnings: list[str] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        origin = f"entry point {ep.name} ({ep.value})"
        try:
            cls = ep.load()
        except Exception as err:
            warnings.append(f"{origin} could not be loaded: {_one_line(err)}")
            continue
        try:
            check_class(cls, origin)
            if OPTIMIZERS.get(cls.NAME) is cls:
                continue
            names.append(_register(cls, origin))
        except PluginError as err:
            warnings.append(str(err))
    return names, warnings


def plugin_names() -> list[str]:
    return [n for n, cls in OPTIMIZERS.items() if cls.PLUGIN]
