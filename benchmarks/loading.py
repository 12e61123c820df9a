"""python -m benchmarks.loading [--repeats N] [--json FILE]: what a player waits for between screens, each
against the way it was done before, in the same run (docs/performance.md, "Between screens").

- the level list opened again, over a folder of user levels: every file validated again (before) against
  only the files whose bytes changed (engine/level/registry.py);
- a user level's preparation: the minimum search's grid values put in a dict point by point (before)
  against kept as arrays until a spent budget needs them (engine/level/bounded.py);
- a race GIF: each frame quantized to its own palette (before) against one palette for all (game/export.py);
- coming back to the title at 1920x1080: its map drawn again for a new landscape (before) against drawn
  once for the one title landscape (game/scenes/title.py).

CPU time (process time), medians of interleaved runs, so a busy machine changes both sides alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def compare(name: str, before: Callable[[], object], after: Callable[[], object], repeats: int,
            unit: str = "s", extra: dict | None = None) -> dict:
    """Median CPU time of each side over interleaved runs; ratio after / before (below 1: faster now)."""
    b, a = [], []
    for _ in range(repeats):
        b.append(cpu(before))
        a.append(cpu(after))
    row = {"case": name, "before_s": statistics.median(b), "after_s": statistics.median(a)}
    row["ratio"] = row["after_s"] / row["before_s"] if row["before_s"] else float("nan")
    row.update(extra or {})
    return row


def user_folder(home: Path, copies: int) -> int:
    """``copies`` copies of every built-in level (new ids, their PNG and CSV beside them) as user levels."""
    from engine.level import builtin_dir

    folder = home / "levels"
    folder.mkdir(parents=True)
    count = 0
    for k in range(copies):
        sub = folder / f"copy{k}"
        sub.mkdir()
        for path in builtin_dir().iterdir():
            if path.suffix in (".png", ".csv"):
                shutil.copy(path, sub / path.name)
            elif path.suffix == ".toml":
                text = path.read_text().replace(f'id = "{path.stem}"', f'id = "{path.stem}-copy{k}"', 1)
                (sub / path.name).write_text(text)
                count += 1
    return count


def level_list(repeats: int, copies: int) -> dict:
    from engine.level import all_levels
    from engine.level.registry import forget_scans

    home = Path(tempfile.mkdtemp(prefix="hiker-bench-"))
    os.environ["GRADIENT_HIKER_HOME"] = str(home)
    try:
        files = user_folder(home, copies)
        all_levels()  # the first opening: every file validated either way

        def everything_again():
            forget_scans()
            all_levels()

        return compare(f"the level list opened again ({files} user levels + the built-in ones)",
                       everything_again, all_levels, repeats)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def eager_remember(self, P, with_grid=True):
    """Budgeted._remember as it was: every grid point put in the dict at once."""
    with np.errstate(all="ignore"):
        v = np.asarray(self.inner.value(P), dtype=float)
    if with_grid:
        self.grid_values = v
    for p, value in zip(P, v.tolist(), strict=True):
        self.memory[p.tobytes()] = value
    return v


def preparation(repeats: int, levels: int | None = None) -> dict:
    from engine.level import all_levels, bounded
    from engine.level.prepare import prepare

    entries = [e for e in all_levels() if e.builtin and e.spec is not None][:levels]
    lazy = bounded.Budgeted._remember

    def prepare_all():
        for e in entries:
            prepare(e.spec, e.path, False)  # as a user's level: the search runs on a budget

    def before():
        bounded.Budgeted._remember = eager_remember
        try:
            prepare_all()
        finally:
            bounded.Budgeted._remember = lazy

    return compare(f"every built-in level prepared as a user's level ({len(entries)})", before, prepare_all,
                   repeats)


def gif(repeats: int, frames: int = 60) -> dict:
    from PIL import Image

    from engine.level import find_level
    from engine.race import Race
    from game.args import lineup_from_specs
    from game.export import race_frames, save_gif

    level = find_level("twin-valleys")
    steps = level.spec.race.steps
    race = Race(level.landscape, lineup_from_specs(None, level, steps), np.array(level.spec.start, dtype=float),
                steps, level.minimum, seed=0, record_path=True).run()
    folder = Path(tempfile.mkdtemp(prefix="hiker-bench-"))
    old, new = folder / "before.gif", folder / "after.gif"

    def before():
        images = [img.convert("P", palette=Image.Palette.ADAPTIVE) for img in race_frames(level, race, 480, frames)]
        images[0].save(old, save_all=True, append_images=images[1:], duration=80, loop=0)

    try:
        row = compare(f"a race GIF (Twin Valleys, {frames} frames of 480x480)", before,
                      lambda: save_gif(level, race, new, frames=frames), repeats)
        row.update(before_bytes=old.stat().st_size, after_bytes=new.stat().st_size)
        return row
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def title(repeats: int, size: tuple[int, int] = (1920, 1080)) -> dict:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from concurrent.futures import ThreadPoolExecutor

    import game.scenes.title as title_module
    from engine.landscapes import FunctionLandscape
    from game.launch import new_app

    app = new_app(size, jobs=ThreadPoolExecutor(1))
    shared = title_module.title_landscape

    def back_to_title():
        app.reset_to(app.make("title"))
        app.tick(1 / 60)

    def before():
        title_module.title_landscape = lambda: FunctionLandscape("himmelblau")  # a new landscape each time
        try:
            back_to_title()
        finally:
            title_module.title_landscape = shared

    try:
        back_to_title()
        return compare(f"back to the title at {size[0]}x{size[1]} (its first frame)", before, back_to_title, repeats)
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loading", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--copies", type=int, default=5, help="copies of the built-in pack in the user folder")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, once each: that it runs, not numbers")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    if args.quick:
        rows = [level_list(1, 1), preparation(1, levels=2), gif(1, frames=3), title(1, (640, 400))]
    else:
        rows = [level_list(args.repeats, args.copies), preparation(args.repeats), gif(args.repeats),
                title(args.repeats)]
    for r in rows:
        sizes = f"  ({r['before_bytes'] / 1e3:.0f} KB -> {r['after_bytes'] / 1e3:.0f} KB)" if "after_bytes" in r else ""
        print(f"{r['case']:<66} {r['before_s'] * 1e3:9.1f} ms {r['after_s'] * 1e3:9.1f} ms  x{r['ratio']:.3f}{sizes}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
