"""`hiker basins`: which minimum an optimizer reaches from every start point of a grid."""

from __future__ import annotations

from ..args import CliError, emit_json, level_arg, lineup_from_specs, output_arg, seed_arg, writing


def cmd_basins(args) -> int:
    from engine.basins import Basins

    level = level_arg(args.level)
    steps = args.steps if args.steps is not None else level.race.steps
    seed = seed_arg(args.seed, level.race.seed)
    if not 1 <= steps <= 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {steps}")
    output_arg("--png", args.png, "image")
    if not 4 <= args.grid <= 512:
        raise CliError(f"--grid must be between 4 and 512, got {args.grid}")
    (name, params), = lineup_from_specs([args.opt], level, steps) if args.opt else level.lineup()[:1]
    basins = Basins(level.landscape, level.minimum, name, params, steps, seed, args.grid)
    from ..progress import progress

    with progress(args.grid * args.grid * steps, f"basins of {name}", quiet=args.json, unit="hiker-step") as bar:
        chunk = max(basins.slice_size, 200_000)
        while not basins.done:
            bar.update(basins.advance(max_hiker_steps=chunk))
    out = {"level": level.id, "optimizer": name, "seed": seed, **basins.summary()}
    if args.png:
        from PIL import Image

        from ..render.basins import basin_image

        with writing("--png", args.png) as path:
            Image.fromarray(basin_image(basins)).resize((args.grid * 4, args.grid * 4), Image.NEAREST).save(path)
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
