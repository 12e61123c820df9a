"""Loading a level file: read it safely, parse the TOML, validate it into a ``LevelSpec``, locate every problem.

Level files come from strangers. Nothing in them is evaluated as code; files they name must lie in the
level's own folder and be regular files; every read is bounded (engine/storage.py); the TOML's nesting is
checked in one linear pass before tomllib sees it; every problem becomes a Problem with the file, line and a
hint, and nothing else escapes: whatever goes wrong while reading a file is that file's LevelError.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..heightmap import MAX_IMAGE_BYTES, HeightmapError, load_gray
from ..storage import ReadError, read_regular
from .problems import KeyLocator, LevelError, Problem
from .scan import scan
from .schema import MAX_DATA_VALUE, MAX_ROWS, Finding, validate
from .spec import Gray, LevelSpec

MAX_FILE_BYTES = 256 * 1024
MAX_CSV_BYTES = 256 * 1024
MAX_CSV_FIELD = 64  # characters in one CSV field: a number never needs more
MAX_NESTING = 16  # tables, arrays and dotted keys inside each other; a level needs 5
MAX_NAME = 255  # characters in a file name a level gives


def read_text(path: str | Path) -> str:
    """The text of a level file: a regular file of at most MAX_FILE_BYTES, UTF-8. LevelError otherwise."""
    try:
        data = read_regular(path, MAX_FILE_BYTES, "the level file")
    except ReadError as err:
        raise LevelError([Problem(str(path), "", str(err), "a level is a small UTF-8 text file (.toml)")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise LevelError([Problem(str(path), "", f"the file is not UTF-8 text (byte {err.start})",
                                  "save it as UTF-8")]) from None


def digest(data: bytes | None) -> bytes | None:
    """A short fingerprint of a file's bytes (None for a file that could not be read)."""
    return None if data is None else hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class NamedRead:
    """One file a level named, as it was read: where the name led and a fingerprint of what was there."""

    name: str
    cap: int
    path: Path | None
    digest: bytes | None
    problems: tuple[tuple[str, str], ...]  # (message, hint) of each problem the name or the read gave


