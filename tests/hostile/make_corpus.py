"""The hostile corpus of issue 8: level files, folders, arguments and save files a stranger or a broken disk
could produce, each with the outcome it must have.

Run by tests/hostile/test_corpus.py (every case in a child process with limits on CPU time and address
space, see runner.py). Cases that are binary or huge are generated here rather than committed. By hand:

    python tests/hostile/make_corpus.py OUT_DIR     # writes the files and OUT_DIR/cases.json

A case is a dict (JSON): ``name``, ``cls`` (the issue's class), and either ``argv`` for the `hiker` command
(with ``code``, ``out``/``err`` fragments that must appear, ``where``: the fragment's line must start with
this file:line:col, ``absent``: fragments that must not appear, ``home``: the per-user data folder) or
``api``: the name of a function in saves.py run in the child (save files; it asserts what it checks), or
``same``: several argv that must all print the same problem line.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import struct
import sys
import zlib
from pathlib import Path

# --------------------------------------------------------------------------- level text

DOMAIN = "domain = { x = [-2, 2], y = [-2, 2] }"


def level(land: str, *, id: str = "h", title: str = "H", extra: str = "", start: str = "point = [0.5, 0.5]",
          info: str = "") -> str:
    return (f'[level]\nid = "{id}"\ntitle = "{title}"\n{info}\n[landscape]\n{land}\n\n[start]\n{start}\n'
            f"{extra}")


def formula(f: str, domain: str = DOMAIN, consts: str = "") -> str:
    return f'kind = "formula"\nformula = "{f}"\n{domain}\n{consts}'


def heightmap(image: str = "map.png", domain: str = "domain = { x = [0, 4], y = [0, 4] }") -> str:
    return f'kind = "heightmap"\nimage = "{image}"\nheight = [0, 10]\n{domain}'


def csv_land(name: str = "data.csv") -> str:
    return f'kind = "data"\ncsv = "{name}"\n{DOMAIN}'


def network(data: str = 'csv = "points.csv"', layers: str = "[2, 3, 1]", axes: str = "{ slice = 1 }",
            train: str = "{ steps = 50, lr = 0.05, seed = 1 }", extra: str = "") -> str:
    """A network landscape: line 7 is its data (csv, data or dataset), line 8 its layers."""
    return (f'kind = "network"\n{data}\nlayers = {layers}\nactivation = "tanh"\naxes = {axes}\n'
            f"train = {train}\n{DOMAIN}\n{extra}")


def points(n: int, seed: int = 1) -> str:
    """n rows x1,x2,label of a hostile stranger's network data set (deterministic)."""
    rng = random.Random(seed)
    return "".join(f"{rng.uniform(-1, 1):.3f},{rng.uniform(-1, 1):.3f},{rng.randint(0, 1)}\n" for _ in range(n))


# --------------------------------------------------------------------------- images


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(w: int, h: int, rows: bytes | None = None, depth: int = 8, color: int = 0, extra: bytes = b"",
        interlace: int = 0) -> bytes:
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, interlace)
    if rows is None:
        rows = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(w)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(rows, 9))
            + chunk(b"IEND", b""))


def noise_png(w: int, h: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + rng.randbytes(w) for _ in range(h))
    return png(w, h, rows)


def images() -> dict[str, bytes]:
    good = png(64, 64)
    crc = bytearray(good)
    crc[60] ^= 0xFF  # a byte inside the IDAT data: the chunk's CRC no longer matches
    bomb_text = chunk(b"zTXt", b"comment\x00\x00" + zlib.compress(b"\x00" * (8 << 20), 9))
    return {
        "good.png": good,
        "eps.png": b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n{ 1 pop } loop\nshowpage\n",
        "eps-binary.png": b"\xc5\xd0\xd3\xc6" + b"\x00" * 60,
        "gif-bomb.png": (b"GIF89a\xff\xff\xff\xff\x00\x00\x00"
                         + b",\x00\x00\x00\x00\xff\xff\xff\xff\x00\x02\x02D\x01\x00;"),
        "bmp-bomb.png": b"BM" + struct.pack("<IHHIIiiHHIIiiII", 0, 0, 0, 54, 40, 60000, 60000, 1, 24, 0, 0, 0, 0, 0, 0),
        "jpeg.png": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40,
        "svg.png": b'<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>',
        "empty.png": b"",
        "png-bomb.png": (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0))
                         + chunk(b"IDAT", zlib.compress(b"\x00" * (1 << 20), 9)) + chunk(b"IEND", b"")),
        "png-wide.png": png(4096, 4, depth=8),
        "png-crc.png": bytes(crc),
        "png-truncated.png": good[: len(good) // 2],
        "png-no-ihdr.png": b"\x89PNG\r\n\x1a\n" + chunk(b"IEND", b""),
        "png-bad-chunk.png": good[:8] + b"\x00\x00\x00\x0d\x01\x02\x03\x04" + good[16:],
        "png-huge-length.png": good[:33] + b"\x7f\xff\xff\xf0IDAT" + good[41:],
        "png-tiny.png": png(2, 2),
        "png-garbage-idat.png": (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
                                 + chunk(b"IDAT", b"this is not zlib data at all") + chunk(b"IEND", b"")),
        "png-size-lie.png": (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0))
                             + chunk(b"IDAT", zlib.compress(b"\x00" * 65)) + chunk(b"IEND", b"")),
        "png-text-bomb.png": png(16, 16, extra=bomb_text * 8),
        "png-16bit.png": png(32, 32, rows=b"".join(b"\x00" + bytes(range(64)) for _ in range(32)), depth=16),
        "png-rgb.png": png(8, 8, rows=b"".join(b"\x00" + bytes(range(24)) for _ in range(8)), color=2),
        "png-interlaced.png": png(16, 16, rows=_adam7_rows(16, 16), interlace=1),
        "png-1024-noise.png": noise_png(1024, 1024),
        "png-over-8mib.png": png(1024, 1024, rows=os.urandom(1024 * (1 + 1024 * 8)), depth=16, color=6),
    }


def _adam7_rows(w: int, h: int) -> bytes:
    """Raw scanlines of an 8-bit gray interlaced image (every pass, filter 0)."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    out = b""
    for x0, y0, dx, dy in passes:
        cols = len(range(x0, w, dx))
        for _ in range(y0, h, dy):
            if cols:
                out += b"\x00" + bytes(range(cols))
    return out


# --------------------------------------------------------------------------- the cases


class Corpus:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.cases: list[dict] = []
        root.mkdir(parents=True, exist_ok=True)

    def file(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def check(self, cls: str, name: str, text: str | bytes, out: str | list[str], where: str | tuple | None = None,
              code: int = 1, files: dict[str, bytes | str] | None = None, absent: list[str] | None = None) -> None:
        """`hiker check` on one level file (in its own folder, with the files it names). ``where``: "line:col",
        "line:" or (needle, offset): the position of the needle's first occurrence in the text, plus offset."""
        if isinstance(where, tuple):
            where = at(text, *where)
        folder = f"check/{name}"
        for rel, content in (files or {}).items():
            self.file(f"{folder}/{rel}", content)
        path = self.file(f"{folder}/level.toml", text)
        self.cases.append({"name": name, "cls": cls, "argv": ["check", str(path)], "code": code,
                           "out": [out] if isinstance(out, str) else out,
                           "where": f"{path}:{where}" if where else str(path), "absent": absent or []})

    def run(self, cls: str, name: str, argv: list[str], code: int, out: list[str] | None = None,
            err: list[str] | None = None, home: str | None = None, absent: list[str] | None = None,
            stdout: str | None = None) -> None:
        self.cases.append({"name": name, "cls": cls, "argv": argv, "code": code, "out": out or [], "err": err or [],
                           "home": home, "absent": absent or [], "stdout": stdout})

    def api(self, cls: str, name: str) -> None:
        self.cases.append({"name": name, "cls": cls, "api": name})

    def same(self, cls: str, name: str, text: str, message: str) -> None:
        """Every command that runs a level prints the same one problem line for it."""
        path = self.file(f"same/{name}/level.toml", text)
        p = str(path)
        self.cases.append({"name": name, "cls": cls, "same": [
            ["check", p], ["race", p, "--steps", "5"], ["minimum", p], ["hike", p, "--moves", "slope"],
            ["basins", p, "--grid", "8", "--steps", "5"], ["race", p, "--swarm", "10", "--steps", "5"],
            ["eval", p, "0", "0"]], "out": [message], "where": p})


