"""Classic test functions, checked against oracles the engine did not produce.

Two oracles:

1. PUBLISHED: the minima and minimizers as printed in the literature, at their printed precision.
   Sources: [SFU] Surjanovic & Bingham, Virtual Library of Simulation Experiments,
   https://www.sfu.ca/~ssurjano/<page>.html; [WIKI] Wikipedia, "Test functions for optimization",
   https://en.wikipedia.org/wiki/Test_functions_for_optimization (and "Himmelblau's function").
2. tests/data/classic_minima.json and tests/data/classic_gradients.json: an independent recomputation
   at 50 significant digits (40 verified) by tools/oracles/classic_minima.py, which writes every formula
   again from the literature in mpmath (it never reads engine/functions.py). These tests only read the
   JSON, so they need no mpmath; rerun the script to regenerate it.
"""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from engine.functions import CLASSIC
from engine.landscapes import FunctionLandscape
from engine.minimum import find_minima, global_minimum

DATA = Path(__file__).parent / "data"
ORACLE = json.loads((DATA / "classic_minima.json").read_text())
GRADIENTS = json.loads((DATA / "classic_gradients.json").read_text())
NAMES = sorted(ORACLE["functions"])


def oracle_minimum(name: str) -> float:
    return float(ORACLE["functions"][name]["minimum"])


def oracle_minimizers(name: str) -> np.ndarray:
    return np.array([[float(c) for c in p] for p in ORACLE["functions"][name]["minimizers"]])


def scale(v: float) -> float:
    """Tolerances are absolute near 0 and relative for large values."""
    return max(1.0, abs(v))


# --------------------------------------------------------------------------------------------------
# 1. Published values at their published precision.
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    value: str
    minimizers: tuple[tuple[str, str], ...]
    source: str
    value_tol: float | None = None  # overrides the tolerance derived from the printed digits (see Schwefel)


P = Published
# A printed number without a decimal point ("0", "3", "-10", "pi", "3pi") is exact; a number with one is
# rounded to its last printed digit, so the engine must agree within half a unit of that digit.
PUBLISHED: dict[str, Published] = {
    # WIKI "Himmelblau's function".
    "himmelblau": P("0", (("3", "2"), ("-2.805118", "3.131312"), ("-3.779310", "-3.283186"),
                          ("3.584428", "-1.848126")), "WIKI Himmelblau's function"),
    "rastrigin": P("0", (("0", "0"),), "SFU rastr"),
    "ackley": P("0", (("0", "0"),), "SFU ackley"),
    "rosenbrock": P("0", (("1", "1"),), "SFU rosen"),
    "beale": P("0", (("3", "0.5"),), "SFU beale"),
    "goldstein-price": P("3", (("0", "-1"),), "SFU goldpr"),
    "six-hump-camel": P("-1.0316", (("0.0898", "-0.7126"), ("-0.0898", "0.7126")), "SFU camel6"),
    "three-hump-camel": P("0", (("0", "0"),), "SFU camel3"),
    "eggholder": P("-959.6407", (("512", "404.2319"),), "SFU egg"),
    "holder-table": P("-19.2085", (("8.05502", "9.66459"), ("-8.05502", "9.66459"), ("8.05502", "-9.66459"),
                                   ("-8.05502", "-9.66459")), "SFU holder"),
    # SFU schwef prints f = 0 at x_i = 420.9687, but its own constant 418.9829 (per dimension) is rounded to
    # 4 decimals, so the published minimum is only good to 2 * 0.5e-4 = 1e-4: the true minimum of the
    # printed formula is 2.5455e-05 (see the JSON), which agrees with the published 0 at that precision.
    "schwefel": P("0", (("420.9687", "420.9687"),), "SFU schwef", value_tol=1e-4),
    # SFU stybtang prints -39.16599 d, which is a misprint (see test_sfu_styblinski_tang_value_is_a_misprint);
    # WIKI prints -39.16617 d < f < -39.16616 d, i.e. -39.166165 d to +-0.000005 d, with d = 2:
    "styblinski-tang": P("-78.33233", (("-2.903534", "-2.903534"),), "WIKI Styblinski-Tang (x 2)",
                         value_tol=2 * 0.5e-5),
    "levy": P("0", (("1", "1"),), "SFU levy"),
    "levy13": P("0", (("1", "1"),), "SFU levy13"),
    "branin": P("0.397887", (("-pi", "12.275"), ("pi", "2.275"), ("9.42478", "2.475")), "SFU branin"),
    "bukin6": P("0", (("-10", "1"),), "SFU bukin6"),
    # SFU crossit prints x* = +-1.3491, a misprint (test_sfu_cross_in_tray_minimizer_is_a_misprint); WIKI:
    "cross-in-tray": P("-2.06261", (("1.34941", "1.34941"), ("-1.34941", "1.34941"), ("1.34941", "-1.34941"),
                                    ("-1.34941", "-1.34941")), "WIKI Cross-in-tray"),
    "drop-wave": P("-1", (("0", "0"),), "SFU drop"),
    "mccormick": P("-1.9133", (("-0.54719", "-1.54719"),), "SFU mccorm (WIKI prints the same)"),
    "matyas": P("0", (("0", "0"),), "SFU matya"),
    "booth": P("0", (("1", "3"),), "SFU booth"),
    "easom": P("-1", (("pi", "pi"),), "SFU easom"),
    "schaffer2": P("0", (("0", "0"),), "SFU schaffer2"),
    "schaffer4": P("0.292579", (("0", "1.25313"), ("0", "-1.25313"), ("1.25313", "0"), ("-1.25313", "0")),
                   "WIKI Schaffer function N. 4"),
}

