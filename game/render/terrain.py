"""Terrain images: altitude through a perceptual colormap, hillshading from the exact gradient, contours.

Pure NumPy (no pygame), so the same pixels serve the window, thumbnails and exported GIFs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.landscapes import Domain, Landscape

from ..resources import colormap


@dataclass(frozen=True)
class Scale:
    """Maps altitudes to [0, 1] for coloring: log-like, so deep valleys keep their detail."""

    low: float
    median: float
    high: float

    @classmethod
    def fit(cls, values: np.ndarray) -> Scale:
        v = values[np.isfinite(values)]
        if v.size == 0:
            return cls(0.0, 0.5, 1.0)
        low, med, high = np.percentile(v, [0, 50, 99.5])
        if not high > low:
            high = low + 1.0
        return cls(float(low), float(max(med, low + 1e-12 * (high - low) + 1e-300)), float(high))

    @property
    def _s(self) -> float:
        return max(self.median - self.low, 1e-9 * (self.high - self.low), 1e-300)

    def norm(self, v: np.ndarray) -> np.ndarray:
        u = np.clip((np.asarray(v, dtype=float) - self.low) / self._s, 0.0, None)
        top = np.log1p((self.high - self.low) / self._s)
        return np.clip(np.log1p(u) / top, 0.0, 1.0)

    def dnorm(self, v: np.ndarray) -> np.ndarray:
        """d norm / d altitude, for hillshading in color space."""
        u = np.clip((np.asarray(v, dtype=float) - self.low) / self._s, 0.0, None)
        top = np.log1p((self.high - self.low) / self._s)
        return 1.0 / ((1.0 + u) * self._s * top)

    def value_at(self, t: float) -> float:
        top = np.log1p((self.high - self.low) / self._s)
        return float(self.low + self._s * np.expm1(t * top))


def fit_domain(domain: Domain, width: int, height: int) -> tuple[int, int]:
    """Pixel size of the domain drawn at equal scale on both axes inside width x height."""
    sx, sy = domain.span
    scale = min(width / sx, height / sy)
    return max(2, int(round(sx * scale))), max(2, int(round(sy * scale)))


MAX_SAMPLE_WORK = 1e8  # a costly landscape's picture: about a fifth of a second of work (network levels)
MIN_SAMPLES = 48  # per side, however costly


def sample(landscape: Landscape, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Altitude and gradient at pixel centres, image row 0 at the top (largest y). A landscape that says each
    point costs a lot (``work_per_point``, a network's examples × its size) is sampled on a coarser grid
    and interpolated linearly, so its picture never stalls the window."""
    w, h = sample_grid(landscape, width, height)
    if (w, h) != (width, height):
        v, g = _sample(landscape, w, h)
        return _resize(v, width, height), _resize(g, width, height)
    return _sample(landscape, width, height)


def sample_grid(landscape: Landscape, width: int, height: int) -> tuple[int, int]:
    """The grid ``sample`` evaluates the landscape on: the pixels themselves, or a coarser grid for a costly
    landscape (then interpolated to the pixels)."""
    work = float(getattr(landscape, "work_per_point", 0) or 0)
    if work and width * height * work > MAX_SAMPLE_WORK:
        f = (MAX_SAMPLE_WORK / (width * height * work)) ** 0.5
        w, h = max(MIN_SAMPLES, int(width * f)), max(MIN_SAMPLES, int(height * f))
        if w < width and h < height:
            return w, h
    return width, height