OK = ": ok: "


def at(text: str, needle: str, offset: int = 0) -> str:
    """'line:col' (1-based, columns in characters) of the first occurrence of needle in text, plus offset."""
    k = text.index(needle) + offset
    line = text.count("\n", 0, k) + 1
    return f"{line}:{k - (text.rfind(chr(10), 0, k) + 1) + 1}"


def build(root: Path) -> list[dict]:
    c = Corpus(Path(root))
    _images(c)
    _locator(c)
    _checks(c)
    _work(c)
    _text(c)
    _special(c)
    _unrunnable(c)
    _network(c)
    _cli(c)
    _user_folder(c)
    _saves(c)
    return c.cases


# 1. Images: decoders by content, bombs refused before decoding, broken chunks located ------------------

def _images(c: Corpus) -> None:
    imgs = images()
    expect = {
        "good.png": OK,
        "eps.png": "a PostScript (EPS) file, not a PNG",
        "eps-binary.png": "a PostScript (EPS) file, not a PNG",
        "gif-bomb.png": "a GIF image, not a PNG",
        "bmp-bomb.png": "a BMP image, not a PNG",
        "jpeg.png": "a JPEG image, not a PNG",
        "svg.png": "a text (XML/SVG?) file, not a PNG",
        "empty.png": "not a PNG image",
        "png-bomb.png": "image is 100000x100000 pixels; the limit is 1048576 pixels",
        "png-wide.png": OK,
        "png-crc.png": "broken PNG chunk IDAT at byte 33: its checksum (CRC) is wrong",
        "png-truncated.png": "broken PNG chunk IDAT at byte 33: it runs past the end of the file",
        "png-no-ihdr.png": "the first chunk is not a valid IHDR header",
        "png-bad-chunk.png": "is not a chunk name",
        "png-huge-length.png": "broken PNG chunk IDAT at byte 33: it runs past the end of the file",
        "png-tiny.png": "image is 2x2 pixels; it needs at least 4x4",
        "png-garbage-idat.png": "its pixel data does not inflate",
        "png-size-lie.png": "the header promises 4160 bytes of pixel data, it holds only 65",
        "png-text-bomb.png": OK,
        "png-16bit.png": OK,
        "png-rgb.png": OK,
        "png-interlaced.png": OK,
        "png-1024-noise.png": OK,
        "png-over-8mib.png": "the limit is 8388608 bytes",
    }
    for name, data in imgs.items():
        ok = expect[name] == OK
        c.check("images", f"image-{name}", level(heightmap(name), start="random = true"), expect[name],
                None if ok else ("image = ",), code=0 if ok else 1, files={name: data})
    # The same file under a name that does not say PNG at all: content decides, never the name.
    c.check("images", "image-named-gif", level(heightmap("map.gif"), start="random = true"), OK, code=0,
            files={"map.gif": imgs["good.png"]})
    c.check("images", "image-eps-named-eps", level(heightmap("map.eps"), start="random = true"),
            "a PostScript (EPS) file, not a PNG", ("image = ",), files={"map.eps": imgs["eps.png"]})


# 2. The key locator: linear time, and the right line:col for dotted, quoted and nested keys ------------