# Printed numbers whose last digit is one unit off (truncated instead of rounded, or a slip): the true value
# (from the JSON) lies within ONE unit of the last printed digit but not within half a unit. The test checks
# both, so this list can neither hide a larger error nor go stale.
OFF_BY_ONE_UNIT = {
    ("himmelblau", "3.131312"),  # 3.13131251825... rounds to 3.131313
    ("himmelblau", "-1.848126"),  # -1.84812652696... rounds to -1.848127
    ("six-hump-camel", "-0.7126"),  # 0.712656403... rounds to 0.7127
    ("six-hump-camel", "0.7126"),
    ("eggholder", "404.2319"),  # 404.231805113... rounds to 404.2318
    ("mccormick", "-1.9133"),  # -sqrt(3)/2 - pi/3 = -1.913222954... rounds to -1.9132
    ("mccormick", "-0.54719"),  # 1/2 - pi/3 = -0.547197551... rounds to -0.54720
    ("mccormick", "-1.54719"),  # -1/2 - pi/3 = -1.547197551... rounds to -1.54720
}


def printed(s: str) -> tuple[float, float]:
    """(value, tolerance) of a printed number: exact without a decimal point, else half a unit of its last digit."""
    if s.endswith("pi"):
        k = s[:-2]
        return (-1.0 if k == "-" else float(k or 1)) * math.pi, 0.0
    d = Decimal(s)
    exponent = d.as_tuple().exponent
    return float(d), (0.5 * 10.0**exponent if "." in s else 0.0)


def within(actual: float, s: str, name: str, tol: float | None = None) -> None:
    value, half_unit = printed(s)
    exact_tol = 1e-12 * scale(value)  # float64 rounding of an exact value
    if tol is not None:
        assert abs(actual - value) <= tol, f"{name}: {actual!r} vs published {s} (+-{tol})"
    elif (name, s) in OFF_BY_ONE_UNIT:
        assert half_unit < abs(actual - value) <= 2 * half_unit, f"{name}: {s} is no longer off by one unit"
    else:
        assert abs(actual - value) <= max(half_unit, exact_tol), f"{name}: {actual!r} vs published {s}"


def test_all_24_functions_exist_in_engine_oracle_and_literature():
    assert set(CLASSIC) == set(PUBLISHED) == set(ORACLE["functions"]) == set(GRADIENTS["functions"])
    assert len(CLASSIC) == 24


