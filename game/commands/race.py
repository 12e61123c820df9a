"""`hiker race`: optimizers side by side from one start (or a swarm of starts), as a table, JSON, a plot or a GIF."""

from __future__ import annotations

import numpy as np

from engine.optim import format_spec
from engine.sweep import grid_edge

from ..args import CliError, emit_json, level_arg, lineup_from_specs, output_arg, seed_arg, start_arg, work_arg, writing
from ..progress import progress


def cmd_race(args) -> int:
    from engine.race import Race

    level = level_arg(args.level)
    steps = args.steps if args.steps is not None else level.race.steps
    seed = seed_arg(args.seed, level.race.seed)
    if steps < 1 or steps > 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    lineup = lineup_from_specs(args.opt, level, steps)
    if getattr(args, "plugin_names", None) and not args.opt:  # --plugin alone: it joins the level's line-up
        lineup += [(n, {}) for n in args.plugin_names if n not in [name for name, _ in lineup]]
    work_arg(len(lineup) * (args.swarm or 1), steps, f"{len(lineup)} racers" + (f" x {args.swarm} starts"
                                                                              if args.swarm else ""))
    output_arg("--plot", args.plot, "plot")
    output_arg("--gif", args.gif, "animation")
    mp4 = getattr(args, "mp4", None)
    if mp4 is not None:
        from ..export import mp4_arg

        mp4_arg(mp4)
    tuning = None
    if getattr(args, "tuned", False):
        lineup, tuning = tune_lineup(args, level, lineup, steps, seed)
    elif getattr(args, "tune_lr", None) is not None or getattr(args, "tune_starts", None) is not None:
        raise CliError("--tune-lr and --tune-starts need --tuned")
    if args.swarm is not None:
        return _swarm(args, level, lineup, steps, seed, tuning)
    start = start_arg(args.start, level, np.random.default_rng(seed))
    race = Race(level.landscape, lineup, start, steps, level.minimum, seed=seed,
                record_path=bool(args.path or args.plot or args.gif or mp4)).run()
    _plugin_failures(race.racers)
    result = {"level": level.id, **race.result(with_path=args.path)}
    if tuning is not None:
        result["tuning"] = tuning
    if args.plot:
        from ..export import save_plot

        with writing("--plot", args.plot) as path:
            save_plot(level, race, path)
    if args.gif:
        from ..export import save_gif

        with writing("--gif", args.gif) as path, progress(60, "GIF", quiet=args.json, unit="frame") as bar:
            save_gif(level, race, path, on_frame=bar.update)
    if mp4:
        from ..export import save_mp4

        with writing("--mp4", mp4) as path, progress(120, "MP4", quiet=args.json, unit="frame") as bar:
            save_mp4(level, race, path, on_frame=bar.update)
    if args.json:
        emit_json(result)
    else:
        if tuning is not None:
            _print_tuning([r["label"] for r in result["racers"]], tuning)
        _print_race(level, result, args.path)
    return 0


def window_options(args) -> None:
    """`hiker race --watch`: --tuned tunes the line-up first (the window then opens with the chosen values);
    --mp4 belongs to the headless race (in the window, E saves a GIF)."""
    if getattr(args, "mp4", None):
        raise CliError("--mp4 saves a headless race; leave out --watch (in the window, E saves a GIF)")
    if not getattr(args, "tuned", False):
        if getattr(args, "tune_lr", None) is not None or getattr(args, "tune_starts", None) is not None:
            raise CliError("--tune-lr and --tune-starts need --tuned")
        return
    level = level_arg(args.level)
    steps = args.steps if args.steps is not None else level.race.steps
    seed = seed_arg(args.seed, level.race.seed)
    if not 1 <= steps <= 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    lineup = lineup_from_specs(args.opt, level, steps)
    if getattr(args, "plugin_names", None) and not args.opt:
        lineup += [(n, {}) for n in args.plugin_names if n not in [name for name, _ in lineup]]
    args.json = False
    tuned, tuning = tune_lineup(args, level, lineup, steps, seed)
    _print_tuning([format_spec(n, g) for n, g in tuned], tuning)
    args.opt = [format_spec(n, g) for n, g in tuned]
    args.tuned = False


def _plugin_failures(racers) -> None:
    from ..plugin_args import plugin_errors

    plugin_errors([r.hikers.error for r in racers if r.hikers.error])


