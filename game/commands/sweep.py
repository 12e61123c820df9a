"""`hiker sweep`: one optimizer at every value of a grid of learning rates (or other parameters), from one or
many starts, as one vectorized batch; a table, JSON, and a plot of too small crawls, too big overshoots."""

from __future__ import annotations

import numpy as np

from ..args import CliError, emit_json, level_arg, number_arg, output_arg, seed_arg, start_arg, writing

MAX_HIKERS = 200_000  # grid values × starts in one batch
MAX_AXES = 2


def add_parser(sub) -> None:
    from ..plugin_args import add_plugin_argument

    s = sub.add_parser("sweep", help="one optimizer at every learning rate of a grid: where it crawls, where it "
                                     "overshoots")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--opt", metavar="SPEC", help="the optimizer and its fixed parameters (default: the level's "
                                                 "first racer)")
    s.add_argument("--lr", metavar="LO:HI:N", help="learning rates: N values from LO to HI, log-spaced "
                                                   "(default 1e-05:10:19; annealing sweeps its step)")
    s.add_argument("--param", action="append", metavar="NAME=LO:HI:N",
                   help="sweep another parameter, e.g. momentum=0:0.99:12 (linear or log as fits it; add :log or "
                        ":lin to choose); two swept parameters give a heat map")
    s.add_argument("--steps", type=int, help="steps per run (default: the level's race steps)")
    s.add_argument("--start", metavar="X,Y", help="one start (default: the level's)")
    s.add_argument("--starts", type=int, metavar="K", help="K random starts instead (as `hiker race --swarm K`)")
    s.add_argument("--seed", type=int, help="random seed (default: the level's); same seed, same output")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s.add_argument("--plot", metavar="PNG", help="save the sweep's picture")
    add_plugin_argument(s)


def grid_arg(text: str, flag: str) -> tuple[float, float, int, bool | None]:
    """"LO:HI:N" (optionally ":log" or ":lin") -> (lo, hi, n, log or None)."""
    parts = text.split(":")
    log = None
    if len(parts) == 4 and parts[3].lower() in ("log", "lin", "linear"):
        log = parts[3].lower() == "log"
        parts = parts[:3]
    if len(parts) != 3:
        raise CliError(f"{flag} must be LO:HI:N, e.g. 0.001:1:13, got {text!r}")
    lo = number_arg(parts[0], f"{flag} LO")
    hi = number_arg(parts[1], f"{flag} HI")
    try:
        n = int(parts[2])
    except ValueError:
        raise CliError(f"{flag} N must be a whole number, got {parts[2]!r}") from None
    if not 1 <= n <= 1000:
        raise CliError(f"{flag} N must be between 1 and 1000, got {n}")
    if lo > hi:
        raise CliError(f"{flag}: LO must not be above HI, got {text!r}")
    return lo, hi, n, log


def tuning_args(args) -> tuple[tuple[float, float, int] | None, int]:
    """--tune-lr LO:HI:N (None: the default grid) and --tune-starts K, checked: what a tuned race or a tuned
    tournament sweeps."""
    from engine.sweep import DEFAULT_TUNE_STARTS

    grid = None
    if args.tune_lr is not None:
        lo, hi, n, _ = grid_arg(args.tune_lr, "--tune-lr")
        grid = (lo, hi, n)
    k = DEFAULT_TUNE_STARTS if args.tune_starts is None else args.tune_starts
    if not 1 <= k <= 10_000:
        raise CliError(f"--tune-starts must be between 1 and 10000, got {k}")
    return grid, k


def steps_arg(steps: int | None, level) -> int:
    steps = steps if steps is not None else level.race.steps
    if not 1 <= steps <= 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    return steps


def starts_arg(args, level, seed: int) -> np.ndarray:
    from engine.sweep import random_starts

    if args.starts is not None and args.start is not None:
        raise CliError("give --start X,Y or --starts K, not both")
    if args.starts is not None:
        if not 1 <= args.starts <= 100_000:
            raise CliError(f"--starts must be between 1 and 100000, got {args.starts}")
        return random_starts(level.domain, seed, args.starts)
    return np.array([start_arg(args.start, level, np.random.default_rng(seed))])


