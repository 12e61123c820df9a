"""Writing a LevelSpec back to TOML with tomli-w: reading what is written gives back an equal spec.

Defaults that a reader fills in the same way are left out; every value that was given is written exactly
(floats by repr, so nothing is rounded).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from .spec import (
    DataSpec,
    FormulaSpec,
    FunctionSpec,
    HeightmapSpec,
    LandscapeSpec,
    LevelSpec,
    NetworkSpec,
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
    elif isinstance(spec, NetworkSpec):
        out.update(_network(spec))
    if spec.domain is not None:
        out["domain"] = {"x": list(spec.domain.x), "y": list(spec.domain.y)}
    if isinstance(spec, FormulaSpec | WellsSpec) and spec.constants:
        out["constants"] = dict(spec.constants)
    return out


def _network(spec: NetworkSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"layers": list(spec.layers), "activation": spec.activation, "loss": spec.loss}
    d = spec.dataset
    if d.generate is not None:
        out["dataset"] = {"generate": d.generate, "size": d.size, "noise": d.noise, "seed": d.seed}
    elif d.csv is not None:
        out["csv"] = d.csv
    else:
        out["data"] = [list(r) for r in d.rows]
    out["axes"] = {"weights": list(spec.axes.weights)} if spec.axes.weights else {"slice": spec.axes.slice}
    if spec.theta is not None:
        out["theta"] = list(spec.theta)
    else:
        out["train"] = {"steps": spec.train.steps, "lr": spec.train.lr, "seed": spec.train.seed}
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


def png16(pixels: np.ndarray) -> bytes:
    """A grayscale image in [0, 1] as a 16-bit PNG. Pixels that are multiples of 1/65535 (every image read
    from an 8- or 16-bit file, every image the editor paints) are written exactly."""
    from PIL import Image  # lazy: only heightmap levels need Pillow

    levels = np.rint(np.clip(np.asarray(pixels, dtype=float), 0.0, 1.0) * 65535.0).astype(np.uint16)
    out = io.BytesIO()
    Image.fromarray(levels).save(out, format="PNG", optimize=True)
    return out.getvalue()


def csv_text(rows) -> str:
    """Data rows as CSV with a header line; every number written exactly (repr). Rows of three are a network's
    (x1, x2, label)."""
    if rows and len(rows[0]) == 3:
        return "x1,x2,label\n" + "".join(f"{a!r},{b!r},{c!r}\n" for a, b, c in rows)
    return "feature,target\n" + "".join(f"{a!r},{b!r}\n" for a, b in rows)


def attachments(spec: LevelSpec) -> dict[str, bytes]:
    """The files a level names, as their bytes: its heightmap image (16-bit PNG) or its data CSV."""
    land = spec.landscape
    if isinstance(land, HeightmapSpec):
        return {land.image: png16(land.gray.pixels)}
    if isinstance(land, DataSpec) and land.csv is not None:
        return {land.csv: csv_text(land.rows).encode("utf-8")}
    if isinstance(land, NetworkSpec) and land.dataset.csv is not None:
        return {land.dataset.csv: csv_text(land.dataset.rows).encode("utf-8")}
    return {}


def beside(path: Path, name: str) -> Path:
    """Where a file a level names lives: inside the level's folder (a ValueError for anything else)."""
    folder = Path(path).parent.resolve()
    target = (folder / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(folder) or target == folder:
        raise ValueError(f"{name!r} is not a file in the level's folder")
    return target


def save(spec: LevelSpec, path: Path) -> None:
    """Write the level atomically: first the files it names (its heightmap image as a 16-bit PNG, its CSV),
    each atomically next to it, then the TOML, so a reader never sees a level whose image is missing."""
    from ..storage import atomic_write_bytes, atomic_write_text

    path = Path(path)
    files = {beside(path, name): data for name, data in attachments(spec).items()}
    for target, data in files.items():
        atomic_write_bytes(target, data)
    atomic_write_text(path, dumps(spec))
