"""Files on disk, safely: bounded reads of regular files only, and atomic writes.

Reading: a level, an image, a CSV or a save file may be anything a stranger or a broken disk puts there (a
device such as /dev/zero, a FIFO that never delivers, a folder, a symbolic-link loop, a name with a NUL in
it). ``read_regular`` opens only regular files, never blocks (O_NONBLOCK, then fstat), and reads at most
``cap + 1`` bytes, so a file that grows while it is read cannot make it read more.

Writing: a temporary file next to the target (named ``.NAME.<random>.tmp``), flushed and fsynced, then
``os.replace`` over the target: a crash at any moment leaves the old or the new file, whole. Temporary files
that a killed process left behind are removed by ``remove_stale_temps`` at the next start.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


class ReadError(Exception):
    """A file that cannot be read as asked: the message says why in plain words."""


def _why(err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "it is a symbolic link that loops"
    if err.errno == errno.ENAMETOOLONG:
        return "its name is too long"
    if err.errno == errno.ENOENT:
        return "it does not exist"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (err.strerror or str(err)).rstrip(".").lower() if err.strerror else str(err)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike, cap: int, what: str = "the file") -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes, else ReadError. Never blocks, never reads more
    than cap + 1 bytes, never opens a device or a pipe."""
    try:
        mode = os.stat(path).st_mode  # follows symbolic links: a link to /dev/zero is a device
    except ValueError:
        raise ReadError(f"cannot read {what}: its name contains a NUL character") from None
    except OSError as err:
        raise ReadError(f"cannot read {what}: {_why(err)}") from None
    if not stat.S_ISREG(mode):
        raise ReadError(f"cannot read {what}: it is {_kind(mode)}, not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as err:
        raise ReadError(f"cannot read {what}: {_why(err) if isinstance(err, OSError) else err}") from None
    try:
        st = os.fstat(fd)  # the file actually opened (it may have been swapped since the stat above)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"cannot read {what}: it is {_kind(st.st_mode)}, not a regular file")
        if st.st_size > cap:
            raise ReadError(f"{what} is {st.st_size} bytes; the limit is {cap} bytes")
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = os.read(fd, min(1 << 16, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:
            raise ReadError(f"{what} is more than {cap} bytes; the limit is {cap} bytes")
        return b"".join(chunks)
    except OSError as err:
        raise ReadError(f"cannot read {what}: {_why(err)}") from None
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (the old file or the new one, never a mix). Raises OSError."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_stale_temps(folder: Path, names: list[str]) -> int:
    """Remove the temporary files that ``atomic_write_bytes`` makes for these names (left behind by a process
    that was killed mid-write). Only files of exactly our naming are touched. Returns how many went."""
    patterns = [re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{1,64}}{re.escape(TEMP_SUFFIX)}") for name in names]
    removed = 0
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if any(p.fullmatch(entry.name) for p in patterns) and entry.is_file(follow_symlinks=False):
                    try:
                        os.unlink(entry.path)
                        removed += 1
                    except OSError:
                        pass
    except OSError:
        pass
    return removed
