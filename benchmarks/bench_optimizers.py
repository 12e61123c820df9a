"""Optimizer stepping: Gradient Hiker's vectorized engine against torch.optim, in the same run.

Both step N hikers on the Rosenbrock function in float64 for the same number of steps, computing
each step's gradient and each hiker's altitude. Run: python benchmarks/bench_optimizers.py
Prints a Markdown table of median times and the ratio ours / torch (below 1 means we are faster).
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from engine.hikers import Hikers
from engine.landscapes import Domain, FormulaLandscape
from engine.optim import build

ROSEN = "(1 - x)**2 + 100*(y - x**2)**2"
STEPS = 100
CASES = [("gd", {"lr": 1e-4}, "SGD", {"lr": 1e-4}), ("momentum", {"lr": 1e-4, "momentum": 0.9}, "SGD",
         {"lr": 1e-4, "momentum": 0.9}), ("adam", {"lr": 1e-2}, "Adam", {"lr": 1e-2})]


def ours(name: str, params: dict, starts: np.ndarray) -> float:
    land = FormulaLandscape(ROSEN, Domain((-1e9, 1e9), (-1e9, 1e9)))
    h = Hikers(build(name, params), land, starts, np.random.default_rng(0))
    t0 = time.perf_counter()
    h.run(STEPS)
    return time.perf_counter() - t0


def torch_peer(tname: str, tparams: dict, starts: np.ndarray) -> float:
    import torch

    torch.set_num_threads(1)
    w = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, tname)([w], **tparams)
    t0 = time.perf_counter()
    for _ in range(STEPS):
        opt.zero_grad()
        x, y = w[:, 0], w[:, 1]
        cost = (1 - x) ** 2 + 100 * (y - x**2) ** 2  # every hiker's altitude, as ours computes
        cost.sum().backward()
        opt.step()
    return time.perf_counter() - t0


def median(fn, *args, repeat: int = 5) -> float:
    return statistics.median(fn(*args) for _ in range(repeat))


def main() -> None:
    import torch

    print(f"numpy {np.__version__}, torch {torch.__version__}, {STEPS} steps, median of 5 runs, one thread\n")
    print("| optimizer | hikers | ours (ms) | torch.optim (ms) | ours / torch |")
    print("|---|---:|---:|---:|---:|")
    for name, params, tname, tparams in CASES:
        for n in (1, 100, 10_000, 100_000):
            starts = np.random.default_rng(1).uniform(-2, 2, (n, 2))
            a = median(ours, name, params, starts)
            b = median(torch_peer, tname, tparams, starts)
            print(f"| {name} | {n:,} | {a * 1e3:.1f} | {b * 1e3:.1f} | {a / b:.2f} |")


if __name__ == "__main__":
    main()
