"""Sound effects, synthesized with NumPy at start-up (no files to ship or license). All muted by M."""

from __future__ import annotations

from collections import deque

import numpy as np
import pygame

RATE = 22050


def _tone(freqs, seconds: float, decay: float, noise: float = 0.0, sweep: float = 0.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave = np.zeros_like(t)
    for i, f in enumerate(freqs):
        start = i * 0.09
        local = np.clip(t - start, 0, None)
        on = t >= start
        wave += on * np.sin(2 * np.pi * (f * local + 0.5 * sweep * local**2)) * np.exp(-local * decay)
    if noise:
        rng = np.random.default_rng(7)
        wave += noise * rng.standard_normal(len(t)) * np.exp(-t * decay * 1.5)
    wave /= max(1e-9, np.abs(wave).max())
    fade = np.minimum(1, (len(t) - np.arange(len(t))) / 200)
    return (wave * fade * 0.6 * 32767).astype(np.int16)


RECIPES = {
    "step": lambda: _tone([110], 0.09, 45, noise=0.9),
    "probe": lambda: _tone([1760], 0.05, 90),
    "chime": lambda: _tone([523.25, 659.25, 783.99, 1046.5], 0.9, 5),
    "fail": lambda: _tone([330], 0.6, 5, sweep=-260),
    "leap": lambda: _tone([440], 0.25, 12, sweep=900),
    "click": lambda: _tone([880], 0.03, 120),
}


class Sounds:
    def __init__(self, settings) -> None:
        self.settings = settings
        self.sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(RATE, -16, 1, 512)
            channels = pygame.mixer.get_init()[2]
            for name, make in RECIPES.items():
                wave = make()
                if channels > 1:
                    wave = np.repeat(wave[:, None], channels, axis=1)
                self.sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(wave))
        except (pygame.error, NotImplementedError, ValueError):
            self.sounds = {}  # no audio device: play silently
        self.played: deque[str] = deque(maxlen=200)  # the last sounds asked for, for tests (bounded)

    def play(self, name: str) -> None:
        self.played.append(name)
        if self.settings.muted or name not in self.sounds:
            return
        sound = self.sounds[name]
        sound.set_volume(self.settings.volume)
        sound.play()
