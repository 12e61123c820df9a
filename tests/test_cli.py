"""The headless `hiker` command: scripts can rely on its output and its exit codes."""

import json
import math
import shutil
import subprocess
import sys

import pytest

from game.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_levels_json_lists_builtin_levels(capsys):
    code, out, _ = run(capsys, "levels", "--json")
    rows = json.loads(out)
    assert code == 0
    ids = {r["id"] for r in rows}
    assert {"twin-valleys", "the-exam", "classic-himmelblau"} <= ids
    row = next(r for r in rows if r["id"] == "the-exam")
    assert row["kind"] == "data" and row["title"] == "The Exam" and row["path"].endswith("the-exam.toml")


def test_eval(capsys):
    code, out, _ = run(capsys, "eval", "classic-himmelblau", "1", "2", "--json")
    assert code == 0
    # f = (1 + 2 - 11)^2 + (1 + 4 - 7)^2 = 68; df/dx = 4x(x^2+y-11) + 2(x+y^2-7) = -36; df/dy = 2(...) + 4y(...) = -32
    assert json.loads(out) == {"x": 1.0, "y": 2.0, "cost": 68.0, "grad": [-36.0, -32.0]}


def test_minimum(capsys):
    code, out, _ = run(capsys, "minimum", "classic-branin", "--json")
    m = json.loads(out)
    assert code == 0 and m["source"] == "declared" and len(m["points"]) == 3
    assert m["value"] == pytest.approx(5 / (4 * math.pi), abs=1e-12)
    code, out, _ = run(capsys, "minimum", "twin-valleys", "--json")
    m = json.loads(out)
    assert m["source"] == "found" and m["points"][0][0] == pytest.approx(-0.9676, abs=1e-3)


def test_race_json_has_every_field_and_is_byte_identical(capsys):
    argv = ["race", "twin-valleys", "--opt", "adam:lr=0.05,beta1=0.8", "--opt", "sgd:lr=0.05,noise=0.5",
            "--opt", "annealing", "--start", "1.5,1.5", "--steps", "60", "--seed", "4", "--path", "--json"]
    _, first, _ = run(capsys, *argv)
    _, second, _ = run(capsys, *argv)
    assert first == second
    doc = json.loads(first)
    assert doc["level"] == "twin-valleys" and doc["seed"] == 4 and doc["steps"] == 60
    assert doc["start"] == [1.5, 1.5] and doc["minimum"]["source"] == "found"
    adam = doc["racers"][0]
    assert adam["params"] == {"lr": 0.05, "beta1": 0.8, "beta2": 0.999, "eps": 1e-8, "amsgrad": False,
                              "schedule": "constant"}
    for key in ("name", "params", "final", "final_cost", "best_cost", "reached_at", "fell", "ended_in"):
        assert key in adam
    assert len(adam["path"]) == 61 and adam["path"][0] == [1.5, 1.5]
    assert [r["name"] for r in doc["racers"]] == ["adam", "sgd", "annealing"]


def test_race_reproduces_the_delta_rule_table(capsys):
    code, out, _ = run(capsys, "race", "the-exam", "--opt", "gd:lr=0.1", "--steps", "3", "--path", "--json")
    path = json.loads(out)["racers"][0]["path"]
    assert code == 0
    expected = [[0.1, 0.3], [0.13, 0.36], [0.145, 0.39], [0.1525, 0.405]]
    for got, want in zip(path, expected, strict=True):
        assert got == pytest.approx(want, abs=1e-12)
    code, out, _ = run(capsys, "race", "the-exam", "--opt", "gd:lr=0.1", "--steps", "3", "--path")
    lines = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit() and len(line.split()) == 5]
    assert [[float(v) for v in row[1:4]] for row in lines] == [
        [0.1, 0.3, 0.7], [0.13, 0.36, 0.85], [0.145, 0.39, 0.925], [0.1525, 0.405, 0.9625]]


def test_race_uses_the_level_lineup_by_default(capsys):
    code, out, _ = run(capsys, "race", "the-long-valley", "--json")
    names = [r["name"] for r in json.loads(out)["racers"]]
    assert code == 0 and names == ["gd", "momentum", "nesterov", "adam", "rmsprop"]


