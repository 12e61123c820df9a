"""Compare two minimum-report files written by tools/pin_minima.py, level by level.

    python tools/compare_minima.py tests/data/minima_pin.json /tmp/now.json
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    with open(sys.argv[1]) as fa, open(sys.argv[2]) as fb:
        a, b = json.load(fa)["levels"], json.load(fb)["levels"]
    for name in a:
        x, y = a[name], b[name]
        notes = []
        for key in ("value", "tolerance", "found_value"):
            if x[key] != y[key]:
                notes.append(f"{key} {x[key]!r} -> {y[key]!r}")
        if x["points"] != y["points"]:
            pairs = zip(x["points"], y["points"], strict=False)
            d = max(abs(p - q) for u, v in pairs for p, q in zip(u, v, strict=True))
            notes.append(f"points differ by {d:.3g}" + ("" if len(x["points"]) == len(y["points"]) else
                                                         f" ({len(x['points'])} -> {len(y['points'])} points)"))
        if len(x["minima"]) != len(y["minima"]):
            notes.append(f"{len(x['minima'])} -> {len(y['minima'])} minima")
        else:
            dv = max((abs(p[0] - q[0]) for p, q in zip(x["minima"], y["minima"], strict=True)), default=0)
            dp = max((abs(u - v) for p, q in zip(x["minima"], y["minima"], strict=True)
                      for u, v in zip(p[1], q[1], strict=True)), default=0)
            if dv or dp:
                notes.append(f"minima values differ by {dv:.3g}, points by {dp:.3g}")
        print(f"{name:28s} {x['seconds']:7.3f} s -> {y['seconds']:7.3f} s  " + ("; ".join(notes) or "identical"))


if __name__ == "__main__":
    main()
