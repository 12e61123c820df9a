"""A level as one line of text (a share code), and bringing strangers' levels in safely.

A share code is ``hiker1:`` followed by the URL-safe base64 (RFC 4648 §5, no padding) of a zlib stream
(with a fixed preset dictionary, so small levels stay short) of a small container: the level's canonical
TOML (what the writer writes) and the files it names (its heightmap PNG, its CSV). The zlib checksum
catches a damaged code; the ``1`` is the format version.

Whatever arrives is untrusted: the code's length is capped before decoding, the container after
decompression (a decompression bomb stops at the cap), every name is checked, and the level is then
written to a temporary folder and read back through the same loader as any level file
(``loader.load_spec``: size caps, the image through ``heightmap.load_gray``) and prepared like
`hiker check` does. Only a level that passes is written into the user's folder, through the writer.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .design import content_key, free_id, with_id
from .loader import MAX_CSV_BYTES, MAX_FILE_BYTES, load_spec
from .prepare import prepare
from .problems import LevelError
from .spec import LevelSpec
from .writer import attachments, beside, dumps, save

PREFIX = "hiker1:"
MAGIC = b"GHL1"
LEVEL_NAME = "level.toml"
MAX_CODE_CHARS = 2_000_000  # about 1.5 MB of data: more than any level within the file limits needs
MAX_IMAGE_BYTES = 3 * 1024 * 1024  # a 1024x1024 16-bit PNG of noise is 2 MB
MAX_PAYLOAD = MAX_FILE_BYTES + MAX_IMAGE_BYTES + 4096
MAX_FILES = 2  # the level and at most one image or CSV
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
CHAT_LIMIT = 4000  # characters: what one chat message holds (Discord 2000-4000, Telegram 4096)

# The preset dictionary of format 1. It never changes (a new one means a new version): text that canonical
# level files share, so even a small level compresses well. Most common last (nearer is cheaper for zlib).
ZDICT = b"""kind = "function"
name = "
kind = "heightmap"
image = "
height = [
kind = "data"
csv = "
data = [
    [
kind = "formula"
formula = "
[landscape.constants]
[goal]
value = \npoints = [
tolerance = \nkind = "wells"
base = "
[[landscape.wells]]
at = [
depth = \nwidth = \n**2 + y**2)" exp(-((x - sqrt( sin( cos( abs( log( tanh( atan2(
"annealing:step=0.5,t0=1,cooling=0.98",
"restarts:base=adam,lr=0.05,every=50",
"sgd:lr=0.01,batch=1",
"rmsprop:lr=0.01",
"nesterov:lr=0.01,momentum=0.9",
[level]
id = "
title = "
description = "The
author = "Gradient Hiker"
difficulty = 2

[landscape]
kind = "wells"

[landscape.domain]
x = [
    -2.0,
    2.0,
]
y = [
    -2.0,
    2.0,
]

[start]
point = [
    1.5,
    -1.5,
]

[rules]
steps = 40
stride = 0.1
fog = 0.5

[rules.abilities]
sled = 2
leap = 3
restart = 1

[race]
lineup = [
    "gd:lr=0.01",
    "momentum:lr=0.01,momentum=0.9",
    "adam:lr=0.1",
]
steps = 200
seed = 0
"""


class ShareError(ValueError):
    """A share code or pack that cannot be used: one clear line, nothing written."""


# --------------------------------------------------------------------------- encoding


def bundle(spec: LevelSpec) -> dict[str, bytes]:
    """The files of a level as they travel: its canonical TOML, then the files it names."""
    return {LEVEL_NAME: dumps(spec).encode("utf-8"), **attachments(spec)}


def _pack(files: dict[str, bytes]) -> bytes:
    out = [MAGIC, struct.pack(">B", len(files))]
    for name, data in files.items():
        raw = name.encode("utf-8")
        out += [struct.pack(">B", len(raw)), raw, struct.pack(">I", len(data)), data]
    return b"".join(out)


def encode(spec: LevelSpec) -> str:
    """The level as one line of text."""
    z = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    data = z.compress(_pack(bundle(spec))) + z.flush()
    return PREFIX + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


# --------------------------------------------------------------------------- decoding (untrusted)


def decode(code: str) -> dict[str, bytes]:
    """The files inside a share code, every size and name checked (ShareError otherwise)."""
    code = code.strip()
    if len(code) > MAX_CODE_CHARS:
        raise ShareError(f"the code is {len(code)} characters long; a share code has at most {MAX_CODE_CHARS}")
    if not code.startswith("hiker"):
        raise ShareError(f"this is not a Gradient Hiker share code (they start with {PREFIX!r})")
    if not code.startswith(PREFIX):
        version = code.split(":", 1)[0][5:][:10]
        raise ShareError(f"share code version {version!r} is not supported by this game (it reads {PREFIX!r} codes);"
                         " update the game, or ask for a newer code")
    body = code[len(PREFIX):]
    if not re.fullmatch(r"[A-Za-z0-9_-]*", body):
        bad = next(c for c in body if not (c.isascii() and (c.isalnum() or c in "-_")))
        raise ShareError(f"the code contains {bad!r}, which is not part of a share code; copy it again")
    try:
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise ShareError("the code is cut short or damaged (its length is wrong); copy all of it") from None
    d = zlib.decompressobj(15, ZDICT)
    try:
        payload = d.decompress(data, MAX_PAYLOAD + 1)
    except zlib.error:
        raise ShareError("the code is damaged (it does not decompress); copy all of it again") from None
    if len(payload) > MAX_PAYLOAD or d.unconsumed_tail:
        raise ShareError(f"the code unpacks to more than {MAX_PAYLOAD} bytes; no level is that large")
    if not d.eof:
        raise ShareError("the code is cut short; copy all of it, up to its last character")
    if d.unused_data:
        raise ShareError("the code has extra characters after its end; copy exactly one code")
    return _unpack(payload)


def _unpack(payload: bytes) -> dict[str, bytes]:
    if not payload.startswith(MAGIC):
        raise ShareError("the code holds no level")
    pos = len(MAGIC)

    def take(n: int) -> bytes:
        nonlocal pos
        if pos + n > len(payload):
            raise ShareError("the code's contents are incomplete")
        pos += n
        return payload[pos - n:pos]

    count = take(1)[0]
    if not 1 <= count <= MAX_FILES:
        raise ShareError(f"the code holds {count} files; a level travels with at most {MAX_FILES}")
    files: dict[str, bytes] = {}
    for i in range(count):
        raw = take(take(1)[0])
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ShareError("a file name in the code is not text") from None
        size = struct.unpack(">I", take(4))[0]
        if i == 0 and name != LEVEL_NAME:
            raise ShareError("the code does not start with a level")
        if i > 0 and (not FILE_NAME.fullmatch(name) or name == LEVEL_NAME or name in files):
            raise ShareError(f"the code holds a file with a name that is not allowed: {name[:40]!r}")
        cap = MAX_FILE_BYTES if i == 0 else MAX_IMAGE_BYTES if name.lower().endswith(".png") else MAX_CSV_BYTES
        if size > cap:
            raise ShareError(f"{name} in the code is {size} bytes; the limit is {cap}")
        files[name] = take(size)
    if pos != len(payload):
        raise ShareError("the code has data after its last file")
    return files


def check_files(files: dict[str, bytes], label: str = "share code") -> LevelSpec:
    """A level from its files, validated exactly as a level file on disk is (the loader reads them from a
    temporary folder) and prepared as `hiker check` does. ShareError with the first problem otherwise."""
    with tempfile.TemporaryDirectory(prefix="hiker-import-") as tmp:
        folder = Path(tmp)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        path = folder / LEVEL_NAME
        try:
            spec = load_spec(path)
            prepare(spec, path)
        except LevelError as err:
            raise ShareError(one_line(err, label, {str(folder): "the code"})) from None
    used = set(attachments(spec))
    extra = sorted(set(files) - {LEVEL_NAME} - used)
    if extra:
        raise ShareError(f"{label}: holds {extra[0]!r}, a file the level does not use")
    return spec


def one_line(err: LevelError, label: str, rename: dict[str, str] | None = None) -> str:
    """A level's first problem as one line: "LABEL line N: [section].key: message (hint: ...)"."""
    p = err.problems[0] if err.problems else None
    if p is None:
        return f"{label}: the level is broken"
    where = f" line {p.line}" if p.line else ""
    key = f" {p.key}:" if p.key else ""
    more = f" (and {len(err.problems) - 1} more problems)" if len(err.problems) > 1 else ""
    hint = f" (hint: {p.hint})" if p.hint else ""
    line = f"{label}{where}:{key} {p.message}{hint}{more}"
    for old, new in (rename or {}).items():
        line = line.replace(old, new)
    return line


def read_code(code: str) -> LevelSpec:
    """The validated level inside a share code (ShareError with one clear line otherwise)."""
    return check_files(decode(code))


# --------------------------------------------------------------------------- installing


@dataclass(frozen=True)
class Installed:
    id: str
    path: Path
    existed: bool  # the same level was already there: nothing was written


def install(specs: Iterable[LevelSpec], folder: Path | None = None) -> list[Installed]:
    """Write validated levels into the user's level folder (each through the writer, atomically). A level
    that is already there (the same content under any id) is not written again; an id another level uses
    gets a free one (``-2``, ``-3`` ...)."""
    from .registry import all_levels, taken_ids, user_levels_dir

    folder = Path(folder or user_levels_dir())
    known = {content_key(e.spec): e for e in all_levels() if e.spec is not None}
    taken = taken_ids()
    out = []
    for spec in specs:
        key = content_key(spec)
        if key in known:
            e = known[key]
            out.append(Installed(e.id, e.path, True))
            continue
        lid = spec.id
        while True:
            if lid in taken:
                lid = free_id(lid, taken)
            candidate = with_id(spec, lid)
            path = folder / f"{lid}.toml"
            if not path.exists() and not any(beside(path, n).exists() for n in attachments(candidate)):
                break
            taken.add(lid)
        save(candidate, path)
        taken.add(lid)
        known[key] = _Fake(lid, path)  # the same level twice in one import is written once
        out.append(Installed(lid, path, False))
    return out


@dataclass(frozen=True)
class _Fake:
    id: str
    path: Path


def codes_in(text: str) -> list[str]:
    """Every share code in a text (one per line; blank lines and # comments are skipped)."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