def tune_lineup(args, level, lineup, steps: int, seed: int):
    """--tuned: each racer's learning rate (annealing: its step) chosen by a sweep from tuning starts drawn with
    a seed of their own; the line-up with the chosen values, and what was chosen (for the output)."""
    from engine.optim import SpecError
    from engine.rules import TUNING_OBJECTIVE
    from engine.sweep import chosen, tune

    from .sweep import tuning_args

    grid, k = tuning_args(args)
    try:
        sweeps = [tune(level.landscape, level.minimum, name, given, steps, seed, k, grid) for name, given in lineup]
    except SpecError as err:
        raise CliError(f"cannot tune: {err}") from None
    tuned, rows = [], []
    with progress(steps * len(sweeps), "tuning", quiet=args.json) as bar:
        for (name, given), sweep in zip(lineup, sweeps, strict=True):
            bar.describe(f"tuning {name}")
            sweep.run(bar.update)
            t = chosen(sweep)
            tuned.append((name, t.given(given)))
            axis = sweep.axes[0]
            spec = format_spec(name, {k2: v for k2, v in given.items() if k2 != t.param})
            flag = "--lr" if t.param == "lr" else "--param step="
            grid_text = f"{axis.lo:g}:{axis.hi:g}:{len(axis.values)}"
            command = (f"hiker sweep {level.id} --opt {spec} {flag}{'' if flag.endswith('=') else ' '}{grid_text} "
                       f"--starts {k} --seed {sweep.seed} --steps {steps}")
            rows.append({"name": name, **t.json(), "command": command})
            from ..plugin_args import plugin_errors

            plugin_errors(sweep.errors())
    return tuned, {"objective": TUNING_OBJECTIVE, "racers": rows}


def _print_tuning(labels: list[str], tuning: dict) -> None:
    first = tuning["racers"][0]
    print(f"Tuned on {first['starts']} starts drawn with seed {first['seed']} (not the race's), {first['steps']} steps "
          "each; objective: median final altitude above the minimum, ties to the faster")
    for label, row in zip(labels, tuning["racers"], strict=True):
        gap = "every tuning run fell" if row["median_gap"] is None else f"median gap {row['median_gap']:.3g}"
        speed = "" if row["median_reached_at"] is None else f", median step {row['median_reached_at']:g}"
        edge = grid_edge(row["value"], row["grid"])
        edge = f"; {edge.strip(' ()')} — a wider --tune-lr may find better" if edge else ""
        print(f"  {label:<28} {row['param']} = {row['value']:<10.4g} {gap}{speed}{edge}")
    shown = next((r for r in tuning["racers"] if r["param"] == "lr"), first)
    print(f"  a racer's whole sweep, e.g.: {shown['command']}\n")


def _swarm(args, level, lineup, steps: int, seed: int, tuning: dict | None = None) -> int:
    """Every racer from the same N random starts: how often each one finds the global minimum."""
    from engine.race import Race, minimum_json
    from engine.rules import found

    starts = level.domain.uniform(np.random.default_rng(seed), args.swarm)
    race = Race(level.landscape, lineup, starts[0], steps, level.minimum, seed=seed, record_path=False,
                swarm=starts)
    with progress(steps, f"swarm of {args.swarm}", quiet=args.json) as bar:
        while not race.finished:
            race.step()
            bar.update(1)
    _plugin_failures(race.racers)
    m = level.minimum
    rows = []
    for r in race.racers:
        cost = r.hikers.reported_cost
        ok = ~r.hikers.fell
        rows.append({"name": r.name, "params": r.params, "found_share": float(np.mean(found(cost, m) & ok)),
                     "fell_share": float(np.mean(~ok)),
                     "median_final_cost": float(np.median(cost[ok])) if ok.any() else None})
    out = {"level": level.id, "seed": seed, "steps": steps, "swarm": args.swarm, "minimum": minimum_json(m),
           "racers": rows}
    if tuning is not None:
        out["tuning"] = tuning
    if args.json:
        emit_json(out)
    else:
        if tuning is not None:
            _print_tuning([r.label for r in race.racers], tuning)
        print(f"{level.title} — {args.swarm} random starts, {steps} steps, seed {seed}\n")
        print(f"{'racer':<11}{'found global':>14}{'fell':>8}{'median final cost':>20}")
        for row in sorted(rows, key=lambda r: -r["found_share"]):
            med = "-" if row["median_final_cost"] is None else f"{row['median_final_cost']:.6g}"
            print(f"{row['name']:<11}{row['found_share']:>13.1%}{row['fell_share']:>8.1%}{med:>20}")
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
