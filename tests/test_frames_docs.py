"""docs/performance.md, section "Frames", checked against the program: the command and its switches, the
line-up measured, and the sizes of the work on network levels. Nothing here reads a clock."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def frames_section() -> str:
    text = (ROOT / "docs" / "performance.md").read_text()
    start = text.index("\n## Frames")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_the_documented_commands_use_real_switches(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.frames as bench

    section = frames_section()
    commands = re.findall(r"python -m benchmarks\.frames[^\n`]*", section)
    assert commands
    source = Path(bench.__file__).read_text()
    for command in commands:
        for flag in re.findall(r"(--[a-z-]+)", command):
            assert f'"{flag}"' in source, flag


def test_the_changes_in_the_table_are_the_benchmarks_without_switches(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.frames as bench

    named = set(re.findall(r"^\| `([a-z-]+)` \|", frames_section(), re.M))
    assert named == set(bench.WITHOUT)


def test_the_race_measured_is_nine_racers_the_swarm_and_the_basins_map(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.frames as bench
    from engine.level import find_level
    from engine.optim import NAMES

    racers = [name for name, _ in bench.nine(find_level("twin-valleys"))]
    assert racers == list(NAMES[:9]) and len(racers) == 9
    section = frames_section()
    section = " ".join(section.split())
    assert "nine racers" in section and ", ".join(racers) in section


@pytest.mark.parametrize("level", ["two-moons", "xor-net"])
def test_the_network_levels_sizes_are_as_documented(level):
    from engine.level import find_level
    from game.scenes.race import basins_shape, swarm_size

    lvl = find_level(level)
    grid, per_slice = basins_shape(lvl.landscape, lvl.spec.race.steps)
    claim = (f"{level}: a swarm of {swarm_size(lvl.landscape)}, a {grid}×{grid} basins map in slices of "
             f"{per_slice}")
    assert claim in " ".join(frames_section().split())  # however the lines wrap
