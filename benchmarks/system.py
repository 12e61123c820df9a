"""The engine's budgets: minimum search per built-in level, `hiker check` of the pack, a basins map,
start-up of a headless race, and memory while stepping a million hikers."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from .cases import LEVELS, build_landscape

MEMORY_SCRIPT = r"""
import json, sys, tracemalloc
import numpy as np
from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape
from engine.optim import build
n, steps = int(sys.argv[1]), int(sys.argv[2])
land = FormulaLandscape("(1 - x)**2 + 100*(y - x**2)**2", Domain((-2, 2), (-1, 3)))
starts = np.random.default_rng(1).uniform(-1, 1, (n, 2))
h = Hikers(build("adam", {"lr": 0.01}, steps), land, starts, np.random.default_rng(0))
h.run(2)  # buffers made once, on first use (and a compiled kernel's loading), count as set-up
arrays = [a for a in vars(h).values() if isinstance(a, np.ndarray)] + list(h.state.values())
arrays += [a for a in (h._work or ()) if isinstance(a, np.ndarray)] + list(h._work[2] if h._work else ())
state = sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))
tracemalloc.start()
held, _ = tracemalloc.get_traced_memory()
tracemalloc.reset_peak()
h.run(steps)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
# VmHWM: this process's peak resident set (ru_maxrss would include the parent's, kept across exec).
hwm = [int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM")]
print(json.dumps({"n": n, "backend": getattr(h, "backend", "numpy"), "state_bytes": state,
                  "step_peak_extra_bytes": peak - held, "max_rss_bytes": hwm[0] if hwm else 0}))
"""


# `hiker ARGS...` in this process, then its peak resident set (VmHWM) on stderr's last line.
PEAK_RSS_SCRIPT = r"""
import sys
from game.cli import main
try:
    code = main(sys.argv[1:])
finally:
    hwm = [int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmHWM")]
    sys.stderr.write(f"\nVmHWM {hwm[0] if hwm else 0}\n")
sys.exit(code)
"""


def hiker_command() -> list[str]:
    """The `hiker` console script next to this Python (a venv's bin), else the package's __main__."""
    script = Path(sys.executable).with_name("hiker")
    return [str(script)] if script.exists() else [sys.executable, "-m", "game"]


def level_inputs(path):
    doc = tomllib.loads(path.read_text())
    goal = doc.get("goal", {})
    declared = (goal["value"], goal["points"]) if "value" in goal else None
    return build_landscape(doc["landscape"], path.parent), declared, goal.get("tolerance"), doc


def minimum_times(levels, repeat: int) -> dict[str, float]:
    from engine.minimum import global_minimum

    out = {}
    for path in levels:
        land, declared, tol, _ = level_inputs(path)
        global_minimum(land, declared, tol)  # warm up: lazy imports, compiled kernels
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            global_minimum(land, declared, tol)
            times.append(time.perf_counter() - t0)
        out[path.stem] = statistics.median(times)
    return out


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall time of a command, as a user runs it: bytecode cached (one run first to write it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, capture_output=True, check=True, env=env)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def basins_time(level: str, grid: int, steps: int, repeat: int) -> float:
    from engine.basins import Basins
    from engine.minimum import global_minimum
    from engine.optim import parse_spec

    land, declared, tol, doc = level_inputs(LEVELS / f"{level}.toml")
    minimum = global_minimum(land, declared, tol)
    name, params = parse_spec(doc["race"]["lineup"][0])
    times = []
    for _ in range(repeat):
        b = Basins(land, minimum, name, params, steps, 0, grid)
        t0 = time.perf_counter()
        b.advance()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_rss(args: list[str]) -> int:
    """Peak resident memory (bytes) of one `hiker ARGS...` run, in its own process."""
    res = subprocess.run([sys.executable, "-c", PEAK_RSS_SCRIPT, *args], capture_output=True, text=True, check=True)
    return int(res.stderr.strip().splitlines()[-1].split()[1])


def basins_memory(levels, grid: int) -> dict[str, int]:
    """`hiker basins LEVEL --grid GRID --json`'s peak resident memory on each level (target: under 250 MB)."""
    return {path.stem: peak_rss(["basins", path.stem, "--grid", str(grid), "--json"]) for path in levels}


def memory(n: int, steps: int) -> dict:
    res = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(n), str(steps)], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout)


def budgets(tiny: bool = False, quick: bool = False) -> dict:
    levels = sorted(LEVELS.glob("*.toml"))
    repeat = 1 if tiny or quick else 3
    out: dict = {}
    print("## Budgets\n")
    mins = minimum_times([LEVELS / "twin-valleys.toml"] if tiny else levels, repeat)
    out["minimum_seconds"] = mins
    worst = max(mins, key=mins.get)
    print(f"minimum search: slowest {worst} {mins[worst]:.3f} s, total {sum(mins.values()):.2f} s "
          f"over {len(mins)} levels (target: each <= 0.3 s)")
    for name, s in sorted(mins.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {name}: {s * 1e3:.0f} ms")
    hiker = hiker_command()
    if not tiny:
        out["check_seconds"] = wall([*hiker, "check", *map(str, levels)], repeat)
        print(f"hiker check of {len(levels)} levels: {out['check_seconds']:.2f} s (target <= 2 s)")
        out["startup_seconds"] = wall([*hiker, "race", "twin-valleys"], 5)
        out["python_numpy_seconds"] = wall([sys.executable, "-c", "import numpy"], 5)
        print(f"hiker race twin-valleys: {out['startup_seconds']:.3f} s (target < 0.3 s; python + numpy alone: "
              f"{out['python_numpy_seconds']:.3f} s)")
    grid, steps = (16, 10) if tiny else (256, 300)
    out["basins"] = {}
    for level in ("twin-valleys",) if tiny else ("twin-valleys", "alpine-range", "classic-rastrigin", "study-hours"):
        s = basins_time(level, grid, steps, repeat)
        out["basins"][level] = s
        print(f"basins {grid}x{grid} x {steps} steps on {level}: {s:.2f} s (target <= 2 s)")
    grid = 16 if tiny else 400
    rss = basins_memory([LEVELS / "twin-valleys.toml"] if tiny else levels, grid)
    out["basins_peak_rss_bytes"] = rss
    worst = max(rss, key=rss.get)
    print(f"hiker basins --grid {grid}: peak RSS at most {rss[worst] / 1e6:.0f} MB ({worst}), "
          f"median {statistics.median(rss.values()) / 1e6:.0f} MB over {len(rss)} levels (target < 250 MB)")
    mem = memory(1000 if tiny else 1_000_000, 3 if tiny else 10)
    out["memory"] = mem
    mib = {k: v / 2**20 for k, v in mem.items() if k.endswith("bytes")}
    print(f"memory, {mem['n']:,} hikers (adam, {mem.get('backend')}): state and buffers "
          f"{mib['state_bytes']:.1f} MiB, extra allocation "
          f"during steps {mib['step_peak_extra_bytes']:.2f} MiB, peak RSS {mib['max_rss_bytes']:.0f} MiB")
    return out
