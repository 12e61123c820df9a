"""Sound effects, synthesized with NumPy at start-up (no files to ship or license). All muted by M."""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque

import numpy as np
import pygame

RATE = 22050


@contextlib.contextmanager
def _quiet_stderr():
    """Silence file descriptor 2 for a moment: ALSA and PulseAudio print straight to it from C."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def log_line(message: str) -> None:
    """One line in hiker.log in the per-user folder (never on the terminal)."""
    from engine.level import user_data_dir

    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "hiker.log", "a", encoding="utf-8") as f:
            f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}\n")
    except OSError:
        pass


def probe_audio() -> bool:
    """Open the sound device before pygame.init(), with the C libraries' complaints silenced. On a machine
    without a sound card, switch SDL to its silent "dummy" driver and write one line in the log instead of
    the dozen ALSA lines on stderr. True when real sound works."""
    try:
        with _quiet_stderr():
            pygame.mixer.init(RATE, -16, 2, 512)
        return True
    except pygame.error as err:
        os.environ["SDL_AUDIODRIVER"] = "dummy"
        log_line(f"no sound device ({err}); playing silently")
        return False


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
                pygame.mixer.init(RATE, -16, 2, 512)
            channels = pygame.mixer.get_init()[2]
            for name, make in RECIPES.items():
                wave = make()
                if channels > 1:
                    wave = np.repeat(wave[:, None], channels, axis=1)
                self.sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(wave))
        except (pygame.error, NotImplementedError, ValueError):
            self.sounds = {}  # no audio device: play silently
        self.played: deque[str] = deque(maxlen=200)  # the last sounds asked for, for tests (bounded)
        self._ear = None  # the channel of the last by-ear sound

    def play_wave(self, name: str, wave: np.ndarray) -> None:
        """Play a freshly synthesized wave ((n, 2) int16, e.g. game/ear.py), cutting off the previous one."""
        self.played.append(name)
        if self.settings.muted or not self.sounds:
            return
        try:
            channels = pygame.mixer.get_init()[2]
            data = wave if channels == 2 else (wave.mean(axis=1).astype(np.int16) if channels == 1 else
                                              np.repeat(wave[:, :1], channels, axis=1))
            sound = pygame.sndarray.make_sound(np.ascontiguousarray(data))
        except (pygame.error, ValueError, TypeError):
            return
        sound.set_volume(self.settings.volume)
        if self._ear is not None:
            self._ear.stop()
        self._ear = sound.play()

    def play(self, name: str) -> None:
        self.played.append(name)
        if self.settings.muted or name not in self.sounds:
            return
        sound = self.sounds[name]
        sound.set_volume(self.settings.volume)
        sound.play()