def _locator(c: Corpus) -> None:
    f = formula("x**2 + y**2")
    spaces = "[" + " " * 5000
    c.check("locator", "backtracking-description", level(f, info=f'description = """\n{spaces}\n{spaces}x\n"""\n'
                                                         "difficulty = 9\n"),
            "9 is out of range: it must be <= 5", "8:1")
    c.check("locator", "backtracking-comment", f"# {spaces}\n" * 40 + level(f, info="difficulty = 9\n"),
            "9 is out of range", "44:1")
    c.check("locator", "brackets-line", "[" * 100_000 + "\n", "TOML syntax error", "1:")
    c.check("locator", "dotted-top-level", "rules.steps = 0\n" + level(f), "[rules].steps: 0 is out of range", "1:7")
    c.check("locator", "dotted-in-section", level(f) + "[rules]\nabilities.sled = -1\n",
            "[rules.abilities].sled: -1 is out of range", "14:11")
    c.check("locator", "domain-table", '[level]\nid = "h"\ntitle = "H"\n[landscape]\nkind = "formula"\nformula = "x"\n'
            "[landscape.domain]\nx = [-1, 1]\ny = [2, 2]\n", "[landscape.domain].y: the interval [2, 2] is empty",
            "9:1")
    c.check("locator", "quoted-key", '[level]\nid = "h"\ntitle = "H"\n"difficulty" = 9\n[landscape]\n' + f,
            "[level].difficulty: 9 is out of range", "4:1")
    c.check("locator", "quoted-key-spaces", '[level]\nid = "h"\ntitle = "H"\n  "difficulty"   =   9\n[landscape]\n' + f,
            "[level].difficulty: 9 is out of range", "4:3")
    c.check("locator", "quoted-header", '[ "level" ]\nid = "h"\ntitle = "H"\ndifficulty = 7\n[landscape]\n' + f,
            "[level].difficulty: 7 is out of range", "4:1")
    c.check("locator", "literal-quoted-dotted", "'rules' . \"fog\" = -3\n" + level(f),
            "[rules].fog: -3 is out of range", "1:11")
    c.check("locator", "dotted-level-id", 'level . id = "Bad Id"\nlevel.title = "T"\n[landscape]\n' + f,
            "id 'Bad Id' is not allowed", "1:9")
    c.check("locator", "abilities-table", level(f) + "[rules.abilities]\nsled = 1\njump = 2\n",
            "unknown key 'jump' in [rules.abilities]", "15:1")
    c.check("locator", "abilities-inline", level(f) + "[rules]\nabilities = { sled = 1, jump = 2 }\n",
            "unknown key 'jump' in [rules.abilities]", "14:25")
    c.check("locator", "inline-well", level('kind = "wells"\nwells = [{ at = [0, 0], depth = 1, width = 0.5 }, '
                                            '{ at = [1, 1], depth = 1, width = -2 }]\n' + DOMAIN),
            "[landscape.wells[1]].width: -2 is out of range", "7:77")
    c.check("locator", "multiline-array-well", level(
        'kind = "wells"\nwells = [\n  { at = [0, 0], depth = 1, width = 1 },\n  # a comment, then the second well\n'
        '\n  { at = [0, 0], depth = "deep", width = 1 },\n]\n' + DOMAIN),
            "[landscape.wells[1]].depth: expected a number", "11:18")
    c.check("locator", "array-of-tables-well", level('kind = "wells"\n' + DOMAIN) +
            "[[landscape.wells]]\nat = [0, 0]\ndepth = 1\nwidth = 1\n[[landscape.wells]]\nat = [0, 0]\ndepth = 1\n"
            "width = 0\n", "[landscape.wells[1]].width: 0 is out of range", "18:1")
    c.check("locator", "formula-multiline", level('kind = "formula"\nformula = """\nx**2 +\n  zed"""\n' + DOMAIN),
            "unknown name 'zed'", "9:3")
    c.check("locator", "formula-escape", level('kind = "formula"\nformula = "\\u0078 + \\u0041"\n' + DOMAIN),
            "unknown name 'A'", "7:21")
    c.check("locator", "formula-literal", level("kind = \"formula\"\nformula = 'x + qq'\n" + DOMAIN),
            "unknown name 'qq'", "7:16")
    c.check("locator", "formula-line-ending-backslash", level('kind = "formula"\nformula = """x + \\\n     y + w"""\n'
                                                              + DOMAIN), "unknown name 'w'", "8:10")
    c.check("locator", "formula-after-unicode", level('kind = "formula"\nformula = "x + y" # \u00e9t\u00e9\n'
                                                      'base = "1"\n' + DOMAIN), "unknown key 'base' for kind", "8:1")
    c.check("locator", "formula-wide-chars", level('kind = "formula"\nformula = "x + \u00e9"\n' + DOMAIN),
            "unexpected character", "7:16")
    c.check("locator", "header-comment", level(f) + '[race] # the race\nlineup = ["adma"]\n',
            "unknown optimizer 'adma'", "14:1")
    c.check("locator", "many-unknown-keys", level(f) + "[rules]\n" + "".join(f"k{i} = 1\n" for i in range(10_000)),
            "... and 9950 more problems", None)
    c.check("locator", "huge-key", level(f) + "[rules]\n" + "k" * 100_000 + " = 1\n", "unknown key 'kkkk", "14:1")
    c.check("locator", "deep-arrays", level(f) + "[goal]\npoints = " + "[" * 2000 + "]" * 2000 + "\n",
            "nests tables and arrays more than 16 deep", "14:")
    c.check("locator", "deep-inline-tables", level(f) + "[rules]\nabilities = " + "{ a = " * 2000 + "1" + " }" * 2000,
            "nests tables and arrays more than 16 deep", "14:")
    c.check("locator", "deep-dotted-key", ".".join(["a"] * 5000) + " = 1\n" + level(f),
            "nests tables and arrays more than 16 deep", "1:")
    c.check("locator", "deep-header", level(f) + "[" + ".".join(["a"] * 5000) + "]\n",
            "nests tables and arrays more than 16 deep", "13:")
    c.check("locator", "deep-but-allowed", level(f) + "[goal]\nvalue = 1\npoints = [[0, 0]]\n", OK, code=0)
    c.check("locator", "nested-array-elements", level(f) + "[goal]\nvalue = 0\npoints = [[0, 0], [9, 9]]\n",
            "point [9, 9] is outside the domain", "15:1")
    c.check("locator", "crlf-lines", level(f).replace("\n", "\r\n") + "[rules]\r\nsteps = 0\r\n",
            "[rules].steps: 0 is out of range", "14:1")
    c.check("locator", "tabs-and-comments", level(f) + "[rules]   # c\n\tsteps\t=\t0 # c\n",
            "[rules].steps: 0 is out of range", "14:2")


# 4. `hiker check` never shows a traceback: constant folding, deep TOML, bad paths, CSV --------------------

