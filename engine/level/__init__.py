"""Level files: the TOML format, validated into a typed LevelSpec with located errors; preparing a spec into a
playable Level; and where levels are found."""

from .check import Checked, check_file
from .loader import load_spec, parse_level
from .prepare import Level, build_landscape, prepare
from .problems import LevelError, Problem
from .registry import (
                       Entry,
                       all_levels,
                       builtin_dir,
                       find_entry,
                       find_level,
                       unlock_sequence,
                       user_data_dir,
                       user_levels_dir,
)
from .spec import LevelSpec

__all__ = ["Checked", "Entry", "Level", "LevelError", "LevelSpec", "Problem", "all_levels", "build_landscape",
           "builtin_dir", "check_file", "find_entry", "find_level", "load_spec", "parse_level", "prepare",
           "unlock_sequence", "user_data_dir", "user_levels_dir"]
