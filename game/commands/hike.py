"""`hiker hike`: the blindfolded play, scripted and headless, ending in the same verdict as the game's."""

from __future__ import annotations

import numpy as np

from ..args import CliError, emit_json, level_arg, seed_arg, start_arg

MOVES = {"up": "forward", "down": "back", "left": "left", "right": "right", "forward": "forward", "back": "back"}


def cmd_hike(args) -> int:
    """The blindfolded play, headless: a scripted list of moves, then the verdict."""
    from engine.hike import Hike, best_final_cost
    from engine.suggest import did_you_mean

    level = level_arg(args.level)
    seed = seed_arg(args.seed, 0)
    start = start_arg(args.start, level, np.random.default_rng(seed)) if args.start else None
    hike = Hike(level, seed, start)
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
            known = [*MOVES, "slope", "probe", "stride+", "stride-", "sled", "leap", "restart", "declare"]
            raise CliError(f"unknown move {raw!r}; {did_you_mean(move, known, 0.5)}")
    rivals = hike.rival_race()
    v = hike.verdict(best_final_cost(rivals))
    out = {"level": level.id, "start": list(hike.start), "path": [list(p) for p in hike.path],
           "altitude": hike.altitude(), "best": hike.best_cost, "steps_left": hike.steps_left,
           "stride": hike.stride, "events": events,
           "verdict": {"kind": v.kind, "gap": v.gap, "stopped_gap": v.stopped_gap, "score": v.score,
                       "stars": v.stars, "message": v.message,
                       "score_parts": [{"label": p.label, "points": p.points, "max": p.max_points, "why": p.why}
                                       for p in v.parts]},
           "ai": [{"label": r.label, "final_cost": float(r.hikers.reported_cost[0]), "fell": bool(r.hikers.fell[0])}
                  for r in rivals.racers]}
    if args.json:
        emit_json(out)
    else:
        for line in hike.log:
            print(line)
        print(f"\n{v.message}  score {v.score}, {v.stars} star(s)")
        for p in v.parts:
            print(f"  {p.label:<26}{p.points:>4} / {p.max_points:<4} {p.why}")
    return 0
