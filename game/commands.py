"""The headless `hiker` commands: levels, eval, minimum, race, basins, hike, check."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

from .cli import CliError, emit_json, landscape_of, level_arg, lineup_from_specs, number_arg, start_arg


def cmd_levels(args) -> int:
    from engine.level import all_levels

    rows = []
    for e in all_levels():
        lvl = e.level
        rows.append({"id": e.id, "title": lvl.title if lvl else None, "kind": lvl.kind if lvl else None,
                     "difficulty": lvl.difficulty if lvl else None, "builtin": e.builtin,
                     "path": str(e.path), "error": None if lvl else str(e.error.first)})
    if args.json:
        emit_json(rows)
        return 0
    print(f"{'id':<22} {'title':<26} {'kind':<10} diff  where")
    for r in rows:
        if r["error"]:
            print(f"{r['id']:<22} BROKEN: {r['error']}")
        else:
            where = "built-in" if r["builtin"] else r["path"]
            print(f"{r['id']:<22} {r['title']:<26} {r['kind']:<10} {'*' * r['difficulty']:<5} {where}")
    return 0


def cmd_eval(args) -> int:
    level = level_arg(args.level)
    land = landscape_of(level)
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
    landscape_of(level)
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


def cmd_race(args) -> int:
    if args.watch:
        from .app import run_cli

        return run_cli("race", args)
    from engine.race import Race

    level = level_arg(args.level)
    landscape_of(level)
    steps = args.steps if args.steps is not None else level.race["steps"]
    seed = args.seed if args.seed is not None else level.race["seed"]
    if steps < 1 or steps > 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    lineup = lineup_from_specs(args.opt, level, steps)
    if args.swarm:
        return _swarm(args, level, lineup, steps, seed)
    start = start_arg(args.start, level, np.random.default_rng(seed))
    race = Race(level.landscape, lineup, start, steps, level.minimum, seed=seed,
                record_path=bool(args.path or args.plot or args.gif)).run()
    result = {"level": level.id, **race.result(with_path=args.path)}
    if args.plot:
        from .export import save_plot

        save_plot(level, race, Path(args.plot))
    if args.gif:
        from .export import save_gif

        save_gif(level, race, Path(args.gif))
    if args.json:
        emit_json(result)
    else:
        _print_race(level, result, args.path)
    return 0


def _swarm(args, level, lineup, steps: int, seed: int) -> int:
    """Every racer from the same N random starts: how often each one finds the global minimum."""
    from engine.race import Race, minimum_json

    if not 1 <= args.swarm <= 1_000_000:
        raise CliError(f"--swarm must be between 1 and 1000000, got {args.swarm}")
    starts = level.domain.uniform(np.random.default_rng(seed), args.swarm)
    race = Race(level.landscape, lineup, starts[0], steps, level.minimum, seed=seed, record_path=False,
                swarm=starts).run()
    m = level.minimum
    rows = []
    for r in race.racers:
        cost = r.hikers.reported_cost
        ok = ~r.hikers.fell
        rows.append({"name": r.name, "params": r.params, "found_share": float(np.mean(m.reached(cost) & ok)),
                     "fell_share": float(np.mean(~ok)),
                     "median_final_cost": float(np.median(cost[ok])) if ok.any() else None})
    out = {"level": level.id, "seed": seed, "steps": steps, "swarm": args.swarm, "minimum": minimum_json(m),
           "racers": rows}
    if args.json:
        emit_json(out)
    else:
        print(f"{level.title} — {args.swarm} random starts, {steps} steps, seed {seed}\n")
        print(f"{'racer':<11}{'found global':>14}{'fell':>8}{'median final cost':>20}")
        for row in sorted(rows, key=lambda r: -r["found_share"]):
            med = "-" if row["median_final_cost"] is None else f"{row['median_final_cost']:.6g}"
            print(f"{row['name']:<11}{row['found_share']:>13.1%}{row['fell_share']:>8.1%}{med:>20}")
    return 0


def cmd_basins(args) -> int:
    from engine.basins import Basins

    level = level_arg(args.level)
    landscape_of(level)
    steps = args.steps if args.steps is not None else level.race["steps"]
    seed = args.seed if args.seed is not None else level.race["seed"]
    if not 4 <= args.grid <= 512:
        raise CliError(f"--grid must be between 4 and 512, got {args.grid}")
    (name, params), = lineup_from_specs([args.opt], level, steps) if args.opt else level.lineup()[:1]
    basins = Basins(level.landscape, level.minimum, name, params, steps, seed, args.grid)
    basins.advance()
    out = {"level": level.id, "optimizer": name, "seed": seed, **basins.summary()}
    if args.png:
        from PIL import Image

        from .render.basins import basin_image

        Image.fromarray(basin_image(basins)).resize((args.grid * 4, args.grid * 4), Image.NEAREST).save(args.png)
    if args.json:
        emit_json(out)
    else:
        print(f"{level.title} — basins of {name} on a {args.grid}x{args.grid} grid, {steps} steps")
        print(f"{out['global_share']:.1%} of starts reach a global minimum; "
              f"{out['no_minimum_share']:.1%} reach no minimum")
        for b in out["basins"]:
            tag = "global" if b["global"] else "local"
            print(f"  {b['share']:6.1%}  {tag:<6} {b['value']:.6g} at ({b['point'][0]:.4g}, {b['point'][1]:.4g})")
    return 0


MOVES = {"up": "forward", "down": "back", "left": "left", "right": "right", "forward": "forward", "back": "back"}


def cmd_hike(args) -> int:
    """The blindfolded play, headless: a scripted list of moves, then the verdict."""
    from engine.hike import Hike

    level = level_arg(args.level)
    landscape_of(level)
    start = start_arg(args.start, level, np.random.default_rng(args.seed)) if args.start else None
    hike = Hike(level, args.seed, start)
    events = []
    for raw in filter(None, (m.strip() for m in args.moves.split(","))):
        move = raw.lower()
        if hike.finished:
            break
        if move in MOVES:
            hike.move(MOVES[move])
        elif move in ("slope", "g"):
            hike.follow_slope()
        elif move == "probe":
            events.append({"probe": hike.probe()})
            continue
        elif move in ("stride+", "stride-"):
            hike.change_stride(1.25 if move == "stride+" else 1 / 1.25)
        elif move == "sled":
            hike.sled()
        elif move == "leap":
            r = hike.leap()
            if r is not None:
                events.append({"leap": {"accepted": r.accepted, "delta": r.delta, "chance": r.chance}})
        elif move == "restart":
            hike.restart()
        elif move == "declare":
            hike.declare()
        else:
            from engine.level.schema import suggest

            known = [*MOVES, "slope", "probe", "stride+", "stride-", "sled", "leap", "restart", "declare"]
            raise CliError(f"unknown move {raw!r}; {suggest(move, known, 0.5)}")
    v = hike.verdict()
    out = {"level": level.id, "start": list(hike.start), "path": [list(p) for p in hike.path],
           "altitude": hike.altitude(), "best": hike.best_cost, "steps_left": hike.steps_left,
           "stride": hike.stride, "events": events,
           "verdict": {"kind": v.kind, "gap": v.gap, "score": v.score, "stars": v.stars, "message": v.message}}
    if args.json:
        emit_json(out)
    else:
        for line in hike.log:
            print(line)
        print(f"\n{v.message}  score {v.score}, {v.stars} star(s)")
    return 0


def _print_race(level, result: dict, with_path: bool) -> None:
    m = result["minimum"]
    print(f"{level.title} — {result['steps']} steps from ({result['start'][0]:g}, {result['start'][1]:g}), "
          f"seed {result['seed']}")
    pts = ", ".join(f"({p[0]:.4g}, {p[1]:.4g})" for p in m["points"][:4])
    print(f"global minimum {m['value']:.6g} at {pts}\n")
    width = max(11, *(len(r["label"]) + 2 for r in result["racers"]))
    print(f"{'#':<3}{'racer':<{width}}{'final cost':>14}{'best cost':>14}{'reached':>9}  {'ended in':<9} final point")
    ranked = sorted(result["racers"], key=lambda r: (r["fell"], r["final_cost"]))
    for i, r in enumerate(ranked, 1):
        reached = "-" if r["reached_at"] is None else str(r["reached_at"])
        ended = "FELL" if r["fell"] else r["ended_in"]
        print(f"{i:<3}{r['label']:<{width}}{r['final_cost']:>14.6g}{r['best_cost']:>14.6g}{reached:>9}  "
              f"{ended:<9} ({r['final'][0]:.6g}, {r['final'][1]:.6g})")
    if with_path:
        data = level.kind == "data"
        land = level.landscape
        for r in result["racers"]:
            print(f"\npath of {r['label']}:")
            if data and land.size == 1:
                print(f"{'step':>5} {'w0':>12} {'w1':>12} {'prediction':>12} {'error':>12}")
            else:
                print(f"{'step':>5} {'x':>12} {'y':>12} {'cost':>14}")
            P = np.array(r["path"])
            costs = land.value(P)
            for k, (p, c) in enumerate(zip(P, costs, strict=True)):
                if data and land.size == 1:
                    a = float(land.predict(p[None])[0, 0])
                    print(f"{k:>5} {p[0]:>12.6g} {p[1]:>12.6g} {a:>12.6g} {land.targets[0] - a:>12.6g}")
                else:
                    print(f"{k:>5} {p[0]:>12.6g} {p[1]:>12.6g} {c:>14.8g}")


def cmd_check(args) -> int:
    from engine.level import LevelError, load_level

    status = 0
    for name in args.files:
        try:
            level = load_level(name, deep=True)
            for w in level.warnings:
                print(w)
            print(_check_line(name, level))
        except LevelError as err:
            status = 1
            for p in err.problems:
                print(p)
    return status


def _check_line(name: str, level) -> str:
    d = level.domain
    m = level.minimum
    line = (f"{name}: ok: {level.id} ({level.kind}), domain x [{d.x[0]:g}, {d.x[1]:g}] y [{d.y[0]:g}, {d.y[1]:g}], "
            f"global minimum {m.value:.6g}")
    if m.source == "declared":
        found = m.found_value
        if found is None:
            return line + " declared; the search found nothing to compare"
        agree = found >= m.value - m.tolerance and found <= m.value + m.tolerance
        verdict = "agrees" if agree else f"DISAGREES (search found {found:.6g})"
        return line + f" declared, search found {found:.6g}: {verdict}"
    return line + f" found by search at {len(m.points)} point(s)"


