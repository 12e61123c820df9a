"""python -m benchmarks [--quick] [--json FILE]: Gradient Hiker against its peers, and the engine's budgets.

Stepping: per-step time of N hikers (gradient, update, clamp) for gd, momentum and Adam on six
landscapes, against torch.optim + autograd, jax.jit of the same step and a hand-fused numba loop, all in
this process, interleaved, medians of repeated runs, one thread each. Ratios are ours / peer: below 1
means Gradient Hiker is faster. Peers that are not installed are skipped (pip install '.[bench]').
Budgets: minimum search per built-in level, `hiker check` of the pack, a basins map, start-up, memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys

import numpy as np

from . import system
from .cases import CASES, OPTIMIZERS, starts
from .ours import backends, ours_runner
from .peers import BARE, fused_runner, installed, jax_runner, torch_runner

# N -> steps per timed run, so each run is long enough to time and short enough to repeat.
FULL = {1: 2000, 10_000: 100, 100_000: 20, 1_000_000: 5}
QUICK = {1: 500, 1_000: 100, 10_000: 20}
TINY = {8: 3}


def stepping(sizes: dict[int, int], repeat: int, cases, opts, log=print) -> list[dict]:
    rows = []
    modes = backends()
    for n, steps in sizes.items():
        for case in cases:
            P0 = starts(case, n)
            for opt in opts:
                lr = case.lr[opt]
                runners = {f"ours:{m}": ours_runner(case, opt, lr, P0, m) for m in modes}
                runners["torch"] = torch_runner(case, opt, lr, P0)
                runners["jax"] = jax_runner(case, opt, lr, P0)
                runners["fused"] = fused_runner(case, opt, lr, P0) if n >= 1000 else None
                runners = {k: r for k, r in runners.items() if r is not None}
                for r in runners.values():
                    r(1)  # warm up: compile, first-touch buffers
                times: dict[str, list[float]] = {k: [] for k in runners}
                for _ in range(repeat):  # interleaved, so load on the machine hits every runner alike
                    for k, r in runners.items():
                        times[k].append(r(steps) / steps)
                row = {"case": case.id, "optimizer": opt, "n": n, "steps": steps,
                       **{k: statistics.median(v) for k, v in times.items()}}
                rows.append(row)
                log(_row_text(row), flush=True)
    return rows


def _fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms"


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a / b:.2f}"


STEP_HEADER = ("| landscape | optimizer | N | ours | ours, NumPy only | torch.optim | jax.jit | fused loop "
               "| ours/torch | ours/jax | ours/fused |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def _row_text(row: dict) -> str:
    ours = row.get("ours:default")
    return (f"| {row['case']} | {row['optimizer']} | {row['n']:,} | {_fmt_time(ours)} "
            f"| {_fmt_time(row.get('ours:numpy'))} "
            f"| {_fmt_time(row.get('torch'))} | {_fmt_time(row.get('jax'))} | {_fmt_time(row.get('fused'))} "
            f"| {_ratio(ours, row.get('torch'))} | {_ratio(ours, row.get('jax'))} | {_ratio(ours, row.get('fused'))} |")


def machine() -> dict:
    import numpy

    info = {"python": platform.python_version(), "numpy": numpy.__version__, "cpus": os.cpu_count(),
            "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo") as fh:
            names = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        info["cpu"] = names[0] if names else "?"
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for name in ("torch", "jax", "numba"):
        if installed(name):
            try:
                info[name] = version(name)  # without importing it (torch takes seconds)
            except PackageNotFoundError:
                info[name] = "?"
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes and few repeats (about a minute)")
    ap.add_argument("--tiny", action="store_true", help=argparse.SUPPRESS)  # the smoke test: seconds
    ap.add_argument("--json", metavar="FILE", help="also write every number to FILE")
    ap.add_argument("--only", choices=("stepping", "budgets"), help="run one part")
    ap.add_argument("--sizes", help="comma-separated hiker counts (steps per run chosen to match)")
    ap.add_argument("--cases", help="comma-separated landscapes: " + ", ".join(c.id for c in CASES))
    ap.add_argument("--bare", action="store_true", help="peers without the engine's bookkeeping (falls, best "
                    "point, path length, last move): the plain optimizer loop")
    args = ap.parse_args(argv)
    np.seterr(all="ignore")
    BARE["on"] = args.bare
    sizes = TINY if args.tiny else QUICK if args.quick else FULL
    repeat = 1 if args.tiny else 3 if args.quick else 5
    cases = CASES[1:2] if args.tiny else CASES
    if args.cases:
        cases = [c for c in CASES if c.id in args.cases.split(",")]
    if args.sizes:
        sizes = {int(float(n)): max(3, int(2e6 // max(int(float(n)), 1000))) for n in args.sizes.split(",")}
    opts = OPTIMIZERS[::2] if args.tiny else OPTIMIZERS
    out: dict = {"machine": machine(), "mode": "tiny" if args.tiny else "quick" if args.quick else "full",
                 "peers": "bare" if args.bare else "same step"}
    print("machine: " + ", ".join(f"{k} {v}" for k, v in out["machine"].items()) + "\n")
    if args.only in (None, "stepping"):
        print("## Stepping N hikers: time per step (median), ratios ours / peer\n")
        print(STEP_HEADER)
        out["stepping"] = stepping(sizes, repeat, cases, opts)
        print()
    if args.only in (None, "budgets"):
        out["budgets"] = system.budgets(tiny=args.tiny, quick=args.quick)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