def _checks(c: Corpus) -> None:
    for name, f, msg, col in [
        ("fold-1-div-0", "1/0 + x", "division by zero", "7:13"),
        ("fold-log-0", "log(0) + x", "log(0) is undefined", "7:12"),
        ("fold-0-pow-neg", "0**-1 + x", "0 to the negative power -1 is undefined", "7:13"),
        ("fold-overflow", "(10**64)**5 + x", "1e+64**5 is too large", "7:20"),
        ("fold-neg-frac-power", "(-8)**(1/3) + x", "a negative number to a fractional power is not a real number",
         "7:16"),
        ("fold-sqrt-neg", "sqrt(-4) * x", "sqrt(-4) is undefined", "7:12"),
        ("fold-nested", "exp(exp(exp(10))) + x", "a constant part of the formula is undefined or too large", "7:16"),
        ("x-div-0", "x/0", "division by zero", "7:13"),
        ("x-div-const-zero", "x/(2-2)", "division by zero", "7:13"),
        ("runaway-exponent", "x**1e9", "exponent 1e+09 is too large", "7:13"),
        ("unicode-digits", "x + \u0661", "ARABIC-INDIC DIGIT ONE", "7:16"),
        ("nbsp", "x +\u00a0y", "NO-BREAK SPACE", "7:15"),
        ("zero-width-space", "x\u200b+ y", "ZERO WIDTH SPACE", "7:13"),
        ("fullwidth-plus", "x \uff0b y", "FULLWIDTH PLUS SIGN", "7:14"),
        ("nul-in-formula", "x \\u0000 y", "unexpected character '\\x00'", "7:14"),
        ("python-attr", "x.__class__", "unexpected character '.'", "7:13"),
        ("string-in-formula", "x + 'a'", "unexpected character", "7:16"),
        ("long-division-chain", "/".join(["x"] * 300), "formula is nested too deeply", "7:1"),
        ("too-many-terms", "+".join(["x"] * 1001), "formula is too large (more than 2000 terms)", None),
        ("too-long", "x" + " " * 4000, "formula is 4001 characters long; the limit is 4000", "7:1"),
        ("too-deep-parens", "(" * 70 + "x" + ")" * 70, "formula is nested too deeply (more than 64 levels)", None),
        ("empty-formula", "   ", "formula is empty", "7:1"),
    ]:
        c.check("check", name, level(formula(f)), msg, col)
    c.check("check", "sum-1000-terms", level(formula("+".join(["x", "y"] * 500))), OK, code=0)
    c.check("check", "sum-1000-minus", level(formula("-".join(["x"] * 998) + "+y*y")), OK, code=0)
    c.check("check", "product-chain", level(formula("*".join(["(1+x*x/100)"] * 150))), OK, code=0)
    c.check("check", "toml-2000-arrays", "a = " + "[" * 2000 + "]" * 2000 + "\n", "more than 16 deep", "1:")
    c.check("check", "toml-unbalanced", level(formula("x")) + "[rules\nsteps = 3\n", "TOML syntax error", "13:")
    c.check("check", "seed-beyond-64bit", level(formula("x"), start="point = [0, 0]") + "[race]\nseed = "
            + "9" * 30 + "\n", "is out of range: it must be <= 9.22337e+18", ("seed = ",))
    c.check("check", "toml-bom", "\ufeff" + level(formula("x")), "TOML syntax error", "1:1")
    c.check("check", "not-utf8", b"[level]\nid = \"\xff\xfe\"\n", "the file is not UTF-8 text (byte 14)")
    c.check("check", "binary-garbage", bytes(range(256)) * 4, "the file is not UTF-8 text")
    c.check("check", "empty-file", "", "the [level] section is missing")
    c.check("check", "nul-in-toml", "[level]\nid = \"a\x00\"\n", "TOML syntax error", "2:")
    # Files a level names
    c.check("check", "image-nul-name", level(heightmap("map\\u0000.png")), "is not a usable file name", "7:1")
    c.check("check", "image-300-char-name", level(heightmap("m" * 300 + ".png")), "longer than 255 characters", "7:1")
    c.check("check", "image-symlink-loop", level(heightmap("loop.png")), "a symbolic link loops", ("image = ",),
            files={})
    os.symlink("loop.png", c.root / "check/image-symlink-loop/loop.png")
    c.check("check", "image-dev-zero", level(heightmap("/dev/zero")), "'/dev/zero' is an absolute path", "7:1")
    c.check("check", "image-link-dev-zero", level(heightmap("zero.png")), "'zero.png' leaves the level's folder", "7:1")
    os.symlink("/dev/zero", c.root / "check/image-link-dev-zero/zero.png")
    c.check("check", "image-folder", level(heightmap("dir.png")), "it is a folder, not a regular file", "7:1")
    (c.root / "check/image-folder/dir.png").mkdir()
    c.check("check", "image-fifo", level(heightmap("fifo.png")), "it is a pipe (FIFO), not a regular file", "7:1")
    os.mkfifo(c.root / "check/image-fifo/fifo.png")
    c.check("check", "image-backslash", level(heightmap("maps\\\\a.png")), "is not a usable file name", "7:1")
    c.check("check", "image-climbs-out", level(heightmap("../../x.png")), "leaves the level's folder", "7:1")
    c.check("check", "image-home", level(heightmap("~/x.png")), "is an absolute path", "7:1")
    c.check("check", "image-missing", level(heightmap("nope.png")), "file 'nope.png' not found next to the level",
            "7:1")
    c.check("check", "image-empty-name", level(heightmap("")), "is not a usable file name", "7:1")
    c.check("check", "image-subfolder-ok", level(heightmap("maps/a.png"), start="random = true"), OK, code=0,
            files={"maps/a.png": png(8, 8)})
    # CSV files
    csvs = {
        "csv-field-over-128k": ("1,2\n" + "9" * (130 * 1024) + ",1\n", "not valid CSV (field larger than field limit",
                                "7:1"),
        "csv-unbalanced-quote": ('1,2\n"3,4\n5,6\n', "line 2: expected two numbers", "7:1"),
        "csv-quote-field-limit": ('1,2\n"' + "9" * (140 * 1024) + "\n", "not valid CSV", "7:1"),
        "csv-nul": ("1,2\n3\x00,4\n", "line 2", "7:1"),
        "csv-inf": ("1,2\n1e400,1\n", "is not a number within ±1e+06", "7:1"),
        "csv-nan": ("1,2\nnan,1\n", "is not a number within ±1e+06", "7:1"),
        "csv-huge-value": ("1,2\n1e7,1\n", "is not a number within ±1e+06", "7:1"),
        "csv-no-rows": ("feature,target\n", "holds no data rows", "7:1"),
        "csv-2001-rows": ("".join(f"{i % 7},{i % 3}\n" for i in range(2001)), "has more than 2000 rows", "7:1"),
        "csv-one-column": ("1\n2\n", "line 2: expected two numbers", "7:1"),
        "csv-over-256k": ("1,2\n" * 70_000, "is 280000 bytes; the limit is 262144 bytes", "7:1"),
        "csv-not-utf8": (b"1,2\n\xff\xfe,3\n", "line 2: expected two numbers", "7:1"),
        "csv-header-and-comments-ok": ("hours,passed\n# a comment\n1,0\n2,1\n", OK, None),
        "csv-2000-rows-ok": ("".join(f"{(i % 50) / 10},{(i % 7) / 7}\n" for i in range(2000)), OK, None),
    }
    for name, (content, msg, where) in csvs.items():
        c.check("check", name, level(csv_land()), msg, where, code=0 if msg == OK else 1,
                files={"data.csv": content})
    c.check("check", "csv-is-dev-zero", level(csv_land("z.csv")), "leaves the level's folder", "7:1")
    os.symlink("/dev/zero", c.root / "check/csv-is-dev-zero/z.csv")
    c.check("check", "csv-fifo", level(csv_land("f.csv")), "it is a pipe (FIFO), not a regular file", "7:1")
    os.mkfifo(c.root / "check/csv-fifo/f.csv")
    c.check("check", "inline-data-huge", level('kind = "data"\ndata = [[1e300, 1]]\n' + DOMAIN),
            "row 1 is [1e+300, 1]", "7:1")


# 5. Limits bound the work: the worst legal files check within the CPU and memory limits -------------------

def _work(c: Corpus) -> None:
    rng = random.Random(5)
    terms = "+".join(f"sin({i + 1}*x)*cos({i + 2}*y)" for i in range(130))
    c.check("work", "sin-cos-130-terms", level(formula(terms)), OK, code=0)
    big = "+".join(f"{(i % 9) + 1}*x" for i in range(500))  # 1999 terms: the most a formula may have
    c.check("work", "formula-2000-nodes", level(formula(big)), OK, code=0)
    deep = "sin(1+" * 30 + "x*y" + ")" * 30  # nested 61 deep: the most a formula may be
    c.check("work", "formula-deep-60", level(formula(deep)), OK, code=0)
    bumps = []
    while len("+".join(bumps)) < 3900:
        bumps.append(f"{rng.uniform(0.1, 3):.3f}*exp(-((x-{rng.uniform(-2, 2):.3f})**2+(y-{rng.uniform(-2, 2):.3f})**2)"
                     f"/{rng.uniform(0.01, 0.3):.3f})")
    c.check("work", "formula-bumps-near-4000-chars", level(formula("+".join(bumps))), OK, code=0)
    wells = ", ".join(f"{{ at = [{rng.uniform(-2, 2):.3f}, {rng.uniform(-2, 2):.3f}], "
                      f"depth = {rng.uniform(0.1, 2):.3f}, width = {rng.uniform(0.02, 0.5):.3f} }}" for _ in range(256))
    c.check("work", "wells-256", level(f'kind = "wells"\nbase = "0.1*(x**2 + y**2)"\nwells = [{wells}]\n{DOMAIN}'), OK,
            code=0)
    c.check("work", "wells-257", level(f'kind = "wells"\nwells = [{wells}, {{ at = [0, 0], depth = 1, width = 1 }}]\n'
                                       f"{DOMAIN}"), "257 wells; the limit is 256", ("wells = ",))
    pts = ", ".join(f"[{rng.uniform(-2, 2):.3f}, {rng.uniform(-2, 2):.3f}]" for _ in range(64))
    c.check("work", "goal-64-points", level(formula("x*x+y*y"), extra=f"[goal]\nvalue = 0\npoints = [{pts}]\n"),
            OK, code=0)
    c.check("work", "goal-15000-points", level(formula("x*x+y*y"), extra="[goal]\nvalue = 0\npoints = ["
                                               + ", ".join(["[0, 0]"] * 15000) + "]\n"),
            "15000 points; the limit is 64", ("points = ",))
    rows = ", ".join(f"[{rng.uniform(-1, 1):.4f}, {rng.uniform(-1, 1):.4f}]" for _ in range(2000))
    c.check("work", "inline-data-2000", level(f'kind = "data"\ndata = [{rows}]\n{DOMAIN}'), OK, code=0)
    c.check("work", "inline-data-2001", level(f'kind = "data"\ndata = [{rows}, [0, 0]]\n{DOMAIN}'),
            "2001 rows; the limit is 2000", ("data = ",))
    consts = "\n".join(f"c{i} = {i / 10}" for i in range(64))
    c.check("work", "constants-64", level(formula("+".join(f"c{i}*x" for i in range(64)) + "+y*y",
                                                  consts=f"\n[landscape.constants]\n{consts}")), OK, code=0)
    c.check("work", "constants-65", level(formula("x", consts=f"\n[landscape.constants]\n{consts}\nc64 = 1")),
            "65 constants; the limit is 64", ("[landscape.constants]",))
    c.check("work", "race-steps-100001", level(formula("x*x"), extra="[race]\nsteps = 100001\n"),
            "100001 is out of range: it must be <= 100000", ("steps = 100001",))
    c.check("work", "lineup-10", level(formula("x*x"), extra="[race]\nlineup = [" + ", ".join(['"gd"'] * 10) + "]\n"),
            "10 racers; the limit is 9", ("lineup = ",))
    c.check("work", "lineup-long-spec", level(formula("x*x"), extra='[race]\nlineup = ["gd:' + "lr=0.1," * 40 + '"]\n'),
            "SPEC 1 has 283 characters; the limit is 200", ("lineup = ",))
    c.check("work", "heightmap-1024-noise", level(heightmap("n.png"), start="random = true"), OK, code=0,
            files={"n.png": noise_png(1024, 1024, seed=3)})
    c.check("work", "file-over-256k", level(formula("x*x")) + "# " + "x" * (300 * 1024) + "\n",
            "the level file is 307", None)
    c.check("work", "schaffer-copy", level(formula("0.5 + (sin(x**2 - y**2)**2 - 0.5)/(1 + 0.001*(x**2 + y**2))**2",
                                                   domain="domain = { x = [-100, 100], y = [-100, 100] }")),
            OK, code=0)


