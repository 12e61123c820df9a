"""Colours and marker shapes: every hiker on screen gets its own colour and its own shape, so racers are told
apart by colour-blind players too. No pygame here (exported files use the same values)."""

import zlib

# Distinguishable on dark panels and on the terrain colormaps (Okabe-Ito inspired). White is kept for the
# player ("you"), so no AI hiker is ever drawn in the player's colour.
PLAYER_COLOR = (255, 255, 255)
OPTIMIZER_COLORS = {
    "gd": (86, 180, 233), "momentum": (230, 159, 0), "nesterov": (240, 228, 66), "adagrad": (0, 158, 115),
    "rmsprop": (170, 230, 90), "adam": (255, 95, 95), "sgd": (204, 121, 167), "annealing": (190, 130, 70),
    "restarts": (150, 130, 255), "adamw": (235, 70, 140), "nadam": (255, 140, 90), "radam": (180, 40, 40),
    "adamax": (255, 200, 200), "rprop": (40, 110, 210), "lion": (215, 190, 120),
}
# Further colours for racers whose optimizer's colour is already taken (copies of the same optimizer).
EXTRA_COLORS = ((0, 215, 215), (255, 170, 210), (160, 160, 160), (255, 210, 150), (120, 160, 255),
                (200, 255, 200), (255, 120, 40), (180, 90, 220), (90, 200, 140))
SHAPES = ("circle", "square", "triangle", "diamond", "down", "plus", "hexagon", "cross", "star")


def optimizer_color(name: str) -> tuple[int, int, int]:
    """An optimizer's own colour; a plugin gets a steady one of the extra colours, picked by its name."""
    if name in OPTIMIZER_COLORS:
        return OPTIMIZER_COLORS[name]
    return EXTRA_COLORS[zlib.crc32(name.encode()) % len(EXTRA_COLORS)]


def racer_colors(names: list[str]) -> list[tuple[int, int, int]]:
    """One colour per racer, all different: the first racer of each optimizer gets that optimizer's own
    colour; copies get extra colours (then the colours of optimizers not racing)."""
    colors: list[tuple[int, int, int] | None] = [None] * len(names)
    for i, name in enumerate(names):
        if name in OPTIMIZER_COLORS and name not in names[:i]:
            colors[i] = OPTIMIZER_COLORS[name]
    pool = list(EXTRA_COLORS) + [c for n, c in OPTIMIZER_COLORS.items() if n not in names]
    for i in range(len(names)):
        if colors[i] is None:
            colors[i] = next(c for c in pool if c not in colors)
    return colors  # type: ignore[return-value]


def racer_shapes(count: int) -> list[str]:
    """One marker shape per racer, all different (up to len(SHAPES) racers, the line-up's maximum)."""
    return [SHAPES[i % len(SHAPES)] for i in range(count)]
