"""Level packs: a folder of levels as one zip file (a teacher hands out one file), and reading one safely.

A pack holds, for every level, its canonical TOML (``<id>.toml``) and the files it names (``<id>.png``,
``<id>.csv``). Reading a pack trusts nothing: the zip's size, number of entries, every entry's name (no
absolute paths, no ``..``, no backslashes), its kind (no symlinks, no encryption) and its size (capped
while it is read, whatever the header claims) are checked; then every level is read back through the
loader from a temporary folder and prepared like `hiker check` does. Only when every level passes is
anything written (``share.install``).
"""

from __future__ import annotations

import io
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .loader import MAX_FILE_BYTES, load_spec
from .prepare import prepare
from .problems import LevelError
from .share import MAX_IMAGE_BYTES, ShareError, one_line
from .spec import LevelSpec
from .writer import attachments, dumps

MAX_PACK_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 256
MAX_ENTRY_BYTES = max(MAX_FILE_BYTES, MAX_IMAGE_BYTES)
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_NAME = 200
STAMP = (2020, 1, 1, 0, 0, 0)  # every entry gets the same date: the same levels make the same pack


def _levels_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.toml") if p.is_file())


def make_pack(folder: Path) -> tuple[bytes, list[LevelSpec]]:
    """The zip of every level under ``folder`` (each validated and prepared first; ShareError otherwise)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ShareError(f"{folder} is not a folder")
    paths = _levels_in(folder)
    if not paths:
        raise ShareError(f"no level files (*.toml) in {folder}")
    if len(paths) > MAX_ENTRIES // 2:
        raise ShareError(f"{len(paths)} levels; a pack holds at most {MAX_ENTRIES // 2}")
    specs: list[LevelSpec] = []
    owner: dict[str, Path] = {}
    for path in paths:
        try:
            spec = load_spec(path)
            prepare(spec, path)
        except LevelError as err:
            raise ShareError(one_line(err, str(path))) from None
        if spec.id in owner:
            raise ShareError(f"{path}: id {spec.id!r} is already used by {owner[spec.id]}")
        owner[spec.id] = path
        specs.append(spec)
    from .design import with_file_names

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for spec in specs:
            spec = with_file_names(spec)
            for name, data in {f"{spec.id}.toml": dumps(spec).encode("utf-8"), **attachments(spec)}.items():
                info = zipfile.ZipInfo(name, STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                zf.writestr(info, data)
    return out.getvalue(), specs


def _safe_name(name: str) -> PurePosixPath:
    if not name or len(name) > MAX_NAME or "\\" in name or "\0" in name or ":" in name:
        raise ShareError(f"the pack holds an entry with a name that is not allowed: {name[:60]!r}")
    p = PurePosixPath(name)
    if p.is_absolute() or any(part in ("..", ".", "") for part in name.rstrip("/").split("/")):
        raise ShareError(f"the pack holds an entry that points outside it: {name[:60]!r}")
    return p


def read_pack(path: Path) -> list[LevelSpec]:
    """Every level in a pack, validated (ShareError with one clear line otherwise; nothing is written)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise ShareError(f"cannot read {path}: {err.strerror or err}") from None
    if not path.is_file():
        raise ShareError(f"{path} is not a file")
    if size > MAX_PACK_BYTES:
        raise ShareError(f"{path.name} is {size} bytes; a pack may be at most {MAX_PACK_BYTES}")
    try:
        with zipfile.ZipFile(path) as zf:
            files = _read_entries(zf)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError) as err:
        raise ShareError(f"{path.name} is not a readable zip file ({str(err)[:80]})") from None
    except OSError as err:
        raise ShareError(f"cannot read {path}: {err.strerror or err}") from None
    levels = sorted(n for n in files if n.suffix.lower() == ".toml")
    if not levels:
        raise ShareError(f"{path.name} holds no level files (*.toml)")
    specs: list[LevelSpec] = []
    with tempfile.TemporaryDirectory(prefix="hiker-pack-") as tmp:
        root = Path(tmp).resolve()
        for name, data in files.items():
            target = (root / name).resolve()
            if not target.is_relative_to(root):  # _safe_name already refused this; never write outside
                raise ShareError(f"the pack holds an entry that points outside it: {str(name)[:60]!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for name in levels:
            level_path = root / name
            try:
                spec = load_spec(level_path)
                prepare(spec, level_path)
            except LevelError as err:
                raise ShareError(one_line(err, f"{path.name}: {name}", {str(root): "the pack"})) from None
            specs.append(spec)
    return specs


def _read_entries(zf: zipfile.ZipFile) -> dict[PurePosixPath, bytes]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ShareError(f"the pack has {len(infos)} entries; the limit is {MAX_ENTRIES}")
    seen: set[str] = set()
    total = 0
    files: dict[PurePosixPath, bytes] = {}
    for info in infos:
        name = _safe_name(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ShareError(f"the pack holds a symbolic link ({info.filename[:60]!r}); packs hold plain files only")
        if info.flag_bits & 0x1:
            raise ShareError(f"the pack holds an encrypted entry ({info.filename[:60]!r})")
        if info.is_dir():
            continue
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # zips made on Windows carry no file type
            raise ShareError(f"the pack holds a special file ({info.filename[:60]!r}); packs hold plain files only")
        if str(name).lower() in seen:
            raise ShareError(f"the pack holds {info.filename[:60]!r} twice")
        seen.add(str(name).lower())
        if info.file_size > MAX_ENTRY_BYTES:
            raise ShareError(f"{info.filename[:60]} is {info.file_size} bytes; an entry may be at most "
                             f"{MAX_ENTRY_BYTES}")
        with zf.open(info) as fh:
            data = fh.read(MAX_ENTRY_BYTES + 1)  # the header may lie: the read itself is capped
        if len(data) > MAX_ENTRY_BYTES:
            raise ShareError(f"{info.filename[:60]} unpacks to more than {MAX_ENTRY_BYTES} bytes")
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise ShareError(f"the pack unpacks to more than {MAX_TOTAL_BYTES} bytes")
        files[name] = data
    return files
