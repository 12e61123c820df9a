"""Classic test functions: formulas and published minima, pinned to 1e-9."""

import math

import numpy as np
import pytest

from engine.functions import CLASSIC
from engine.landscapes import FunctionLandscape
from engine.minimum import global_minimum

# Published values (Surjanovic & Bingham; Wikipedia), exact where a closed form exists.
PUBLISHED = {
    "himmelblau": 0.0, "rastrigin": 0.0, "ackley": 0.0, "rosenbrock": 0.0, "beale": 0.0,
    "goldstein-price": 3.0, "six-hump-camel": -1.0316284534898774, "three-hump-camel": 0.0,
    "eggholder": -959.6406627208508, "holder-table": -19.208502567886732, "schwefel": 2.5455132532153e-05,
    "styblinski-tang": -78.332331407542831, "levy": 0.0, "levy13": 0.0, "branin": 5 / (4 * math.pi),
    "bukin6": 0.0, "cross-in-tray": -2.0626118708227381, "drop-wave": -1.0,
    "mccormick": -math.sqrt(3) / 2 - math.pi / 3, "matyas": 0.0, "booth": 0.0, "easom": -1.0,
    "schaffer2": 0.0, "schaffer4": 0.29257863203598055,
}


def test_all_24_functions_exist():
    assert set(CLASSIC) == set(PUBLISHED)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_value_at_every_minimizer_matches_the_table(name):
    f = CLASSIC[name]
    assert f.minimum == pytest.approx(PUBLISHED[name], abs=1e-9)
    land = FunctionLandscape(name)
    values = land.value(np.array(f.minimizers))
    np.testing.assert_allclose(values, PUBLISHED[name], atol=1e-9, rtol=0)


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_minimizers_are_minima_nearby(name):
    """No point close to a minimizer is lower (so the table points really are minimizers)."""
    f = CLASSIC[name]
    land = FunctionLandscape(name)
    rng = np.random.default_rng(0)
    for p in f.minimizers:
        P = land.domain.clamp(np.array(p) + rng.normal(scale=1e-4, size=(400, 2)))
        assert land.value(P).min() >= f.minimum - 1e-9


def test_named_minimizers_from_the_literature():
    assert CLASSIC["schaffer4"].minimizers[0][1] == pytest.approx(1.25313, abs=1e-5)
    assert CLASSIC["styblinski-tang"].minimizers[0][0] == pytest.approx(-2.903534, abs=1e-6)
    assert len(CLASSIC["branin"].minimizers) == 3 and len(CLASSIC["holder-table"].minimizers) == 4
    assert CLASSIC["eggholder"].minimizers[0] == pytest.approx((512, 404.2319), abs=1e-4)


SMOOTH_ENOUGH = ["himmelblau", "rastrigin", "rosenbrock", "beale", "goldstein-price", "six-hump-camel",
                 "three-hump-camel", "styblinski-tang", "branin", "mccormick", "matyas", "booth",
                 "holder-table", "cross-in-tray", "levy", "levy13", "drop-wave", "eggholder"]


@pytest.mark.parametrize("name", SMOOTH_ENOUGH)
def test_search_finds_the_published_minimum(name):
    """The engine's own search (grid + L-BFGS-B with exact gradients) agrees with the table."""
    land = FunctionLandscape(name)
    report = global_minimum(land)
    assert report.found_value == pytest.approx(CLASSIC[name].minimum, abs=1e-6 * max(1, abs(CLASSIC[name].minimum)))


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_gradients_are_exact(name):
    land = FunctionLandscape(name)
    rng = np.random.default_rng(3)
    P = land.domain.uniform(rng, 60)
    v, G = land.value_and_grad(P)
    h = 1e-6
    num = np.stack([(land.value(P + [h, 0]) - land.value(P - [h, 0])) / (2 * h),
                    (land.value(P + [0, h]) - land.value(P - [0, h])) / (2 * h)], 1)
    # Kinks (abs) make a few random points legitimately disagree; the vast majority must match.
    close = np.isclose(G, num, rtol=1e-5, atol=1e-5 * (1 + np.abs(v)[:, None])).all(1)
    assert close.mean() >= 0.95
