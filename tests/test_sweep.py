"""Sweeps and tuned races: per-hiker hyper-parameters, sweep rows equal to single races, tuned choices equal to the
sweep's best row (by an objective written out again here), the numba fallback, and "Tune all" in the window."""

from __future__ import annotations

import contextlib
import io
import json
import math
import shlex

import numpy as np
import pygame
import pytest
from conftest import InlineJobs

from engine.hikers import Hikers
from engine.level import find_level
from engine.optim import NAMES, CommonRng, SpecError, build, build_batch, sweepable
from engine.race import Race
from engine.sweep import Sweep, chosen, make_axis, random_starts, tune, tuning_seed
from game.cli import main

# Every optimizer with non-default settings that exercise its branches; the second swept parameter crosses a
# mode switch where one exists (momentum 0 is torch's plain step).
CASES = {"gd": ({}, None), "momentum": ({"dampening": 0.2}, ("momentum", 0.0, 0.9)),
         "nesterov": ({}, ("momentum", 0.0, 0.9)), "adagrad": ({"lr_decay": 0.01}, None),
         "rmsprop": ({"centered": True}, ("momentum", 0.0, 0.5)), "adam": ({"amsgrad": True}, ("beta1", 0.5, 0.95)),
         "sgd": ({"noise": 1.5}, ("noise", 0.0, 3.0)), "annealing": ({}, ("t0", 0.1, 3.0)),
         "restarts": ({"base": "adam", "every": 17}, None), "adamw": ({}, ("weight_decay", 0.0, 0.1)),
         "nadam": ({"weight_decay": 0.1}, ("momentum_decay", 0.001, 0.05)),
         "radam": ({"decoupled_weight_decay": True, "weight_decay": 0.05}, ("beta2", 0.9, 0.999)),
         "adamax": ({"schedule": "exponential", "gamma": 0.98}, None), "rprop": ({}, ("etaplus", 1.1, 1.5)),
         "lion": ({}, ("beta2", 0.9, 0.999))}


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_every_optimizer_is_in_the_table():
    assert set(CASES) == set(NAMES) and len(NAMES) == 15


@pytest.mark.parametrize("level_id", ["classic-ackley", "study-hours"])  # a formula with exp/cos; a data level
def test_sweep_rows_equal_single_races_for_every_optimizer(level_id):
    """Every (grid value, start) of a sweep is exactly the race with that value, start and seed: final and best
    altitude, falls and the step the minimum was reached, compared with ==."""
    level = find_level(level_id)
    starts = random_starts(level.domain, 5, 2)
    for name, (given, extra) in CASES.items():
        param = "lr" if "lr" in sweepable(name, given) else "step"
        lo, hi = (0.002, 0.5) if param == "lr" else (0.05, 2.0)
        axes = [make_axis(param, lo, hi, 2, None, name, given)]
        if extra:
            axes.append(make_axis(extra[0], extra[1], extra[2], 2, False, name, given))
        sweep = Sweep(level.landscape, level.minimum, name, given, axes, starts, 40, 11).run()
        assert sweep.batched  # one team: every grid value × start in one vectorized batch
        for row in sweep.rows():
            point = {a.name: row[a.name] for a in axes}
            for k, start in enumerate(starts):
                r = Race(level.landscape, [(name, {**given, **point})], tuple(start), 40, level.minimum,
                         seed=11).run().result()["racers"][0]
                got = (row["final_cost"][k], row["best_cost"][k], row["fell"][k], row["reached_at"][k])
                assert got == (r["final_cost"], r["best_cost"], r["fell"], r["reached_at"]), (name, point, k)


def test_the_command_line_sweep_equals_hiker_race_runs():
    code, out, err = run(["sweep", "twin-valleys", "--opt", "sgd:noise=2", "--lr", "0.01:0.3:3", "--starts", "2",
                          "--steps", "60", "--seed", "4", "--json"])
    assert code == 0, err
    sweep = json.loads(out)
    assert [r["lr"] for r in sweep["rows"]] == pytest.approx([0.01, math.sqrt(0.01 * 0.3), 0.3])
    assert sweep["swept"][0]["scale"] == "log" and sweep["batched"]
    for row in sweep["rows"]:
        for k, (x, y) in enumerate(sweep["starts"]):
            code, out, _ = run(["race", "twin-valleys", "--opt", f"sgd:noise=2,lr={row['lr']!r}",
                                f"--start={x!r},{y!r}", "--steps", "60", "--seed", "4", "--json"])
            r = json.loads(out)["racers"][0]
            assert code == 0 and (row["final_cost"][k], row["best_cost"][k], row["fell"][k], row["reached_at"][k]) \
                == (r["final_cost"], r["best_cost"], r["fell"], r["reached_at"])
        s = row["summary"]
        assert s["final_cost_median"] == pytest.approx(float(np.median(row["final_cost"])))
        assert s["final_cost_q25"] <= s["final_cost_median"] <= s["final_cost_q75"]