# 6. Hostile text: controls, huge strings, Unicode look-alikes, numbers at the edge of floats ---------------

def _text(c: Corpus) -> None:
    f = formula("x*x + y*y")
    c.check("text", "nul-in-title", level(f, title="A\\u0000B"), "control character U+0000 at character 2", "3:1")
    c.check("text", "ansi-in-title", level(f, title="\\u001b[31mRED\\u001b[0m"), "control character U+001B", "3:1",
            absent=["\x1b"])
    c.check("text", "bidi-in-title", level(f, title="abc\\u202edcb"), "control character U+202E", "3:1")
    c.check("text", "title-100000", level(f, title="T" * 100_000), "expected at most 80 characters, got 100000", "3:1")
    c.check("text", "title-80-ok", level(f, title="T" * 80), OK, code=0)
    c.check("text", "newline-in-title", level(f, title="a\\nb"), "control character U+000A", "3:1")
    c.check("text", "description-1001", level(f, info=f'description = "{"d" * 1001}"\n'),
            "expected at most 1000 characters, got 1001", "4:1")
    c.check("text", "description-lines-ok", level(f, info='description = """Line one.\n\tLine two."""\n'), OK, code=0)
    c.check("text", "author-escape", level(f, info='author = "me\\u001b]0;pwned\\u0007"\n'), "control character U+001B",
            "4:1", absent=["\x1b"])
    c.check("text", "id-newline", level(f, id="abc\\n"), "id 'abc\\n' is not allowed", "2:1")
    c.check("text", "id-unicode", level(f, id="\u0430bc"), "is not allowed", "2:1")
    c.check("text", "id-65-chars", level(f, id="a" * 65), "is not allowed", "2:1")
    c.check("text", "unknown-key-ansi", level(f) + '[rules]\n"\\u001b[2J" = 1\n', "unknown key '\\x1b[2J'", "14:1",
            absent=["\x1b"])
    for name, dom, msg in [
        ("domain-1e308", "domain = { x = [-1e308, 1e308], y = [-2, 2] }", "reaches beyond ±1e+06"),
        ("domain-subnormal", "domain = { x = [0, 5e-324], y = [-2, 2] }", "is narrower than 1e-06"),
        ("domain-int-beyond-64bit", "domain = { x = [-99999999999999999999, 2], y = [-2, 2] }",
         "reaches beyond ±1e+06"),
        ("domain-int-64bit", "domain = { x = [-9223372036854775807, 2], y = [-2, 2] }", "reaches beyond ±1e+06"),
        ("domain-inf", "domain = { x = [-inf, 2], y = [-2, 2] }", "expected two numbers like [-2, 2]"),
        ("domain-nan", "domain = { x = [nan, 2], y = [-2, 2] }", "expected two numbers like [-2, 2]"),
        ("domain-sliver", "domain = { x = [0, 1000], y = [0, 1] }", "may differ by at most a factor of 100"),
        ("domain-reversed", "domain = { x = [2, -2], y = [-2, 2] }", "is empty"),
        ("domain-strings", 'domain = { x = ["a", "b"], y = [-2, 2] }', "expected two numbers"),
        ("domain-three", "domain = { x = [1, 2, 3], y = [-2, 2] }", "expected two numbers"),
    ]:
        c.check("text", name, level(formula("x*x + y*y", domain=dom), start="random = true"), msg,
                None if "TOML" in msg else ("domain = ",) if name == "domain-sliver" else ("x = [",))
    c.check("text", "domain-edge-ok", level(formula("x*x + y*y",
                                                    domain="domain = { x = [-1e6, 1e6], y = [-1e6, 1e6] }"),
                                            start="random = true"), OK, code=0)
    c.check("text", "domain-tiny-ok", level(formula("x*x + y*y", domain="domain = { x = [1, 1.0000011], "
                                                    "y = [2, 2.0000011] }"), start="random = true"), OK, code=0)
    c.check("text", "height-1e308", level(heightmap("g.png").replace("height = [0, 10]", "height = [-1e308, 1e308]"),
                                          start="random = true"), "reaches beyond ±1e+09", ("height = ",),
            files={"g.png": png(8, 8)})
    c.check("text", "well-width-subnormal",
            level('kind = "wells"\nwells = [{ at = [0, 0], depth = 1, width = 5e-324 }]\n' + DOMAIN),
            "a well must be at least 1e-06 wide", ("width = ",))
    c.check("text", "well-depth-1e300", level('kind = "wells"\nwells = [{ at = [0, 0], depth = 1e300, width = 1 }]\n'
                                              + DOMAIN), "it must be <= 1e+06", ("depth = ",))
    c.check("text", "stride-nan", level(f, extra="[rules]\nstride = nan\n"), "expected a number", ("stride = ",))
    c.check("text", "goal-value-inf", level(f, extra="[goal]\nvalue = -inf\npoints = [[0, 0]]\n"),
            "expected a number", ("value = ",))
    c.check("text", "start-huge", level(f, start="point = [1e300, 0]"), "is outside the domain", ("point = ",))
    c.check("text", "start-function-domain", level('kind = "function"\nname = "himmelblau"', start="point = [50, 0]"),
            "is outside the domain", ("point = ",))
    c.check("text", "constant-name-weird", level(formula("x", consts='\n[landscape.constants]\n"a b" = 1\n')),
            "'a b' cannot be a constant name", ('"a b"',))


# 7. Special files: devices, pipes, loops, depth ------------------------------------------------------

