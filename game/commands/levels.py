"""`hiker levels`: every built-in and user level, or the broken ones with their error."""

from __future__ import annotations

from ..args import emit_json


def cmd_levels(args) -> int:
    from engine.level import all_levels

    rows = []
    for e in all_levels():
        spec = e.spec
        rows.append({"id": e.id, "title": spec.title if spec else None, "kind": spec.kind if spec else None,
                     "difficulty": spec.info.difficulty if spec else None, "builtin": e.builtin,
                     "path": str(e.path), "error": None if spec else str(e.error.first)})
    if args.json:
        emit_json(rows)
        return 0
    print(f"{'id':<22} {'title':<26} {'kind':<10} diff  where")
    for r in rows:
        if r["error"]:
            print(f"{r['id']:<22} BROKEN: {r['error']}")
        else:
            where = "built-in" if r["builtin"] else r["path"]
            print(f"{r['id']:<22} {r['title']:<26} {r['kind']:<10} {'*' * r['difficulty']:<5} {where}")
    return 0