def test_per_hiker_parameters_are_bit_identical_to_plain_numbers():
    """The same optimizer object stepped with (N,) parameter arrays moves each hiker exactly as a plain-number
    optimizer moves it alone, including powers of a per-hiker beta and a per-hiker schedule gamma."""
    level = find_level("twin-valleys")
    lrs = np.array([0.01, 0.05, 0.2])
    b1 = np.array([0.8, 0.9, 0.95])
    gammas = np.array([0.9, 0.95, 0.99])
    start = np.array([[0.7, -0.4]] * 3)
    team = Hikers(build_batch("adam", {"schedule": "exponential"}, {"lr": lrs, "beta1": b1, "gamma": gammas}),
                  level.landscape, start, np.random.default_rng(0))
    team.run(30)
    for i in range(3):
        alone = Hikers(build("adam", {"lr": lrs[i], "beta1": b1[i], "schedule": "exponential", "gamma": gammas[i]}),
                       level.landscape, start[:1], np.random.default_rng(0))
        alone.run(30)
        assert team.x[i].tolist() == alone.x[0].tolist()


def test_per_hiker_sweeps_fall_back_to_numpy_from_the_compiled_path():
    pytest.importorskip("numba")
    level = find_level("twin-valleys")
    starts = random_starts(level.domain, 1, 2048)
    team = Hikers(build_batch("gd", {}, {"lr": np.full(2048, 0.01)}), level.landscape, starts,
                  np.random.default_rng(0), backend="auto")
    assert team.backend == "numpy"  # the kernels take one number per parameter
    plain = Hikers(build("gd", {"lr": 0.01}), level.landscape, starts, np.random.default_rng(0), backend="auto")
    assert plain.backend == "numba"


def test_common_rng_gives_every_hiker_a_lone_hikers_numbers():
    rng = CommonRng(np.random.default_rng(3), 4)
    draws = rng.standard_normal((4, 2))
    assert np.array_equal(draws, np.repeat(np.random.default_rng(3).standard_normal((1, 2)), 4, axis=0))
    assert rng.random(5).shape == (5,)  # other sizes pass through


def test_grids_and_what_can_be_swept():
    assert make_axis("lr", 0.001, 1, 4, None, "gd").log
    assert make_axis("momentum", 0, 0.9, 4, None, "momentum").values == pytest.approx((0, 0.3, 0.6, 0.9))
    assert not make_axis("lr", 0.001, 1, 4, False, "gd").log
    with pytest.raises(SpecError, match="batch"):
        make_axis("batch", 1, 8, 4, None, "sgd")  # a whole number: not in one batch
    with pytest.raises(SpecError, match="lr must be"):
        make_axis("lr", 0.1, 20, 3, None, "gd")  # 20 is out of lr's range
    with pytest.raises(SpecError, match="sweep"):
        make_axis("beta3", 0.1, 0.2, 3, None, "adam")
    code, _, err = run(["sweep", "twin-valleys", "--opt", "sgd", "--param", "batch=1:8:4"])
    assert code == 2 and "batch" in err and err.count("\n") == 1


def test_two_swept_parameters_make_a_heat_map(tmp_path):
    code, out, err = run(["sweep", "the-long-valley", "--opt", "momentum", "--lr", "0.001:0.01:3", "--param",
                          "momentum=0:0.9:3", "--steps", "50", "--json", "--plot", str(tmp_path / "heat.png")])
    doc = json.loads(out)
    assert code == 0, err
    pairs = [v for r in doc["rows"][:4] for v in (r["lr"], r["momentum"])]
    assert pairs == pytest.approx([0.001, 0, 0.001, 0.45, 0.001, 0.9, 0.001 * 10**0.5, 0])
    assert (tmp_path / "heat.png").stat().st_size > 10_000


# --------------------------------------------------------------------------- tuned races


def objective(row: dict, minimum: dict) -> tuple:
    """The stated objective, written again from docs/optimizers.md: the median over the tuning starts of the final
    altitude above the minimum (fallen: infinite); within the tolerance ties, ties go to the faster median step
    (never: infinite), then to the smaller value."""
    gaps = [math.inf if f else c - minimum["value"] for c, f in zip(row["final_cost"], row["fell"], strict=True)]
    gap = float(np.median(gaps))
    steps = float(np.median([math.inf if r is None else r for r in row["reached_at"]]))
    return (0.0 if minimum["value"] + gap <= minimum["value"] + minimum["tolerance"] else gap, steps)


