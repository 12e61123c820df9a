"""`hiker eval` and `hiker minimum`: the altitude and exact gradient at a point; the global minimum."""

from __future__ import annotations

import math
import sys

import numpy as np

from ..args import CliError, emit_json, level_arg, number_arg


def cmd_eval(args) -> int:
    level = level_arg(args.level)
    land = level.landscape
    x, y = number_arg(args.x, "X"), number_arg(args.y, "Y")
    with np.errstate(all="ignore"):
        v, g = land.value_and_grad(np.array([[x, y]]))
    out = {"x": x, "y": y, "cost": float(v[0]), "grad": [float(g[0, 0]), float(g[0, 1])]}
    if not all(math.isfinite(a) for a in (out["cost"], *out["grad"])):
        raise CliError(f"the landscape is undefined at ({x:g}, {y:g})")
    if not land.domain.contains((x, y)):
        print(f"note: ({x:g}, {y:g}) is outside the level's domain", file=sys.stderr)
    if args.json:
        emit_json(out)
    else:
        gx, gy = out["grad"]
        print(f"cost at ({x:g}, {y:g}) = {out['cost']:.10g}   gradient = ({gx:.10g}, {gy:.10g})")
    return 0


def cmd_minimum(args) -> int:
    from engine.race import minimum_json

    level = level_arg(args.level)
    m = level.minimum
    out = minimum_json(m)
    out["found_value"] = m.found_value
    if args.json:
        emit_json(out)
    else:
        pts = ", ".join(f"({p[0]:.6g}, {p[1]:.6g})" for p in m.points)
        print(f"global minimum {m.value:.12g} at {pts} [{m.source}]")
        if m.source == "declared" and m.found_value is not None:
            print(f"the engine's search found {m.found_value:.12g}")
    return 0
