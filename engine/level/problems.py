"""Located problems in a level file: every error names the file, the line or key, and a hint."""

from __future__ import annotations

from dataclasses import dataclass

from .scan import Path, scan, string_offsets

# Characters that must never reach a terminal or a one-line message raw: C0 and C1 controls (NUL, ESC, line
# breaks), DEL, Unicode line separators and the bidirectional overrides that can make text read backwards.
_UNSAFE = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
           0xFEFF]
_ESCAPES = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE}
_ESCAPES_KEEP_LINES = {c: e for c, e in _ESCAPES.items() if c not in (0x0A, 0x09)}
MAX_MESSAGE = 600  # characters of one message, key or hint; a stranger's 100 KB key is cut


def printable(text: object, limit: int | None = MAX_MESSAGE, lines: bool = False) -> str:
    """Text safe to print on one line (or, with ``lines``, keeping line breaks and tabs): control characters
    and direction overrides become visible escapes such as \\x1b, and it is cut to ``limit`` characters."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    return s.translate(_ESCAPES_KEEP_LINES if lines else _ESCAPES)


def quoted(text: object, limit: int = 60) -> str:
    """repr() of a stranger's text, cut to ``limit`` characters: control characters come out escaped once."""
    s = str(text)
    return repr(s[:limit]) + ("…" if len(s) > limit else "")


@dataclass(frozen=True)
class Problem:
    file: str
    key: str  # "[section].key" or "" for whole-file problems
    message: str
    hint: str = ""
    line: int | None = None
    col: int | None = None
    severity: str = "error"  # or "warning"

    def __post_init__(self) -> None:
        # Whatever a stranger's file put in a name, key or message prints as one clean line.
        for name in ("file", "key", "message", "hint"):
            object.__setattr__(self, name, printable(getattr(self, name), 4096 if name == "file" else MAX_MESSAGE))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        key = f" {self.key}:" if self.key and not self.line else ""
        what = f"{self.key}: " if self.key and self.line else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}:{key} {self.severity}: {what}{self.message}{hint}"


class LevelError(ValueError):
    """A level that cannot be loaded; ``problems`` holds every error found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class KeyLocator:
    """The line and column of '[section].key' (and of sub-keys and array elements) in TOML text.

    tomllib reports no positions for keys, so the text is scanned once (engine/level/scan.py, linear time).
    Keys name the same place however the file writes them: ``[rules.abilities].jump`` and
    ``[rules].abilities.jump`` are both ``("rules", "abilities", "jump")``.
    """

    def __init__(self, text: str) -> None:
        self.scan = scan(text)

    def _nearest(self, key: str) -> Path | None:
        path = key_path(key)
        while path:
            if path in self.scan.keys:
                return path
            path = path[:-1]
        return None

    def find(self, key: str) -> tuple[int, int] | None:
        """The position of key, else of its nearest enclosing key or section."""
        path = self._nearest(key)
        return None if path is None else self.scan.position(self.scan.keys[path])

    def formula(self, key: str, col: int) -> tuple[int, int] | None:
        """The file position of column ``col`` (1-based) of the string value written at ``key``."""
        span = self.scan.values.get(key_path(key))
        if span is None or span.kind not in ("basic", "ml-basic", "literal", "ml-literal"):
            return self.find(key)
        offsets = string_offsets(self.scan.text, span)
        if not offsets:
            return self.find(key)
        offset = offsets[min(max(col, 1), len(offsets)) - 1] if col <= len(offsets) else span.end - 1
        return self.scan.position(offset)


def key_path(key: str) -> Path:
    """'[landscape.wells[0]].at' -> ("landscape", "wells", 0, "at"); '' -> ()."""
    section, rest = "", key
    if key.startswith("["):
        depth, end = 0, len(key)
        for j, c in enumerate(key):
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    end = j
                    break
        section, rest = key[1:end], key[end + 1:]
        rest = rest[1:] if rest.startswith(".") else rest
    return _dotted(section) + _dotted(rest)


def _dotted(text: str) -> Path:
    out: list = []
    for part in text.split(".") if text else ():
        indices = []
        while part.endswith("]") and "[" in part:
            k = part.rindex("[")
            inner = part[k + 1:-1]
            if not (inner.isascii() and inner.isdigit() and len(inner) < 10):
                break
            indices.append(int(inner))
            part = part[:k]
        out.append(part)
        out.extend(reversed(indices))
    return tuple(out)