def test_tuned_choices_are_the_sweeps_argmin():
    code, out, err = run(["race", "the-long-valley", "--opt", "gd", "--opt", "adam", "--opt", "annealing", "--tuned",
                          "--tune-lr", "0.001:10:9", "--tune-starts", "4", "--steps", "80", "--json"])
    assert code == 0, err
    race = json.loads(out)
    assert race["tuning"]["objective"].startswith("the median, over the tuning starts")
    for racer, tuned in zip(race["racers"], race["tuning"]["racers"], strict=True):
        assert tuned["seed"] == tuning_seed(race["seed"]) != race["seed"]
        assert racer["params"][tuned["param"]] == tuned["value"]  # the race ran with the chosen value
        code, out, err = run(shlex.split(tuned["command"])[1:] + ["--json"])  # the sweep it names
        sweep = json.loads(out)
        assert code == 0, err
        keys = [objective(r, sweep["minimum"]) + (i,) for i, r in enumerate(sweep["rows"])]
        best = sweep["rows"][min(range(len(keys)), key=keys.__getitem__)]
        assert best[tuned["param"]] == tuned["value"] == sweep["best"][tuned["param"]]
        assert tuned["param"] == ("step" if racer["name"] == "annealing" else "lr")
    labels = [r["label"] for r in race["racers"]]
    code, out, _ = run(["race", "the-long-valley", "--opt", "gd", "--opt", "adam", "--opt", "annealing", "--tuned",
                        "--tune-lr", "0.001:10:9", "--tune-starts", "4", "--steps", "80"])
    assert code == 0 and "Tuned on 4 starts drawn with seed" in out and all(label in out for label in labels)


def test_the_tuning_starts_are_not_the_races():
    level = find_level("cliff-edge")
    sweep = tune(level.landscape, level.minimum, "gd", {}, 30, 7, starts=5)
    assert sweep.seed == tuning_seed(7) and len(sweep.starts) == 5
    assert not np.any(np.all(np.isclose(sweep.starts, random_starts(level.domain, 7, 5)), axis=1))
    assert chosen(sweep.run()).param == "lr"


def test_tune_all_in_the_race_scene():
    """U (and the "Tune all" button) tune every racer in slices per frame; the line-up then holds the values a
    tuning sweep chooses; pressing again while at work cancels."""
    from game.launch import new_app
    from game.scenes.race import RaceScene

    app = new_app(size=(1280, 720), jobs=InlineJobs())
    try:
        level = find_level("cliff-edge")
        scene = RaceScene(app, level, lineup=[("gd", {"lr": 2.5}), ("annealing", {})], steps=40)
        app.push(scene)
        app.tick(1 / 60)

        def press(key):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
            app.tick(1 / 60)

        press(pygame.K_u)
        assert scene.tuning is not None and scene.widgets["tune_all"].text == "cancel"
        press(pygame.K_u)  # cancel
        assert scene.tuning is None and scene.lineup.specs() == [("gd", {"lr": 2.5}), ("annealing", {})]
        pygame.event.post(pygame.event.Event(pygame_gui_button_pressed(), ui_element=scene.widgets["tune_all"]))
        app.tick(1 / 60)
        assert scene.tuning is not None
        frames = 0
        while scene.tuning is not None:
            seen = scene.tuning.progress
            app.tick(1 / 60)
            frames += 1
            assert scene.tuning is None or scene.tuning.progress >= seen
        assert frames > 1  # in slices, not in one frame
        want = [chosen(tune(level.landscape, level.minimum, n, g, 40, scene.seed).run())
                for n, g in [("gd", {"lr": 2.5}), ("annealing", {})]]
        assert scene.lineup.specs() == [("gd", {"lr": want[0].value}), ("annealing", {"step": want[1].value})]
        assert [r.params.get("lr", r.params.get("step")) for r in scene.race.racers] == [w.value for w in want]
    finally:
        app.close()


def pygame_gui_button_pressed():
    import pygame_gui

    return pygame_gui.UI_BUTTON_PRESSED


def test_watch_tuned_opens_the_window_with_the_tuned_line_up(monkeypatch):
    import game.launch as launch

    real_new_app, apps = launch.new_app, []
    monkeypatch.setattr(launch, "new_app", lambda *a, **k: apps.append(real_new_app(*a, **k)) or apps[-1])
    code, out, err = run(["race", "cliff-edge", "--opt", "gd:lr=2.5", "--watch", "--tuned", "--tune-starts", "2",
                          "--steps", "20", "--frames", "2"])
    assert code == 0, err
    level = find_level("cliff-edge")
    want = chosen(tune(level.landscape, level.minimum, "gd", {"lr": 2.5}, 20, level.race.seed, starts=2).run())
    assert apps[-1].top.lineup.specs() == [("gd", {"lr": want.value})] and "Tuned on 2 starts" in out