class DiskFiles:
    """Reads the files a level names, refusing anything outside the level's own folder. ``reads`` logs every
    file it was asked for, so a cache can tell later whether they are still the same (``unchanged``)."""

    def __init__(self, base: Path | None) -> None:
        try:
            self.folder = (base.parent if base else Path.cwd()).resolve()
        except (OSError, RuntimeError, ValueError):
            self.folder = None
        self.reads: list[NamedRead] = []

    def _inside(self, rel: str, key: str, findings: list[Finding]) -> Path | None:
        if not rel or len(rel) > 4 * MAX_NAME or any(ord(c) < 32 or c == "\x7f" for c in rel) or "\\" in rel:
            findings.append(Finding(key, f"{rel[:40]!r} is not a usable file name",
                                    'name a file in the level\'s own folder, e.g. "map.png" (folders: "maps/a.png")'))
            return None
        candidate = Path(rel)
        if candidate.is_absolute() or rel.startswith("~"):
            findings.append(Finding(key, f"{rel!r} is an absolute path",
                                    "name a file in the level's own folder, e.g. \"map.png\""))
            return None
        if any(len(part) > MAX_NAME for part in candidate.parts):
            findings.append(Finding(key, f"the file name {rel[:40]!r}... is longer than {MAX_NAME} characters"))
            return None
        if self.folder is None:
            findings.append(Finding(key, "the level's folder cannot be read"))
            return None
        try:
            target = (self.folder / candidate).resolve()
        except RuntimeError:  # Python 3.11's resolve() on a symbolic link loop
            findings.append(Finding(key, f"cannot read {rel!r}: a symbolic link loops", "name a regular file"))
            return None
        except (OSError, ValueError) as err:
            findings.append(Finding(key, f"cannot read {rel!r}: {err.__class__.__name__}", "name a regular file"))
            return None
        if not target.is_relative_to(self.folder):
            findings.append(Finding(key, f"{rel!r} leaves the level's folder", "levels may only use files in "
                                    "their own folder"))
            return None
        try:
            exists = target.exists()
        except (OSError, ValueError):
            exists = False
        if not exists:
            findings.append(Finding(key, f"file {rel!r} not found next to the level", f"put it in {self.folder}"))
            return None
        return target

    def _fetch(self, name: str, key: str, cap: int, findings: list[Finding]) -> tuple[Path | None, bytes | None]:
        path = self._inside(name, key, findings)
        if path is None:
            return None, None
        try:
            return path, read_regular(path, cap, repr(name))
        except ReadError as err:
            findings.append(Finding(key, str(err), "name a regular file next to the level"))
            return path, None

    def _read(self, name: str, key: str, cap: int, findings: list[Finding]) -> bytes | None:
        before = len(findings)
        path, data = self._fetch(name, key, cap, findings)
        said = tuple((f.message, f.hint) for f in findings[before:])
        self.reads.append(NamedRead(name, cap, path, digest(data), said))
        return data

    def unchanged(self, reads: tuple[NamedRead, ...]) -> bool:
        """Whether every name in ``reads`` still leads to the same file with the same bytes, or to the same
        problem said in the same words (a missing file's hint names the folder)."""
        for read in reads:
            found: list[Finding] = []
            path, data = self._fetch(read.name, "", read.cap, found)
            if (path, digest(data), tuple((f.message, f.hint) for f in found)) != (read.path, read.digest,
                                                                                     read.problems):
                return False
        return True

    def image(self, name: str, key: str, findings: list[Finding]) -> Gray | None:
        data = self._read(name, key, MAX_IMAGE_BYTES, findings)
        if data is None:
            return None
        try:
            return Gray(load_gray(data))
        except HeightmapError as err:
            findings.append(Finding(key, f"{name}: cannot read image: {err}", "use an 8- or 16-bit grayscale PNG"))
            return None

    def csv(self, name: str, key: str, findings: list[Finding],
            columns: int = 2) -> tuple[tuple[float, ...], ...] | None:
        """Rows of ``columns`` numbers: (feature, target) for a data level, (x1, x2, label) for a network."""
        data = self._read(name, key, MAX_CSV_BYTES, findings)
        if data is None:
            return None
        return parse_csv(data.decode("utf-8", errors="replace"), name, key, findings, columns)


def parse_csv(text: str, name: str, key: str, findings: list[Finding],
              columns: int = 2) -> tuple[tuple[float, ...], ...] | None:
    """Rows of ``columns`` numbers (a header line and # comment lines allowed): feature,target for a data
    level, x1,x2,label for a network level; None with a finding if broken. At most MAX_ROWS rows are read."""
    what = "two numbers (feature, target)" if columns == 2 else "three numbers (x1, x2, label)"
    shape = "rows are feature,target" if columns == 2 else "rows are x1,x2,label"
    rows: list[tuple[float, ...]] = []
    reader = csv.reader(io.StringIO(text))
    n = 0
    try:
        for n, row in enumerate(reader, start=1):
            if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if any(len(c) > MAX_CSV_FIELD for c in row[:columns]):
                findings.append(Finding(key, f"{name} line {n}: a field is longer than {MAX_CSV_FIELD} characters",
                                        f"{shape}, plain numbers"))
                return None
            try:
                values = tuple(float(row[k]) for k in range(columns))
            except (ValueError, IndexError):
                if n == 1 and not rows:
                    continue  # a header line
                findings.append(Finding(key, f"{name} line {n}: expected {what}, "
                                        f"got {','.join(row)[:40]!r}"))
                return None
            if not all(abs(x) <= MAX_DATA_VALUE for x in values):
                shown = ", ".join(c[:20] for c in row[:columns])
                findings.append(Finding(key, f"{name} line {n}: {shown} is not a number within "
                                        f"±{MAX_DATA_VALUE:g}", "scale the data"))
                return None
            rows.append(values)
            if len(rows) > MAX_ROWS:
                findings.append(Finding(key, f"{name} has more than {MAX_ROWS} rows", "use a sample of the data"))
                return None
    except csv.Error as err:  # an unbalanced quote, a field past the csv module's own limit, a NUL...
        findings.append(Finding(key, f"{name} line {max(n, reader.line_num)}: not valid CSV ({err})", shape))
        return None
    if not rows:
        findings.append(Finding(key, f"{name} holds no data rows", shape))
        return None
    return tuple(rows)

