"""The `hiker` command. Headless commands use only the engine; pygame is imported only to open windows."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np


class CliError(Exception):
    """A user mistake: printed as one line on stderr, exit code 2."""


def _level(name: str):
    from engine.level import LevelError, find_level

    try:
        return find_level(name)
    except KeyError as err:
        raise CliError(err.args[0]) from None
    except LevelError as err:
        raise CliError(f"level {name!r} is broken:\n" + "\n".join(str(p) for p in err.problems)) from None


def _landscape(level):
    from engine.level import LevelError

    try:
        return level.landscape
    except LevelError as err:
        raise CliError("\n".join(str(p) for p in err.problems)) from None


def _num(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CliError(f"{what} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise CliError(f"{what} must be a finite number, got {text!r}")
    return value


def _emit(data: Any) -> None:
    print(json.dumps(data, indent=2, allow_nan=False, default=_jsonable))


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(type(v).__name__)


# --------------------------------------------------------------------------- commands


def cmd_levels(args) -> int:
    from engine.level import all_levels

    rows = []
    for e in all_levels():
        lvl = e.level
        rows.append({"id": e.id, "title": lvl.title if lvl else None, "kind": lvl.kind if lvl else None,
                     "difficulty": lvl.difficulty if lvl else None, "builtin": e.builtin,
                     "path": str(e.path), "error": None if lvl else str(e.error.first)})
    if args.json:
        _emit(rows)
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
    level = _level(args.level)
    land = _landscape(level)
    x, y = _num(args.x, "X"), _num(args.y, "Y")
    with np.errstate(all="ignore"):
        v, g = land.value_and_grad(np.array([[x, y]]))
    out = {"x": x, "y": y, "cost": float(v[0]), "grad": [float(g[0, 0]), float(g[0, 1])]}
    if not all(math.isfinite(a) for a in (out["cost"], *out["grad"])):
        raise CliError(f"the landscape is undefined at ({x:g}, {y:g})")
    if not land.domain.contains((x, y)):
        print(f"note: ({x:g}, {y:g}) is outside the level's domain", file=sys.stderr)
    if args.json:
        _emit(out)
    else:
        gx, gy = out["grad"]
        print(f"cost at ({x:g}, {y:g}) = {out['cost']:.10g}   gradient = ({gx:.10g}, {gy:.10g})")
    return 0


def cmd_minimum(args) -> int:
    from engine.race import minimum_json

    level = _level(args.level)
    _landscape(level)
    m = level.minimum
    out = minimum_json(m)
    out["found_value"] = m.found_value
    if args.json:
        _emit(out)
    else:
        pts = ", ".join(f"({p[0]:.6g}, {p[1]:.6g})" for p in m.points)
        print(f"global minimum {m.value:.12g} at {pts} [{m.source}]")
        if m.source == "declared" and m.found_value is not None:
            print(f"the engine's search found {m.found_value:.12g}")
    return 0


def _parse_start(text: str | None, level, rng) -> tuple[float, float]:
    if text is None:
        return level.start(rng)
    parts = text.split(",")
    if len(parts) != 2:
        raise CliError(f"--start must be X,Y, got {text!r}")
    p = (_num(parts[0], "--start X"), _num(parts[1], "--start Y"))
    if not level.domain.contains(p):
        d = level.domain
        raise CliError(f"--start {text} is outside the domain x {list(d.x)}, y {list(d.y)}")
    return p


def lineup_from_specs(specs: list[str] | None, level, steps: int) -> list[tuple[str, dict]]:
    from engine.optim import SpecError, complete, parse_spec

    lineup = []
    for spec in specs or level.race["lineup"]:
        try:
            name, params = parse_spec(spec)
            complete(name, params, steps)
        except SpecError as err:
            raise CliError(f"bad --opt {spec!r}: {err}") from None
        lineup.append((name, params))
    return lineup


def cmd_race(args) -> int:
    if args.watch:
        return _open_game("race", args)
    from engine.race import Race

    level = _level(args.level)
    _landscape(level)
    steps = args.steps if args.steps is not None else level.race["steps"]
    seed = args.seed if args.seed is not None else level.race["seed"]
    if steps < 1 or steps > 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    lineup = lineup_from_specs(args.opt, level, steps)
    if args.swarm:
        return _swarm(args, level, lineup, steps, seed)
    start = _parse_start(args.start, level, np.random.default_rng(seed))
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
        _emit(result)
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
        _emit(out)
    else:
        print(f"{level.title} — {args.swarm} random starts, {steps} steps, seed {seed}\n")
        print(f"{'racer':<11}{'found global':>14}{'fell':>8}{'median final cost':>20}")
        for row in sorted(rows, key=lambda r: -r["found_share"]):
            med = "-" if row["median_final_cost"] is None else f"{row['median_final_cost']:.6g}"
            print(f"{row['name']:<11}{row['found_share']:>13.1%}{row['fell_share']:>8.1%}{med:>20}")
    return 0


def cmd_basins(args) -> int:
    from engine.basins import Basins

    level = _level(args.level)
    _landscape(level)
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
        _emit(out)
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

    level = _level(args.level)
    _landscape(level)
    start = _parse_start(args.start, level, np.random.default_rng(args.seed)) if args.start else None
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
        _emit(out)
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


def _open_game(scene: str, args) -> int:
    from .app import run_cli

    return run_cli(scene, args)


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hiker", description="Gradient Hiker: walk a cost function blindfolded, "
                                "race the optimizers of machine learning, design your own mountains. "
                                "With no command it opens the game.")
    p.add_argument("--frames", type=int, help="open the title screen for N frames, then exit")
    p.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    p.add_argument("--keys", help="key presses to post first, e.g. down,return")
    sub = p.add_subparsers(dest="command")
    s = sub.add_parser("levels", help="list built-in and user levels")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("eval", help="altitude and gradient at a point")
    s.add_argument("level")
    s.add_argument("x")
    s.add_argument("y")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("minimum", help="the global minimum of a level")
    s.add_argument("level")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("race", help="race optimizers on a level (headless unless --watch)")
    s.add_argument("level")
    s.add_argument("--opt", action="append", metavar="SPEC", help="e.g. adam:lr=0.05,beta1=0.8 (repeatable)")
    s.add_argument("--start", metavar="X,Y")
    s.add_argument("--steps", type=int)
    s.add_argument("--seed", type=int)
    s.add_argument("--path", action="store_true", help="include every racer's whole path")
    s.add_argument("--json", action="store_true")
    s.add_argument("--plot", metavar="PNG", help="save a loss-vs-step plot")
    s.add_argument("--gif", metavar="GIF", help="save an animated GIF of the race")
    s.add_argument("--swarm", type=int, metavar="N", help="run every racer from N random starts and summarize")
    s.add_argument("--watch", action="store_true", help="open the race in the game window")
    s.add_argument("--frames", type=int, help="with --watch: run N frames, then exit")
    s.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    s.add_argument("--keys", help="with --watch: key presses to post first, e.g. b,space")
    s = sub.add_parser("check", help="validate level files")
    s.add_argument("files", nargs="+")
    s = sub.add_parser("play", help="play a level blindfolded")
    s.add_argument("level", nargs="?")
    s.add_argument("--frames", type=int, help="run N frames, then exit")
    s.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    s.add_argument("--keys", help="key presses to post first, one per frame, e.g. g,g,left,p,return")
    s = sub.add_parser("basins", help="which minimum an optimizer reaches from every start point")
    s.add_argument("level")
    s.add_argument("--opt", metavar="SPEC", help="the optimizer (default: the level's first racer)")
    s.add_argument("--grid", type=int, default=64, help="start points per side (default 64)")
    s.add_argument("--steps", type=int)
    s.add_argument("--seed", type=int)
    s.add_argument("--png", metavar="PNG", help="save the basins map as an image")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("hike", help="the blindfolded play, scripted and headless")
    s.add_argument("level")
    s.add_argument("--moves", default="", help="comma-separated: up,down,left,right,slope,probe,stride+,stride-,"
                   "sled,leap,restart,declare")
    s.add_argument("--start", metavar="X,Y")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--json", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line usage error
        return 2 if exc.code not in (0, None) else 0
    commands = {"levels": cmd_levels, "eval": cmd_eval, "minimum": cmd_minimum, "race": cmd_race,
                "check": cmd_check, "basins": cmd_basins, "hike": cmd_hike}
    try:
        if args.command in commands:
            return commands[args.command](args)
        if args.command in (None, "play"):
            return _open_game(args.command or "title", args)
        parser.print_help()
        return 2
    except CliError as err:
        print(f"hiker: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
