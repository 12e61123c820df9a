"""Heightmap landscapes: a grayscale image as a height field, interpolated by a C1 bicubic spline.

The interpolant is Catmull-Rom (cubic convolution with a = -1/2), which is continuously differentiable;
its gradient is the exact derivative of that interpolant, not a finite difference of the pixels.
"""

from __future__ import annotations

import io
import math
import zlib
from pathlib import Path

import numpy as np

from .expr.evaluate import CHUNK
from .landscapes import Domain, Landscape, Out, outputs

MAX_PIXELS = 1024 * 1024
MIN_SIDE = 4
MAX_IMAGE_BYTES = 8 * 1024 * 1024  # a 1024x1024 16-bit PNG compresses to well under this
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}  # colour type -> bit depths
_KEEP = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}  # every other chunk (text, ICC profiles...) is dropped
_OTHER_FORMATS = [  # what a file that is not a PNG probably is, by its first bytes
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"BM", "a BMP image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"%!PS", "a PostScript (EPS) file"),
    (b"\xc5\xd0\xd3\xc6", "a PostScript (EPS) file"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF (WebP?) file"), (b"%PDF", "a PDF file"), (b"<", "a text (XML/SVG?) file"),
]


class HeightmapError(ValueError):
    pass


def _minimal_png(data: bytes) -> tuple[bytes, int, int]:
    """Check a PNG's structure without decoding it: the signature, every chunk's length and CRC, IHDR first,
    IEND last, and the image size within the limits. Returns a PNG of only the chunks needed to decode the
    pixels (so no text or ICC chunk is ever decompressed), and the width and height."""
    if not data.startswith(PNG_SIGNATURE):
        what = next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), "not a PNG image")
        raise HeightmapError(f"the file is {what}, not a PNG" if what != "not a PNG image" else
                             "the file is not a PNG image (its first bytes are not the PNG signature)")
    pos, n = len(PNG_SIGNATURE), len(data)
    kept = [PNG_SIGNATURE]
    idat: list[bytes] = []
    size = None
    header = (0, 0, 0, 0, 0)
    first = True
    while True:
        if pos + 8 > n:
            raise HeightmapError(f"the PNG is truncated at byte {pos} (no IEND chunk)")
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        name = kind.decode("latin-1") if kind.isalpha() else repr(kind)
        if not kind.isalpha() or not kind.isascii():
            raise HeightmapError(f"broken PNG chunk at byte {pos}: {name} is not a chunk name")
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > n:
            raise HeightmapError(f"broken PNG chunk {name} at byte {pos}: it runs past the end of the file")
        body = data[pos + 8:pos + 8 + length]
        if zlib.crc32(kind + body) != int.from_bytes(data[pos + 8 + length:end], "big"):
            raise HeightmapError(f"broken PNG chunk {name} at byte {pos}: its checksum (CRC) is wrong")
        if first:
            if kind != b"IHDR" or length != 13:
                raise HeightmapError("broken PNG: the first chunk is not a valid IHDR header")
            w, h = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, color, interlace = body[8], body[9], body[12]
            if depth not in _DEPTHS.get(color, ()) or body[10] != 0 or body[11] != 0 or interlace > 1:
                raise HeightmapError(f"broken PNG: bit depth {depth} with colour type {color} is not a PNG format")
            if w * h > MAX_PIXELS:
                raise HeightmapError(f"image is {w}x{h} pixels; the limit is {MAX_PIXELS} pixels (e.g. 1024x1024)")
            if w < MIN_SIDE or h < MIN_SIDE:
                raise HeightmapError(f"image is {w}x{h} pixels; it needs at least {MIN_SIDE}x{MIN_SIDE}")
            size = (w, h)
            header = (w, h, depth, color, interlace)
            first = False
        if kind in _KEEP:
            kept.append(data[pos:end])
        if kind == b"IDAT":
            idat.append(body)
        pos = end
        if kind == b"IEND":
            break
    assert size is not None
    _check_pixel_data(idat, *header)
    return b"".join(kept), size[0], size[1]


def _check_pixel_data(idat: list[bytes], w: int, h: int, depth: int, color: int, interlace: int) -> None:
    """The compressed pixel data must inflate to exactly the size the header promises. Inflating stops one
    byte past that size, so a zlib bomb costs no more than a real image of the same size."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]

    def row_bytes(width: int) -> int:
        return 0 if width == 0 else 1 + (width * channels * depth + 7) // 8

    if interlace:
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        expected = sum(row_bytes(len(range(x0, w, dx))) * len(range(y0, h, dy)) for x0, y0, dx, dy in passes)
    else:
        expected = row_bytes(w) * h
    z = zlib.decompressobj()
    got = 0
    try:
        for part in idat:
            got += len(z.decompress(part, expected + 1 - got))
            if got > expected:
                break
    except zlib.error as err:
        raise HeightmapError(f"broken PNG: its pixel data does not inflate ({err})") from None
    if got != expected:
        more = "more" if got > expected else f"only {got}"
        raise HeightmapError(f"broken PNG: the header promises {expected} bytes of pixel data, it holds {more}")


def load_gray(source: Path | bytes) -> np.ndarray:
    """Read an 8- or 16-bit grayscale PNG (colour PNGs are converted to gray) as floats in [0, 1].

    Only PNG is accepted, recognised by its content (never by its name), and Pillow is only ever asked to
    decode PNG (``formats=["PNG"]``): a PostScript file named map.png never reaches Ghostscript. The size is
    checked from the header before any pixel is decoded, so a decompression bomb costs nothing.
    """
    from PIL import Image  # lazy: Pillow is only needed for heightmap levels

    from .storage import ReadError, read_regular

    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            data = read_regular(source, MAX_IMAGE_BYTES, "the image")
        except ReadError as err:
            raise HeightmapError(str(err)) from None
    png, w, h = _minimal_png(data)
    try:
        with Image.open(io.BytesIO(png), formats=["PNG"]) as img:
            if img.size != (w, h):
                raise HeightmapError(f"broken PNG: its header says {w}x{h} pixels, the decoder {img.size}")
            img.load()
            if img.mode in ("I;16", "I;16B", "I;16L", "I"):
                arr = np.asarray(img, dtype=np.float64) / 65535.0
            else:
                arr = np.asarray(img.convert("L"), dtype=np.float64) / 255.0
    except HeightmapError:
        raise
    except Exception as err:  # noqa: BLE001 - a stranger's image: whatever the decoder says, a message, not a crash
        raise HeightmapError(f"cannot decode the PNG: {err.__class__.__name__}: {err}"[:200]) from None
    if arr.shape != (h, w):
        raise HeightmapError(f"cannot decode the PNG: got an array of shape {arr.shape}")
    return np.clip(np.nan_to_num(arr, nan=0.0), 0.0, 1.0)


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
