"""One color per optimizer, shared by the window and exported files (no pygame here)."""

# Distinguishable and readable on dark panels (Okabe-Ito inspired).
OPTIMIZER_COLORS = {
    "gd": (240, 240, 240), "momentum": (230, 159, 0), "nesterov": (240, 228, 66), "adagrad": (0, 158, 115),
    "rmsprop": (86, 180, 233), "adam": (213, 94, 0), "sgd": (204, 121, 167), "annealing": (255, 90, 90),
    "restarts": (140, 120, 255),
}
