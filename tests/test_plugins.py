"""Your own optimizer: the tutorial's exact code and command, a plugin in every place a built-in races, and every
way a plugin can be broken: a one-line error or fallen hikers, never a crash."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import textwrap
from pathlib import Path

import numpy as np
import pytest

from engine.optim import OPTIMIZERS
from engine.plugins import PluginError, load_file, load_installed, plugin_names
from game.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "optimizers.md"


@pytest.fixture(autouse=True)
def forget_plugins():
    yield
    for name in plugin_names():
        OPTIMIZERS.pop(name, None)


def run(argv: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def tutorial() -> tuple[str, str, str]:
    """(the tutorial's Python file, its race command, its prose) exactly as docs/optimizers.md prints them."""
    text = DOC.read_text().split("### Tutorial: sign-SGD", 1)[1]
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    command = re.search(r"```bash\n(hiker .*?)\n```", text, re.S).group(1)
    return code, command, " ".join(text.split())


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body))
    return path


def test_the_tutorial_runs_as_printed(tmp_path):
    code, command, prose = tutorial()
    (tmp_path / "signsgd.py").write_text(code)
    argv = shlex.split(command)[1:]
    status, out, err = run(argv, tmp_path)
    assert status == 0 and err == "", err
    assert "signsgd:lr=0.02" in out
    status, out, _ = run(argv + ["--json"], tmp_path)
    sign, gd = json.loads(out)["racers"]
    said = re.search(r"reaches the minimum at step (\d+).*?reach the minimum first, at step (\d+)", prose)
    assert sign["name"] == "signsgd" and sign["ended_in"] == "global" and gd["ended_in"] == "global"
    assert (sign["reached_at"], gd["reached_at"]) == (int(said.group(1)), int(said.group(2)))
    # a steady stride: 0.02 along each axis while the slope keeps its sign
    status, out, _ = run(argv + ["--json", "--path", "--steps", "5"], tmp_path)
    path = np.array(json.loads(out)["racers"][0]["path"])
    assert np.allclose(np.abs(np.diff(path, axis=0)), 0.02)


def test_the_tutorials_other_commands_run(tmp_path):
    code, _, prose = tutorial()
    (tmp_path / "signsgd.py").write_text(code)
    commands = re.findall(r"`(hiker [^`]+)`", prose)
    sweep = next(c for c in commands if c.startswith("hiker sweep"))
    status, out, err = run(shlex.split(sweep)[1:] + ["--json"], tmp_path)
    doc = json.loads(out)
    assert status == 0 and doc["batched"] and len(doc["rows"]) == 10, err
    tournament = next(c for c in commands if c.startswith("hiker tournament"))
    status, out, err = run(shlex.split(tournament)[1:] + ["--starts", "4", "--steps", "40", "--json"], tmp_path)
    doc = json.loads(out)
    assert status == 0, err
    assert [r["name"] for r in doc["racers"]][-1] == "signsgd" and len(doc["racers"]) == 16
    watch = next(c for c in commands if "--watch" in c)
    status, _, err = run(shlex.split(watch)[1:] + ["--frames", "2"], tmp_path)
    assert status == 0, err


def test_a_plugin_on_the_race_screen(tmp_path):
    from conftest import InlineJobs

    from engine.level import find_level
    from game.launch import new_app
    from game.scenes.race import RaceScene

    (tmp_path / "signsgd.py").write_text(tutorial()[0])
    assert load_file(tmp_path / "signsgd.py") == ["signsgd"]
    app = new_app(size=(1280, 720), jobs=InlineJobs())
    try:
        scene = RaceScene(app, find_level("cliff-edge"), lineup=[("signsgd", {"lr": 0.05}), ("gd", {})])
        app.push(scene)
        app.tick(1 / 60)
        assert "opt_signsgd" in scene.widgets and "slider_lr" in scene.widgets  # its checkbox and its slider
        scene.step_once()
        assert scene.race.racers[0].hikers.t == 1 and not scene.race.racers[0].hikers.fell[0]
    finally:
        app.close()


