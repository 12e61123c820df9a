"""Writes levels/classic-*.toml: one level per classic test function. Run from the repo root."""

from pathlib import Path

import tomli_w

from engine.functions import CLASSIC

# id: (start, gd learning rate, adam learning rate, annealing step, story)
SETUP = {
    "himmelblau": ((-0.3, -0.4), 0.01, 0.1, 0.6, "Four valleys, all equally deep. Which one you reach depends "
                   "only on where you start."),
    "rastrigin": ((3.3, -2.6), 0.002, 0.05, 0.8, "An egg crate of a hundred pits. Every one of them feels like "
                  "the bottom."),
    "ackley": ((3.6, 3.1), 0.02, 0.1, 0.8, "A wide funnel covered in dimples. The funnel points home; the "
               "dimples hold you back."),
    "rosenbrock": ((-1.5, 2.5), 0.001, 0.05, 0.3, "A long, curved banana of a valley. Finding the valley is "
                   "easy; walking along its floor is not."),
    "beale": ((-2.0, 2.0), 0.0005, 0.05, 0.6, "Flat arms and steep corners. A careless stride flies off the edge."),
    "goldstein-price": ((1.2, 1.5), 0.00002, 0.02, 0.3, "Heights from 3 to a million. The slope screams on the "
                        "rim and whispers in the basin."),
    "six-hump-camel": ((-1.7, 0.8), 0.01, 0.05, 0.4, "Six humps and two matching valleys in the middle; the "
                       "side valleys are traps."),
    "three-hump-camel": ((3.0, -3.0), 0.002, 0.1, 0.8, "One deep valley between two shallow side pockets."),
    "eggholder": ((0.0, 0.0), 0.2, 5.0, 60, "Chaotic ridges everywhere. The deepest point hides against the "
                  "eastern edge of the map."),
    "holder-table": ((1.0, 1.0), 0.05, 0.2, 2.0, "A rippled tabletop with four deep corners."),
    "schwefel": ((100.0, 100.0), 1.0, 5.0, 60, "The second-best valley lies as far as possible from the best one."),
    "styblinski-tang": ((4.0, 4.0), 0.01, 0.1, 0.8, "Four valleys of different depths; the one that looks "
                        "closest is not the deepest."),
    "levy": ((-7.0, 6.0), 0.05, 0.2, 2.0, "Ripples on a tilted floor."),
    "levy13": ((-6.0, 6.0), 0.002, 0.2, 2.0, "A corrugated bowl: ridges run across every path to the bottom."),
    "branin": ((0.0, 10.0), 0.02, 0.2, 1.5, "Three equally deep valleys in a curved trough."),
    "bukin6": ((-12.0, 2.0), 0.005, 0.05, 0.5, "A knife-edge valley with a crease for a floor. Smooth steps "
               "cannot settle on it."),
    "cross-in-tray": ((4.0, 4.0), 0.1, 0.2, 2.0, "Ridges form a cross; four pits wait between its arms."),
    "drop-wave": ((2.0, 2.0), 0.05, 0.05, 0.6, "Rings like a drop falling into a pond, with the deepest point "
                  "at the centre."),
    "mccormick": ((3.0, 3.0), 0.05, 0.1, 0.6, "A tilted trough with a gentle dip."),
    "matyas": ((8.0, -6.0), 0.5, 0.2, 2.0, "A wide, nearly flat, tilted bowl. The slope almost vanishes "
               "along one diagonal."),
    "booth": ((-8.0, 8.0), 0.02, 0.3, 2.0, "A plain, stretched bowl: a good place to warm up."),
    "easom": ((2.0, 2.0), 0.5, 0.1, 1.0, "A vast, flat plain with one small deep hole. Far from it, the ground "
              "feels perfectly level."),
    "schaffer2": ((1.6, 1.1), 0.01, 0.02, 1.0, "Wild ripples that calm down near the centre."),
    "schaffer4": ((1.6, 1.9), 0.01, 0.02, 1.0, "Four shallow minima sit on a cross around a central bump."),
}

# The player's starting stride where the racers' gd learning rate would be unfair in a newcomer's first
# minute (following the slope climbs, or the first step already jumps over a tenth of the map).
PLAYER_STRIDE = {"rosenbrock": 0.0007, "levy": 0.025, "matyas": 0.25, "goldstein-price": 6e-06}

DIFFICULTY = {"booth": 1, "matyas": 1, "himmelblau": 2, "three-hump-camel": 2, "mccormick": 2, "branin": 2,
              "six-hump-camel": 2, "styblinski-tang": 3, "rosenbrock": 3, "beale": 3, "goldstein-price": 3,
              "levy": 3, "drop-wave": 3, "ackley": 3, "easom": 4, "holder-table": 4, "cross-in-tray": 4,
              "levy13": 4, "rastrigin": 4, "schaffer2": 4, "schaffer4": 5, "eggholder": 5, "schwefel": 5,
              "bukin6": 5}


def main() -> None:
    out = Path("levels")
    for name, f in CLASSIC.items():
        start, lr, adam_lr, leap, story = SETUP[name]
        (x0, x1), (y0, y1) = f.domain
        diag = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        doc = {
            "level": {"id": f"classic-{name}", "title": f.title, "description": story,
                      "author": "Gradient Hiker (formula: Surjanovic & Bingham)", "difficulty": DIFFICULTY[name]},
            "landscape": {"kind": "function", "name": name},
            "start": {"point": list(start)},
            "rules": {"steps": 40, "stride": PLAYER_STRIDE.get(name, lr), "fog": round(0.06 * diag, 4),
                      "abilities": {"sled": 2, "leap": 3, "restart": 1}},
            "race": {"lineup": [f"gd:lr={lr:g}", f"momentum:lr={lr / 5:g},momentum=0.9", f"adam:lr={adam_lr:g}",
                                f"rmsprop:lr={adam_lr / 2:g}", f"annealing:step={leap:g},t0=1,cooling=0.98",
                                f"restarts:base=adam,lr={adam_lr:g},every=60"],
                     "steps": 300},
        }
        (out / f"classic-{name}.toml").write_text(tomli_w.dumps(doc))


if __name__ == "__main__":
    main()