@pytest.mark.parametrize("argv, message", [
    (["race", "no-such-level"], "no level called 'no-such-level'"),
    (["race", "twin-valeys"], "did you mean 'twin-valleys'"),
    (["race", "twin-valleys", "--opt", "adma"], "did you mean 'adam'"),
    (["race", "twin-valleys", "--opt", "adam:lr=fast"], "lr must be a number"),
    (["race", "twin-valleys", "--opt", "adam:betaa=0.1"], "adam has no parameter 'betaa'"),
    (["race", "twin-valleys", "--start", "9,9"], "outside the domain"),
    (["race", "twin-valleys", "--start", "a,b"], "must be a number"),
    (["eval", "twin-valleys", "one", "2"], "X must be a number"),
    (["race", "twin-valleys", "--steps", "0"], "--steps must be between"),
])
def test_errors_are_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.skipif(shutil.which("hiker") is None, reason="console script not installed")
def test_console_script_runs_headless():
    out = subprocess.run(["hiker", "race", "the-exam", "--opt", "gd:lr=0.1", "--steps", "3", "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["racers"][0]["final"] == pytest.approx([0.1525, 0.405])
    bad = subprocess.run(["hiker", "race", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    mod = subprocess.run([sys.executable, "-m", "game", "levels"], capture_output=True, text=True, check=True)
    assert "twin-valleys" in mod.stdout


def test_swarm_summary(capsys):
    code, out, _ = run(capsys, "race", "egg-crate", "--swarm", "300", "--steps", "150", "--json",
                       "--opt", "gd:lr=0.01", "--opt", "restarts:base=gd,lr=0.01,every=40")
    doc = json.loads(out)
    gd, restarts = doc["racers"]
    assert code == 0 and doc["swarm"] == 300
    # On the egg crate plain descent from a random start rarely finds the middle; restarts do much better.
    assert gd["found_share"] < 0.25 and restarts["found_share"] > 2 * gd["found_share"]


def test_basins_command(capsys, tmp_path):
    png = tmp_path / "basins.png"
    code, out, _ = run(capsys, "basins", "classic-six-hump-camel", "--opt", "gd:lr=0.01", "--grid", "32",
                       "--json", "--png", str(png))
    doc = json.loads(out)
    assert code == 0 and png.stat().st_size > 0
    # Six-hump camel: two global valleys (mirror images) and four local ones; gd splits the map between them.
    globals_ = [b for b in doc["basins"] if b["global"]]
    assert len(globals_) == 2 and globals_[0]["share"] == pytest.approx(globals_[1]["share"], abs=0.02)
    assert 0.3 < doc["global_share"] < 0.7
    assert sum(b["share"] for b in doc["basins"]) + doc["no_minimum_share"] == pytest.approx(1.0)


def test_scripted_hike(capsys):
    code, out, _ = run(capsys, "hike", "the-exam", "--moves", "slope,slope,slope,probe,declare", "--json")
    doc = json.loads(out)
    assert code == 0
    # The player's "follow the slope" step is the delta rule with the level's stride 0.1.
    assert doc["path"][1] == pytest.approx([0.13, 0.36]) and doc["path"][3] == pytest.approx([0.1525, 0.405])
    # The prediction 0.9625 is still below the target 1: a larger feature weight (forward) goes downhill.
    assert doc["steps_left"] == 17 and doc["events"][0]["probe"]["forward"] < 0
    code, _, err = run(capsys, "hike", "the-exam", "--moves", "jump")
    assert code == 2 and "unknown move 'jump'" in err


def test_plot_and_gif_for_slides(capsys, tmp_path):
    from PIL import Image

    plot, gif = tmp_path / "loss.png", tmp_path / "race.gif"
    code, _, _ = run(capsys, "race", "twin-valleys", "--steps", "40", "--plot", str(plot), "--gif", str(gif))
    assert code == 0
    assert Image.open(plot).size[0] >= 800
    anim = Image.open(gif)
    assert anim.n_frames > 10 and anim.size == (480, 480)


def test_watch_checks_its_arguments_before_opening_a_window(capsys, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    code, _, err = run(capsys, "race", "twin-valleys", "--watch", "--opt", "adma", "--frames", "2")
    assert code == 2 and "did you mean 'adam'" in err
    code, _, err = run(capsys, "race", "twin-valleys", "--watch", "--steps", "0", "--frames", "2")
    assert code == 2 and "--steps must be between" in err
    code, _, err = run(capsys, "play", "twin-valleys", "--screenshot", "x.png")
    assert code == 2 and "--screenshot needs --frames" in err