def locate(findings: list[Finding], file: str, text: str | None) -> list[Problem]:
    """Give every finding its file position (the key's line, or the column inside a formula)."""
    locator = KeyLocator(text) if text is not None else None
    out = []
    for f in findings:
        if locator is None:
            line, col = None, None
        elif f.formula_col is not None:
            line, col = locator.formula(f.key, f.formula_col) or (None, None)
        else:
            line, col = locator.find(f.key) or (None, None)
        out.append(Problem(file, f.key, f.message, f.hint, line, col))
    return out


def parse_toml(text: str, file: str = "<level>") -> dict:
    """The TOML document, or a LevelError located at the problem. Nesting is bounded before tomllib runs."""
    deep = scan(text, MAX_NESTING).too_deep
    if deep is not None:
        line, col = scan(text[:deep + 1]).position(deep)
        raise LevelError([Problem(file, "", f"the file nests tables and arrays more than {MAX_NESTING} deep",
                                  "a level needs only a few levels of [ ] and { }", line, col)])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg, line, col = _toml_message(str(err))
        hint = "strings need quotes, tables need [brackets], and each key = value goes on its own line"
        if msg.startswith("Cannot overwrite") or "already" in msg.lower():
            hint = "a key or section appears twice"
        raise LevelError([Problem(file, "", f"TOML syntax error: {msg}", hint, line, col)]) from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as err:
        raise LevelError([Problem(file, "", f"the file cannot be read as TOML ({err.__class__.__name__})",
                                  "simplify it")]) from None


def _toml_message(msg: str) -> tuple[str, int | None, int | None]:
    """tomllib's "Invalid value (at line 3, column 9)" -> ("Invalid value", 3, 9), without a regex."""
    marker = " (at line "
    k = msg.rfind(marker)
    if k == -1 or not msg.endswith(")"):
        return msg.rstrip("."), None, None
    where = msg[k + len(marker):-1].split(", column ")
    try:
        line, col = int(where[0]), int(where[1])
    except (ValueError, IndexError):
        return msg.rstrip("."), None, None
    return msg[:k].rstrip("."), line, col


def parse_level(text: str, file: str = "<level>", base: Path | None = None,
                files: DiskFiles | None = None) -> LevelSpec:
    """Parse and validate level text into a LevelSpec; files it names are read from ``base``'s folder (or
    through ``files``, which then logs what was read)."""
    if not isinstance(text, str) or len(text) > MAX_FILE_BYTES:
        raise LevelError([Problem(file, "", f"a level may be at most {MAX_FILE_BYTES} characters")])
    doc = parse_toml(text, file)
    if files is None and base is not None:
        files = DiskFiles(base)
    spec, findings = validate(doc, files)
    if spec is None:
        raise LevelError(locate(findings, file, text))
    return spec


def load_spec(path: str | Path) -> LevelSpec:
    path = Path(path)
    return parse_level(read_text(path), str(path), path)


def load_spec_and_text(path: str | Path) -> tuple[LevelSpec, str]:
    """The spec and the text it came from (read once), for callers that locate later problems."""
    path = Path(path)
    text = read_text(path)
    return parse_level(text, str(path), path), text


def relocate(err: LevelError, text: str | None) -> LevelError:
    """The same problems, each given the line and column of its key in ``text`` (for problems found after
    loading, such as a landscape with no usable minimum), so every command prints the same located line."""
    if text is None:
        return err
    locator = KeyLocator(text)
    out = []
    for p in err.problems:
        line, col = (p.line, p.col) if p.line else (locator.find(p.key) or (None, None))
        out.append(Problem(p.file, p.key, p.message, p.hint, line, col, p.severity))
    return LevelError(out)