def test_a_sweep_of_a_plugin_without_per_hiker_parameters_equals_its_races(tmp_path):
    write(tmp_path, "plain.py", """
        import numpy as np
        from engine.optim import Optimizer, Param

        class Halving(Optimizer):
            NAME = "halving"
            PARAMS = {"lr": Param(0.1, float, 0.0, 1.0, lo_open=True), "noise": Param(0.5, float, 0.0, 2.0)}

            def step(self, x, state, t, oracle, out):
                g = oracle.grad(x) + self.params["noise"] * oracle.rng.standard_normal(x.shape)
                out[:] = x - self.params["lr"] * g
                return out
        """)
    status, out, err = run(["sweep", "twin-valleys", "--plugin", str(tmp_path / "plain.py"), "--opt", "halving",
                            "--lr", "0.01:0.1:2", "--starts", "2", "--steps", "30", "--json"])
    assert status == 0, err
    doc = json.loads(out)
    assert status == 0 and not doc["batched"], err  # one team per learning rate: it takes plain numbers only
    for row in doc["rows"]:
        for k, (x, y) in enumerate(doc["starts"]):
            status, out, _ = run(["race", "twin-valleys", "--plugin", str(tmp_path / "plain.py"), "--opt",
                                  f"halving:lr={row['lr']!r}", f"--start={x!r},{y!r}", "--steps", "30", "--json"])
            assert status == 0, err
            assert json.loads(out)["racers"][0]["final_cost"] == row["final_cost"][k]


@pytest.mark.parametrize("body, message", [
    ("def broken(:\n", r"could not be loaded: SyntaxError: .* \(line 1\)"),
    ("import no_such_module_here\n", "could not be loaded: ModuleNotFoundError: No module named"),
    ("x = 1\n", "defines no optimizer; write a class that subclasses engine.optim.Optimizer"),
    ("from engine.optim import Optimizer\nclass A(Optimizer):\n    NAME = 'Bad Name'\n"
     "    def step(self, x, s, t, o, out): return out\n", "NAME must be a short lowercase word"),
    ("from engine.optim import Optimizer\nclass A(Optimizer):\n    NAME = 'adam'\n"
     "    def step(self, x, s, t, o, out): return out\n", "'adam' is a built-in optimizer"),
    ("from engine.optim import Optimizer\nclass A(Optimizer):\n    NAME = 'nostep'\n", "has no step"),
    ("from engine.optim import Optimizer\nclass A(Optimizer):\n    NAME = 'p'\n    PARAMS = {'lr': 0.1}\n"
     "    def step(self, x, s, t, o, out): return out\n", "PARAMS must be a dict of parameter names to"),
    ("from engine.optim import Optimizer, Param\nclass A(Optimizer):\n    NAME = 'p'\n"
     "    PARAMS = {'lr': Param(5.0, float, 0.0, 1.0)}\n    def step(self, x, s, t, o, out): return out\n",
     "its default does not pass its own check"),
    ("raise RuntimeError('boom\\nsecond line')\n", "could not be loaded: RuntimeError: boom$"),
])
def test_a_plugin_that_cannot_be_used_is_one_line(tmp_path, body, message):
    path = write(tmp_path, "bad.py", body)
    status, out, err = run(["race", "cliff-edge", "--plugin", str(path), "--steps", "3"])
    assert status == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("hiker: error: ") and re.search(message, err.strip()), err
    assert "p" not in OPTIMIZERS and "nostep" not in OPTIMIZERS


def test_missing_and_non_python_plugin_files(tmp_path):
    status, _, err = run(["race", "cliff-edge", "--plugin", str(tmp_path / "none.py")])
    assert status == 2 and "no such file" in err
    status, _, err = run(["sweep", "cliff-edge", "--plugin", str(write(tmp_path, "x.txt", "hi"))])
    assert status == 2 and "expected a Python file" in err


FAILING = {
    "raises": "raise ValueError('the slope is too steep')",
    "nan": "out[:] = np.nan; return out",
    "shape": "return np.zeros(3)",
    "none": "return None",
}


