"""Races: per-racer results, reaching the global minimum, determinism."""

import numpy as np

from engine.landscapes import FunctionLandscape
from engine.minimum import global_minimum
from engine.race import Race


def test_race_reports_what_happened():
    land = FunctionLandscape("himmelblau")
    m = global_minimum(land)
    race = Race(land, [("gd", {"lr": 0.01}), ("adam", {"lr": 0.1}), ("gd", {"lr": 0.5})], (0.0, 0.0), 300, m).run()
    res = race.result(with_path=True)
    gd, adam, wild = res["racers"]
    assert gd["ended_in"] == "global" and gd["reached_at"] is not None and 0 < gd["reached_at"] < 300
    assert gd["final_cost"] < 1e-6 and adam["final_cost"] < 1e-3
    assert len(gd["path"]) == 301 and gd["path"][0] == [0.0, 0.0]
    assert gd["path_length"] > 3
    assert wild["final_cost"] > 1  # too big a stride bounces around instead of settling
    assert race.standings()[0].name in ("gd", "adam")


def test_local_minimum_is_named():
    land = FunctionLandscape("six-hump-camel")
    m = global_minimum(land)
    race = Race(land, [("gd", {"lr": 0.01})], (-1.7, 0.8), 500, m).run()
    r = race.result()["racers"][0]
    assert r["ended_in"] == "local" and r["reached_at"] is None
    assert r["final_cost"] > m.value + 0.5


def test_same_seed_same_race():
    land = FunctionLandscape("rastrigin")
    m = global_minimum(land)
    lineup = [("sgd", {"lr": 0.01, "noise": 3.0}), ("annealing", {}), ("restarts", {"every": 20})]
    a = Race(land, lineup, (3.0, 3.0), 100, m, seed=7).run().result(True)
    b = Race(land, lineup, (3.0, 3.0), 100, m, seed=7).run().result(True)
    c = Race(land, lineup, (3.0, 3.0), 100, m, seed=8).run().result(True)
    assert a == b and a != c


def test_swarm_steps_thousands_of_hikers():
    land = FunctionLandscape("himmelblau")
    m = global_minimum(land)
    starts = land.domain.uniform(np.random.default_rng(0), 4000)
    race = Race(land, [("gd", {"lr": 0.01})], (0, 0), 200, m, record_path=False, swarm=starts).run()
    x = race.racers[0].hikers.x
    assert x.shape == (4000, 2)
    # every hiker ends in one of the four global minima (Himmelblau has no local minima)
    assert (m.distance(x) < 0.05).mean() > 0.97