@pytest.mark.parametrize("name", NAMES)
def test_engine_agrees_with_the_published_minimum(name):
    pub, f = PUBLISHED[name], CLASSIC[name]
    within(f.minimum, pub.value, name, pub.value_tol)
    assert len(f.minimizers) == len(pub.minimizers), name
    engine = np.array(f.minimizers)
    for px, py in pub.minimizers:
        target = np.array([printed(px)[0], printed(py)[0]])
        x, y = engine[np.argmin(np.abs(engine - target).sum(1))]
        within(x, px, name)
        within(y, py, name)


@pytest.mark.parametrize("name", NAMES)
def test_the_oracle_agrees_with_the_published_minimum(name):
    """The same published table against the mpmath JSON: the oracle is not off either."""
    pub = PUBLISHED[name]
    within(oracle_minimum(name), pub.value, name, pub.value_tol)
    pts = oracle_minimizers(name)
    assert len(pts) == len(pub.minimizers)
    for px, py in pub.minimizers:
        target = np.array([printed(px)[0], printed(py)[0]])
        x, y = pts[np.argmin(np.abs(pts - target).sum(1))]
        within(x, px, name)
        within(y, py, name)


def test_sfu_styblinski_tang_value_is_a_misprint():
    """SFU prints f(x*) = -39.16599 d; the minimum per dimension is -39.1661657..., 1.76e-4 lower: 35 times its
    printed half-unit. Wikipedia's -39.16617 d < f < -39.16616 d is right (used in PUBLISHED)."""
    per_dim = CLASSIC["styblinski-tang"].minimum / 2
    assert per_dim == pytest.approx(oracle_minimum("styblinski-tang") / 2, abs=1e-12)
    assert -39.16617 < per_dim < -39.16616
    assert abs(per_dim - -39.16599) == pytest.approx(1.757e-4, abs=1e-7)


def test_sfu_cross_in_tray_minimizer_is_a_misprint():
    """SFU prints x* = (+-1.3491, +-1.3491); the minimizer is 1.349406617..., so 1.3494 (Wikipedia: 1.34941)."""
    x = oracle_minimizers("cross-in-tray")[0, 0]
    assert CLASSIC["cross-in-tray"].minimizers[0][0] == pytest.approx(x, abs=1e-12)
    assert abs(x - 1.3491) > 6 * 0.5e-4
    assert round(x, 4) == 1.3494


# --------------------------------------------------------------------------------------------------
# 2. The mpmath oracle (tests/data/classic_minima.json), to 1e-9.
# --------------------------------------------------------------------------------------------------

def test_the_oracle_data_says_where_it_came_from():
    for doc in (ORACLE, GRADIENTS):
        assert doc["generated_by"] == "tools/oracles/classic_minima.py"
        assert doc["working_precision_digits"] >= 40 and doc["verified_digits"] >= 40
        assert doc["mpmath_version"]
    assert (Path(__file__).parents[1] / ORACLE["generated_by"]).is_file()
    assert ORACLE["printed_digits"] >= 25


@pytest.mark.parametrize("name", NAMES)
def test_engine_minimum_and_minimizers_match_the_oracle(name):
    f, v = CLASSIC[name], oracle_minimum(name)
    assert abs(f.minimum - v) <= 1e-9 * scale(v), (f.minimum, v)
    engine, pts = np.array(f.minimizers), oracle_minimizers(name)
    assert engine.shape == pts.shape, (engine, pts)
    for p in pts:  # every oracle minimizer is one of the engine's, and (same count) vice versa
        err = np.abs(engine - p) / np.maximum(1.0, np.abs(p))
        assert err.max(1).min() <= 1e-9, (name, p, engine)
    for q in engine:
        err = np.abs(pts - q) / np.maximum(1.0, np.abs(q))
        assert err.max(1).min() <= 1e-9, (name, q, pts)


@pytest.mark.parametrize("name", NAMES)
def test_engine_value_at_the_oracle_minimizers(name):
    v = oracle_minimum(name)
    values = FunctionLandscape(name).value(oracle_minimizers(name))
    np.testing.assert_allclose(values, v, rtol=0, atol=1e-9 * scale(v))


