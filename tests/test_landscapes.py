"""Wells, heightmaps and data surfaces: values and exact gradients."""

import numpy as np
import pytest

from engine.dataset import DataLandscape
from engine.heightmap import HeightmapLandscape, load_gray
from engine.landscapes import Domain, Well, WellsLandscape
from engine.minimum import global_minimum


def numeric_grad(land, P, h=1e-6):
    return np.stack([(land.value(P + [h, 0]) - land.value(P - [h, 0])) / (2 * h),
                     (land.value(P + [0, h]) - land.value(P - [0, h])) / (2 * h)], 1)


def test_wells_value_and_gradient():
    land = WellsLandscape("0.05*(x**2 + y**2)", [Well((1, 1), 2, 0.5), Well((-1, -0.5), 3, 0.2),
                                                 Well((0, 1.5), -1, 0.3)], Domain((-2, 2), (-2, 2)))
    v = land.value(np.array([[1.0, 1.0]]))[0]
    expected = 0.05 * 2 - 2 - 3 * np.exp(-(4 + 2.25) / (2 * 0.04)) + 1 * np.exp(-(1 + 0.25) / (2 * 0.09))
    assert v == pytest.approx(expected, rel=1e-12)
    P = np.random.default_rng(0).uniform(-2, 2, (300, 2))
    np.testing.assert_allclose(land.grad(P), numeric_grad(land, P), rtol=1e-6, atol=1e-7)
    m = global_minimum(land)
    assert m.points[0] == pytest.approx((-1, -0.5), abs=0.01)


def test_heightmap_interpolates_pixels_and_has_exact_smooth_gradient(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(2)
    pixels = (rng.random((24, 32)) * 65535).astype(np.uint16)
    Image.fromarray(pixels).save(tmp_path / "h16.png")
    gray = load_gray(tmp_path / "h16.png")
    assert gray.shape == (24, 32) and gray.max() <= 1.0
    land = HeightmapLandscape(gray, (0, 1000), Domain((0, 31), (0, 23)))
    # At pixel centres the interpolant equals the pixel: column c is x = c; row r is y = 23 - r.
    np.testing.assert_allclose(land.value(np.array([[5.0, 23 - 7.0]])), 1000 * float(pixels[7, 5]) / 65535, rtol=1e-12)
    P = rng.uniform(1, 22, (400, 2)) * [30 / 22, 1]
    np.testing.assert_allclose(land.grad(P), numeric_grad(land, P, 1e-7), rtol=1e-5, atol=1e-4)
    # C1: the gradient is continuous across a cell boundary.
    left, right = land.grad(np.array([[10 - 1e-9, 7.3], [10 + 1e-9, 7.3]]))
    np.testing.assert_allclose(left, right, atol=1e-5)


def test_heightmap_reads_8_bit_images(tmp_path):
    from PIL import Image

    Image.fromarray(np.full((8, 8), 255, np.uint8)).save(tmp_path / "white.png")
    assert load_gray(tmp_path / "white.png").min() == 1.0


def test_data_surface_is_the_delta_rule():
    data = DataLandscape(np.array([2.0]), np.array([1.0]), Domain((-1, 1), (-1, 1)))
    v, g = data.value_and_grad(np.array([[0.1, 0.3]]))
    assert v[0] == pytest.approx(0.5 * 0.3**2)
    np.testing.assert_allclose(g[0], [-0.3, -0.6])  # -(y - a) * x
