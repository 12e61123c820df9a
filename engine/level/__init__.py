"""Level files: the TOML format, its validation with located errors, and where levels are found."""

from .loader import Level, load_level, parse_level
from .problems import LevelError, Problem
from .registry import Entry, all_levels, builtin_dir, find_level, user_data_dir, user_levels_dir

__all__ = ["Entry", "Level", "LevelError", "Problem", "all_levels", "builtin_dir", "find_level",
           "load_level", "parse_level", "user_data_dir", "user_levels_dir"]