def _special(c: Corpus) -> None:
    d = c.root / "special"
    d.mkdir(parents=True, exist_ok=True)
    os.symlink("/dev/zero", d / "zero.toml")
    os.mkfifo(d / "fifo.toml")
    os.symlink("loop.toml", d / "loop.toml")
    (d / "folder.toml").mkdir()
    c.run("special", "level-dev-zero", ["check", "/dev/zero"], 1,
          ["/dev/zero: error: cannot read the level file: it is a device, not a regular file"])
    c.run("special", "level-link-dev-zero", ["check", str(d / "zero.toml")], 1, ["it is a device, not a regular file"])
    c.run("special", "level-fifo", ["check", str(d / "fifo.toml")], 1, ["it is a pipe (FIFO), not a regular file"])
    c.run("special", "level-symlink-loop", ["check", str(d / "loop.toml")], 1, ["it is a symbolic link that loops"])
    c.run("special", "level-folder", ["check", str(d / "folder.toml")], 1, ["it is a folder, not a regular file"])
    c.run("special", "level-300-char-name", ["check", str(d / ("x" * 300 + ".toml"))], 1, ["its name is too long"])
    c.run("special", "level-nul-in-name", ["check", "a\x00b.toml"], 1, ["its name contains a NUL character"])
    c.run("special", "level-missing", ["check", str(d / "nope.toml")], 1, ["it does not exist"])
    c.run("special", "race-fifo", ["race", str(d / "fifo.toml")], 2, err=["it is a pipe (FIFO)"])
    c.run("special", "race-dev-zero", ["race", "/dev/zero"], 2, err=["it is a device"])
    c.run("special", "race-folder", ["race", str(d)], 2, err=["it is a folder"])
    c.run("special", "check-many-special", ["check", "/dev/zero", str(d / "fifo.toml"), str(d / "loop.toml"),
                                            "/dev/null"], 1, ["/dev/null: error: cannot read the level file"])
    c.run("special", "stdin-as-level", ["check", "/dev/stdin"], 1, ["/dev/stdin: error: cannot read"])


# 8. Levels the checker accepts must run everywhere, or every command refuses them with the same line -----

def _unrunnable(c: Corpus) -> None:
    c.same("unrunnable", "undefined-everywhere", level(formula("log(-1 - x*x)")), "no minimum found")
    c.same("unrunnable", "sqrt-undefined-everywhere", level(formula("sqrt(-1 - y*y)")), "no minimum found")
    c.same("unrunnable", "values-1e300", level(formula("1e300*(x + y)")), "is beyond ±1e+15")
    c.same("unrunnable", "values-1e200-spread", level(formula("1e200*x*x*y*y")), "more than 1e+15")
    c.same("unrunnable", "constant-1e300", level(formula("x*x - c", consts="\n[landscape.constants]\nc = 1e300\n")),
           "is beyond ±1e+15")
    c.same("unrunnable", "declared-1e20", level(formula("x*x"), extra="[goal]\nvalue = 1e20\npoints = [[0, 0]]\n"),
           "it must be <= 1e+15")
    c.same("unrunnable", "data-overflow", level('kind = "data"\ndata = [[1e6, 1e6]]\n'
                                                'domain = { x = [-1e6, 1e6], y = [-1e6, 1e6] }'), "more than 1e+15")
    c.check("unrunnable", "exp-overflow-half-map", level(formula("exp(400*x)")), OK, code=0)


# 8b. Network levels: their CSV read like any data file (bounded, located), their work bounded ------------

def _network(c: Corpus) -> None:
    csvs = {
        "net-csv-ok": (points(50), OK, None),
        "net-csv-2001-rows": (points(2001), "has more than 2000 rows", "7:1"),
        "net-csv-over-256k": ("0.5,0.5,1\n" * 30_000, "is 300000 bytes; the limit is 262144 bytes", "7:1"),
        "net-csv-long-field": ("1,2,0\n" + "1" * 100 + ",2,1\n", "a field is longer than 64 characters", "7:1"),
        "net-csv-unbalanced-quote": ('1,2,0\n"3,4,1\n5,6,0\n', "line 2: expected three numbers", "7:1"),
        "net-csv-field-limit": ('1,2,0\n"' + "9" * (140 * 1024) + "\n", "not valid CSV", "7:1"),
        "net-csv-two-columns": ("1,2\n3,4\n", "line 2: expected three numbers (x1, x2, label)", "7:1"),
        "net-csv-inf": ("1,2,0\n1e400,1,1\n", "is not a number within ±1e+06", "7:1"),
        "net-csv-nan-label": ("1,2,0\n1,1,nan\n", "is not a number within ±1e+06", "7:1"),
        "net-csv-label-2": ("1,2,0\n1,1,2\n", "has the label 2; labels are whole numbers from 0 to 1", "7:1"),
        "net-csv-not-utf8": (b"1,2,0\n\xff\xfe,3,1\n", "line 2: expected three numbers", "7:1"),
        "net-csv-no-rows": ("x1,x2,label\n", "holds no data rows", "7:1"),
    }
    for name, (content, msg, where) in csvs.items():
        c.check("network", name, level(network()), msg, where, code=0 if msg == OK else 1,
                files={"points.csv": content})
    c.check("network", "net-csv-fifo", level(network('csv = "f.csv"')), "it is a pipe (FIFO), not a regular file",
            "7:1")
    os.mkfifo(c.root / "check/net-csv-fifo/f.csv")
    c.check("network", "net-csv-dev-zero", level(network('csv = "z.csv"')), "leaves the level's folder", "7:1")
    os.symlink("/dev/zero", c.root / "check/net-csv-dev-zero/z.csv")
    c.check("network", "net-csv-folder", level(network('csv = "d.csv"')), "it is a folder, not a regular file", "7:1")
    (c.root / "check/net-csv-folder/d.csv").mkdir()
    c.check("network", "net-csv-absolute", level(network('csv = "/etc/passwd"')), "is an absolute path", "7:1")
    c.check("network", "net-csv-climbs-out", level(network('csv = "../../x.csv"')), "leaves the level's folder", "7:1")
    c.check("network", "net-csv-nul-name", level(network('csv = "a\\u0000.csv"')), "is not a usable file name", "7:1")
    c.check("network", "net-csv-missing", level(network('csv = "nope.csv"')), "not found next to the level", "7:1")
    # Work: examples x (parameters + 10 x hidden units + 100) at most 100,000.
    c.check("network", "net-work-699-ok", level(network('dataset = { generate = "moons", size = 699, seed = 1 }',
                                                        train="{ steps = 20, lr = 0.05, seed = 1 }")), OK, code=0)
    c.check("network", "net-work-700", level(network('dataset = { generate = "moons", size = 700, seed = 1 }')),
            "is too much work for a level (100,100; the limit is 100,000", "8:1")
    c.check("network", "net-work-2000-rows", level(network('csv = "points.csv"')), "is too much work for a level",
            "8:1", files={"points.csv": points(2000)})
    c.check("network", "net-params-over-1000", level(network(layers="[2, 64, 64, 1]")), "parameters; the limit is 1000",
            "8:1", files={"points.csv": points(10)})
    c.check("network", "net-layers-deep", level(network(layers="[2" + ", 2" * 200 + "]")), "layers", "8:1",
            files={"points.csv": points(10)})
    c.check("network", "net-layer-width-1e18", level(network(layers="[2, 1000000000000000000, 1]")), "layers",
            "8:1", files={"points.csv": points(10)})
    c.check("network", "net-generated-2001", level(network('dataset = { generate = "moons", size = 2001 }')),
            "2001", "7:")
    c.check("network", "net-train-steps-5001", level(network(train="{ steps = 5001, lr = 0.05, seed = 1 }")),
            "5001", "11:", files={"points.csv": points(10)})
    c.check("network", "net-inline-1e300", level(network("data = [[1e300, 0, 1], [0, 0, 0]]")),
            "numbers within ±1e+06", "7:1")
    c.check("network", "net-inline-2001", level(network("data = [" + ", ".join(["[0, 0, 1]"] * 2001) + "]")),
            "2001 rows; the limit is 2000", "7:1")
    theta = ", ".join(["1e300"] * 13)
    c.check("network", "net-theta-1e300", level(network(train="{}", extra=f"theta = [{theta}]").replace(
        "train = {}\n", "")), "within ±1e+06", ("theta = ", 0), files={"points.csv": points(10)})
    c.check("network", "net-axes-unknown-weight", level(network(axes='{ weights = ["w[9][0,0]", "b[1][0]"] }')),
            "there is no layer 9", ("axes = ", 0), files={"points.csv": points(10)})
    c.check("network", "net-axes-hostile-name", level(network(axes='{ weights = ["w[1][' + "9" * 5000 + ',0]", '
                                                                    '"b[1][0]"] }')),
            "axes", ("axes = ", 0), files={"points.csv": points(10)})
    c.same("network", "net-same-everywhere", level(network("data = [[1e300, 0, 1]]")), "numbers within ±1e+06")


