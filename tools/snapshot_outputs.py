"""Snapshot what users see from the headless commands, and compare two snapshots number by number.

Used to show that the performance work changed no user-visible number: run it before and after, then
compare. Not a test (the outputs' format belongs to other modules and may change on purpose).

    python tools/snapshot_outputs.py save DIR        # race/minimum/basins JSON and check text per level
    python tools/snapshot_outputs.py compare DIR_A DIR_B
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

BASINS_SAMPLE = ("twin-valleys", "egg-crate", "alpine-range", "study-hours", "classic-himmelblau", "the-needle")


def commands(level: str) -> dict[str, list[str]]:
    cmds = {"race": ["race", level, "--json"], "minimum": ["minimum", level, "--json"],
            "swarm": ["race", level, "--json", "--swarm", "300"]}
    if level in BASINS_SAMPLE:
        cmds["basins"] = ["basins", level, "--json", "--grid", "40"]
    return cmds


def save(folder: Path) -> None:
    from engine.level import builtin_dir

    folder.mkdir(parents=True, exist_ok=True)
    paths = sorted(builtin_dir().glob("*.toml"))
    for path in paths:
        for what, args in commands(path.stem).items():
            out = subprocess.run(["hiker", *args], capture_output=True, text=True, check=True).stdout
            (folder / f"{path.stem}.{what}.json").write_text(out)
    check = subprocess.run(["hiker", "check", *map(str, paths)], capture_output=True, text=True).stdout
    (folder / "check.txt").write_text(check)


def _walk(a, b, where: str, worst: list) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            worst.append((math.inf, where + " keys"))
        for k in a.keys() & b.keys():
            _walk(a[k], b[k], f"{where}.{k}", worst)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            worst.append((math.inf, where + " length"))
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _walk(x, y, f"{where}[{i}]", worst)
    elif isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        # relative above 1, absolute below: 0 vs 1e-175 counts as a tiny difference
        d = abs(a - b) / max(abs(a), abs(b), 1.0)
        if d > 0:
            worst.append((d, where))
    elif a != b:
        worst.append((math.inf, where))


def compare(a: Path, b: Path) -> int:
    bad = 0
    for fa in sorted(a.iterdir()):
        fb = b / fa.name
        if fa.suffix == ".txt":
            same = fa.read_text() == fb.read_text()
            print(f"{fa.name}: {'identical' if same else 'DIFFERENT'}")
            bad += not same
            continue
        worst: list = []
        _walk(json.loads(fa.read_text()), json.loads(fb.read_text()), fa.stem, worst)
        if worst:
            d, where = max(worst)
            print(f"{fa.name}: {len(worst)} numbers differ, worst {d:.3g} (relative to max(|a|, |b|, 1)) at {where}")
            bad += d > 1e-12
    print("all within 1e-12" if not bad else f"{bad} files differ by more than 1e-12")
    return int(bad > 0)


if __name__ == "__main__":
    if sys.argv[1] == "save":
        save(Path(sys.argv[2]))
    else:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
