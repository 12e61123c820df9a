"""README.md, docs/levels.md and docs/optimizers.md, checked against the program.

Where a claim is a command, the test runs the command as printed; where it is a number or a name, the test
reads it from the page and compares it with the code; where it is a table (error messages, limits,
defaults, optimizer parameters), every row is checked. A page edited without the program, or a program
changed without its page, fails here.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import tomllib
from pathlib import Path

import numpy as np
import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
LEVELS_MD = (ROOT / "docs" / "levels.md").read_text()
OPTIMIZERS_MD = (ROOT / "docs" / "optimizers.md").read_text()


def run(argv: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd or Path.cwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def prose(text: str) -> str:
    """The page without its code blocks, on one line (so a sentence can be matched across line breaks)."""
    return " ".join(re.sub(r"```.*?```", "", text, flags=re.S).split())


def number(text: str, pattern: str) -> list[float]:
    m = re.search(pattern, prose(text))
    assert m, f"the page no longer says {pattern!r}: update the test with the page"
    return [float(g.replace(",", "")) for g in m.groups()]


def table(text: str, heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first Markdown table after ``heading``, without its header."""
    rows: list[list[str]] = []
    for ln in text[text.index(heading):].splitlines()[1:]:
        if ln.startswith("|"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", ln)[1:-1]])
        elif rows:
            break
    assert rows, heading
    return rows[2:]  # without the header and its --- line


def opens_window(argv: list[str]) -> bool:
    return not argv or argv[0] == "play" or "--watch" in argv


# --------------------------------------------------------------------------- README: commands


def readme_commands() -> list[str]:
    """Every `hiker ...` example in the README: the lines of its bash blocks, and the spans in its prose that
    are examples rather than templates (no LEVEL-style placeholder or [optional] part) or bare names of a
    command that needs arguments (`hiker check`)."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    lines = [ln for b in blocks for ln in b.splitlines() if ln.startswith("hiker ")]
    spans = re.findall(r"`(hiker(?: [^`]*)?)`", re.sub(r"```.*?```", "", README, flags=re.S))
    examples = []
    for s in dict.fromkeys(lines + spans):
        argv = shlex.split(s, comments=True)[1:]
        if re.search(r"\b[A-Z]{2,}\b|\[", s) or (len(argv) == 1 and argv[0] not in ("play", "levels")):
            continue
        examples.append(s)
    return examples


def test_the_readme_shows_the_commands_it_should():
    shown = readme_commands()
    assert "hiker race twin-valleys --plot loss.png --gif race.gif  # for slides" in shown
    assert any(c.startswith("hiker play twin-valleys --keys") for c in shown) and "hiker" in shown


@pytest.mark.parametrize("line", readme_commands())
def test_every_command_in_the_readme_runs(line, tmp_path):
    argv = shlex.split(line, comments=True)[1:]
    window = opens_window(argv)
    if window:  # off-screen (SDL_VIDEODRIVER=dummy, conftest) and short
        if "--frames" in argv:
            i = argv.index("--frames")
            argv = argv[:i] + argv[i + 2:]
        argv += ["--frames", "2"]
    code, out, err = run(argv, tmp_path)
    assert code == 0, err
    assert window or out.strip()
    if "--json" in argv:
        json.loads(out)
    for flag in ("--plot", "--gif", "--screenshot"):
        if flag in argv:
            assert (tmp_path / argv[argv.index(flag) + 1]).stat().st_size > 0


def test_with_no_display_hiker_says_so_and_points_to_the_headless_race(monkeypatch):
    for var in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    assert "with no display, `hiker` says so and points to the headless race" in README
    code, out, err = run([])
    assert code == 2 and out == "" and "no display" in err and "hiker race" in err


# --------------------------------------------------------------------------- README: errors and JSON


@pytest.fixture
def files(tmp_path):
    """A broken level (three problems), a level undefined in half its domain, and a file that blocks a folder."""
    broken = tmp_path / "broken.toml"
    broken.write_text('[level]\nid = "a"\ntitle = "A"\ndifficulty = 9\nfoo = 1\n[landscape]\nkind = "formla"\n')
    holes = tmp_path / "holes.toml"
    holes.write_text('[level]\nid = "holes"\ntitle = "Holes"\n[landscape]\nkind = "formula"\n'
                     'formula = "log(x + 1.5) + y**2"\ndomain = { x = [-1, 1], y = [-1, 1] }\n')
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return {"broken": str(broken), "holes": str(holes), "blocked": str(blocker / "out")}


# (argv, a piece of the one line it prints); {name} is one of the files above.
MISTAKES = [
    (["race", "no-such-level"], "no level called 'no-such-level'"),
    (["race", "{broken}"], "is broken: "),
    (["race", "twin-valleys", "--opt", "adma"], "did you mean 'adam'"),
    (["race", "twin-valleys", "--opt", "adam:lr=fast"], "lr must be a number"),
    (["race", "twin-valleys", "--steps", "0"], "--steps must be between"),
    (["race", "twin-valleys", "--seed", "-1"], "--seed must be between"),
    (["race", "twin-valleys", "--swarm", "0"], "--swarm must be between"),
    (["race", "twin-valleys", "--start", "9,9"], "outside the domain"),
    (["race", "twin-valleys", "--start", "1"], "--start must be X,Y"),
    (["race", "twin-valleys", "--plot", "loss.txt"], "cannot save .txt files"),
    (["race", "twin-valleys", "--gif", "race"], "needs a suffix"),
    (["race", "twin-valleys", "--steps", "2", "--plot", "{blocked}/loss.png"], "cannot write --plot"),
    (["race", "twin-valleys", "--steps", "2", "--gif", "{blocked}/race.gif"], "cannot write --gif"),
    (["basins", "{broken}"], "is broken: "),
    (["basins", "twin-valleys", "--grid", "2"], "--grid must be between"),
    (["basins", "twin-valleys", "--steps", "0"], "--steps must be between"),
    (["basins", "twin-valleys", "--seed", "-1"], "--seed must be between"),
    (["basins", "twin-valleys", "--opt", "gd:lr=0"], "lr must be > 0"),
    (["basins", "twin-valleys", "--png", "map.mpeg"], "cannot save .mpeg files"),
    (["basins", "twin-valleys", "--grid", "4", "--steps", "2", "--png", "{blocked}/b.png"], "cannot write --png"),
    (["hike", "{broken}"], "is broken: "),
    (["hike", "twin-valleys", "--moves", "jump"], "unknown move 'jump'"),
    (["hike", "twin-valleys", "--seed", "-1"], "--seed must be between"),
    (["hike", "twin-valleys", "--start", "a,b"], "must be a number"),
    (["eval", "{broken}", "0", "0"], "is broken: "),
    (["eval", "twin-valleys", "one", "2"], "X must be a number"),
    (["eval", "twin-valleys", "0", "1e400"], "Y must be a finite number"),
    (["eval", "{holes}", "-1.9", "0"], "the landscape is undefined at"),
    (["minimum", "{broken}"], "is broken: "),
    (["minimum", "twin-valeys"], "did you mean 'twin-valleys'"),
    (["play", "nope", "--frames", "2"], "no level called 'nope'"),
    (["play", "twin-valleys", "--screenshot", "x.png"], "--screenshot needs --frames"),
    (["race", "twin-valleys", "--watch", "--opt", "adma", "--frames", "2"], "did you mean 'adam'"),
    (["race", "twin-valleys", "--watch", "--start", "1", "--frames", "2"], "--start must be X,Y"),
    (["play", "twin-valleys", "--frames", "2", "--keys", "g,foo"], "unknown key 'foo'"),
]


@pytest.mark.parametrize("argv, message", MISTAKES, ids=[" ".join(a) for a, _ in MISTAKES])
def test_a_mistake_prints_one_line_on_stderr_and_exits_2(argv, message, files, tmp_path):
    assert "prints one line on stderr, `hiker: error: ...`, and exits with status 2" in prose(README)
    code, out, err = run([a.format(**files) for a in argv], tmp_path)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("hiker: error: ") and message in err, err


@pytest.mark.parametrize("argv", [["frob"], ["race"], ["race", "twin-valleys", "--steps", "x"],
                                  ["eval", "twin-valleys", "1", "2", "3"]])
def test_a_misspelt_command_or_option_gets_the_usage_above_one_error_line(argv):
    assert "with argparse's usage lines above its error line" in prose(README)
    code, out, err = run(argv)
    *usage, last = err.splitlines()
    assert code == 2 and out == "" and re.match(r"hiker( \w+)?: error: ", last)
    assert usage and usage[0].startswith("usage: hiker") and all(ln.startswith(" ") for ln in usage[1:])


def test_check_prints_a_bad_files_problems_on_stdout_and_exits_1(files):
    assert "`hiker check` prints a bad file's problems on stdout and exits with status 1" in prose(README)
    code, out, err = run(["check", files["broken"]])
    assert code == 1 and err == "" and len(out.splitlines()) == 3


@pytest.mark.parametrize("argv", [
    ["levels", "--json"], ["eval", "twin-valleys", "0.5", "-1", "--json"], ["minimum", "twin-valleys", "--json"],
    ["race", "egg-crate", "--steps", "30", "--json"], ["race", "egg-crate", "--steps", "30", "--swarm", "20", "--json"],
    ["basins", "egg-crate", "--grid", "8", "--steps", "20", "--json"],
    ["hike", "egg-crate", "--moves", "slope,leap,restart,leap,declare", "--json"],
])
def test_json_is_one_document_and_the_same_seed_gives_the_same_bytes(argv):
    assert "`--json` prints one JSON document on stdout; the same seed gives byte-identical output" in prose(README)
    first, second = run(argv), run(argv)
    assert first[0] == 0 and first == second
    json.loads(first[1])  # the whole of stdout is one document


# --------------------------------------------------------------------------- README: the game


def key_tokens(item: str) -> list[str]:
    """The keys an item of the controls table names, e.g. "H or F1 controls" -> ["H", "F1"]."""
    keys = []
    for word in item.split():
        if word == "or":
            continue
        if re.fullmatch(r"[A-Z0-9]|F\d+|Esc|Enter|Space|Tab|\+/-|\[|\]|arrows/WASD", word):
            keys.append(word)
        else:
            break
    return keys


def key_codes(token: str) -> list[int]:
    import pygame

    named = {"Esc": [pygame.K_ESCAPE], "Enter": [pygame.K_RETURN], "Space": [pygame.K_SPACE],
             "Tab": [pygame.K_TAB], "+/-": [pygame.K_PLUS, pygame.K_MINUS], "[": [pygame.K_LEFTBRACKET],
             "]": [pygame.K_RIGHTBRACKET], "arrows/WASD": [pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT,
                                                            pygame.K_RIGHT, pygame.K_w, pygame.K_a, pygame.K_s,
                                                            pygame.K_d]}
    return named.get(token) or [getattr(pygame, f"K_{token if token.startswith('F') else token.lower()}")]


def test_every_key_in_the_controls_table_does_what_the_table_says():
    from game.input import GLOBAL
    from game.scenes.play import PlayScene
    from game.scenes.race import SPEEDS, RaceScene
    from game.scenes.title import TitleScene

    scenes = {"play": PlayScene.KEYS, "race": RaceScene.KEYS}
    rows = {r[0]: r[1] for r in table(README, "### Controls")}
    assert set(rows) == {"everywhere", "play", "race"}
    for where, cell in rows.items():
        items = [i for i in cell.split(", ") if key_tokens(i)]
        assert len(items) == len(cell.split(", ")), f"an item of the {where} row names no key: {cell}"
        for item in items:
            for token in key_tokens(item):
                for code in key_codes(token):
                    if where == "everywhere" and token == "Esc":
                        assert all(any(code in b.keys for b in keys) for keys in (*scenes.values(), TitleScene.KEYS))
                    else:
                        bound = GLOBAL if where == "everywhere" else scenes[where]
                        assert any(code in b.keys for b in bound), f"{where}: {item!r} ({token}) is not bound"
    low, high = number(README, r"\+/- speed \((\d+)x–(\d+)x\)")
    assert (SPEEDS[0], SPEEDS[-1]) == (low, high)


def test_the_stride_sled_and_stars_are_as_described(tmp_path):
    from engine.hike import PACE_MAX, PACE_MIN, SLED_FRICTION, SLED_STEPS
    from engine.rules import ONE_STAR_SHARE

    pace = number(README, r"never less than ([\d.]+)% nor more than ([\d.]+)% of the map's diagonal")
    sled = number(README, r"for (\d+) steps you keep (\d+)% of your speed")
    star = number(README, r"one for getting (\d+)% of the way down")
    assert pace == pytest.approx([PACE_MIN * 100, PACE_MAX * 100])
    assert sled == pytest.approx([SLED_STEPS, SLED_FRICTION * 100]) and star == pytest.approx([ONE_STAR_SHARE * 100])
    # On the Plateau the slope is tiny: a slope step is stride x slope, far shorter than the shortest arrow step.
    _, out, _ = run(["eval", "the-plateau", "-3", "-2.6", "--json"])
    grad = np.array(json.loads(out)["grad"])
    steps = {}
    for move in ("slope", "right"):
        code, out, _ = run(["hike", "the-plateau", "--moves", move, "--json"])
        doc = json.loads(out)
        steps[move] = np.subtract(doc["path"][1], doc["path"][0])
        stride = doc["stride"]
    diagonal = np.hypot(8, 8)
    np.testing.assert_allclose(steps["slope"], -stride * grad, rtol=1e-6)  # positions near 3 carry ~1e-16
    assert np.hypot(*steps["slope"]) < PACE_MIN * diagonal
    assert np.hypot(*steps["right"]) == pytest.approx(PACE_MIN * diagonal)


def test_settings_and_where_they_are_saved(monkeypatch, tmp_path):
    import dataclasses

    from engine.level.registry import user_data_dir
    from game.store import Settings

    named = re.search(r"Settings \(([^)]+)\)", prose(README)).group(1).split(", ")
    fields = {"window size": "window_size", "fullscreen": "fullscreen", "volume": "volume", "mute": "muted",
              "colormap": "colormap", "contour lines": "contours", "FPS": "show_fps",
              "reduced motion": "reduced_motion", "play mode": "play_mode", "play by ear": "by_ear",
              "tutorial seen": "tutorial_done"}
    assert named == list(fields) and set(fields.values()) == {f.name for f in dataclasses.fields(Settings)}
    assert "`~/.local/share/gradient-hiker` on Linux; set `GRADIENT_HIKER_HOME` to move it" in prose(README)
    monkeypatch.setenv("GRADIENT_HIKER_HOME", str(tmp_path / "moved"))
    assert user_data_dir() == tmp_path / "moved"
    monkeypatch.delenv("GRADIENT_HIKER_HOME")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if __import__("sys").platform.startswith("linux"):
        assert user_data_dir() == tmp_path / ".local" / "share" / "gradient-hiker"


def test_the_level_pack_is_as_counted():
    from engine.functions import CLASSIC

    code, out, _ = run(["levels", "--json"])
    builtin = [r for r in json.loads(out) if r["builtin"]]
    designed = {r["title"] for r in builtin if not r["id"].startswith("classic-")}
    classic = [r for r in builtin if r["id"].startswith("classic-")]
    assert code == 0 and all(r["error"] is None for r in builtin)
    assert [len(builtin)] == number(README, r"(\d+) built-in levels and yours")
    said = re.search(r"one level per classic test function \((\d+)\) and (\w+) designed levels that teach one "
                     r"lesson each: (.*?)\.", prose(README))
    assert int(said.group(1)) == len(classic) == len(CLASSIC)
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen"]
    assert words.index(said.group(2)) == len(designed)
    titles = {re.sub(r" \(.*?\)", "", t) for t in re.split(r", | and ", said.group(3))}
    assert titles == designed
    assert next(r for r in builtin if r["title"] == "Alpine Range")["kind"] == "heightmap"


def test_the_layout_and_the_documentation_list_exist():
    layout = re.search(r"## Layout\n\n```\n(.*?)```", README, re.S).group(1)
    for line in layout.splitlines():
        assert (ROOT / line.split()[0]).is_dir(), line
    for link in re.findall(r"\]\((docs/[\w.]+\.md)\)", README):
        assert (ROOT / link).is_file(), link
    count = len(re.findall(r"^## \d+\. ", (ROOT / "docs" / "teaching.md").read_text(), re.M))
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve"]
    assert f"— {words[count]} lessons, one level each" in README


# --------------------------------------------------------------------------- docs/levels.md: errors


def level(body: str) -> str:
    return '[level]\nid = "a"\ntitle = "A"\n' + body


FORMULA = '[landscape]\nkind = "formula"\nformula = "x**2 + y**2"\ndomain = { x = [-1, 1], y = [-1, 1] }\n'

NETWORK = ('[landscape]\nkind = "network"\nlayers = [2, 8, 1]\ndata = [[0, 0, 0], [0, 1, 1], [1, 1, 1]]\n'
           'axes = { weights = [AXES] }\ndomain = { x = [-1, 1], y = [-1, 1] }\n')

# Every message of the error table, and a level that produces it. A new row needs a new entry here.
TRIGGERS = {
    "TOML syntax error: ...": level('title2 = "A\n' + FORMULA),
    "unknown section [lvl]": level(FORMULA + "[lvl]\nx = 1\n"),
    "unknown key 'stride_' in [rules]": level(FORMULA + "[rules]\nstride_ = 1\n"),
    "the [level] section is missing": FORMULA,
    "missing required key 'title'": '[level]\nid = "a"\n' + FORMULA,
    "expected a number, got a string ('fast')": level(FORMULA + '[rules]\nstride = "fast"\n'),
    "expected a whole number, got a number (5.5)": level("difficulty = 5.5\n" + FORMULA),
    "9 is out of range: it must be <= 5": level("difficulty = 9\n" + FORMULA),
    "unknown landscape kind 'formla'": level('[landscape]\nkind = "formla"\n'),
    "unknown key 'formula' for kind = 'wells'": level(FORMULA.replace('"formula"\n', '"wells"\n', 1)),
    "unknown function 'himmelbau'": level('[landscape]\nkind = "function"\nname = "himmelbau"\n'),
    "in the formula: unknown name 'z'": level(FORMULA.replace("x**2 + y**2", "x + z")),
    "in the formula: exponent 3.8742e+08 is too large": level(FORMULA.replace("x**2 + y**2", "9**9**9")),
    "in the formula: unexpected character '.'": level(FORMULA.replace("x**2 + y**2", "x.real")),
    "the interval [2, 2] is empty": level(FORMULA.replace("x = [-1, 1]", "x = [2, 2]")),
    "start [5, 0] is outside the domain": level(FORMULA + "[start]\npoint = [5, 0]\n"),
    "'../secret.png' leaves the level's folder": level('[landscape]\nkind = "heightmap"\nimage = "../secret.png"\n'
                                                       'domain = { x = [0, 1], y = [0, 1] }\n'),
    "is an absolute path": level('[landscape]\nkind = "heightmap"\nimage = "/etc/map.png"\n'
                                 'domain = { x = [0, 1], y = [0, 1] }\n'),
    "file 'map.png' not found next to the level": level('[landscape]\nkind = "heightmap"\nimage = "map.png"\n'
                                                        'domain = { x = [0, 1], y = [0, 1] }\n'),
    "image is 1025x1024 pixels; the limit is 1048576 pixels": level(
        '[landscape]\nkind = "heightmap"\nimage = "big.png"\ndomain = { x = [0, 1], y = [0, 1] }\n'),
    "unknown optimizer 'adma'": level(FORMULA + '[race]\nlineup = ["adma"]\n'),
    "adam has no parameter 'learning_rate'": level(FORMULA + '[race]\nlineup = ["adam:learning_rate=0.1"]\n'),
    "the formula has log of a non-positive number inside the domain, e.g. at (-1, -1)": level(
        FORMULA.replace("x**2 + y**2", "log(x) + y**2")),
    "'w[3][0,0]': there is no layer 3; this network's layers are 1 to 2": level(
        NETWORK.replace("AXES", '"w[3][0,0]", "b[2][0]"')),
    "'w[1][0,9]': w[1] is 2×8 (from 2 units to 8), so the indices run to w[1][1,7]": level(
        NETWORK.replace("AXES", '"w[1][0,9]", "b[2][0]"')),
    "'w1[0,3]' is not a parameter name": level(NETWORK.replace("AXES", '"w1[0,3]", "b[2][0]"')),
    "row 3 has the label 2; labels are whole numbers from 0 to 1": level(
        NETWORK.replace("AXES", '"w[1][0,0]", "b[2][0]"').replace("[1, 1, 1]]", "[1, 1, 2]]")),
    "the network has 4417 parameters; the limit is 1000": level(
        NETWORK.replace("AXES", '"w[1][0,0]", "b[2][0]"').replace("[2, 8, 1]", "[2, 64, 64, 1]")),
    "... is too much work for a level": level(NETWORK.replace("AXES", '"w[1][0,0]", "b[2][0]"').replace(
        "data = [[0, 0, 0], [0, 1, 1], [1, 1, 1]]", 'dataset = { generate = "moons", size = 2000 }')),
}


def error_table() -> list[tuple[str, str]]:
    """(message, what to do) for every message of the table; a row may list two messages."""
    out = []
    for message, todo in table(LEVELS_MD, "## Error messages"):
        for m in re.findall(r"`([^`]+)`", message):
            out.append((m, todo))
    return out


def test_the_error_table_and_the_triggers_list_the_same_messages():
    assert [m for m, _ in error_table()] == list(TRIGGERS)


@pytest.mark.parametrize("message", list(TRIGGERS))
def test_every_row_of_the_error_table_reproduces_its_message(message, tmp_path):
    from PIL import Image

    sub = tmp_path / "level"
    sub.mkdir()
    Image.new("L", (1025, 1024)).save(sub / "big.png")
    path = sub / "level.toml"
    path.write_text(TRIGGERS[message])
    code, out, _ = run(["check", str(path)])
    warning = message.startswith("the formula has")
    assert code == (0 if warning else 1)
    pattern = re.escape(message).replace(re.escape("..."), ".*")
    line = next((ln for ln in out.splitlines() if re.search(pattern, ln)), None)
    assert line is not None, out
    assert line.startswith(str(path)) and (": warning: " if warning else ": error: ") in line


def test_the_error_table_hints_are_the_real_hints(tmp_path):
    """The hints the table quotes ("did you mean 'formula'?" and so on) are the ones printed."""
    for message, quoted in [("unknown landscape kind 'formla'", "did you mean 'formula'?"),
                            ("unknown function 'himmelbau'", "did you mean 'himmelblau'?"),
                            ("unknown optimizer 'adma'", "did you mean 'adam'"),
                            ("adam has no parameter 'learning_rate'", "'lr'")]:
        assert quoted in dict(error_table())[message]
        path = tmp_path / "level.toml"
        path.write_text(TRIGGERS[message])
        assert quoted in run(["check", str(path)])[1]


# --------------------------------------------------------------------------- docs/levels.md: limits and defaults


def test_the_limits_are_the_codes_limits(tmp_path):
    from PIL import Image

    from engine.expr.syntax import MAX_CONST_EXPONENT, MAX_DEPTH, MAX_LENGTH, MAX_NODES
    from engine.heightmap import MAX_PIXELS, HeightmapError, load_gray
    from engine.level.loader import MAX_CSV_BYTES, MAX_FILE_BYTES
    from engine.level.schema import MAX_LINEUP, MAX_ROWS, MAX_WELLS

    pixels, side, wide, tall, bad_w, bad_h, least, _, rows, mib, kib = number(
        LEVELS_MD, r"An image may have at most ([\d,]+) pixels \((\d+) · \d+\) in any shape, so (\d+)×(\d+) is fine "
                   r"and (\d+)×(\d+) is not, and at least (\d+)×(\d+); CSV files at most ([\d,]+) rows and (\d+) MiB, "
                   r"level files at most (\d+) KiB")
    assert pixels == MAX_PIXELS == side * side and rows == MAX_ROWS
    assert mib * 2**20 == MAX_CSV_BYTES and kib * 2**10 == MAX_FILE_BYTES
    for w, h, ok in ((wide, tall, True), (bad_w, bad_h, False), (least, least, True), (least - 1, least, False)):
        Image.new("L", (int(w), int(h)), 128).save(tmp_path / "map.png")
        if ok:
            assert load_gray(tmp_path / "map.png").shape == (h, w)
        else:
            with pytest.raises(HeightmapError):
                load_gray(tmp_path / "map.png")
    assert number(LEVELS_MD, r"at most (\d+) characters, (\d+) terms, (\d+) levels of nesting, and constant "
                             r"exponents within ±(\d+)") == [MAX_LENGTH, MAX_NODES, MAX_DEPTH, MAX_CONST_EXPONENT]
    assert number(LEVELS_MD, r"the default AI racers, at most (\d+)") == [MAX_LINEUP]
    assert number(LEVELS_MD, r"width = w \}`, at most (\d+)") == [MAX_WELLS]
    assert number(LEVELS_MD, r"the examples, inline, at most ([\d,]+)") == [MAX_ROWS]


def test_the_network_limits_are_the_codes_limits():
    from engine.datasets2d import MIN_SIZE
    from engine.level.schema import MAX_GENERATED
    from engine.network import (
        ACTIVATION_WORK,
        MAX_LAYERS,
        MAX_OUTPUTS,
        MAX_PARAMS,
        MAX_TRAIN_STEPS,
        MAX_WIDTH,
        MAX_WORK,
        Architecture,
        work,
    )

    said = number(LEVELS_MD, r"`layers` lists 2 to (\d+) sizes, the first one 2; a hidden layer has\s+1 to (\d+) "
                             r"units, the output 1 to (\d+); at most ([\d,]+) parameters; and examples × \(parameters "
                             r"\+ (\d+) × hidden units\)\s+at most ([\d,]+)")
    assert said == [MAX_LAYERS, MAX_WIDTH, MAX_OUTPUTS, MAX_PARAMS, ACTIVATION_WORK, MAX_WORK]
    assert number(LEVELS_MD, r"`size` is (\d+) to ([\d,]+) points") == [MIN_SIZE, MAX_GENERATED]
    assert number(LEVELS_MD, r"at most ([\d,]+) steps,\s+made each time") == [MAX_TRAIN_STEPS]
    fits = re.search(r"So ([\d,]+) points\s+fit a `\[([\d, ]+)\]` network, (\d+) points `\[([\d, ]+)\]`, (\d+) "
                     r"points `\[([\d, ]+)\]`", " ".join(LEVELS_MD.split()))
    for rows, layers in zip(fits.groups()[::2], fits.groups()[1::2], strict=True):
        arch = Architecture(tuple(int(n) for n in layers.split(",")))
        assert arch.size <= MAX_PARAMS and work(arch, int(rows.replace(",", ""))) <= MAX_WORK


def documented_defaults() -> dict[tuple[str, str], object]:
    """(section, key) -> the default the key tables print, for every default that is a plain TOML value."""
    out = {}
    for m in re.finditer(r"^### `\[(\w+)\]`", LEVELS_MD, re.M):
        for row in table(LEVELS_MD[m.start():], m.group(0)):
            key, default = row[0].strip("`"), row[2]
            if re.fullmatch(r"`[^`]+`", default):
                out[(m.group(1), key)] = tomllib.loads(f"v = {default.strip('`')}")["v"]
    return out


def test_the_documented_defaults_are_the_defaults():
    from engine.level import parse_level
    from engine.level.spec import DEFAULT_LINEUP
    from engine.minimum import default_tolerance

    spec = parse_level(level(FORMULA))
    actual = {
        ("level", "description"): spec.info.description, ("level", "author"): spec.info.author,
        ("level", "difficulty"): spec.info.difficulty,
        ("landscape", "constants"): dict(spec.landscape.constants),
        ("landscape", "base"): parse_level(level(FORMULA.replace('"formula"\nformula = "x**2 + y**2"',
                                                                '"wells"'))).landscape.base,
        ("landscape", "wells"): list(parse_level(level(FORMULA.replace('"formula"\nformula = "x**2 + y**2"',
                                                                      '"wells"'))).landscape.wells),
        ("landscape", "height"): None,  # needs an image: checked below
        ("rules", "steps"): spec.rules.steps, ("rules", "stride"): spec.rules.stride, ("rules", "fog"): spec.rules.fog,
        ("rules", "abilities"): {k: getattr(spec.rules.abilities, k) for k in ("sled", "leap", "restart")},
        ("rules", "mode"): spec.rules.mode,
        ("race", "lineup"): [r.name for r in spec.race.lineup], ("race", "steps"): spec.race.steps,
        ("race", "seed"): spec.race.seed,
    }
    net = parse_level(level(NETWORK.replace("AXES", '"w[1][0,0]", "b[2][0]"'))).landscape
    actual |= {("landscape", "activation"): net.activation, ("landscape", "loss"): net.loss,
               ("landscape", "train"): {"steps": net.train.steps, "lr": net.train.lr, "seed": net.train.seed}}
    documented = documented_defaults()
    assert documented.pop(("landscape", "height")) == [0, 1]
    actual.pop(("landscape", "height"))
    assert documented == actual
    assert list(DEFAULT_LINEUP) == documented[("race", "lineup")]
    assert spec.rules.par_steps == spec.rules.steps // 2  # "half of `steps`"
    assert default_tolerance(2.0) == pytest.approx(0.002)  # "0.1% of (median altitude − lowest altitude)"


def test_the_heightmap_default_height_is_0_to_1(tmp_path):
    from PIL import Image

    from engine.level import find_level

    Image.new("L", (8, 8), 255).save(tmp_path / "map.png")
    (tmp_path / "hm.toml").write_text(level('[landscape]\nkind = "heightmap"\nimage = "map.png"\n'
                                            'domain = { x = [0, 1], y = [0, 1] }\n'))
    lv = find_level(str(tmp_path / "hm.toml"))
    assert lv.landscape.value(np.array([[0.5, 0.5]]))[0] == pytest.approx(1.0)  # white is the high end, 1


def test_the_name_lists_are_complete():
    from engine.expr import BUILTIN_CONSTANTS, FUNCTIONS
    from engine.functions import CLASSIC

    classics = re.search(r"Classic functions \(`name`\): (.*?)\.", prose(LEVELS_MD)).group(1)
    assert sorted(re.findall(r"`([\w-]+)`", classics)) == sorted(CLASSIC)
    functions = re.search(r"functions: `(.*?)` and `softplus", prose(LEVELS_MD)).group(1)
    names = {re.match(r"\w+", f).group(0) for f in re.split(r"\s+(?![^(]*\))", functions)}
    assert names | {"softplus"} == set(FUNCTIONS)
    assert "the constants `pi` and `e`" in prose(LEVELS_MD) and set(BUILTIN_CONSTANTS) == {"pi", "e"}


def test_the_formula_language_examples():
    from engine.expr import compile_formula

    P = np.array([[2.0, 3.0]])
    for text, value in [("2", 2), ("0.5", 0.5), (".5", 0.5), ("1e-3", 1e-3), ("2^3^2", 2**9), ("2**3**2", 2**9),
                        ("-x**2", -4), ("softplus(0)", np.log(2)), ("atan2(y, x)", np.arctan2(3, 2)),
                        ("min(x, y, 1)", 1), ("max(x, y)", 3)]:
        assert compile_formula(text).value(P)[0] == pytest.approx(value), text
    assert "`2^3^2` is `2^9`" in LEVELS_MD and "`-x**2` is `-(x**2)`" in LEVELS_MD


def test_levels_json_prints_every_levels_path():
    assert "`hiker levels --json` prints every level's path" in prose(LEVELS_MD)
    code, out, _ = run(["levels", "--json"])
    assert code == 0 and all(Path(r["path"]).is_file() for r in json.loads(out))


# --------------------------------------------------------------------------- docs/optimizers.md


def range_text(p) -> str:
    if p.kind is bool:
        return "true / false"
    if p.choices:
        return ", ".join(p.choices)
    lo = f"{'>' if p.lo_open else '≥'} {p.lo:g}" if p.lo is not None else ""
    hi = f"≤ {p.hi:g}" if p.hi is not None else ""
    return ", ".join(x for x in (lo, hi) if x)


def default_text(p) -> str:
    return str(p.default).lower() if p.kind is bool else f"{p.default:g}" if p.kind in (int, float) else str(p.default)


def test_every_optimizer_parameter_row_has_the_real_default_and_range():
    from engine.optim import OPTIMIZERS
    from engine.optim.schedules import SCHEDULE_PARAMS

    for name, cls in OPTIMIZERS.items():
        rows = {r[0].strip("`"): r for r in table(OPTIMIZERS_MD, f"### `{name}`")}
        assert set(rows) == set(cls.PARAMS), name
        for key, p in cls.PARAMS.items():
            assert rows[key][1:3] == [default_text(p), range_text(p)], f"{name}.{key}"
    rows = {r[0].strip("`"): r for r in table(OPTIMIZERS_MD, "### Schedule parameters")}
    assert set(rows) == set(SCHEDULE_PARAMS)
    for key, p in SCHEDULE_PARAMS.items():
        assert rows[key][1] == default_text(p), key


def test_schedules_and_filled_in_parameters_are_as_described(tmp_path):
    from engine.optim import OPTIMIZERS, complete
    from engine.optim.schedules import SCHEDULE_KEYS, SCHEDULE_PARAMS

    gammas = number(OPTIMIZERS_MD, r"`gamma` defaults to ([\d.]+) for `step` and ([\d.]+) for `exponential`")
    assert [complete("gd", {"schedule": s})["gamma"] for s in ("step", "exponential")] == gammas
    for schedule, own in SCHEDULE_KEYS.items():
        filled = complete("adam", {"schedule": schedule})
        assert {k for k in SCHEDULE_PARAMS if k in filled} == {"schedule", *own}
    for name in OPTIMIZERS:  # every gradient method but Rprop takes a schedule; annealing has no learning rate
        assert ("schedule" in complete(name, {})) == (name not in ("annealing", "rprop")), name
    assert "Every gradient method but `rprop` (and `annealing`, which has no learning rate) takes `schedule`" \
        in prose(OPTIMIZERS_MD)
    restarts = complete("restarts", {"base": "adam", "lr": 0.05, "every": 40})
    assert restarts["lr"] == 0.05 and "beta2" in restarts  # it takes its base's parameters
    code, out, _ = run(["race", "twin-valleys", "--opt", "adam:lr=0.05,beta1=0.8", "--steps", "2", "--json"])
    assert code == 0 and json.loads(out)["racers"][0]["params"] == complete("adam", {"lr": 0.05, "beta1": 0.8})


def test_hikers_stay_on_the_map_and_fall_quietly(tmp_path, recwarn):
    import warnings

    (tmp_path / "holes.toml").write_text(level('[landscape]\nkind = "formula"\nformula = "log(x + 0.5) + x**2"\n'
                                               'domain = { x = [-1, 1], y = [-1, 1] }\n'))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, out, err = run(["race", str(tmp_path / "holes.toml"), "--start", "0.9,0", "--steps", "20", "--json",
                              "--opt", "gd:lr=1", "--opt", "gd:lr=0.001"])
    falls, stays = json.loads(out)["racers"]
    assert code == 0 and err == "" and falls["fell"] and not stays["fell"]
    code, out, _ = run(["race", "cliff-edge", "--opt", "gd:lr=2.5", "--steps", "10", "--json"])
    x, y = json.loads(out)["racers"][0]["final"]
    assert -3 <= x <= 2 and -2 <= y <= 2 and abs(y) == 2  # thrown against the edge, not off the map


def test_the_torch_comparison_is_as_described():
    text = (ROOT / "tests" / "test_optimizers.py").read_text()
    assert "40-step paths against `torch.optim` to 1e-9" in prose(OPTIMIZERS_MD)
    assert "steps = 40" in text and "rtol=1e-9" in text
