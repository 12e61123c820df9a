"""Loading a level file: read it safely, parse the TOML, validate it into a ``LevelSpec``, locate every problem.

Level files come from strangers. Nothing in them is evaluated as code; files they name must lie in the
level's own folder; sizes are bounded; every problem becomes a Problem with the file, line and a hint.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

import numpy as np

from ..heightmap import HeightmapError, load_gray
from .problems import KeyLocator, LevelError, Problem
from .schema import MAX_ROWS, Finding, validate
from .spec import Gray, LevelSpec

MAX_FILE_BYTES = 256 * 1024
MAX_CSV_BYTES = 1024 * 1024


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise LevelError([Problem(str(path), "", f"cannot read the file: {err.strerror or err}")]) from None
    if size > MAX_FILE_BYTES:
        raise LevelError([Problem(str(path), "", f"the file is {size} bytes; a level may be at most "
                                  f"{MAX_FILE_BYTES} bytes")])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LevelError([Problem(str(path), "", "the file is not UTF-8 text", "save it as UTF-8")]) from None
    except OSError as err:
        raise LevelError([Problem(str(path), "", f"cannot read the file: {err.strerror or err}")]) from None


class DiskFiles:
    """Reads the files a level names, refusing anything outside the level's own folder."""

    def __init__(self, base: Path | None) -> None:
        self.folder = (base.parent if base else Path.cwd()).resolve()

    def _inside(self, rel: str, key: str, findings: list[Finding]) -> Path | None:
        candidate = Path(rel)
        if candidate.is_absolute() or rel.startswith("~"):
            findings.append(Finding(key, f"{rel!r} is an absolute path",
                                    "name a file in the level's own folder, e.g. \"map.png\""))
            return None
        target = (self.folder / candidate).resolve()
        if not target.is_relative_to(self.folder):
            findings.append(Finding(key, f"{rel!r} leaves the level's folder", "levels may only use files in "
                                    "their own folder"))
            return None
        if not target.is_file():
            findings.append(Finding(key, f"file {rel!r} not found next to the level", f"put it in {self.folder}"))
            return None
        return target

    def image(self, name: str, key: str, findings: list[Finding]) -> Gray | None:
        path = self._inside(name, key, findings)
        if path is None:
            return None
        try:
            return Gray(load_gray(path))
        except HeightmapError as err:
            findings.append(Finding(key, f"{name}: {err}", "use an 8- or 16-bit grayscale PNG"))
            return None

    def csv(self, name: str, key: str, findings: list[Finding],
            columns: int = 2) -> tuple[tuple[float, ...], ...] | None:
        """Rows of ``columns`` numbers: (feature, target) for a data level, (x1, x2, label) for a network."""
        path = self._inside(name, key, findings)
        if path is None:
            return None
        if path.stat().st_size > MAX_CSV_BYTES:
            findings.append(Finding(key, f"{path.name} is larger than {MAX_CSV_BYTES} bytes"))
            return None
        rows: list[tuple[float, ...]] = []
        what = "two numbers (feature, target)" if columns == 2 else "three numbers (x1, x2, label)"
        text = path.read_text(encoding="utf-8", errors="replace")
        for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            try:
                rows.append(tuple(float(row[k]) for k in range(columns)))
            except (ValueError, IndexError):
                if n == 1 and not rows:
                    continue  # a header line
                findings.append(Finding(key, f"{path.name} line {n}: expected {what}, "
                                        f"got {','.join(row)[:40]!r}"))
                return None
            if len(rows) > MAX_ROWS:
                findings.append(Finding(key, f"{path.name} has more than {MAX_ROWS} rows"))
                return None
        if not rows:
            findings.append(Finding(key, f"{path.name} holds no data rows",
                                    "rows are feature,target" if columns == 2 else "rows are x1,x2,label"))
            return None
        if not np.isfinite(np.array(rows)).all():
            findings.append(Finding(key, f"{path.name} holds a value that is not a finite number"))
            return None
        return tuple(rows)


def _formula_position(text: str, locator: KeyLocator, key: str, col: int | None) -> tuple[int | None, int | None]:
    """The file position of column ``col`` of the formula string written at ``key``."""
    pos = locator.find(key)
    if not pos:
        return (None, None)
    line_text = text.splitlines()[pos[0] - 1]
    quote = re.search(r"=\s*([\"'])", line_text[pos[1] - 1:])
    if quote and col:
        return pos[0], pos[1] - 1 + quote.end() + col
    return pos


def locate(findings: list[Finding], file: str, text: str | None) -> list[Problem]:
    """Give every finding its file position (the key's line, or the column inside a formula)."""
    locator = KeyLocator(text) if text is not None else None
    out = []
    for f in findings:
        if locator is None:
            line, col = None, None
        elif f.formula_col is not None:
            line, col = _formula_position(text, locator, f.key, f.formula_col)
        else:
            line, col = locator.find(f.key) or (None, None)
        out.append(Problem(file, f.key, f.message, f.hint, line, col))
    return out


def parse_level(text: str, file: str = "<level>", base: Path | None = None) -> LevelSpec:
    """Parse and validate level text into a LevelSpec; files it names are read from ``base``'s folder."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg).rstrip(".")
        hint = "strings need quotes, tables need [brackets], and each key = value goes on its own line"
        if msg.startswith("Cannot overwrite") or "already" in msg.lower():
            hint = "a key or section appears twice"
        raise LevelError([Problem(file, "", f"TOML syntax error: {msg}", hint, line, col)]) from None
    spec, findings = validate(doc, DiskFiles(base))
    if spec is None:
        raise LevelError(locate(findings, file, text))
    return spec


def load_spec(path: str | Path) -> LevelSpec:
    path = Path(path)
    return parse_level(read_text(path), str(path), path)