# 9. Command-line arguments ------------------------------------------------------------------------------

def _cli(c: Corpus) -> None:
    out = c.root / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "afile").write_text("x")
    (out / "dir.png").mkdir()
    for name, argv, msg in [
        ("seed-negative", ["race", "twin-valleys", "--seed", "-1"], "--seed must be between 0 and"),
        ("seed-2-64", ["race", "twin-valleys", "--seed", str(2**64)], "--seed must be between 0 and"),
        ("seed-float", ["race", "twin-valleys", "--seed", "1.5"], "invalid int value: '1.5'"),
        ("basins-steps-0", ["basins", "twin-valleys", "--steps", "0"], "--steps must be between 1 and 100000"),
        ("basins-steps-neg", ["basins", "twin-valleys", "--steps", "-5"], "--steps must be between 1 and 100000"),
        ("basins-steps-1e9", ["basins", "twin-valleys", "--steps", "1e9"], "invalid int value: '1e9'"),
        ("basins-steps-huge", ["basins", "twin-valleys", "--steps", "1000000000"], "--steps must be between"),
        ("basins-grid-513", ["basins", "twin-valleys", "--grid", "513"], "--grid must be between 4 and 512"),
        ("basins-work", ["basins", "twin-valleys", "--grid", "400", "--steps", "1000"], "hiker-steps; the limit is"),
        ("basins-hikers", ["basins", "twin-valleys", "--grid", "512", "--steps", "10"], "hikers at once; the limit"),
        ("swarm-million", ["race", "twin-valleys", "--swarm", "1000000", "--steps", "1000000"],
         "must be between"),
        ("swarm-work", ["race", "twin-valleys", "--swarm", "50000", "--steps", "1000"], "hiker-steps; the limit is"),
        ("swarm-zero", ["race", "twin-valleys", "--swarm", "0"], "--swarm must be between 1 and 100000"),
        ("racers-200", ["race", "twin-valleys", "--swarm", "1000", *(["--opt", "gd"] * 200)],
         "at most 16 --opt racers"),
        ("racers-16-swarm", ["race", "twin-valleys", "--swarm", "20000", *(["--opt", "gd"] * 16)], "hikers at once"),
        ("steps-huge", ["race", "twin-valleys", "--steps", "99999999999999999999999"], "--steps must be between"),
        ("frames-zero", ["play", "twin-valleys", "--frames", "0"], "--frames must be between 1 and"),
        ("start-inf", ["race", "twin-valleys", "--start", "1e400,0"], "must be a finite number"),
        ("start-nan", ["race", "twin-valleys", "--start", "nan,0"], "must be a number"),
        ("start-three", ["race", "twin-valleys", "--start", "1,2,3"], "--start must be X,Y"),
        ("start-unicode", ["race", "twin-valleys", "--start", "\u0661,0"], "must be a number"),
        ("eval-inf", ["eval", "twin-valleys", "inf", "0"], "X must be a finite number"),
        ("hike-seed", ["hike", "twin-valleys", "--seed", "-3"], "--seed must be between"),
        ("hike-moves", ["hike", "twin-valleys", "--moves", ",".join(["up"] * 20001)], "at most 20000 moves"),
        ("opt-long", ["race", "twin-valleys", "--opt", "gd:lr=" + "9" * 5000], "bad --opt"),
        ("plot-folder", ["race", "twin-valleys", "--plot", str(out)], "the file name needs a suffix"),
        ("plot-folder-png", ["race", "twin-valleys", "--plot", str(out / "dir.png")], "is a folder"),
        ("plot-under-file", ["race", "twin-valleys", "--plot", str(out / "afile" / "a.png")], "is not a folder"),
        ("plot-dev-full", ["race", "twin-valleys", "--plot", "/dev/full"], "the file name needs a suffix"),
        ("plot-extension", ["race", "twin-valleys", "--plot", str(out / "a.txt")], "cannot save .txt files"),
        ("plot-empty", ["race", "twin-valleys", "--plot", ""], "--plot needs a file name"),
        ("gif-extension", ["race", "twin-valleys", "--gif", str(out / "a.txt")], "cannot save .txt files"),
        ("png-extension", ["basins", "twin-valleys", "--png", str(out / "a")], "the file name needs a suffix"),
        ("screenshot-folder", ["play", "twin-valleys", "--frames", "2", "--screenshot", str(out / "dir.png")],
         "is a folder"),
        ("unknown-level-escape", ["race", "\x1b[31mred"], "no level called '\\x1b[31mred'"),
        ("unknown-option", ["race", "twin-valleys", "--nope"], "unrecognized arguments: --nope"),
        ("level-id-nul", ["race", "a\x00b"], "no level called"),
    ]:
        c.run("cli", name, argv, 2, err=[msg], absent=["\x1b"])
    c.run("cli", "start-negative", ["race", "twin-valleys", "--start", "-1,0.5", "--steps", "3"], 0,
          ["3 steps from (-1, 0.5)"])
    c.run("cli", "start-equals-negative", ["race", "twin-valleys", "--start=-1,0.5", "--steps", "3"], 0,
          ["3 steps from (-1, 0.5)"])
    c.run("cli", "eval-negative-exponent", ["eval", "twin-valleys", "-1e0", "-.5"], 0, ["cost at (-1, -0.5)"])
    c.run("cli", "plot-ok", ["race", "twin-valleys", "--steps", "5", "--plot", str(out / "ok.png")], 0)
    c.run("cli", "plot-missing-folder-is-made", ["race", "twin-valleys", "--steps", "5", "--plot",
                                                 str(out / "new" / "deeper" / "a.png")], 0)
    c.run("cli", "stdout-full", ["levels"], 1, err=["cannot write the output: No space left on device"], stdout="full")
    c.run("cli", "stdout-closed", ["levels"], 0, stdout="closed")
    c.run("cli", "stdout-broken-pipe", ["race", "twin-valleys", "--steps", "3", "--json"], 0, stdout="pipe")
    c.run("cli", "json-fell-is-null", ["race", str(c.file("cli/fall.toml", level(formula("-sqrt(1 - x*x)",
          domain="domain = { x = [-1.5, 1.5], y = [-1, 1] }"), start="point = [0.9, 0]"))), "--opt", "gd:lr=5",
          "--steps", "5", "--json"], 0, ['"fell": true'])


