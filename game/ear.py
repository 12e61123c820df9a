"""Play by ear: the blindfolded hiker hears the ground.

- **pitch follows altitude**: the start sounds at 440 Hz; every "typical drop" of this level (the median
  altitude above the lowest of 2000 samples, ``Hike.spread``) lower is about an octave lower, softened so
  a deep valley never falls off the scale;
- **stereo pan follows the slope's direction**: the ticks come from the east (right) when downhill is east;
- **a tick rate follows the steepness**: silence on flat ground, faster ticks on steeper ground (relative
  to the level's typical slope, as the slope words are);
- **each tick glides up when downhill is north, down when it is south**, so both axes are heard;
- **a probe plays four notes**, north, east, south, west (panned), a bright bell where the ground goes
  down and a dull knock where it goes up.

The mapping is pure functions from numbers to numbers (tested headless, and a scripted listener that hears
only these numbers finds Twin Valleys' bottom); ``render`` turns a cue into a stereo NumPy wave.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

RATE = 22050
BASE_HZ = 440.0
LOW_HZ, HIGH_HZ = 80.0, 2000.0  # about two and a half octaves down, two up
MAX_TICKS = 14.0  # ticks per second on the steepest ground
FLAT = 0.02  # below this share of the typical slope the ground is silent (flat)
PROBE_ORDER = ("forward", "right", "back", "left")  # north, east, south, west


@dataclass(frozen=True)
class Cue:
    """What the hiker hears standing still: a hum and ticks."""

    pitch: float  # Hz of the hum
    pan: float  # -1 (west, left ear) .. +1 (east, right ear): the downhill direction's east part
    tilt: float  # -1 (south) .. +1 (north): the downhill direction's north part, heard as each tick's glide
    rate: float  # ticks per second; 0 on flat ground


def pitch(altitude: float, start: float, spread: float) -> float:
    """Hz for an altitude: 440 at the start, about an octave lower per typical drop, within 80..2000.
    Strictly increasing in altitude, so a lower pitch always means lower ground."""
    if not math.isfinite(altitude):
        return LOW_HZ
    octaves = math.asinh((altitude - start) / (spread if spread > 0 else 1.0))
    return float(min(HIGH_HZ, max(LOW_HZ, BASE_HZ * 2.0 ** octaves)))


def direction(gradient) -> tuple[float, float]:
    """(pan, tilt): the downhill unit direction's east and north parts; (0, 0) on flat ground."""
    gx, gy = float(gradient[0]), float(gradient[1])
    n = math.hypot(gx, gy)
    if not n > 0 or not math.isfinite(n):
        return 0.0, 0.0
    return -gx / n, -gy / n


def tick_rate(steepness: float, typical: float) -> float:
    """Ticks per second: none on flat ground, then faster as the ground steepens (relative to the level's
    typical slope), up to MAX_TICKS."""
    ratio = steepness / typical if typical > 0 else 0.0
    if not ratio >= FLAT:
        return 0.0
    return float(min(MAX_TICKS, 1.5 + 4.0 * math.sqrt(ratio)))


def cue(hike) -> Cue:
    """What the hike's hiker hears where it stands (engine.hike.Hike)."""
    g = hike.slope()
    pan, tilt = direction(g)
    steep = float(np.hypot(*g))
    return Cue(pitch(hike.altitude(), hike.start_cost, hike.spread), pan, tilt, tick_rate(steep, hike.typical))


def probe_notes(probes: dict[str, float]) -> list[tuple[str, float, float, bool]]:
    """The probe's four notes in order (north, east, south, west): (direction, pan, tilt, downhill)."""
    where = {"forward": (0.0, 1.0), "right": (1.0, 0.0), "back": (0.0, -1.0), "left": (-1.0, 0.0)}
    return [(d, where[d][0], where[d][1], probes[d] < 0) for d in PROBE_ORDER if d in probes]


# --------------------------------------------------------------------------- synthesis (NumPy)


def _stereo(mono: np.ndarray, pan: float) -> np.ndarray:
    """Equal-power panning of a mono wave: (n, 2) floats."""
    a = (pan + 1) * math.pi / 4
    return np.column_stack([mono * math.cos(a), mono * math.sin(a)])


def _tick(tilt: float, seconds: float = 0.045) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    f0 = 1200.0
    glide = 1.0 + 0.6 * tilt * (t / seconds)  # up for north, down for south
    phase = 2 * np.pi * np.cumsum(f0 * glide) / RATE
    return np.sin(phase) * np.exp(-t * 60)


def render(c: Cue, seconds: float = 0.7) -> np.ndarray:
    """A stereo int16 wave (n, 2): the hum at the cue's pitch, centred, and ticks panned downhill."""
    n = int(RATE * seconds)
    t = np.arange(n) / RATE
    hum = 0.35 * np.sin(2 * np.pi * c.pitch * t) * np.minimum(1.0, np.minimum(t, seconds - t) * 25)
    wave = _stereo(hum, 0.0)
    if c.rate > 0:
        tick = _tick(c.tilt)
        ticks = np.zeros(n)
        for start in np.arange(0.0, seconds, 1.0 / c.rate):
            i = int(start * RATE)
            seg = tick[: max(0, n - i)]
            ticks[i:i + len(seg)] += seg
        wave += _stereo(0.6 * ticks, c.pan)
    return (np.clip(wave, -1, 1) * 0.8 * 32767).astype(np.int16)


def render_probe(notes: list[tuple[str, float, float, bool]], gap: float = 0.16) -> np.ndarray:
    """The probe's notes one after another: a bell (downhill) or a knock (uphill), panned and gliding."""
    note_len = 0.14
    n = int(RATE * (gap * len(notes) + note_len)) + 1
    out = np.zeros((n, 2))
    t = np.arange(int(RATE * note_len)) / RATE
    for k, (_, pan, tilt, down) in enumerate(notes):
        if down:
            f = 1568.0 * (1.0 + 0.25 * tilt * t / note_len)
            mono = np.sin(2 * np.pi * np.cumsum(f) / RATE) * np.exp(-t * 18)
        else:
            mono = 0.8 * np.sin(2 * np.pi * 180.0 * t) * np.exp(-t * 55)
        i = int(k * gap * RATE)
        out[i:i + len(t)] += _stereo(mono, pan)
    return (np.clip(out, -1, 1) * 0.8 * 32767).astype(np.int16)
