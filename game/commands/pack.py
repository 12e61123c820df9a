"""`hiker pack DIR -o PACK.zip`: every level in a folder as one file to hand out."""

from __future__ import annotations

from pathlib import Path

from ..args import CliError


def cmd_pack(args) -> int:
    from engine.level.pack import make_pack
    from engine.level.share import ShareError
    from engine.storage import atomic_write_bytes

    out = Path(args.output)
    if out.suffix.lower() != ".zip":
        raise CliError(f"-o {args.output}: a pack is a .zip file")
    if out.is_dir() or not out.parent.is_dir():
        raise CliError(f"-o {args.output}: {'is a folder' if out.is_dir() else 'its folder does not exist'}")
    try:
        data, specs = make_pack(Path(args.folder))
    except ShareError as err:
        raise CliError(str(err)) from None
    try:
        atomic_write_bytes(out, data)
    except OSError as err:
        raise CliError(f"cannot write {out}: {err.strerror or err}") from None
    print(f"packed {len(specs)} level{'s' if len(specs) != 1 else ''} into {out} ({len(data)} bytes): "
          + ", ".join(s.id for s in specs))
    return 0
