"""`hiker check`: validate level files, with located errors and warnings."""

from __future__ import annotations


def cmd_check(args) -> int:
    from engine.level import LevelError, check_file

    status = 0
    for name in args.files:
        try:
            checked = check_file(name)
            for w in checked.warnings:
                print(w)
            print(_check_line(name, checked.level))
        except LevelError as err:
            status = 1
            for p in err.problems:
                print(p)
    return status


def _check_line(name: str, level) -> str:
    d = level.domain
    m = level.minimum
    line = (f"{name}: ok: {level.id} ({level.kind}), domain x [{d.x[0]:g}, {d.x[1]:g}] y [{d.y[0]:g}, {d.y[1]:g}], "
            f"global minimum {m.value:.6g}")
    if m.source == "declared":
        found = m.found_value
        if found is None:
            return line + " declared; the search found nothing to compare"
        agree = found >= m.value - m.tolerance and found <= m.value + m.tolerance
        verdict = "agrees" if agree else f"DISAGREES (search found {found:.6g})"
        return line + f" declared, search found {found:.6g}: {verdict}"
    return line + f" found by search at {len(m.points)} point(s)"
