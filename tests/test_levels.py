"""Level files: the documented format, the built-in pack, round trips, and located errors."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from engine.functions import CLASSIC
from engine.level import LevelError, all_levels, builtin_dir, check_file, find_level, parse_level
from engine.level.schema import KEYS
from engine.level.spec import Abilities, LevelInfo, Rules
from engine.level.writer import dumps
from game.cli import main

DOCS = Path(__file__).resolve().parents[1] / "docs" / "levels.md"

MINIMAL = """[level]
id = "my-valleys"
title = "Twin Valleys"

[landscape]
{landscape}

[start]
point = [1.5, 1.5]
"""
FORMULA = ('kind = "formula"\nformula = "x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*exp(-((x+1)**2 + y**2)/0.2)"'
           '\ndomain = { x = [-2, 2], y = [-2, 2] }')
VARIANTS = {
    "formula": FORMULA,
    "function": 'kind = "function"\nname = "himmelblau"',
    "wells": 'kind = "wells"\nbase = "0.05*(x**2 + y**2)"\nwells = [{ at = [1, 1], depth = 2, width = 0.5 }, '
             '{ at = [-1, -0.5], depth = 3, width = 0.2 }]\ndomain = { x = [-2, 2], y = [-2, 2] }',
    "heightmap": 'kind = "heightmap"\nimage = "map.png"\nheight = [0, 1000]\ndomain = { x = [0, 4], y = [0, 4] }',
    "data": 'kind = "data"\ndata = [[2, 1]]\ndomain = { x = [-1, 2], y = [-1, 2] }',
    "csv": 'kind = "data"\ncsv = "students.csv"\ndomain = { x = [-1, 2], y = [-1, 2] }',
    "network": 'kind = "network"\nlayers = [2, 3, 1]\ndataset = { generate = "circles", size = 40, seed = 2 }\n'
               'axes = { slice = 4 }\ntrain = { steps = 50 }\ndomain = { x = [-2, 2], y = [-2, 2] }',
    "network-inline": 'kind = "network"\nlayers = [2, 2, 2]\nactivation = "relu"\nloss = "squared"\n'
                      'data = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]\n'
                      'axes = { weights = ["w[1][0,1]", "b[2][1]"] }\n'
                      'theta = [1, -1, -1, 1, 0, 0, 1, 0, 1, 0, 0, 0]\ndomain = { x = [-2, 2], y = [-2, 2] }',
    "network-csv": 'kind = "network"\nlayers = [2, 4, 1]\nactivation = "sigmoid"\ncsv = "points.csv"\n'
                   'axes = { weights = ["w[2][3,0]", "w[1][1,2]"] }\ndomain = { x = [-3, 3], y = [-3, 3] }',
}


def write_assets(folder: Path) -> None:
    from PIL import Image

    y, x = np.mgrid[0:64, 0:64]
    z = 0.5 + 0.4 * np.sin(x / 9.0) * np.cos(y / 7.0)
    Image.fromarray((z * 65535).astype(np.uint16)).save(folder / "map.png")
    (folder / "students.csv").write_text("hours,passed\n1,0\n2,0\n3,1\n4,1\n5,1\n")
    (folder / "points.csv").write_text("x1,x2,label\n0.1,0.2,0\n-0.5,0.3,1\n0.7,-0.4,1\n-0.2,-0.9,0\n1,1,0\n")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_minimal_files_from_the_issue_are_valid(tmp_path, variant):
    write_assets(tmp_path)
    path = tmp_path / "level.toml"
    path.write_text(MINIMAL.format(landscape=VARIANTS[variant]))
    level = check_file(path).level
    assert level.id == "my-valleys" and level.start() == (1.5, 1.5)
    v, g = level.landscape.value_and_grad(np.array([[1.5, 1.5]]))
    assert np.isfinite(v).all() and np.isfinite(g).all()
    assert np.isfinite(level.minimum.value)
    if variant == "function":
        assert level.domain.x == (-5, 5) and level.minimum.value == 0.0


def doc_examples() -> list[str]:
    return [b for b in re.findall(r"```toml\n(.*?)```", DOCS.read_text(), re.S) if b.startswith("[level]")]


def test_docs_have_an_example_of_every_kind():
    kinds = {re.search(r'kind = "(\w+)"', b).group(1) for b in doc_examples()}
    assert kinds == {"function", "formula", "wells", "heightmap", "data", "network"}


@pytest.mark.parametrize("index", range(len(doc_examples())))
def test_every_docs_example_loads_and_checks(tmp_path, index, capsys):
    write_assets(tmp_path)
    path = tmp_path / f"example{index}.toml"
    path.write_text(doc_examples()[index])
    assert main(["check", str(path)]) == 0
    assert ": ok: " in capsys.readouterr().out
    assert main(["race", str(path), "--steps", "5", "--json"]) == 0


def test_docs_document_every_key():
    text = DOCS.read_text()
    for section, keys in KEYS.items():
        assert f"`[{section}]`" in text
        for key in keys:
            assert f"| `{key}` |" in text, f"[{section}].{key} is not documented"


def test_round_trip_read_write_read(tmp_path):
    write_assets(tmp_path)
    for variant in VARIANTS:
        first = parse_level(MINIMAL.format(landscape=VARIANTS[variant]), "a.toml", tmp_path / "a.toml")
        text = dumps(first)
        second = parse_level(text, "b.toml", tmp_path / "b.toml")
        assert second == first
        assert dumps(second) == text
    for entry in all_levels():
        again = parse_level(dumps(entry.spec), "c.toml", entry.path)
        assert again == entry.spec


# --------------------------------------------------------------------------- the built-in pack


def builtin_entries():
    return [e for e in all_levels() if e.builtin]


def test_builtin_pack_is_complete_and_valid():
    entries = builtin_entries()
    assert all(e.spec is not None for e in entries), [str(e.error) for e in entries if e.error]
    ids = {e.id for e in entries}
    assert {f"classic-{n}" for n in CLASSIC} <= ids
    designed = [e for e in entries if e.spec.kind != "function"]
    assert len(designed) >= 10
    kinds = {e.spec.kind for e in designed}
    assert kinds == {"formula", "wells", "heightmap", "data", "network"}
    for must in ("twin-valleys", "the-long-valley", "the-saddle", "the-plateau", "egg-crate", "the-needle",
                 "cliff-edge", "alpine-range", "the-exam", "study-hours", "two-moons", "xor-net"):
        assert must in ids
    for e in entries:
        assert 1 <= len(re.findall(r"[.!?](\s|$)", e.spec.info.description)) <= 3, e.id


@pytest.mark.parametrize("path", sorted(Path(builtin_dir()).glob("*.toml")), ids=lambda p: p.stem)
def test_builtin_level_checks_and_races(path, capsys):
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "DISAGREES" not in out and ": ok: " in out  # a declared minimum agrees with the search
    # The default race. One rule for "found": a racer reported as ending in the global minimum is within the
    # level's altitude tolerance of it, and one within the tolerance is reported as such.
    assert main(["race", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    m = result["minimum"]
    for r in result["racers"]:
        within = not r["fell"] and r["final_cost"] <= m["value"] + m["tolerance"]
        assert (r["ended_in"] == "global") == within, (r["label"], r["final_cost"], m)


def test_the_exam_is_the_delta_rule_example():
    level = find_level("the-exam")
    assert level.start() == (0.1, 0.3)
    np.testing.assert_array_equal(level.landscape.inputs, [[1, 2]])
    assert level.landscape.targets.tolist() == [1]


def test_study_hours_sgd_is_visibly_noisy():
    from engine.race import Race

    level = find_level("study-hours")
    race = Race(level.landscape, [("gd", {"lr": 0.005}), ("sgd", {"lr": 0.002, "batch": 1})],
                level.start(), 150, level.minimum).run()
    gd, sgd = (np.array([p[0] for p in r.hikers.path]) for r in race.racers)
    costs = [level.landscape.value(p) for p in (gd, sgd)]
    assert np.all(np.diff(costs[0]) <= 1e-12)  # full-batch descent never goes uphill here
    assert np.sum(np.diff(costs[1]) > 0) > 20  # the mini-batch path goes uphill again and again


def test_user_levels_and_paths(tmp_path, user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(MINIMAL.format(landscape=FORMULA).replace("my-valleys", "mine"))
    (folder / "broken.toml").write_text("[level]\nid = 'broken'\n")
    entries = {e.id: e for e in all_levels()}
    assert entries["mine"].spec is not None and not entries["mine"].builtin
    assert entries["broken"].spec is None and "title" in str(entries["broken"].error)
    assert find_level("mine").title == "Twin Valleys"
    assert find_level(str(folder / "mine.toml")).id == "mine"


# --------------------------------------------------------------------------- bad files

BAD = [
    # (name, file text, expected message fragment, expected "line:col" or None)
    ("syntax", '[level]\nid = "a"\ntitle = Twin\n', "TOML syntax error", "3:9"),
    ("no-level", FORMULA.join(["[landscape]\n", "\n"]), "the [level] section is missing", None),
    ("missing-title", '[level]\nid = "a"\n[landscape]\n' + FORMULA, "missing required key 'title'", None),
    ("wrong-type", '[level]\nid = "a"\ntitle = "A"\ndifficulty = "hard"\n[landscape]\n' + FORMULA,
     "expected a whole number, got a string", "4:1"),
    ("out-of-range", '[level]\nid = "a"\ntitle = "A"\ndifficulty = 9\n[landscape]\n' + FORMULA,
     "9 is out of range: it must be <= 5", "4:1"),
    ("unknown-key", '[level]\nid = "a"\ntitle = "A"\ntitel = "B"\n[landscape]\n' + FORMULA,
     "unknown key 'titel' in [level] (hint: did you mean 'title'?)", "4:1"),
    ("unknown-section", '[level]\nid = "a"\ntitle = "A"\n[landscape]\n' + FORMULA + '\n[rule]\nsteps = 3\n',
     "unknown section [rule] (hint: did you mean 'rules'?)", "8:1"),
    ("unknown-kind", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formla"\n',
     "unknown landscape kind 'formla' (hint: did you mean 'formula'?)", "5:1"),
    ("unknown-function", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "function"\nname = "himmelbau"\n',
     "did you mean 'himmelblau'?", "6:1"),
    ("formula-function", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "sni(x) + y"\n'
     'domain = { x = [-1, 1], y = [-1, 1] }\n', "unknown function 'sni' (hint: did you mean 'sin'?)", "6:12"),
    ("injection-import", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\n'
     'formula = "__import__(x)"\ndomain = { x = [-1, 1], y = [-1, 1] }\n', "unknown function '__import__'", "6:12"),
    ("injection-os", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\n'
     "formula = \"__import__('os').system('x')\"\ndomain = { x = [-1, 1], y = [-1, 1] }\n",
     "unexpected character", "6:23"),
    ("injection-class", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "().__class__"\n'
     'domain = { x = [-1, 1], y = [-1, 1] }\n', "unexpected character '.'", "6:14"),
    ("runaway-exponent", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "9**9**9"\n'
     'domain = { x = [-1, 1], y = [-1, 1] }\n', "exponent 3.8742e+08 is too large", None),
    ("unknown-name", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "x + z"\n'
     'domain = { x = [-1, 1], y = [-1, 1] }\n', "unknown name 'z'", "6:16"),
    ("empty-domain", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "x"\n'
     'domain = { x = [2, 2], y = [-1, 1] }\n', "the interval [2, 2] is empty", "7:12"),
    ("missing-domain", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "x"\n',
     "missing required key 'domain'", None),
    ("start-outside", MINIMAL.format(landscape=FORMULA).replace("[1.5, 1.5]", "[5, 0]"),
     "start [5, 0] is outside the domain", "11:1"),
    ("path-escape", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "heightmap"\nimage = "../secret.png"\n'
     'domain = { x = [0, 1], y = [0, 1] }\n', "'../secret.png' leaves the level's folder", "6:1"),
    ("absolute-path", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "data"\ncsv = "/etc/passwd"\n'
     'domain = { x = [0, 1], y = [0, 1] }\n', "'/etc/passwd' is an absolute path", "6:1"),
    ("missing-image", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "heightmap"\nimage = "nothere.png"\n'
     'domain = { x = [0, 1], y = [0, 1] }\n', "file 'nothere.png' not found next to the level", "6:1"),
    ("not-an-image", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "heightmap"\nimage = "fake.png"\n'
     'domain = { x = [0, 1], y = [0, 1] }\n', "cannot read image", "6:1"),
    ("key-of-other-kind", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "wells"\nformula = "x"\n'
     'domain = { x = [0, 1], y = [0, 1] }\n', "unknown key 'formula' for kind = 'wells'", "6:1"),
    ("bad-well", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "wells"\nwells = [{ at = [0, 0], depth = 1, '
     'width = -1 }]\ndomain = { x = [0, 1], y = [0, 1] }\n', "it must be > 0", None),
    ("bad-optimizer", MINIMAL.format(landscape=FORMULA) + '\n[race]\nlineup = ["adma:lr=0.1"]\n',
     "unknown optimizer 'adma'; did you mean 'adam'?", "14:1"),
    ("bad-opt-param", MINIMAL.format(landscape=FORMULA) + '\n[race]\nlineup = ["adam:learning_rate=0.1"]\n',
     "did you mean 'lr'?", "14:1"),
    ("bad-id", MINIMAL.format(landscape=FORMULA).replace('"my-valleys"', '"Twin Valleys!"'),
     "id 'Twin Valleys!' is not allowed", "2:1"),
    ("goal-half", MINIMAL.format(landscape=FORMULA) + "\n[goal]\nvalue = 1\n", "points is missing", "13:1"),
    ("bad-ability", MINIMAL.format(landscape=FORMULA) + "\n[rules]\nabilities = { sled = 2, jump = 1 }\n",
     "unknown key 'jump' in [rules.abilities]", "14:25"),
    ("negative-stride", MINIMAL.format(landscape=FORMULA) + "\n[rules]\nstride = -0.1\n", "must be > 0", "14:1"),
    ("bad-data-row", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "data"\ndata = [[1, 2], [3]]\n'
     'domain = { x = [0, 1], y = [0, 1] }\n', "row 2 is [3]", "6:1"),
    ("duplicate-key", '[level]\nid = "a"\nid = "b"\n', "TOML syntax error", "3:"),
    ("nowhere-finite", '[level]\nid = "a"\ntitle = "A"\n[landscape]\nkind = "formula"\nformula = "log(-1 - x*x)"\n'
     'domain = { x = [-1, 1], y = [-1, 1] }\n', "no minimum found", "4:1"),
]


@pytest.mark.parametrize("name, text, message, where", BAD, ids=[b[0] for b in BAD])
def test_bad_files_give_located_errors(tmp_path, capsys, name, text, message, where):
    (tmp_path / "fake.png").write_text("this is not a png")
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert message in out
    first = next(line for line in out.splitlines() if message in line)
    assert first.startswith(str(path))
    if where:
        assert first.startswith(f"{path}:{where}")
    else:
        assert re.match(rf"{re.escape(str(path))}(:\d+:\d+)?: ", first)
    with pytest.raises(LevelError):
        check_file(path)


def test_every_problem_is_reported_not_only_the_first(tmp_path, capsys):
    path = tmp_path / "many.toml"
    path.write_text('[level]\nid = "a"\ntitel = "A"\ndifficulty = 0\n'
                    '[landscape]\nkind = "formla"\n[start]\npoint = 3\n')
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) >= 4  # titel, missing title, difficulty, kind, point


def test_formula_warnings_name_a_sample_point(tmp_path, capsys):
    path = tmp_path / "warn.toml"
    path.write_text(MINIMAL.format(landscape='kind = "formula"\nformula = "log(x + 1) + abs(y)"\n'
                                   'domain = { x = [-2, 2], y = [-2, 2] }'))
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: [landscape].formula: the formula has log of a non-positive number inside the domain, " \
           "e.g. at (-2, -2)" in out
    assert "abs at 0 (not differentiable)" in out


def test_optimizer_docs_list_every_parameter():
    from engine.optim import OPTIMIZERS
    from engine.optim.schedules import SCHEDULE_PARAMS

    text = (DOCS.parent / "optimizers.md").read_text()
    for name, cls in OPTIMIZERS.items():
        assert f"### `{name}`" in text
        for key in cls.PARAMS:
            assert f"| `{key}` |" in text
    for key in SCHEDULE_PARAMS:
        assert f"| `{key}` |" in text


def test_every_key_of_the_docs_example_takes_effect(tmp_path):
    """The fullest docs example: each key it sets shows up in the loaded level and changes behaviour."""
    from engine.hike import Hike

    text = next(b for b in doc_examples() if 'id = "tilted-bowl"' in b)
    path = tmp_path / "tilted.toml"
    path.write_text(text)
    level = check_file(path).level
    spec = level.spec
    assert spec.info == LevelInfo("tilted-bowl", "Tilted Bowl", "A stretched bowl. The slope is steep across it and "
                                  "gentle along it.", "you", 1)
    # constants a = 1, b = 12 are used by the formula
    assert level.landscape.value(np.array([[2.0, 0.5]]))[0] == pytest.approx(1 * 1**2 + 12 * 1**2)
    assert level.domain.x == (-3, 3) and level.start() == (-2.5, 2)
    assert spec.rules == Rules(steps=30, stride=0.05, fog=0.5, par=12, abilities=Abilities(3, 0, 0))
    m = level.minimum
    assert m.source == "declared" and m.value == 0 and m.points == [(1.0, -0.5)] and m.tolerance == 0.001
    assert spec.race.seed == 3 and spec.race.steps == 150 and len(level.lineup()) == 3
    hike = Hike(level, seed=0)
    assert hike.budget == 30 and hike.stride == 0.05 and hike.leap() is None  # no leaps in this level
    assert hike.sled()
