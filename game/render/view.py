"""The view: where the domain sits on screen, and conversions between world and screen coordinates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.landscapes import Domain

from .terrain import fit_domain


@dataclass(frozen=True)
class View:
    domain: Domain
    left: int
    top: int
    width: int
    height: int

    @classmethod
    def fit(cls, domain: Domain, rect: tuple[int, int, int, int]) -> View:
        x, y, w, h = rect
        pw, ph = fit_domain(domain, w, h)
        return cls(domain, x + (w - pw) // 2, y + (h - ph) // 2, pw, ph)

    @property
    def rect(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.width, self.height)

    @property
    def pixels_per_unit(self) -> float:
        return self.width / self.domain.span[0]

    def to_screen(self, P) -> np.ndarray:
        P = np.asarray(P, dtype=float)
        sx = self.left + (P[..., 0] - self.domain.x[0]) / self.domain.span[0] * self.width
        sy = self.top + (self.domain.y[1] - P[..., 1]) / self.domain.span[1] * self.height
        return np.stack([sx, sy], axis=-1)

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        x = self.domain.x[0] + (sx - self.left) / self.width * self.domain.span[0]
        y = self.domain.y[1] - (sy - self.top) / self.height * self.domain.span[1]
        return float(x), float(y)

    def contains(self, sx: float, sy: float) -> bool:
        return self.left <= sx < self.left + self.width and self.top <= sy < self.top + self.height
