"""docs/teaching.md, checked: every command on the page runs, and each lesson's story is what its exact
command does.

The commands are read from the page itself, so a lesson's command cannot change without its claim being
checked again. The numbers the text quotes are checked too, within a margin (``quoted``), so that a
change in the engine that changes a story makes this file fail rather than the lesson quietly lie.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from pathlib import Path

import pytest

from game.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "teaching.md"


def lessons() -> dict[int, str]:
    """Lesson number -> the lesson's text (from its heading to the next)."""
    parts = re.split(r"^## (\d+)\. ", DOC.read_text(), flags=re.M)
    out = {int(n): body.split("\n## ", 1)[0] for n, body in zip(parts[1::2], parts[2::2], strict=True)}
    assert sorted(out) == list(range(1, len(out) + 1)), "lessons are numbered 1, 2, 3, ..."
    return out


def block_commands(text: str) -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.startswith("hiker ")]


def inline_commands(text: str) -> list[str]:
    """`hiker ...` spans in the prose, except templates with placeholders such as LEVEL or FILE."""
    spans = re.findall(r"`(hiker [^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return [s for s in spans if not re.search(r"\b[A-Z]{2,}\b", s)]


def command(lesson: int, index: int = 0) -> list[str]:
    """The argv (after `hiker`) of a lesson's index-th command, exactly as printed on the page."""
    return shlex.split(block_commands(lessons()[lesson])[index])[1:]


def opens_window(argv: list[str]) -> bool:
    return not argv or argv[0] == "play" or "--watch" in argv


def quoted(lesson: int, pattern: str) -> list[float]:
    """The numbers a lesson's text quotes where ``pattern`` (a regex with groups) matches."""
    text = " ".join(lessons()[lesson].split()).replace("\u2212", "-")  # one line; a minus sign is a minus
    m = re.search(pattern, text)
    assert m, f"lesson {lesson} no longer says {pattern!r}: update the test with the text"
    return [float(g.rstrip(".")) for g in m.groups()]  # a number may end a sentence


def run(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


_measured: dict[tuple[str, ...], dict] = {}


@pytest.fixture(scope="module")
def measure(tmp_path_factory):
    """Runs a lesson's command with --json (plus any extra flags) once per module; returns the document."""
    cwd = tmp_path_factory.mktemp("lessons")

    def measure(lesson: int, index: int = 0, *extra: str) -> dict:
        argv = command(lesson, index)
        if "--gif" in argv:  # the slowest output, and it does not change the race: the runs test makes it
            i = argv.index("--gif")
            argv = argv[:i] + argv[i + 2:]
        argv += ["--json", *extra]
        key = tuple(argv)
        if key not in _measured:
            code, out, err = run(argv, cwd)
            assert code == 0, err
            _measured[key] = json.loads(out)
        return _measured[key]

    return measure


def racers(doc: dict) -> list[dict]:
    """A race's racers in line-up order (the order of the command's --opt flags)."""
    return doc["racers"]


def near(measured: float, said: float, rel: float = 0.2, abs_: float = 0.0) -> bool:
    return abs(measured - said) <= rel * abs(said) + abs_


# --------------------------------------------------------------------------- every command runs


def every_command() -> list[str]:
    text = DOC.read_text()
    return block_commands(text) + inline_commands(text)


def test_the_page_has_ten_lessons_with_commands():
    ls = lessons()
    assert len(ls) == 10 and all(block_commands(t) for t in ls.values())


@pytest.mark.parametrize("line", every_command())
def test_every_command_in_the_teaching_guide_runs(line, tmp_path):
    argv = shlex.split(line)[1:]
    if opens_window(argv):
        argv += ["--frames", "2"]  # SDL_VIDEODRIVER=dummy (conftest): the window opens off-screen
    code, out, err = run(argv, tmp_path)
    assert code == 0, err
    assert opens_window(argv) or out.strip()
    for flag in ("--plot", "--gif", "--png", "--html", "--markdown"):
        if flag in argv:
            assert (tmp_path / argv[argv.index(flag) + 1]).stat().st_size > 0


# --------------------------------------------------------------------------- each lesson's story


def test_lesson_1_the_delta_rule_worked_example(measure):
    race = measure(1, 0)
    path = racers(race)[0]["path"]
    said = quoted(1, r"w = \(([\d.]+), ([\d.]+)\), \(([\d.]+), ([\d.]+)\), \(([\d.]+), ([\d.]+)\)")
    assert [c for p in path[1:] for c in p] == pytest.approx(said)
    predictions = [w0 + 2 * w1 for w0, w1 in path[1:]]  # one student who studied 2 hours
    assert predictions == pytest.approx(quoted(1, r"predictions ([\d.]+), ([\d.]+), ([\d.]+)"))
    hike = measure(1, 1)
    flat = [c for p in path for c in p]
    assert [c for p in hike["path"] for c in p] == pytest.approx(flat)  # G three times: the same three steps


def test_lesson_2_too_big_overshoots_too_small_crawls(measure):
    race = measure(2, 0)
    big, good, small = racers(race)
    low = race["minimum"]["value"]
    # Too big: bounces between the map's edges for the whole race and never settles.
    assert big["ended_in"] != "global" and big["path_length"] > 300
    assert near(big["path_length"], quoted(2, r"walks about (\d+) map units")[0], 0.2)
    assert near(big["final_cost"] - low, quoted(2, r"ends ([\d.]+) above the minimum")[0], 0.2)
    # Thrown across the map by the wall, and still the one that arrives.
    assert good["ended_in"] == "global" and good["reached_at"] <= 60
    assert good["path_length"] > 2 * 2.64  # the straight line from the start to the minimum is 2.64 long
    assert near(good["reached_at"], quoted(2, r"reaches the minimum at step (\d+)")[0], 0.3)
    # Too small: crawls.
    assert small["ended_in"] != "global" and small["path_length"] < 1
    assert near(small["final_cost"] - low, quoted(2, r"still ([\d.]+) above the minimum")[0], 0.2)


def test_lesson_3_plain_descent_settles_in_the_nearer_valley(measure):
    race = measure(3, 0)
    gd, annealing = racers(race)
    deep, shallow = quoted(3, r"much deeper \((-[\d.]+) against (-[\d.]+)\)")
    assert race["minimum"]["value"] == pytest.approx(deep, abs=0.01)
    assert gd["ended_in"] == "local" and gd["final_cost"] == pytest.approx(shallow, abs=0.01)
    # Annealing crosses into the deep valley but does not settle on its floor.
    assert annealing["final_cost"] < -4 and annealing["ended_in"] == "none"
    assert annealing["final_cost"] == pytest.approx(quoted(3, r"it ends at (-[\d.]+)")[0], abs=0.15)
    basins = measure(3, 1)
    to_deep, to_shallow = quoted(3, r"from (\d+)% of the starts gd reaches the deep valley, from (\d+)%")
    local = [b for b in basins["basins"] if not b["global"]]
    assert 0.45 < basins["global_share"] < 0.7 and len(local) == 1 and 0.3 < local[0]["share"] < 0.55
    assert near(100 * basins["global_share"], to_deep, 0, 8) and near(100 * local[0]["share"], to_shallow, 0, 8)
    assert basins["no_minimum_share"] < 0.05


def test_lesson_4_a_heavy_ball_rolls_along_the_valley(measure):
    race = measure(4, 0)
    gd, momentum, nesterov = racers(race)
    assert race["steps"] == quoted(4, r"In (\d+) steps")[0]
    assert gd["ended_in"] != "global" and gd["path_length"] > 2 * momentum["path_length"]
    assert near(gd["path_length"], quoted(4, r"gd walks ([\d.]+) map units")[0], 0.15)
    said = quoted(4, r"roll ([\d.]+) and ([\d.]+) map units .* at steps (\d+) and (\d+)")
    for racer, length, step in ((momentum, said[0], said[2]), (nesterov, said[1], said[3])):
        assert racer["ended_in"] == "global" and racer["reached_at"] < race["steps"]
        assert near(racer["path_length"], length, 0.15) and near(racer["reached_at"], step, 0.15)


def test_lesson_5_adaptive_steps_walk_off_the_plateau(measure, tmp_path):
    race = measure(5, 0)
    gd, adagrad, rmsprop, adam = racers(race)
    x, y = race["start"]
    code, out, _ = run(["eval", "the-plateau", str(x), str(y), "--json"], tmp_path)
    slope = json.loads(out)["grad"]
    assert code == 0 and near((slope[0] ** 2 + slope[1] ** 2) ** 0.5, quoted(5, r"about ([\d.e-]+)")[0], 0.2)
    assert gd["path_length"] < 1e-3 and gd["ended_in"] != "global"
    assert near(gd["path_length"], quoted(5, r"barely moves \(([\d.]+) map units in 100 steps\)")[0], 0.2)
    said = quoted(5, r"Adagrad and RMSprop reach the minimum at step (\d+), Adam at step (\d+)")
    for racer, step in ((adagrad, said[0]), (rmsprop, said[0]), (adam, said[1])):
        assert racer["ended_in"] == "global" and near(racer["reached_at"], step, 0.3)


def test_lesson_6_noise_shakes_the_hiker_off_the_saddle(measure):
    race = measure(6, 0, "--path")
    gd, sgd = racers(race)
    # Clean descent lingers at the pass, where the altitude is 0, before it tips off the ridge.
    pass_altitude = [abs(x * x - y * y + 0.25 * y**4) for x, y in gd["path"][40:71]]
    assert max(pass_altitude) < 0.01
    clean, noisy, sooner = quoted(6, r"reaches a valley at step (\d+).* at step (\d+), (\d+) steps sooner")
    assert gd["ended_in"] == "global" and near(gd["reached_at"], clean, 0.15)
    assert near(sgd["reached_at"], noisy, 0.3) and gd["reached_at"] - sgd["reached_at"] > 30
    assert near(gd["reached_at"] - sgd["reached_at"], sooner, 0.3)
    # ...but keeps jiggling: it ends a little above the bottom, outside the tolerance.
    gap = sgd["final_cost"] - race["minimum"]["value"]
    assert sgd["ended_in"] != "global" and race["minimum"]["tolerance"] < gap < 0.1


def test_lesson_7_one_student_at_a_time_is_cheap_but_shaky(measure):
    race = measure(7, 0)
    full, one, six = racers(race)
    assert (one["params"]["batch"], six["params"]["batch"]) == (1, 6)
    assert full["ended_in"] == "global" and near(full["reached_at"], quoted(7, r"best fit at step (\d+)")[0], 0.15)
    # The smaller the batch, the shakier the walk and the higher the finish.
    assert one["path_length"] > 2 * six["path_length"] > 6 * full["path_length"]
    assert full["final_cost"] < six["final_cost"] < one["final_cost"]
    assert one["ended_in"] != "global" and six["ended_in"] != "global"
    assert one["final_cost"] > one["best_cost"] + 0.3  # it ends above the best point it passed
    said = quoted(7, r"walks a smooth ([\d.]+) map units.* staggers (\d+) map units and ends at ([\d.]+), "
                     r"well above the best fit \(([\d.]+)\).* six is in between: (\d+) map units, ending at ([\d.]+)")
    assert near(full["path_length"], said[0], 0.15) and near(one["path_length"], said[1], 0.15)
    assert near(one["final_cost"], said[2], 0.1) and race["minimum"]["value"] == pytest.approx(said[3], abs=0.01)
    assert near(six["path_length"], said[4], 0.15) and near(six["final_cost"], said[5], 0.05)


def test_lesson_8_restarts_escape_the_egg_crate(measure):
    swarm = measure(8, 0)
    gd, annealing, restarts = racers(swarm)
    assert swarm["swarm"] == 300
    ratio, restarts_said, gd_said = quoted(8, r"([\d.]+) times as often as gd \((\d+)% of the starts against (\d+)%\)")
    assert restarts["found_share"] > 2.2 * gd["found_share"] and gd["found_share"] < 0.2
    assert near(restarts["found_share"] / gd["found_share"], ratio, 0.2)
    assert near(100 * restarts["found_share"], restarts_said, 0, 6) and near(100 * gd["found_share"], gd_said, 0, 4)
    # Every point below 9.488 lies in the middle hollow (the ring of hollows around it bottoms out at 9.488),
    # so a median below that means more than half of the annealing hikers end in the middle hollow.
    median, ring = quoted(8, r"median final altitude ([\d.]+), while gd's median ([\d.]+)")
    assert annealing["median_final_cost"] < 5 and near(annealing["median_final_cost"], median, 0.3)
    assert gd["median_final_cost"] == pytest.approx(ring, abs=0.05)
    found = quoted(8, r"counts as found only (\d+)% of the time")[0]
    assert annealing["found_share"] < 0.1 and near(100 * annealing["found_share"], found, 0, 3)


def test_lesson_8_the_needle_traps_almost_everyone(measure):
    race = measure(8, 1)
    shaft = quoted(8, r"the true bottom \((-[\d.]+)\)")[0]
    basin = quoted(8, r"ends in the wide basin, at (-[\d.]+)")[0]
    assert race["minimum"]["value"] == pytest.approx(shaft, abs=0.01)
    for r in racers(race):
        assert r["ended_in"] != "global" and r["final_cost"] == pytest.approx(basin, abs=0.05), r["label"]
        assert r["ended_in"] == ("none" if r["name"] == "annealing" else "local")
    swarm = {r["name"]: r["found_share"] for r in racers(measure(8, 2))}
    assert swarm["gd"] == swarm["momentum"] == swarm["annealing"] == 0
    adam, restarts = quoted(8, r"Adam finds it (\d+)% of the time .* every 40 steps, (\d+)% of the time")
    assert 0 < swarm["adam"] < 0.07 and near(100 * swarm["adam"], adam, 0, 2)
    assert swarm["restarts"] > 1.8 * swarm["adam"] and near(100 * swarm["restarts"], restarts, 0, 4)



def test_lesson_9_a_real_networks_loss(measure):
    import numpy as np

    doc = measure(9, 0)
    net = doc["network"]
    assert net["layers"] == [2, 8, 1] and net["activation"] == "tanh" and len(net["theta_star"]) == 33
    assert len(net["data"]["x"]) == quoted(9, r"trained for \d+ full-batch Adam steps on (\d+) points")[0]
    assert doc["spec"]["landscape"]["train"]["steps"] == quoted(9, r"trained for (\d+) full-batch")[0]
    at_theta, lowest = quoted(9, r"the loss is ([\d.]+) and .* with the same loss ([\d.]+)")
    assert net["theta_star_point"] == [0.0, 0.0] and net["theta_star_accuracy"] == 1.0
    assert near(net["theta_star_cost"], at_theta, 0.05) and near(doc["minimum"]["value"], lowest, 0.05)
    said = quoted(9, r"at \(([\d.]+), (-[\d.]+)\), with")
    assert doc["minimum"]["points"][0] == pytest.approx(said, abs=0.001)
    # The default race: full-batch descent settles in the hollow, the mini-batches get out.
    race = measure(9, 1)
    gd, momentum, adam, sgd = racers(race)
    hollow = quoted(9, r"hollow of the slice at ([\d.]+)")[0]
    for r in (gd, momentum, adam):
        assert r["ended_in"] == "local" and r["final_cost"] == pytest.approx(hollow, abs=0.01), r["label"]
    assert sgd["params"]["batch"] == quoted(9, r"feeling (\d+) points at a time")[0]
    assert sgd["ended_in"] == "global" and near(sgd["reached_at"], quoted(9, r"basin at step (\d+)")[0], 0.3)
    # The hollow is a poor classifier: the point the command evaluates is where gd stopped.
    ev = measure(9, 2)
    assert np.hypot(ev["x"] - gd["final"][0], ev["y"] - gd["final"][1]) < 0.01
    assert ev["cost"] == pytest.approx(hollow, abs=0.01)
    assert near(100 * ev["accuracy"], quoted(9, r"gets only (\d+)% of the points right")[0], 0, 3)
    # From random starts.
    swarm = {r["name"]: r["found_share"] for r in racers(measure(9, 3))}
    sgd_, mom_, gd_, adam_ = quoted(9, r"SGD ends in the trained basin (\d+)% of the time, momentum (\d+)%, gd "
                                       r"(\d+)% and Adam (\d+)%")
    for name, share in (("sgd", sgd_), ("momentum", mom_), ("gd", gd_), ("adam", adam_)):
        assert near(100 * swarm[name], share, 0, 6), (name, swarm[name])
    assert swarm["sgd"] > max(swarm["gd"], swarm["adam"]) + 0.15
    # The JSON is enough to recompute the loss: the same numbers at theta* and at the lowest point.
    rec = measure(9, 4)["network"]
    X, labels = np.array(rec["data"]["x"]), np.array(rec["data"]["label"])

    def loss(x, y):
        theta = np.array(rec["origin"]) + x * np.array(rec["d1"]) + y * np.array(rec["d2"])
        w1, b1 = theta[:16].reshape(2, 8), theta[16:24]
        w2, b2 = theta[24:32].reshape(8, 1), theta[32:]
        z = (np.tanh(X @ w1 + b1) @ w2 + b2)[:, 0]
        return float(np.mean(np.logaddexp(0, z) - labels * z))

    assert loss(0, 0) == pytest.approx(rec["theta_star_cost"], rel=1e-12)
    assert loss(*doc["minimum"]["points"][0]) == pytest.approx(doc["minimum"]["value"], rel=1e-12)


def test_lesson_10_a_fair_race_needs_tuned_learning_rates_and_many_starts(measure):
    plain = measure(10, 0)
    gd, momentum, adam = racers(plain)
    low = plain["minimum"]["value"]
    step, gap = quoted(10, r"momentum reaches the minimum at step (\d+) while Adam \(lr 0.001\) crawls and finishes "
                          r"last, ([\d.]+) above the minimum")
    assert momentum["ended_in"] == "global" and near(momentum["reached_at"], step, 0.1)
    assert adam["params"]["lr"] == 0.001 and adam["final_cost"] == max(r["final_cost"] for r in racers(plain))
    assert near(adam["final_cost"] - low, gap, 0.1)
    tuned = measure(10, 1)
    chosen = {r["name"]: r["value"] for r in tuned["tuning"]["racers"]}
    said = quoted(10, r"Adam's becomes ([\d.]+), gd's ([\d.]+), momentum keeps ([\d.]+)")
    for name, value in zip(("adam", "gd", "momentum"), said, strict=True):
        assert near(chosen[name], value, 0.01)
    assert all(r["starts"] == quoted(10, r"sweep from (\d+) starts of their own")[0] for r in tuned["tuning"]["racers"])
    gd, momentum, adam = racers(tuned)
    first, second = quoted(10, r"it reaches the minimum at step (\d+), before momentum \((\d+)\)")
    assert adam["reached_at"] == first and momentum["reached_at"] == second and gd["ended_in"] != "global"
    sweep = measure(10, 2)
    rows = sweep["rows"]
    crawl, over = quoted(10, r"at lr 0.001 the median start ends ([\d.]+) above.*"
                            r"at lr 10 the median start ends ([\d.]+) above")
    assert rows[0]["lr"] == 0.001 and near(rows[0]["summary"]["median_gap"], crawl, 0.1)
    assert rows[-1]["lr"] == 10 and near(rows[-1]["summary"]["median_gap"], over, 0.1)
    lo, hi, k = quoted(10, r"from lr ([\d.]+) to ([\d.]+) at least (\d+) of the 10 starts find it")
    middle = [r for r in rows if lo / 1.05 <= r["lr"] <= hi * 1.05]  # the page rounds the grid's values
    assert len(middle) == 4 and all(r["summary"]["found"] >= k for r in middle)
    assert all(r["summary"]["found"] < k for r in rows if r not in middle)
    tournament = measure(10, 3)
    shares = {tournament["racers"][r["racer"]]["name"]: r["found_share"] for r in tournament["overall"]}
    said = quoted(10, r"momentum finds the minimum from (\d+)% of them, Adam from (\d+)% and gd from (\d+)%")
    for name, value in zip(("momentum", "adam", "gd"), said, strict=True):
        assert near(100 * shares[name], value, 0, 1)
    assert all(lv["cells"][1]["rank"] == 1 for lv in tournament["levels"])  # momentum, on both levels
    assert tournament["tuned"] and tournament["starts"] == 40


def test_in_class_watch_starts_running_and_space_pauses(monkeypatch, tmp_path):
    """The page's opening: `hiker race LEVEL --watch` starts at once and Space pauses; a race opened from the
    menu waits for Space."""
    import game.launch as launch
    from engine.level import find_level

    intro = " ".join(DOC.read_text().split("## 1.")[0].split())
    assert "`hiker race LEVEL --watch` (it starts running at once; Space pauses and resumes)" in intro
    assert "choose Race, pick the level and press Space" in intro
    real_new_app, apps = launch.new_app, []
    monkeypatch.setattr(launch, "new_app", lambda *a, **k: apps.append(real_new_app(*a, **k)) or apps[-1])
    for keys, playing in (([], True), (["--keys", "space"], False), (["--keys", "space,space"], True)):
        code, _, err = run(["race", "twin-valleys", "--watch", "--frames", "5", *keys], tmp_path)
        assert code == 0, err
        assert apps[-1].top.playing is playing
    app = real_new_app()
    try:
        assert app.make("race", find_level("twin-valleys")).playing is False
    finally:
        app.close()
