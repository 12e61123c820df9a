"""Write tests/data/minima_pin.json: every built-in level's minimum report, as the search gave it.

A regression guard, not an oracle: it records what the minimum search (grid + refinement) produced at
the commit it was run on, so a faster search can be checked to give the same results. It was run once,
before the search was rewritten (commit 58b1e12, SciPy L-BFGS-B refinement). Run from the repository root:

    python tools/pin_minima.py [OUT]
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from engine.level import build_landscape, builtin_dir, load_spec
from engine.minimum import global_minimum


def report(path: Path) -> dict:
    spec = load_spec(path)
    landscape = build_landscape(spec.landscape)
    t0 = time.perf_counter()
    m = global_minimum(landscape, spec.goal.declared, spec.goal.tolerance)
    seconds = time.perf_counter() - t0
    return {"value": m.value, "points": [list(p) for p in m.points], "source": m.source,
            "tolerance": m.tolerance, "found_value": m.found_value,
            "minima": [[mm.value, list(mm.point)] for mm in m.minima], "seconds": round(seconds, 4)}


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/minima_pin.json")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    levels = {p.stem: report(p) for p in sorted(builtin_dir().glob("*.toml"))}
    doc = {"about": "minimum reports of the built-in levels, pinned as a regression guard (tools/pin_minima.py)",
           "commit": commit, "levels": levels}
    out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{len(levels)} levels, {sum(v['seconds'] for v in levels.values()):.2f} s of search -> {out}")


if __name__ == "__main__":
    main()
