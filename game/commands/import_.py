"""`hiker import CODE | - | FILE | PACK.zip`: bring a shared level (or a pack of them) into the user's folder.

Everything is validated first, exactly like a level file; nothing is written unless all of it passes.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from ..args import CliError

MAX_TEXT = 4 * 1024 * 1024  # a file (or stdin) of share codes


def _is_file(name: str) -> bool:
    try:
        return Path(name).exists()
    except (OSError, ValueError):  # a share code is longer than any file name
        return False


def read_source(source: str) -> list:
    """The validated levels a source holds (a share code, "-" for stdin, a file of codes, or a pack)."""
    from engine.level.pack import read_pack
    from engine.level.share import PREFIX, ShareError, codes_in, read_code

    try:
        if source == "-":
            text = sys.stdin.read(MAX_TEXT + 1)
            if len(text) > MAX_TEXT:
                raise ShareError(f"more than {MAX_TEXT} characters on stdin")
            codes = codes_in(text)
        elif source.startswith("hiker") and not _is_file(source):
            codes = [source]
        else:
            path = Path(source)
            if not _is_file(source):
                raise ShareError(f"{source[:60]!r} is neither a share code (they start with {PREFIX!r}) "
                                 "nor a file")
            if path.is_file() and zipfile.is_zipfile(path):
                return read_pack(path)
            if not path.is_file():
                raise ShareError(f"{path} is not a file")
            if path.stat().st_size > MAX_TEXT:
                raise ShareError(f"{path.name} is larger than {MAX_TEXT} bytes")
            with path.open("r", encoding="utf-8", errors="replace") as fh:
                codes = codes_in(fh.read(MAX_TEXT + 1))
        if not codes:
            raise ShareError("no share code found")
        specs = []
        for n, code in enumerate(codes, start=1):
            try:
                specs.append(read_code(code))
            except ShareError as err:
                raise ShareError(f"code {n} of {len(codes)}: {err}" if len(codes) > 1 else str(err)) from None
        return specs
    except ShareError as err:
        raise CliError(str(err)) from None
    except OSError as err:
        raise CliError(f"cannot read {source[:60]!r}: {err.strerror or err}") from None


def cmd_import(args) -> int:
    from engine.level.share import install

    specs = read_source(args.source)
    try:
        done = install(specs)
    except OSError as err:
        raise CliError(f"cannot write into the level folder: {err.strerror or err}") from None
    for item in done:
        if item.existed:
            print(f"already there: {item.id} ({item.path})")
        else:
            print(f"imported: {item.id} -> {item.path}")
    return 0
