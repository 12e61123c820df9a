"""Writing a LevelSpec back to TOML with tomli-w: reading what is written gives back an equal spec.

Defaults that a reader fills in the same way are left out; every value that was given is written exactly
(floats by repr, so nothing is rounded).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .spec import (
    DataSpec,
    FormulaSpec,
    FunctionSpec,
    HeightmapSpec,
    LandscapeSpec,
    LevelSpec,
    RacerSpec,
    WellsSpec,
)


def racer_text(racer: RacerSpec) -> str:
    """"adam:lr=0.05,amsgrad=true" with every value exact (the display form rounds with :g)."""
    def exact(v: Any) -> str:
        return ("true" if v else "false") if isinstance(v, bool) else repr(v) if isinstance(v, float) else str(v)

    return racer.name + (":" + ",".join(f"{k}={exact(v)}" for k, v in racer.given) if racer.given else "")


def _landscape(spec: LandscapeSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": spec.kind}
    if isinstance(spec, FunctionSpec):
        out["name"] = spec.name
    elif isinstance(spec, FormulaSpec):
        out["formula"] = spec.formula
    elif isinstance(spec, WellsSpec):
        out["base"] = spec.base
        out["wells"] = [{"at": list(w.at), "depth": w.depth, "width": w.width} for w in spec.wells]
    elif isinstance(spec, HeightmapSpec):
        out["image"] = spec.image
        out["height"] = list(spec.height)
    elif isinstance(spec, DataSpec):
        if spec.csv is not None:
            out["csv"] = spec.csv
        else:
            out["data"] = [list(r) for r in spec.rows]
    if spec.domain is not None:
        out["domain"] = {"x": list(spec.domain.x), "y": list(spec.domain.y)}
    if isinstance(spec, FormulaSpec | WellsSpec) and spec.constants:
        out["constants"] = dict(spec.constants)
    return out


def to_document(spec: LevelSpec) -> dict[str, Any]:
    """The level as a TOML-ready dict."""
    info = spec.info
    level = {"id": info.id, "title": info.title, "description": info.description, "author": info.author,
             "difficulty": info.difficulty}
    doc: dict[str, Any] = {"level": {k: v for k, v in level.items() if v != ""},
                           "landscape": _landscape(spec.landscape)}
    doc["start"] = {"point": list(spec.start)} if spec.start is not None else {"random": True}
    r = spec.rules
    rules: dict[str, Any] = {"steps": r.steps, "stride": r.stride, "fog": r.fog,
                             "abilities": {"sled": r.abilities.sled, "leap": r.abilities.leap,
                                           "restart": r.abilities.restart}}
    if r.par is not None:
        rules["par"] = r.par
    if r.mode != "fog":
        rules["mode"] = r.mode
    doc["rules"] = rules
    g = spec.goal
    goal: dict[str, Any] = {}
    if g.value is not None and g.points is not None:
        goal = {"value": g.value, "points": [list(p) for p in g.points]}
    if g.tolerance is not None:
        goal["tolerance"] = g.tolerance
    if goal:
        doc["goal"] = goal
    doc["race"] = {"lineup": [racer_text(x) for x in spec.race.lineup], "steps": spec.race.steps,
                   "seed": spec.race.seed}
    return doc


def dumps(spec: LevelSpec) -> str:
    import tomli_w

    return tomli_w.dumps(to_document(spec))


def save(spec: LevelSpec, path: Path) -> None:
    """Write the level file atomically. (Files it names, a heightmap image or a CSV, are written by their
    owner; this writes the TOML.)"""
    from ..storage import atomic_write_text

    atomic_write_text(Path(path), dumps(spec))
