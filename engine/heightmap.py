"""Heightmap landscapes: a grayscale image as a height field, interpolated by a C1 bicubic spline.

The interpolant is Catmull-Rom (cubic convolution with a = -1/2), which is continuously differentiable;
its gradient is the exact derivative of that interpolant, not a finite difference of the pixels.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from .expr.evaluate import CHUNK
from .landscapes import Domain, Landscape, Out, outputs

MAX_PIXELS = 1024 * 1024


class HeightmapError(ValueError):
    pass


def load_gray(path: Path) -> np.ndarray:
    """Read an 8- or 16-bit grayscale PNG (or any image Pillow reads) as floats in [0, 1]."""
    from PIL import Image  # lazy: Pillow is only needed for heightmap levels

    try:
        with Image.open(path) as img:
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise HeightmapError(f"image is {w}x{h} pixels; the limit is {MAX_PIXELS} pixels")
            if w < 4 or h < 4:
                raise HeightmapError(f"image is {w}x{h} pixels; it needs at least 4x4")
            mode = img.mode
            if mode in ("I;16", "I;16B", "I;16L", "I"):
                arr = np.asarray(img, dtype=np.float64) / 65535.0
            else:
                arr = np.asarray(img.convert("L"), dtype=np.float64) / 255.0
    except HeightmapError:
        raise
    except (OSError, ValueError) as err:
        raise HeightmapError(f"cannot read image: {err}") from err
    return np.clip(arr, 0.0, 1.0)


def _weights(t: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Catmull-Rom weights for the 4 neighbours at fractional offset t, and their derivatives."""
    t2, t3 = t * t, t * t * t
    w = [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2]
    dw = [(-3 * t2 + 4 * t - 1) / 2, (9 * t2 - 10 * t) / 2, (-9 * t2 + 8 * t + 1) / 2, (3 * t2 - 2 * t) / 2]
    return w, dw


class HeightmapLandscape(Landscape):
    """Image row 0 is the north edge (largest y); column 0 is the west edge (smallest x)."""

    kind = "heightmap"

    def __init__(self, gray: np.ndarray, height: tuple[float, float], domain: Domain) -> None:
        super().__init__(domain)
        self.height = height
        lo, hi = height
        z = lo + (hi - lo) * np.asarray(gray, dtype=float)
        self.rows, self.cols = z.shape
        # Pad with edge copies: one cell before, two after, so every 4x4 stencil is in range.
        self._z = np.pad(z, ((1, 2), (1, 2)), mode="edge")
        self._flat = self._z.ravel()
        self._du_dx = (self.cols - 1) / domain.span[0]
        self._dv_dy = -(self.rows - 1) / domain.span[1]

    def value_and_grad(self, P: np.ndarray, out: Out = None) -> tuple[np.ndarray, np.ndarray]:
        P = np.asarray(P, dtype=float)
        value, G = outputs(P, out)
        if len(P) == 1:
            try:
                value[0], G[0, 0], G[0, 1] = self._one(P.item(0), P.item(1))
                return value, G
            except ValueError:  # not a number: the array path gives NaN
                pass
        for s in range(0, len(P), CHUNK // 2):  # chunks: the 16 stencil values and weights stay in the cache
            e = min(len(P), s + CHUNK // 2)
            self._chunk(P[s:e], value[s:e], G[s:e])
        return value, G

    def _one(self, x: float, y: float) -> tuple[float, float, float]:
        """One point on Python floats, operation for operation as ``_chunk`` does it."""
        d = self.domain
        x, y = min(max(x, d.x[0]), d.x[1]), min(max(y, d.y[0]), d.y[1])
        u = (x - d.x[0]) * self._du_dx
        v = (y - d.y[1]) * self._dv_dy
        i = min(max(math.floor(u), 0), self.cols - 2)
        j = min(max(math.floor(v), 0), self.rows - 2)
        wu, dwu = _weights(u - i)
        wv, dwv = _weights(v - j)
        width = self._z.shape[1]
        flat = self._flat
        value = gx = gy = 0.0
        for r in range(4):
            row = drow = 0.0
            k = (j + r) * width + i
            for c in range(4):
                z = flat.item(k + c)
                row += wu[c] * z
                drow += dwu[c] * z
            value += wv[r] * row
            gx += wv[r] * drow
            gy += dwv[r] * row
        return value, gx * self._du_dx, gy * self._dv_dy

    def _chunk(self, P: np.ndarray, value: np.ndarray, G: np.ndarray) -> None:
        P = self.domain.clamp(P)
        u = (P[:, 0] - self.domain.x[0]) * self._du_dx
        v = (P[:, 1] - self.domain.y[1]) * self._dv_dy
        i = np.clip(np.floor(u).astype(np.intp), 0, self.cols - 2)
        j = np.clip(np.floor(v).astype(np.intp), 0, self.rows - 2)
        wu, dwu = _weights(u - i)
        wv, dwv = _weights(v - j)
        width = self._z.shape[1]
        base = j * width + i
        value[:] = 0.0
        gx = np.zeros(len(P))
        gy = np.zeros(len(P))
        for r in range(4):
            row = np.zeros(len(P))  # sum over c of wu[c] * z[r, c], and of dwu[c] * z[r, c]
            drow = np.zeros(len(P))
            for c in range(4):
                z = self._flat.take(base + (r * width + c))
                row += wu[c] * z
                drow += dwu[c] * z
            value += wv[r] * row
            gx += wv[r] * drow
            gy += dwv[r] * row
        G[:, 0] = gx * self._du_dx
        G[:, 1] = gy * self._dv_dy