# The engine's search is global_minimum(land): find_minima(land, extra=<declared minimizers>), found_value being
# the lowest refined minimum. Its default budget refines the 128 deepest grid minima, 2 to 7 s on Schaffer N.2
# alone; these tests refine the 16 deepest (plus the seeds), which is where every global minimum lies.
# test_search_budget_is_the_only_difference pins that this is the same computation as global_minimum.
CANDIDATES = 16


def search(name: str, seeded: bool) -> float:
    land = FunctionLandscape(name)
    extra = land.known_minimum()[1] if seeded else None
    minima, _ = find_minima(land, candidates=CANDIDATES, extra=extra)
    return minima[0].value


@pytest.mark.parametrize("name", ["himmelblau", "branin", "styblinski-tang", "mccormick", "six-hump-camel"])
def test_search_budget_is_the_only_difference(name):
    assert global_minimum(FunctionLandscape(name)).found_value == search(name, seeded=True)


@pytest.mark.parametrize("name", NAMES)
def test_engine_search_finds_the_oracle_minimum(name):
    """The engine's minimum search (grid + L-BFGS-B, seeded by the declared minimizers) lands on the oracle's
    minimum: no lower point on the grid, and the refinement converges to the oracle's value."""
    found, v = search(name, seeded=True), oracle_minimum(name)
    assert abs(found - v) <= 1e-6 * scale(v), (found, v)


# Without the declared minimizers as seeds, the search misses two global minima (with the default budget of 128
# candidates too): Bukin N.6's floor is a non-smooth ridge, L-BFGS-B stops at 5.0e-4 near (-9.95, 0.990); on
# Schaffer N.4 the search ends at (0, +-2.80) with 0.295157 instead of 0.292579 at (0, +-1.25313).
UNSEEDED_MISSES = {"bukin6", "schaffer4"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(
    strict=True, reason="the unseeded minimum search misses this global minimum")) if n in UNSEEDED_MISSES
    else n for n in NAMES])
def test_unseeded_search_finds_the_oracle_minimum(name):
    """The search alone, without declared minimizers, finds the oracle's minimum, as it must for a level that
    declares none."""
    found, v = search(name, seeded=False), oracle_minimum(name)
    assert abs(found - v) <= 1e-6 * scale(v), (found, v)


@pytest.mark.parametrize("name", NAMES)
def test_oracle_minimizers_are_minima_of_the_engine_landscape(name):
    """No engine value near an oracle minimizer is lower than the oracle minimum (inside the domain)."""
    land, v = FunctionLandscape(name), oracle_minimum(name)
    rng = np.random.default_rng(0)
    for p in oracle_minimizers(name):
        P = land.domain.clamp(p + rng.normal(scale=1e-4, size=(400, 2)))
        assert land.value(P).min() >= v - 1e-9 * scale(v)


# --------------------------------------------------------------------------------------------------
# 3. Values and exact gradients against mpmath derivatives of the oracle's own formulas.
# --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_values_and_gradients_match_the_oracle(name):
    pts = [p for p in GRADIENTS["functions"][name] if p["kink"] is None]
    # A point within 1e-6 of a kink (abs or sqrt at 0) has a one-sided or unbounded derivative there, so
    # comparing it says nothing about the engine; the oracle marks such points. Seeded points hit none today.
    assert len(pts) >= 0.9 * len(GRADIENTS["functions"][name])
    P = np.array([p["point"] for p in pts])
    v_ref = np.array([float(p["value"]) for p in pts])
    G_ref = np.array([[float(g) for g in p["grad"]] for p in pts])
    v, G = FunctionLandscape(name).value_and_grad(P)
    np.testing.assert_allclose(v, v_ref, rtol=1e-9, atol=1e-9)
    # Relative to the size of the gradient, so a component that nearly cancels is not held to 1e-7 of itself.
    norm = np.linalg.norm(G_ref, axis=1, keepdims=True)
    assert (np.abs(G - G_ref) <= 1e-7 * norm).all(), np.abs(G - G_ref) / norm
