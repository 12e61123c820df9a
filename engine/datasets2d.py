"""Two-dimensional classification data sets, generated in NumPy, deterministic from a seed.

Every generator returns ``(X, y)``: points of shape (size, 2) and integer labels of shape (size,), class 0
first, then class 1 (the order does not matter to a full-batch loss, and mini-batches are drawn at random).
The same (name, size, noise, seed) gives the same numbers on every machine: one ``default_rng(seed)``
draws everything, in a fixed order.

- ``moons``: two interleaving half circles (class 0 the upper one, centred at the origin, radius 1; class 1
  the lower one, shifted to (1, 0.5)), points evenly spaced along each, plus Gaussian noise of std ``noise``.
- ``circles``: a circle of radius 1 (class 0) around one of radius 0.5 (class 1), evenly spaced, plus noise.
- ``xor``: points uniform in [-1, 1]², kept at least 0.1 away from both axes; class 0 in the first and third
  quadrants, class 1 where x1·x2 < 0 (the second and fourth), each quadrant picked at random; noise then moves
  the points (their class stays that of the clean point).
- ``spirals``: two interleaved spiral arms (class 1 is class 0 turned by half a turn), radius growing from 0
  to 1 over 1.75 turns, plus noise.
"""

from __future__ import annotations

import numpy as np

GENERATORS = ("moons", "circles", "xor", "spirals")
MIN_SIZE = 4


def _split(size: int) -> tuple[int, int]:
    first = size // 2
    return first, size - first


def moons(size: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n0, n1 = _split(size)
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    return np.vstack([outer, inner]), np.repeat([0, 1], [n0, n1])


def circles(size: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n0, n1 = _split(size)
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = 0.5 * np.column_stack([np.cos(t1), np.sin(t1)])
    return np.vstack([outer, inner]), np.repeat([0, 1], [n0, n1])


def xor(size: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    # Uniform in [0.1, 1] per coordinate, so every point keeps 0.1 away from the axes; a random sign puts a
    # class-0 point in the first or third quadrant, a class-1 point in the second or fourth.
    n0, n1 = _split(size)
    y = np.repeat([0, 1], [n0, n1])
    mag = rng.uniform(0.1, 1.0, (size, 2))
    sign = np.where(rng.random(size) < 0.5, -1.0, 1.0)
    X = np.column_stack([sign * mag[:, 0], np.where(y == 0, sign, -sign) * mag[:, 1]])
    return X, y


def spirals(size: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n0, n1 = _split(size)
    out = []
    for n, turn in ((n0, 0.0), (n1, np.pi)):
        r = np.linspace(0.0, 1.0, n, endpoint=False) + 0.5 / max(n, 1)  # no point sits exactly at the centre
        t = 1.75 * 2 * np.pi * r + turn
        out.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    return np.vstack(out), np.repeat([0, 1], [n0, n1])


_MAKERS = {"moons": moons, "circles": circles, "xor": xor, "spirals": spirals}


def generate(name: str, size: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The data set ``name`` with ``size`` points and Gaussian noise of std ``noise``, from ``seed``."""
    if name not in _MAKERS:
        raise ValueError(f"unknown data set {name!r}; one of: {', '.join(GENERATORS)}")
    if size < MIN_SIZE:
        raise ValueError(f"a generated data set has at least {MIN_SIZE} points")
    rng = np.random.default_rng(seed)
    X, y = _MAKERS[name](int(size), float(noise), rng)
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    return np.ascontiguousarray(X, dtype=float), np.asarray(y, dtype=np.int64)
