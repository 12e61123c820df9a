"""`hiker eval`, `hiker minimum` and `hiker inspect`: the altitude and exact gradient at a point; the global
minimum; everything needed to recompute a level's landscape outside the game."""

from __future__ import annotations

import math
import sys

import numpy as np

from engine.network import NetworkLandscape

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
    if isinstance(land, NetworkLandscape):
        out["accuracy"] = land.accuracy((x, y))
    if not land.domain.contains((x, y)):
        print(f"note: ({x:g}, {y:g}) is outside the level's domain", file=sys.stderr)
    if args.json:
        emit_json(out)
    else:
        gx, gy = out["grad"]
        print(f"cost at ({x:g}, {y:g}) = {out['cost']:.10g}   gradient = ({gx:.10g}, {gy:.10g})"
              + (f"   accuracy {out['accuracy']:.1%}" if "accuracy" in out else ""))
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


def inspect_json(level) -> dict:
    """What `hiker inspect --json` prints: the level as its file says it (every default filled in), its
    domain and minimum, and for a network everything needed to recompute its loss (data, architecture,
    activation, loss, θ*, the two coordinates or directions)."""
    from engine.level.writer import to_document
    from engine.race import minimum_json

    d = level.domain
    out = {"id": level.id, "title": level.title, "kind": level.kind, "spec": to_document(level.spec),
           "domain": {"x": list(d.x), "y": list(d.y)}, "minimum": minimum_json(level.minimum)}
    rows = getattr(level.spec.landscape, "rows", None)
    if level.kind == "data" and rows is not None:  # a CSV's rows too, not only its name
        out["data"] = [list(r) for r in rows]
    land = level.landscape
    if isinstance(land, NetworkLandscape):
        net = land.recipe()
        net["theta_star_cost"] = float(land.value(np.array([land.theta_point]))[0])
        net["theta_star_accuracy"] = land.accuracy(land.theta_point)
        out["network"] = net
    return out


def cmd_inspect(args) -> int:
    level = level_arg(args.level)
    out = inspect_json(level)
    if args.json:
        emit_json(out)
        return 0
    land = level.landscape
    if not isinstance(land, NetworkLandscape):
        from engine.level.writer import dumps

        print(f"# {level.id} ({level.kind}); global minimum {level.minimum.value:.10g}")
        print(dumps(level.spec), end="")
        return 0
    net = out["network"]
    arch = land.arch
    counts = np.bincount(land.labels, minlength=arch.classes)
    print(f"{level.id}: a network {' -> '.join(map(str, arch.layers))} ({arch.activation}), {arch.size} parameters, "
          f"{arch.loss} loss")
    print(f"data: {land.size} examples, " + ", ".join(f"{c} of class {k}" for k, c in enumerate(counts)))
    ax = land.axes
    if ax.weights:
        print(f"map: x is {ax.names[0]}, y is {ax.names[1]}; every other parameter keeps its trained value")
    else:
        print(f"map: theta* + a*d1 + b*d2, two random filter-normalized directions (seed {ax.slice_seed}); "
              "theta* is at (0, 0)")
    tx, ty = land.theta_point
    print(f"trained theta* at ({tx:.6g}, {ty:.6g}): loss {net['theta_star_cost']:.10g}, "
          f"accuracy {net['theta_star_accuracy']:.1%}")
    m = level.minimum
    px, py = m.points[0]
    print(f"the map's lowest point: ({px:.6g}, {py:.6g}), loss {m.value:.10g}, accuracy {land.accuracy((px, py)):.1%}")
    print("hiker inspect LEVEL --json prints the data, theta*, d1 and d2")
    return 0
