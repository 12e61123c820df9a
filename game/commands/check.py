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
    return _minimum_line(name, level) + _network_note(level)


def _network_note(level) -> str:
    """For a network level: its size, and how far its trained weights lie above the lowest point found."""
    import numpy as np

    from engine.network import NetworkLandscape

    land = level.landscape
    if not isinstance(land, NetworkLandscape):
        return ""
    tx, ty = land.theta_point
    above = float(land.value(np.array([[tx, ty]]))[0]) - level.minimum.value
    return (f"; a {'-'.join(map(str, land.arch.layers))} {land.arch.activation} network, {land.arch.size} parameters,"
            f" {land.size} examples: its trained weights ({tx:.4g}, {ty:.4g}) lie {above:.3g} above that minimum")


def _minimum_line(name: str, level) -> str:
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
