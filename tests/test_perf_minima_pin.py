"""Regression guard, not an oracle: the minimum search gives today's results for every built-in level.

tests/data/minima_pin.json holds what the search produced before it was rewritten for speed (commit
58b1e12: SciPy's L-BFGS-B on one candidate at a time), written by tools/pin_minima.py. The rewrite
(engine/refine.py: the same algorithm on all candidates at once) must find the same global minimum,
tolerance and local minima. Small differences are expected and bounded here: x**k is now computed by
multiplication (a few ulps from pow), so equally deep minima may swap places in the list, and at a
kink (Bukin N.6: 100*sqrt(|...|)) a point moved by 1e-13 changes the value by 1e-6.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.level import build_landscape, builtin_dir, load_spec
from engine.minimum import global_minimum

PIN = json.loads((Path(__file__).parent / "data" / "minima_pin.json").read_text())["levels"]


def close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= max(tol, 1e-12 * max(abs(a), abs(b), 1.0))


@pytest.mark.parametrize("name", sorted(PIN))
def test_minimum_report_is_unchanged(name):
    spec = load_spec(builtin_dir() / f"{name}.toml")
    landscape = build_landscape(spec.landscape)
    m = global_minimum(landscape, spec.goal.declared, spec.goal.tolerance)
    pin = PIN[name]
    diagonal = landscape.domain.diagonal
    assert m.source == pin["source"]
    assert close(m.value, pin["value"], 0.0)
    assert close(m.tolerance, pin["tolerance"], 0.0)
    assert (m.found_value is None) == (pin["found_value"] is None)
    value_tol = 1e-4 * pin["tolerance"]  # far below what any verdict can see
    if m.found_value is not None:
        assert close(m.found_value, pin["found_value"], value_tol)
    np.testing.assert_allclose(sorted(map(tuple, m.points)), sorted(map(tuple, pin["points"])), rtol=0,
                               atol=1e-8 * diagonal)
    # The same local minima: same count, and each pinned one found again (close in place and depth).
    assert len(m.minima) == len(pin["minima"])
    now = np.array([mm.point for mm in m.minima])
    values = np.array([mm.value for mm in m.minima])
    unused = np.ones(len(now), bool)
    for value, point in pin["minima"]:
        d = np.hypot(*(now - point).T)
        ok = unused & (d <= 1e-6 * diagonal) & (np.abs(values - value) <= max(value_tol, 1e-12 * abs(value)))
        assert ok.any(), f"pinned minimum {value} at {point} is missing"
        unused[np.argmax(ok)] = False
    # Deepest first, as before; only equally deep minima may trade places.
    pinned_values = [v for v, _ in pin["minima"]]
    for a, b in zip(values, pinned_values, strict=True):
        assert close(a, b, value_tol)
