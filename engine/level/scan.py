"""A linear-time scan of TOML text: where every key and value is, and how deeply the document nests.

tomllib gives values but no positions. This scanner walks the text once, character by character, with an
explicit stack (no recursion, no regular expressions), and records for every key path the line and column
where it is written and the span of its value. Key paths are tuples of names and array indices, so
``[landscape.domain]`` + ``x = ...``, ``landscape.domain.x = ...`` and ``domain = { x = ... }`` under
``[landscape]`` all give ``("landscape", "domain", "x")``.

The scanner never fails: on text that is not valid TOML it skips the rest of the broken line and goes on.
It stops early once the nesting is deeper than ``max_depth`` and records where (``too_deep``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Path = tuple  # of str (keys) and int (array indices)

BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
SPACE = " \t"
SCALAR_END = frozenset(",]}#\n\r \t")


@dataclass
class Span:
    """A value's raw text: ``text[start:end]``; ``kind`` is basic, ml-basic, literal, ml-literal, scalar,
    array or table (arrays and tables: ``end`` is unknown and equals ``start``)."""

    start: int
    end: int
    kind: str


@dataclass
class Scan:
    text: str
    keys: dict[Path, int] = field(default_factory=dict)  # path -> offset where it is first written
    values: dict[Path, Span] = field(default_factory=dict)
    too_deep: int | None = None  # offset where the nesting first went past the limit
    _lines: list[int] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters, as tomllib's do."""
        if not self._lines:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._lines = starts
        line = bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1


class _Scanner:
    def __init__(self, text: str, max_depth: int) -> None:
        self.t = text
        self.n = len(text)
        self.i = 0
        self.max_depth = max_depth
        self.out = Scan(text)
        self.aot: dict[Path, int] = {}  # array-of-tables path -> index of its last element

    # ------------------------------------------------------------------ small steps

    def skip_space(self, newlines: bool = False) -> None:
        """Skip blanks; with ``newlines`` also line breaks and comments (inside arrays)."""
        t, n = self.t, self.n
        while self.i < n:
            c = t[self.i]
            if c in SPACE or newlines and c in "\r\n":
                self.i += 1
            elif newlines and c == "#":
                self.skip_line()
            else:
                return

    def skip_line(self) -> None:
        """Move to the next line break (not past it)."""
        j = self.t.find("\n", self.i)
        self.i = self.n if j == -1 else j

    def deep(self, depth: int) -> bool:
        if depth > self.max_depth:
            if self.out.too_deep is None:
                self.out.too_deep = self.i
            return True
        return False

    def string(self) -> str | None:
        """Skip a string starting at self.i; return its kind (None if it is unterminated). Runs of plain
        characters are skipped with str.find, each search starting where the last one of its kind ended, so
        the whole string costs one pass however many escapes it holds."""
        t, n, i = self.t, self.n, self.i
        q = t[i]
        basic = q == '"'
        triple = t.startswith(q * 3, i)
        close = q * 3 if triple else q
        j = i + (3 if triple else 1)
        nxt = {close: -2, "\\": -2, "\n": -2}  # next position of each special character (-2: not searched yet)
        while True:
            for ch in nxt:
                if nxt[ch] != -1 and nxt[ch] < j:
                    nxt[ch] = t.find(ch, j)
            end = nxt[close]
            bs = nxt["\\"] if basic else -1
            nl = -1 if triple else nxt["\n"]
            stops = [p for p in (end, bs, nl) if p != -1]
            if not stops:
                self.i = n
                return None
            k = min(stops)
            if k == bs:
                j = k + 2  # an escape: the next character is part of it
                continue
            if k == nl:
                self.i = k
                return None
            j = k + len(close)
            if triple:  # up to two more quotes belong to the content: """a""""
                extra = 0
                while extra < 2 and j < n and t[j] == q:
                    j += 1
                    extra += 1
            self.i = j
            return ("ml-basic" if basic else "ml-literal") if triple else ("basic" if basic else "literal")

    def key(self, base: Path, header_at: int | None = None) -> Path | None:
        """A dotted key at self.i, below ``base``; records the position of every prefix. None if there is no
        key here. In a table header (``header_at``: where its "[" is) the full path is recorded at the "[",
        and a prefix that names an array of tables means its last element."""
        t, n = self.t, self.n
        parts: list = list(base)
        found: list[tuple[Path, int]] = []
        while True:
            self.skip_space()
            if self.i >= n:
                return None
            start = self.i
            c = t[start]
            if c in "\"'":
                kind = self.string()
                if kind not in ("basic", "literal"):
                    return None
                name = _decode_key(t[start:self.i])
            elif c in BARE:
                j = start
                while j < n and t[j] in BARE:
                    j += 1
                self.i = j
                name = t[start:j]
            else:
                return None
            parts.append(name)
            if self.deep(len(parts)):
                return None
            self.skip_space()
            more = self.i < n and t[self.i] == "."
            if header_at is not None and more and tuple(parts) in self.aot:
                parts.append(self.aot[tuple(parts)])
            found.append((tuple(parts), start))
            if more:
                self.i += 1
                continue
            keys = self.out.keys
            for k, (path, at) in enumerate(found):
                keys.setdefault(path, header_at if header_at is not None and k == len(found) - 1 else at)
            return found[-1][0]

    # ------------------------------------------------------------------ statements

    def run(self) -> Scan:
        t, n = self.t, self.n
        table: Path = ()
        while self.i < n and self.out.too_deep is None:
            self.skip_space()
            if self.i >= n:
                break
            c = t[self.i]
            if c in "\r\n":
                self.i += 1
                continue
            if c == "#":
                self.skip_line()
                continue
            if c == "[":
                table = self.header(table)
            else:
                path = self.key(table)
                self.skip_space()
                if path is not None and self.i < n and t[self.i] == "=":
                    self.i += 1
                    self.value(path)
            self.skip_space()
            if self.i < n and t[self.i] == "#":
                self.skip_line()
            if self.i < n and t[self.i] not in "\r\n":
                self.skip_line()  # not valid TOML: skip the rest of the line
        return self.out

    def header(self, table: Path) -> Path:
        t = self.t
        start = self.i
        many = t.startswith("[[", start)
        self.i += 2 if many else 1
        path = self.key((), header_at=start)
        self.skip_space()
        close = "]]" if many else "]"
        if path is None or not t.startswith(close, self.i):
            return table
        self.i += len(close)
        if many:
            k = self.aot.get(path, -1) + 1
            self.aot[path] = k
            path = path + (k,)
            self.deep(len(path))
            self.out.keys.setdefault(path, start)
        return path

    def value(self, path: Path) -> None:
        """The value of ``path`` (and of everything nested in it), with an explicit stack."""
        t, n = self.t, self.n
        stack: list[list] = []  # [kind "a" or "t", path, next index]
        target = path
        state = "value"
        while self.i < n:
            in_array = bool(stack) and stack[-1][0] == "a"
            if state == "value":
                self.skip_space(newlines=in_array)
                if self.i >= n:
                    return
                c = t[self.i]
                start = self.i
                if in_array:
                    self.out.keys.setdefault(target, start)  # an array element: "[landscape].wells[2]"
                if c in "[{":
                    self.out.values.setdefault(target, Span(start, start, "array" if c == "[" else "table"))
                    self.i += 1
                    if self.deep(len(target) + 1):
                        return
                    if c == "[":
                        stack.append(["a", target, 0])
                        self.skip_space(newlines=True)
                        if self.i < n and t[self.i] == "]":
                            self.i += 1
                            stack.pop()
                            state = "after"
                        else:
                            target = target + (0,)
                    else:
                        stack.append(["t", target, 0])
                        self.skip_space()
                        if self.i < n and t[self.i] == "}":
                            self.i += 1
                            stack.pop()
                            state = "after"
                        else:
                            state = "key"
                    continue
                if c in "\"'":
                    kind = self.string()
                    if kind is None:
                        return
                    self.out.values.setdefault(target, Span(start, self.i, kind))
                else:
                    j = start
                    while j < n and t[j] not in SCALAR_END:
                        j += 1
                    if j == start:
                        return  # not a value: give up on this statement
                    self.i = j
                    self.out.values.setdefault(target, Span(start, j, "scalar"))
                state = "after"
            elif state == "key":
                key = self.key(stack[-1][1])
                self.skip_space()
                if key is None or self.i >= n or t[self.i] != "=":
                    return
                self.i += 1
                target = key
                state = "value"
            else:  # after a value
                if not stack:
                    return
                top = stack[-1]
                self.skip_space(newlines=in_array)
                if self.i >= n:
                    return
                c = t[self.i]
                if c == ",":
                    self.i += 1
                    if top[0] == "a":
                        self.skip_space(newlines=True)
                        if self.i < n and t[self.i] == "]":
                            continue  # a trailing comma: the "]" closes the array next time round
                        top[2] += 1
                        target = top[1] + (top[2],)
                        state = "value"
                    else:
                        state = "key"
                elif (c == "]" and top[0] == "a") or (c == "}" and top[0] == "t"):
                    self.i += 1
                    stack.pop()
                else:
                    return


