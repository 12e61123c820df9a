"""Optimizer specs: "adam:lr=0.05,beta1=0.8" -> a configured optimizer with every parameter filled in."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..suggest import did_you_mean as suggest
from .adam_family import Adamax, AdamW, NAdam, RAdam
from .adaptive import Adagrad, Adam, RMSprop
from .annealing import Annealing
from .base import Optimizer, Param
from .gradient import GD, SGD, Momentum, Nesterov
from .restarts import Restarts
from .schedules import DEFAULT_GAMMA, SCHEDULE_KEYS, SCHEDULE_PARAMS
from .sign import Lion, Rprop

# The built-in optimizers, in the order the game lists them. Plugins (engine/plugins.py) are added to
# OPTIMIZERS by ``register`` but never to NAMES: level files name built-in optimizers only.
BUILTIN: tuple[type[Optimizer], ...] = (GD, Momentum, Nesterov, Adagrad, RMSprop, Adam, SGD, Annealing, Restarts,
                                        AdamW, NAdam, RAdam, Adamax, Rprop, Lion)
OPTIMIZERS: dict[str, type[Optimizer]] = {cls.NAME: cls for cls in BUILTIN}
NAMES = tuple(OPTIMIZERS)


def names() -> tuple[str, ...]:
    """Every optimizer that can race now: the built-in ones, then the plugins loaded in this process."""
    return tuple(OPTIMIZERS)


def register(cls: type[Optimizer]) -> None:
    """Add a (checked) plugin optimizer; engine/plugins.py is the only caller."""
    if cls.NAME in NAMES:
        raise ValueError(f"{cls.NAME!r} is a built-in optimizer")
    OPTIMIZERS[cls.NAME] = cls


def unregister(name: str) -> None:
    if name not in NAMES:
        OPTIMIZERS.pop(name, None)


class SpecError(ValueError):
    pass


ALIASES = {"learning_rate": "lr", "stride": "lr", "mu": "momentum", "beta_1": "beta1", "beta_2": "beta2",
           "betas": "beta1", "temperature": "t0", "batch_size": "batch", "epsilon": "eps"}


def did_you_mean(word: str, choices) -> str:
    return suggest(word, choices, 0.5, ALIASES)


def _parse_value(text: str) -> Any:
    low = text.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    return int(number) if number.is_integer() and "." not in text and "e" not in low else number


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """Split "name:key=value,..." into the name and a dict of typed values (not yet checked)."""
    name, _, rest = spec.strip().partition(":")
    params: dict[str, Any] = {}
    for item in filter(None, (s.strip() for s in rest.split(","))):
        key, eq, value = item.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise SpecError(f"bad parameter {item!r} in {spec!r}: write key=value, e.g. lr=0.05")
        params[key.strip()] = _parse_value(value)
    return name.strip(), params


def param_table(name: str, params: dict[str, Any] | None = None) -> dict[str, Param]:
    """Every parameter an optimizer accepts, including its schedule (and, for restarts, its base's)."""
    if name not in OPTIMIZERS:
        raise SpecError(f"unknown optimizer {name!r}; {did_you_mean(name, names())}")
    table = dict(OPTIMIZERS[name].PARAMS)
    if name == "restarts":
        base = (params or {}).get("base", table["base"].default)
        if base in OPTIMIZERS and base not in ("restarts", "annealing"):
            table.update(param_table(base, params))
    elif OPTIMIZERS[name].SCHEDULED:
        table.update(SCHEDULE_PARAMS)
    return table


def complete(name: str, given: dict[str, Any], steps: int | None = None) -> dict[str, Any]:
    """Check the given parameters and fill in every default; raise SpecError with a hint."""
    table = param_table(name, given)
    for key in given:
        if key not in table:
            raise SpecError(f"{name} has no parameter {key!r}; {did_you_mean(key, table)}")
    out: dict[str, Any] = {}
    for key, param in table.items():
        if key in given:
            try:
                out[key] = param.check(key, given[key])
            except ValueError as err:
                raise SpecError(f"{name}: {err}") from None
        else:
            out[key] = param.default
    if "schedule" in out:
        schedule = out["schedule"]
        keep = SCHEDULE_KEYS[schedule]
        for key in SCHEDULE_PARAMS:
            if key != "schedule" and key not in keep:
                out.pop(key)
        if "gamma" in out and "gamma" not in given:
            out["gamma"] = DEFAULT_GAMMA[schedule]
        if schedule == "cosine" and out["t_max"] == 0 and steps:
            out["t_max"] = int(steps)
    if name == "nesterov":
        out["dampening"] = 0.0  # torch requires zero dampening with nesterov
    problem = OPTIMIZERS[name].check_params(out)
    if problem:
        raise SpecError(f"{name}: {problem}")
    return out


def sweepable(name: str, given: dict[str, Any] | None = None) -> dict[str, Param]:
    """The parameters a sweep can vary in one batch: the decimal numbers (not whole numbers, switches or
    choices)."""
    return {k: p for k, p in param_table(name, given).items() if p.kind is float}


def build_batch(name: str, given: dict[str, Any], per_hiker: dict[str, np.ndarray],
                steps: int | None = None) -> Optimizer:
    """An optimizer whose parameters in ``per_hiker`` hold one value per hiker ((N,) arrays), the others
    one value for all (``given`` plus defaults). Every value is checked like a single one; the optimizer
    must accept arrays (``BATCH_PARAMS``)."""
    cls = OPTIMIZERS.get(name)
    if cls is None:
        raise SpecError(f"unknown optimizer {name!r}; {did_you_mean(name, names())}")
    table = sweepable(name, given)
    for key, values in per_hiker.items():
        if key not in table:
            whole = param_table(name, given)
            why = "not a decimal number" if key in whole else "not a parameter of it"
            raise SpecError(f"{name}: {key} cannot be swept ({why}); decimal parameters: {', '.join(table)}")
        for v in np.asarray(values, dtype=float).reshape(-1).tolist():
            complete(name, {**given, key: v}, steps)  # each value on its own: ranges and cross-checks
    params = complete(name, given, steps)
    arrays = {k: np.asarray(v, dtype=float).reshape(-1).copy() for k, v in per_hiker.items()}
    params.update(arrays)
    if name == "restarts":
        base_keys = param_table(params["base"], params)
        base_given = {k: v for k, v in params.items() if k in base_keys and k not in arrays}
        base = build_batch(params["base"], base_given, {k: v for k, v in arrays.items() if k in base_keys}, steps)
        return Restarts(base, **params)
    return cls(**params)


def build(name: str, given: dict[str, Any] | None = None, steps: int | None = None) -> Optimizer:
    """An optimizer with every parameter checked and filled in (one value for every hiker)."""
    params = complete(name, dict(given or {}), steps)
    if name == "restarts":
        base_keys = param_table(params["base"], params)
        base = build(params["base"], {k: v for k, v in params.items() if k in base_keys}, steps)
        return Restarts(base, **params)
    return OPTIMIZERS[name](**params)


def build_spec(spec: str, steps: int | None = None) -> Optimizer:
    name, given = parse_spec(spec)
    return build(name, given, steps)


def format_spec(name: str, params: dict[str, Any]) -> str:
    def fmt(v: Any) -> str:
        return ("true" if v else "false") if isinstance(v, bool) else (f"{v:g}" if isinstance(v, float) else str(v))

    return name + (":" + ",".join(f"{k}={fmt(v)}" for k, v in params.items()) if params else "")
