"""Markdown tables from benchmark JSON files: python -m benchmarks.report AFTER.json [BEFORE.json].

With BEFORE (a run of the same benchmark against an older engine), each of our times is shown with
its before value.
"""

from __future__ import annotations

import json
import sys


def _t(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s"


def _r(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a / b:.2f}"


def stepping(after: dict, before: dict | None) -> str:
    old = {(r["case"], r["optimizer"], r["n"]): r["ours:default"] for r in (before or {}).get("stepping", [])}
    lines = ["| landscape | optimizer | N | ours | ours, NumPy only | before | torch.optim | jax.jit | fused loop "
             "| ours/torch | ours/jax | ours/fused |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in after["stepping"]:
        ours = r["ours:default"]
        lines.append(f"| {r['case']} | {r['optimizer']} | {r['n']:,} | {_t(ours)} | {_t(r.get('ours:numpy', ours))} "
                     f"| {_t(old.get((r['case'], r['optimizer'], r['n'])))} | {_t(r.get('torch'))} "
                     f"| {_t(r.get('jax'))} | {_t(r.get('fused'))} | {_r(ours, r.get('torch'))} "
                     f"| {_r(ours, r.get('jax'))} | {_r(ours, r.get('fused'))} |")
    return "\n".join(lines)


def budgets(after: dict, before: dict | None) -> str:
    a, b = after["budgets"], (before or {}).get("budgets", {})
    rows = []
    mins_a, mins_b = a["minimum_seconds"], b.get("minimum_seconds", {})
    worst = max(mins_a, key=mins_a.get)
    worst_b = max(mins_b, key=mins_b.get) if mins_b else None
    rows.append(("slowest minimum search (target 0.3 s)", f"{worst_b}: {_t(mins_b.get(worst_b))}" if worst_b else "-",
                 f"{worst}: {_t(mins_a[worst])}"))
    rows.append(("all 34 minimum searches", _t(sum(mins_b.values())) if mins_b else "-", _t(sum(mins_a.values()))))
    for key, label in (("check_seconds", "`hiker check` of the pack (target 2 s)"),
                       ("startup_seconds", "`hiker race twin-valleys` (target 0.3 s)"),
                       ("python_numpy_seconds", "`python -c 'import numpy'`, for scale")):
        rows.append((label, _t(b.get(key)), _t(a.get(key))))
    for level, s in a.get("basins", {}).items():
        rows.append((f"basins 256x256 x 300 steps, {level} (target 2 s)", _t(b.get("basins", {}).get(level)), _t(s)))
    ma, mb = a["memory"], b.get("memory", {})
    mib = 2**20
    for key, label in (("state_bytes", "1e6 hikers (Adam): state and work buffers"),
                       ("step_peak_extra_bytes", "1e6 hikers: extra allocation during steps"),
                       ("max_rss_bytes", "1e6 hikers: peak resident memory")):
        rows.append((label, f"{mb[key] / mib:.0f} MiB" if key in mb else "-", f"{ma[key] / mib:.1f} MiB"))
    return "\n".join(["| budget | before | after |", "|---|---:|---:|"] + [f"| {x} | {y} | {z} |" for x, y, z in rows])


def main(argv: list[str]) -> None:
    with open(argv[0]) as fh:
        after = json.load(fh)
    before = None
    if len(argv) > 1:
        with open(argv[1]) as fh:
            before = json.load(fh)
    if "stepping" in after:
        print(stepping(after, before) + "\n")
    if "budgets" in after:
        print(budgets(after, before))


if __name__ == "__main__":
    main(sys.argv[1:])