@pytest.mark.parametrize("kind", sorted(FAILING))
def test_a_plugin_that_fails_while_racing_falls_and_the_race_goes_on(tmp_path, kind):
    path = write(tmp_path, "fails.py", f"""
        import numpy as np
        from engine.optim import Optimizer, Param

        class Fails(Optimizer):
            NAME = "fails"
            PARAMS = {{"lr": Param(0.1, float, 0.0, 1.0, lo_open=True)}}

            def step(self, x, state, t, oracle, out):
                if t < 2:
                    out[:] = x - self.params["lr"] * oracle.grad(x)
                    return out
                {FAILING[kind]}
        """)
    status, out, err = run(["race", "cliff-edge", "--plugin", str(path), "--opt", "fails", "--opt", "gd",
                            "--steps", "10", "--json"])
    assert status == 0 and "Traceback" not in err, err
    fails, gd = json.loads(out)["racers"]
    assert fails["fell"] and not gd["fell"] and np.all(np.isfinite(fails["final"]))
    if kind != "nan":  # NaN positions fall like any optimizer's, without a message
        assert err.count("\n") == 1 and "plugin optimizer 'fails' failed in step at step 2" in err
        assert "its hikers are marked fallen" in err
    status, out, err = run(["sweep", "cliff-edge", "--plugin", str(path), "--opt", "fails", "--lr", "0.01:0.1:3",
                            "--steps", "5", "--json"])
    assert status == 0 and all(all(r["fell"]) for r in json.loads(out)["rows"])


def test_a_plugin_that_fails_in_init(tmp_path):
    path = write(tmp_path, "init.py", """
        from engine.optim import Optimizer

        class BadInit(Optimizer):
            NAME = "badinit"

            def init(self, x):
                return 1 / 0

            def step(self, x, state, t, oracle, out):
                return out
        """)
    status, out, err = run(["race", "cliff-edge", "--plugin", str(path), "--steps", "4", "--json"])
    racers = json.loads(out)["racers"]
    assert status == 0 and racers[-1]["name"] == "badinit" and racers[-1]["fell"]  # --plugin alone joins the line-up
    assert "failed in init at step 0: ZeroDivisionError" in err
    assert not any(r["fell"] for r in racers[:-1])


def test_installed_plugins_come_from_the_entry_point_group(tmp_path, monkeypatch):
    write(tmp_path, "my_hiker_plugin.py", """
        from engine.optim import Optimizer, Param

        class Crawl(Optimizer):
            NAME = "crawl"
            BLURB = "A very careful hiker."
            PARAMS = {"lr": Param(0.001, float, 0.0, 1.0, lo_open=True)}

            def step(self, x, state, t, oracle, out):
                out[:] = x - self.params["lr"] * oracle.grad(x)
                return out
        """)
    info = tmp_path / "my_hiker_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: my-hiker-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[gradient_hiker.optimizers]\ncrawl = my_hiker_plugin:Crawl\n"
                                           "broken = my_hiker_plugin:Missing\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    names, warnings = load_installed()
    assert names == ["crawl"] and OPTIMIZERS["crawl"].PLUGIN.startswith("entry point crawl")
    assert len(warnings) == 1 and "entry point broken (my_hiker_plugin:Missing) could not be loaded" in warnings[0]


def test_plugins_never_come_from_a_level_file(tmp_path):
    """A level's line-up names built-in optimizers only, even while a plugin is loaded."""
    from engine.level import LevelError, load_spec

    (tmp_path / "signsgd.py").write_text(tutorial()[0])
    load_file(tmp_path / "signsgd.py")
    level = tmp_path / "sly.toml"
    level.write_text('[level]\nid = "sly"\ntitle = "Sly"\n[landscape]\nkind = "formula"\nformula = "x**2 + y**2"\n'
                     'domain = { x = [-1, 1], y = [-1, 1] }\n[race]\nlineup = ["signsgd"]\n')
    with pytest.raises(LevelError, match="unknown optimizer 'signsgd'"):
        load_spec(level)


def test_registry_rules():
    with pytest.raises(PluginError, match="is not an optimizer"):
        from engine.plugins import check_class

        check_class(int, "test")