# 3. One bad file in the user folder is one broken entry -------------------------------------------------

HOSTILE_USER_LEVELS = {  # file -> the message its entry in `hiker levels` must show
    "x-div-0.toml": (level(formula("x/0"), id="x-div-0"), "division by zero"),
    "sum-1000.toml": (level(formula("+".join(["x", "y"] * 500)), id="sum-1000"), None),
    "arrays-2000.toml": ("a = " + "[" * 2000 + "]" * 2000, "more than 16 deep"),
    "int-beyond-64.toml": (level(formula("x", domain="domain = { x = [-" + "9" * 40 + ", 2], y = [-2, 2] }"),
                                 id="int-beyond-64"), "reaches beyond"),
    "int-64.toml": (level(formula("x", domain="domain = { x = [-9223372036854775807, 2], y = [-2, 2] }"),
                          id="int-64"), "reaches beyond"),
    "nul-title.toml": (level(formula("x"), id="nul-title", title="a\\u0000b"), "control character U+0000"),
    "huge-title.toml": (level(formula("x"), id="huge-title", title="T" * 100_000), "at most 80 characters"),
    "ansi.toml": (level(formula("x"), id="ansi", title="\\u001b[2J"), "control character U+001B"),
    "fold.toml": (level(formula("(10**64)**5"), id="fold"), "too large"),
    "binary.toml": (bytes(range(256)), "not UTF-8"),
    "backtrack.toml": (level(formula("x"), id="backtrack", info='description = """' + ("[" + " " * 3000 + "\n") * 30
                             + '"""\ndifficulty = 9\n'), "expected at most 1000 characters"),
    "eps-map.toml": (level(heightmap("eps.png"), id="eps-map", start="random = true"), "PostScript"),
    "deep-folder/a/b/c/d/e/f/g/h/i/j/k/too-deep.toml": (level(formula("x"), id="too-deep"), "absent"),
    "mine.toml": (level(formula("x*x + y*y"), id="mine"), None),
    "net-heavy.toml": (level(network('dataset = { generate = "moons", size = 699, seed = 1 }',
                                     train="{ steps = 20, lr = 0.05, seed = 1 }"), id="net-heavy"), None),
    "net-2000.toml": (level(network("data = [" + ", ".join(["[0.5, -0.5, 1]"] * 2000) + "]"), id="net-2000"),
                      "too much work for a level"),
    "net-fifo.toml": (level(network('csv = "fifo.toml"'), id="net-fifo"), "a pipe (FIFO)"),
}


def _user_folder(c: Corpus) -> None:
    home = c.root / "home-hostile"
    lv = home / "levels"
    for rel, (content, _) in HOSTILE_USER_LEVELS.items():
        c.file(str((lv / rel).relative_to(c.root)), content)
    (lv / "eps.png").write_bytes(images()["eps.png"])
    os.symlink("/dev/zero", lv / "zero.toml")
    os.mkfifo(lv / "fifo.toml")
    os.symlink(".", lv / "loop-dir")  # a folder that contains itself
    deep = lv / "deep"
    # 1200 nested folders (path limits allow it when created step by step)
    here = deep
    here.mkdir()
    fd = os.open(here, os.O_RDONLY)
    try:
        for _ in range(1200):
            os.mkdir("d", dir_fd=fd)
            nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        fd2 = os.open("deepest.toml", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
        os.write(fd2, level(formula("x"), id="deepest").encode())
        os.close(fd2)
    finally:
        os.close(fd)
    broken = [msg for msg in (m for _, m in HOSTILE_USER_LEVELS.values()) if msg and msg != "absent"]
    c.run("folder", "levels-with-hostile-folder", ["levels"], 0, ["twin-valleys", "mine", "sum-1000", *broken,
                                                                  "zero", "a device", "fifo", "a pipe"],
          home=str(home), absent=["too-deep", "deepest", "\x1b", "\x00"])
    c.run("folder", "levels-json-with-hostile-folder", ["levels", "--json"], 0, ['"id": "mine"', '"error":'],
          home=str(home))
    c.run("folder", "race-builtin-with-hostile-folder", ["race", "twin-valleys", "--steps", "5"], 0, ["Twin Valleys"],
          home=str(home))
    c.run("folder", "race-user-level-with-hostile-folder", ["race", "mine", "--steps", "5"], 0, ["global minimum"],
          home=str(home))
    c.run("folder", "race-broken-user-level", ["race", "x-div-0"], 2, err=["division by zero"], home=str(home))
    c.run("folder", "race-unknown-with-hostile-folder", ["race", "mien"], 2, err=["did you mean 'mine'?"],
          home=str(home))
    c.run("folder", "minimum-with-hostile-folder", ["minimum", "classic-booth"], 0, ["global minimum 0"],
          home=str(home))
    # the data folder itself is hostile
    c.run("folder", "levels-folder-is-file", ["levels"], 0, ["twin-valleys"], home=str(c.file("home-file", "x")))
    c.run("folder", "levels-folder-is-fifo", ["levels"], 0, ["twin-valleys"], home=str(c.root / "home-fifo"))
    os.mkdir(c.root / "home-fifo")
    os.mkfifo(c.root / "home-fifo" / "levels")
    many = c.root / "home-many" / "levels"
    many.mkdir(parents=True)
    for i in range(600):
        (many / f"l{i:04d}.toml").write_text("[level]\n")
    c.run("folder", "levels-600-files", ["levels"], 0, ["l0499.toml", "twin-valleys"], home=str(c.root / "home-many"),
          absent=["l0500"])


# 10. Saved state ------------------------------------------------------------------------------------------

SAVE_CASES = ["progress_without_stars", "progress_stars_string", "progress_score_string", "progress_not_a_table",
              "progress_valid_records_kept", "settings_window_infinity", "settings_nan_volume", "json_nested_100000",
              "json_not_utf8", "json_top_level_list", "settings_is_folder", "progress_is_fifo", "progress_too_large",
              "data_folder_is_file", "data_folder_unwritable", "read_only_save_is_notice", "stale_temps_removed",
              "damaged_copies_pruned", "finish_level_read_only", "unreadable_and_unmovable_is_protected",
              "progress_huge_score", "progress_many_levels"]


def _saves(c: Corpus) -> None:
    for name in SAVE_CASES:
        c.api("saves", name)


def remove_tree(root: Path) -> None:
    """Remove a folder tree without recursion (the corpus holds a folder 1200 levels deep, which
    shutil.rmtree and pytest's own clean-up cannot remove on Python 3.11)."""
    root = Path(root)
    if not root.exists():
        return
    stack = [str(root)]
    while stack:
        here = stack[-1]
        try:
            entries = list(os.scandir(here))
        except (FileNotFoundError, NotADirectoryError):
            stack.pop()
            continue
        dirs = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        for e in entries:
            if not e.is_dir(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(e.path)
        if dirs:
            stack.extend(dirs)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.rmdir(here)
            stack.pop()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: make_corpus.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[1])
    cases = build(out)
    (out / "cases.json").write_text(json.dumps(cases, indent=1))
    counts: dict[str, int] = {}
    for case in cases:
        counts[case["cls"]] = counts.get(case["cls"], 0) + 1
    print(f"{len(cases)} cases in {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
