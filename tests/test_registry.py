"""Where levels come from (engine/level/registry.py): the unlock order, ids taken twice, the owner of an id."""

import tomllib

from hostile.make_corpus import formula, level

from engine.level import all_levels, builtin_dir, unlock_sequence
from engine.level.registry import id_owner

# The designed (not classic) built-in levels, easiest first, as the pack's files say (difficulty, then
# file name): the order in which they unlock.
DESIGNED = ["the-exam", "twin-valleys", "cliff-edge", "study-hours", "the-long-valley", "the-saddle", "egg-crate",
            "the-plateau", "two-moons", "alpine-range", "xor-net", "the-needle"]


def test_the_unlock_order_is_the_designed_built_in_levels_easiest_first(user_home):
    files = {p.stem: tomllib.loads(p.read_text()) for p in builtin_dir().glob("*.toml")}
    designed = sorted((doc["level"]["difficulty"], f"{stem}.toml", doc["level"]["id"]) for stem, doc in files.items()
                      if doc["landscape"]["kind"] != "function")
    assert [lid for _, _, lid in designed] == DESIGNED
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(level(formula("x*x + y*y"), id="mine"))
    entries = all_levels()
    assert any(e.id == "mine" for e in entries) and any(e.id == "classic-rosenbrock" for e in entries)
    assert unlock_sequence(entries) == DESIGNED  # no user level, no classic


def test_a_user_level_with_a_built_in_id_is_broken_and_says_whose_it_is(user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "copy.toml").write_text(level(formula("x*x"), id="twin-valleys"))
    entry = next(e for e in all_levels() if e.path == folder / "copy.toml")
    assert entry.spec is None
    (problem,) = entry.error.problems
    assert problem.key == "[level].id" and problem.line == 2
    assert problem.message == f"id 'twin-valleys' is already used by {builtin_dir() / 'twin-valleys.toml'}"
    assert problem.hint == "every level needs its own id: rename this one"


def test_the_owner_of_an_id_is_the_first_file_that_loads_with_it(user_home):
    folder = user_home / "levels"
    folder.mkdir(parents=True)
    (folder / "a.toml").write_text(level(formula("x*"), id="dup"))  # declares it, but does not load
    (folder / "b.toml").write_text(level(formula("x*x"), id="dup"))
    (folder / "c.toml").write_text(level(formula("y*y"), id="dup"))
    assert id_owner("dup", folder / "new.toml") == folder / "b.toml"
    assert id_owner("dup", folder / "b.toml") is None  # a file does not own an id against itself
    assert id_owner("twin-valleys", folder / "new.toml") == builtin_dir() / "twin-valleys.toml"
    assert id_owner("nobody-has-this", folder / "new.toml") is None


def test_the_list_shows_the_designed_levels_first_then_the_classics_each_easiest_first(user_home):
    docs = [(p.name, tomllib.loads(p.read_text())) for p in builtin_dir().glob("*.toml")]
    classic = sorted((d["level"]["difficulty"], name, d["level"]["id"]) for name, d in docs
                     if d["landscape"]["kind"] == "function")
    assert [e.id for e in all_levels() if e.builtin] == DESIGNED + [lid for _, _, lid in classic]
