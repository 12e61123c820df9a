"""Located problems in a level file: every error names the file, the line or key, and a hint."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    key: str  # "[section].key" or "" for whole-file problems
    message: str
    hint: str = ""
    line: int | None = None
    col: int | None = None
    severity: str = "error"  # or "warning"

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


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


class KeyLocator:
    """Recovers the line and column of '[section].key' (and inline-table sub-keys) from TOML text.

    tomllib reports no positions for keys, so this scans the text: good enough for error messages.
    """

    def __init__(self, text: str) -> None:
        self.where: dict[str, tuple[int, int]] = {}
        section = ""
        for n, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                section = header.group(1).replace('"', "").replace(" ", "")
                self.where.setdefault(f"[{section}]", (n, line.index("[") + 1))
                continue
            key = _KEY.match(line)
            if not key:
                continue
            name = key.group(1)
            path = f"[{section}].{name}" if section else name
            self.where.setdefault(path, (n, key.start(1) + 1))
            # Sub-keys of an inline table on the same line, e.g. domain = { x = [..], y = [..] }
            for sub in re.finditer(r"[{,]\s*([A-Za-z0-9_\-]+)\s*=", line[key.end():]):
                self.where.setdefault(f"{path}.{sub.group(1)}", (n, key.end() + sub.start(1) + 1))

    def find(self, key: str) -> tuple[int, int] | None:
        """The position of key, else of its nearest enclosing key or section."""
        probe = key
        # "[rules.abilities].jump" names the same place as "[rules].abilities.jump" (an inline table).
        m = re.match(r"^\[([A-Za-z0-9_\-]+)\.([^\]]+)\](.*)$", key)
        if m and f"[{m.group(1)}.{m.group(2)}]" not in self.where:
            probe = f"[{m.group(1)}].{m.group(2)}{m.group(3)}"
        while probe:
            if probe in self.where:
                return self.where[probe]
            base = re.sub(r"\[\d+\]$", "", probe)
            if base != probe:
                probe = base
                continue
            if "." in probe:
                probe = probe.rsplit(".", 1)[0]
            else:
                return None
        return None
