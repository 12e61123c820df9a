"""`hiker race`: optimizers side by side from one start (or a swarm of starts), as a table, JSON, a plot or a GIF."""

from __future__ import annotations

import numpy as np

from ..args import CliError, emit_json, level_arg, lineup_from_specs, output_arg, seed_arg, start_arg, writing


def cmd_race(args) -> int:
    from engine.race import Race

    level = level_arg(args.level)
    steps = args.steps if args.steps is not None else level.race.steps
    seed = seed_arg(args.seed, level.race.seed)
    if steps < 1 or steps > 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    lineup = lineup_from_specs(args.opt, level, steps)
    output_arg("--plot", args.plot, "plot")
    output_arg("--gif", args.gif, "animation")
    if args.swarm is not None:
        return _swarm(args, level, lineup, steps, seed)
    start = start_arg(args.start, level, np.random.default_rng(seed))
    race = Race(level.landscape, lineup, start, steps, level.minimum, seed=seed,
                record_path=bool(args.path or args.plot or args.gif)).run()
    result = {"level": level.id, **race.result(with_path=args.path)}
    if args.plot:
        from ..export import save_plot

        with writing("--plot", args.plot) as path:
            save_plot(level, race, path)
    if args.gif:
        from ..export import save_gif

        with writing("--gif", args.gif) as path:
            save_gif(level, race, path)
    if args.json:
        emit_json(result)
    else:
        _print_race(level, result, args.path)
    return 0


def _swarm(args, level, lineup, steps: int, seed: int) -> int:
    """Every racer from the same N random starts: how often each one finds the global minimum."""
    from engine.race import Race, minimum_json
    from engine.rules import found

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
        rows.append({"name": r.name, "params": r.params, "found_share": float(np.mean(found(cost, m) & ok)),
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