def cmd_sweep(args) -> int:
    from engine.optim import SpecError, parse_spec
    from engine.sweep import DEFAULT_LR_GRID, Sweep, make_axis, tuning_axis

    from ..plugin_args import load_plugins, plugin_errors
    from ..progress import progress

    load_plugins(args.plugin)
    level = level_arg(args.level)
    steps = steps_arg(args.steps, level)
    seed = seed_arg(args.seed, level.race.seed)
    output_arg("--plot", args.plot, "plot")
    try:
        name, given = parse_spec(args.opt) if args.opt else level.lineup()[0]
        axes = []
        if args.lr is not None:
            lo, hi, n, log = grid_arg(args.lr, "--lr")
            axes.append(make_axis("lr", lo, hi, n, log, name, given))
        for item in args.param or ():
            key, eq, grid = item.partition("=")
            if not eq:
                raise CliError(f"--param must be NAME=LO:HI:N, e.g. momentum=0:0.99:12, got {item!r}")
            lo, hi, n, log = grid_arg(grid, f"--param {key.strip()}")
            axes.append(make_axis(key.strip(), lo, hi, n, log, name, given))
        if not axes:
            axes.append(tuning_axis(name, given, level.domain, DEFAULT_LR_GRID))
        if len(axes) > MAX_AXES:
            raise CliError(f"sweep at most {MAX_AXES} parameters at once (a heat map), got {len(axes)}")
        starts = starts_arg(args, level, seed)
        size = int(np.prod([len(a.values) for a in axes])) * len(starts)
        if size > MAX_HIKERS:
            raise CliError(f"{size} runs (grid values × starts) is too many for one sweep; at most {MAX_HIKERS}")
        sweep = Sweep(level.landscape, level.minimum, name, given, axes, starts, steps, seed)
    except SpecError as err:
        raise CliError(f"bad sweep: {err}") from None
    with progress(steps, f"sweep {name}", quiet=args.json) as bar:
        sweep.run(bar.update)
    plugin_errors(sweep.errors())
    result = {"level": level.id, **sweep.result()}
    if args.plot:
        from ..export import save_sweep_plot

        with writing("--plot", args.plot) as path:
            save_sweep_plot(level, result, path)
    if args.json:
        emit_json(result)
    else:
        print_sweep(level, result)
    return 0


def _g(v: float | None, width: int) -> str:
    return f"{'-' if v is None else f'{v:.4g}':>{width}}"


def print_sweep(level, result: dict) -> None:
    m = result["minimum"]
    k = len(result["starts"])
    where = (f"from ({result['starts'][0][0]:g}, {result['starts'][0][1]:g})" if k == 1 else f"from {k} random starts")
    print(f"{level.title} — {result['optimizer']} {where}, {result['steps']} steps, seed {result['seed']}")
    print(f"global minimum {m['value']:.6g} (a start found it if it ended within {m['tolerance']:.3g} of it)\n")
    names = [a["name"] for a in result["swept"]]
    head = "".join(f"{n:>12}" for n in names)
    print(f"{head}{'median gap':>13}{'gap 25-75%':>22}{'best gap':>12}{'found':>7}{'fell':>6}{'steps':>7}")
    for row in result["rows"]:
        s = row["summary"]

        def gap(v: float | None) -> float | None:
            return None if v is None else max(0.0, v - m["value"])  # not -8.9e-16: rounding, not below it

        lo, hi = gap(s["final_cost_q25"]), gap(s["final_cost_q75"])
        spread = "-" if lo is None or hi is None else f"{lo:.3g} … {hi:.3g}"
        print("".join(f"{row[n]:>12.4g}" for n in names) + _g(s["median_gap"], 13) + f"{spread:>22}"
              + _g(gap(s["best_cost_min"]), 12) + f"{s['found']:>4}/{k:<2}{s['fell']:>5}"
              + _g(s["median_reached_at"], 7))
    best = result["best"]
    if best:
        row = next(r for r in result["rows"] if all(r[n] == best[n] for n in names))
        s = row["summary"]
        gap = "fell" if s["median_gap"] is None else f"median gap {s['median_gap']:.3g}"
        steps = "" if s["median_reached_at"] is None else f", median step {s['median_reached_at']:g}"
        print("\nbest by the tuning objective: " + ", ".join(f"{n}={best[n]:.4g}" for n in names) + f" ({gap}{steps})")
    print("gap: final altitude above the global minimum (median over the starts, and the middle half of them);\n"
          "best gap: the lowest any start ever stood; found: starts that ended within the tolerance;\n"
          "fell: starts that blew up (altitude no longer a number);\n"
          "steps: median step at which the minimum was first found")