def _decode_key(raw: str) -> str:
    """A quoted key's name. Escapes are rare in keys; a key with one is decoded the simple way."""
    inner = raw[1:-1]
    if raw[0] == "'" or "\\" not in inner:
        return inner
    try:
        import tomllib

        return next(iter(tomllib.loads(f"{raw} = 0")))
    except (ValueError, StopIteration):
        return inner


def scan(text: str, max_depth: int = 1_000_000) -> Scan:
    """Every key's position and value span in TOML text, in one linear pass."""
    return _Scanner(text, max_depth).run()


def string_offsets(text: str, span: Span) -> list[int]:
    """For a string value: the text offset of each character of the decoded string (in order)."""
    raw_start, raw_end, kind = span.start, span.end, span.kind
    triple = kind.startswith("ml-")
    i = raw_start + (3 if triple else 1)
    end = raw_end - (3 if triple else 1)
    if triple and text.startswith("\r\n", i):
        i += 2
    elif triple and i < end and text[i] == "\n":
        i += 1
    out: list[int] = []
    basic = kind in ("basic", "ml-basic")
    while i < end:
        c = text[i]
        if basic and c == "\\" and i + 1 < end:
            nxt = text[i + 1]
            if triple and nxt in " \t\r\n":  # a line-ending backslash: it and the blanks after it vanish
                j = i + 1
                while j < end and text[j] in " \t\r\n":
                    j += 1
                i = j
                continue
            out.append(i)
            i += 6 if nxt == "u" else 10 if nxt == "U" else 2
            continue
        out.append(i)
        i += 1
    return out