def _resize(a: np.ndarray, width: int, height: int) -> np.ndarray:
    """A grid of pixel-centre samples (h, w, ...) resampled to (height, width, ...), bilinearly."""
    h, w = a.shape[:2]

    def axis(n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
        pos = np.clip((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0, n_in - 1)
        i0 = np.minimum(np.floor(pos).astype(int), n_in - 2)
        return i0, (pos - i0)

    x0, fx = axis(width, w)
    y0, fy = axis(height, h)
    extra = (None,) * (a.ndim - 2)
    fx = fx[(None, slice(None), *extra)]
    rows = a[:, x0] * (1 - fx) + a[:, x0 + 1] * fx
    fy = fy[(slice(None), None, *extra)]
    return rows[y0] * (1 - fy) + rows[y0 + 1] * fy


def _sample(landscape: Landscape, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    d = landscape.domain
    xs = d.x[0] + (np.arange(width) + 0.5) / width * d.span[0]
    ys = d.y[1] - (np.arange(height) + 0.5) / height * d.span[1]
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        v, g = landscape.value_and_grad(np.column_stack([X.ravel(), Y.ravel()]))
    return v.reshape(height, width), g.reshape(height, width, 2)


def terrain_rgb(landscape: Landscape, width: int, height: int, cmap: str = "viridis", contours: int = 16,
                scale: Scale | None = None) -> tuple[np.ndarray, Scale]:
    """An (height, width, 3) uint8 image of the landscape and the altitude scale used."""
    job = TerrainJob(landscape, width, height, cmap, contours, scale)
    job.advance(2 * height)
    return job.rgb, job.scale


class TerrainJob:
    """``terrain_rgb`` a slice of rows at a time, so a frame can do a bounded part of it.

    Two passes over the rows: sampling (the landscape's altitude and slope at each pixel, most of the cost),
    then, once every altitude is known and the colour scale fitted, colouring (colormap, hillshading,
    contours: a row's contour edges also need the row above). Every pixel is computed from the same numbers
    in the same order whatever the slices, so the image equals the one built at once."""

    def __init__(self, landscape: Landscape, width: int, height: int, cmap: str = "viridis", contours: int = 16,
                 scale: Scale | None = None) -> None:
        self.landscape = landscape
        self.width, self.height = int(width), int(height)
        self.cmap = cmap
        self.contours = contours
        self.scale: Scale | None = scale
        self._given_scale = scale is not None
        d = landscape.domain
        # Sampled on sample()'s grid (coarser for a costly landscape, then interpolated to the pixels).
        self.sample_width, self.sample_height = sample_grid(landscape, self.width, self.height)
        self._xs = d.x[0] + (np.arange(self.sample_width) + 0.5) / self.sample_width * d.span[0]
        self._ys = d.y[1] - (np.arange(self.sample_height) + 0.5) / self.sample_height * d.span[1]
        self.v = np.empty((self.sample_height, self.sample_width))
        self.g = np.empty((self.sample_height, self.sample_width, 2))
        self.rgb = np.empty((self.height, self.width, 3), dtype=np.uint8)
        self.sampled = 0  # rows sampled
        self.colored = 0  # rows coloured
        self._band_above: np.ndarray | None = None  # contour bands of the last row coloured

    @property
    def done(self) -> bool:
        return self.colored == self.height

    @property
    def phase(self) -> str:
        return "sample" if self.sampled < self.sample_height else ("color" if not self.done else "done")

    def advance(self, max_rows: int) -> int:
        """Sample, then colour, at most ``max_rows`` rows in all; returns the rows done (0 when finished)."""
        done = 0
        while done < max_rows and not self.done:
            done += self.step(max_rows - done)
        return done

    def step(self, max_rows: int) -> int:
        """At most ``max_rows`` rows of the current pass only (the passes cost differently per row)."""
        if self.sampled < self.sample_height:
            return self._sample(min(max_rows, self.sample_height - self.sampled))
        if not self.done:
            return self._color(min(max_rows, self.height - self.colored))
        return 0

    def _sample(self, rows: int) -> int:
        a, b = self.sampled, self.sampled + rows
        X, Y = np.meshgrid(self._xs, self._ys[a:b])
        with np.errstate(all="ignore"):
            v, g = self.landscape.value_and_grad(np.column_stack([X.ravel(), Y.ravel()]))
        self.v[a:b] = v.reshape(b - a, self.sample_width)
        self.g[a:b] = g.reshape(b - a, self.sample_width, 2)
        self.sampled = b
        if b == self.sample_height:
            if (self.sample_width, self.sample_height) != (self.width, self.height):
                self.v, self.g = _resize(self.v, self.width, self.height), _resize(self.g, self.width, self.height)
            if not self._given_scale:
                self.scale = Scale.fit(self.v)
        return rows

    def _color(self, rows: int) -> int:
        a, b = self.colored, self.colored + rows
        v, g, scale = self.v[a:b], self.g[a:b], self.scale
        t = scale.norm(np.where(np.isfinite(v), v, scale.high))
        rgb = colormap(self.cmap)[(t * 255).astype(np.uint8)].astype(float)
        # Hillshading: the surface normal of (x, y, t) lit from the north-west, slopes from the exact gradient.
        px = self.landscape.domain.span[0] / self.width
        with np.errstate(all="ignore"):  # a stranger's level may overflow here: nan_to_num below shades it flat
            k = 6.0 * scale.dnorm(v) * px * self.width / 100.0
            nx, ny = -g[..., 0] * k, -g[..., 1] * k
            lit = (nx * -0.5 + ny * 0.5 + 0.7) / np.sqrt(nx * nx + ny * ny + 1.0)
        shade = np.clip(0.55 + 0.55 * np.nan_to_num(lit, nan=0.7), 0.35, 1.15)
        rgb *= shade[..., None]
        if self.contours:
            band = np.floor(t * self.contours)
            edge = np.zeros_like(band, dtype=bool)
            edge[:, 1:] |= band[:, 1:] != band[:, :-1]
            edge[1:, :] |= band[1:, :] != band[:-1, :]
            if self._band_above is not None:
                edge[0, :] |= band[0, :] != self._band_above
            self._band_above = band[-1]
            rgb[edge] = rgb[edge] * 0.55 + 255 * 0.08
        rgb[~np.isfinite(v)] = (40, 0, 0)
        self.rgb[a:b] = np.clip(rgb, 0, 255).astype(np.uint8)
        self.colored = b
        return rows
