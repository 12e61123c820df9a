"""Exact gradients of a user formula: our forward-mode tree against torch autograd and hand-written NumPy.

The formula language is our own code because level files are untrusted (no eval, no sympify); this
measures what that choice costs. Run: python benchmarks/bench_gradients.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from engine.expr import compile_formula

EGGHOLDER = "-(y + 47)*sin(sqrt(abs(x/2 + y + 47))) - x*sin(sqrt(abs(x - (y + 47))))"
TWIN = "x**2 + y**2 - 2*exp(-((x-1)**2 + y**2)/0.2) - 6*exp(-((x+1)**2 + y**2)/0.2)"


def twin_numpy(P):
    x, y = P[:, 0], P[:, 1]
    a = 2 * np.exp(-((x - 1) ** 2 + y**2) / 0.2)
    b = 6 * np.exp(-((x + 1) ** 2 + y**2) / 0.2)
    v = x**2 + y**2 - a - b
    gx = 2 * x + a * 2 * (x - 1) / 0.2 + b * 2 * (x + 1) / 0.2
    gy = 2 * y + a * 2 * y / 0.2 + b * 2 * y / 0.2
    return v, np.stack([gx, gy], 1)


def torch_grad(text_fn, P):
    import torch

    w = torch.tensor(P, requires_grad=True)
    v = text_fn(w[:, 0], w[:, 1])
    (g,) = torch.autograd.grad(v.sum(), w)
    return v.detach().numpy(), g.numpy()


def torch_twin(x, y):
    import torch

    return x**2 + y**2 - 2 * torch.exp(-((x - 1) ** 2 + y**2) / 0.2) - 6 * torch.exp(-((x + 1) ** 2 + y**2) / 0.2)


def torch_egg(x, y):
    import torch

    return (-(y + 47) * torch.sin(torch.sqrt(torch.abs(x / 2 + y + 47)))
            - x * torch.sin(torch.sqrt(torch.abs(x - (y + 47)))))


def timed(fn, *args, repeat=7) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    import torch

    torch.set_num_threads(1)
    print("| formula | points | ours (ms) | torch autograd (ms) | hand-written NumPy (ms) | ours / torch |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, text, tfn, hand in (("twin valleys", TWIN, torch_twin, twin_numpy), ("eggholder", EGGHOLDER,
                                                                                     torch_egg, None)):
        f = compile_formula(text)
        for n in (100, 10_000, 1_000_000):
            P = np.random.default_rng(0).uniform(-2, 2, (n, 2)) * (1 if name == "twin valleys" else 250)
            a = timed(f.value_and_grad, P)
            b = timed(torch_grad, tfn, P)
            c = timed(hand, P) if hand else float("nan")
            hand_txt = f"{c * 1e3:.2f}" if hand else "-"
            print(f"| {name} | {n:,} | {a * 1e3:.2f} | {b * 1e3:.2f} | {hand_txt} | {a / b:.2f} |")
            ours_v, ours_g = f.value_and_grad(P)
            np.testing.assert_allclose(ours_g, torch_grad(tfn, P)[1], rtol=1e-9, atol=1e-9)


if __name__ == "__main__":
    main()
