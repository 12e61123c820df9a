"""The `hiker` command: the entry point on top of everything else.

Headless commands (game/commands/) use only the engine; pygame is imported only when a window opens
(game/launch.py).
"""

from __future__ import annotations

import argparse
import sys

from .args import CliError
from .commands import sweep, tournament
from .plugin_args import add_plugin_argument

# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hiker", description="Gradient Hiker: walk a cost function blindfolded, "
                                "race the optimizers of machine learning, design your own mountains. "
                                "With no command it opens the game.")
    p.add_argument("--frames", type=int, help="open the title screen for N frames, then exit")
    p.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    p.add_argument("--keys", help="key presses to post first, e.g. down,return")
    p.add_argument("--size", metavar="WxH", help="window size, e.g. 1024x640 (default: the saved setting)")
    sub = p.add_subparsers(dest="command")
    s = sub.add_parser("levels", help="list built-in and user levels")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s = sub.add_parser("eval", help="altitude and gradient at a point")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("x", help="x (or w0 on data levels)")
    s.add_argument("y", help="y (or w1 on data levels)")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s = sub.add_parser("minimum", help="the global minimum of a level")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s = sub.add_parser("inspect", help="what a level is made of: for a network, its data, architecture, trained "
                       "weights and map directions, to recompute its loss outside the game")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s = sub.add_parser("race", help="race optimizers on a level (headless unless --watch)")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--opt", action="append", metavar="SPEC", help="e.g. adam:lr=0.05,beta1=0.8 (repeatable)")
    s.add_argument("--start", metavar="X,Y", help="the common start (default: the level's)")
    s.add_argument("--steps", type=int, help="steps to run (default: the level's race steps)")
    s.add_argument("--seed", type=int, help="random seed (default: the level's); same seed, same output")
    s.add_argument("--path", action="store_true", help="include every racer's whole path")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s.add_argument("--plot", metavar="PNG", help="save a loss-vs-step plot")
    s.add_argument("--gif", metavar="GIF", help="save an animated GIF of the race")
    s.add_argument("--swarm", type=int, metavar="N", help="run every racer from N random starts and summarize")
    s.add_argument("--watch", action="store_true", help="open the race in the game window")
    s.add_argument("--frames", type=int, help="with --watch: run N frames, then exit")
    s.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    s.add_argument("--keys", help="with --watch: key presses to post first, e.g. b,space")
    s.add_argument("--size", metavar="WxH", help="with --watch: window size, e.g. 1920x1080")
    s.add_argument("--mp4", metavar="MP4", help="save the race as an MP4 video (needs the video extra)")
    s.add_argument("--tuned", action="store_true", help="a fair race: tune each racer's learning rate first")
    s.add_argument("--tune-lr", metavar="LO:HI:N", help="with --tuned: the learning rates tried (default 1e-05:10:19)")
    s.add_argument("--tune-starts", type=int, metavar="K", help="with --tuned: tuning starts (default 8)")
    add_plugin_argument(s)
    sweep.add_parser(sub)
    tournament.add_parser(sub)
    s = sub.add_parser("check", help="validate level files")
    s.add_argument("files", nargs="+", help="level files (.toml)")
    s = sub.add_parser("play", help="play a level blindfolded")
    s.add_argument("level", nargs="?", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--frames", type=int, help="run N frames, then exit")
    s.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    s.add_argument("--keys", help="key presses to post first, one per frame, e.g. g,g,left,p,return")
    s.add_argument("--size", metavar="WxH", help="window size, e.g. 1024x640 (default: the saved setting)")
    s = sub.add_parser("basins", help="which minimum an optimizer reaches from every start point")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--opt", metavar="SPEC", help="the optimizer (default: the level's first racer)")
    s.add_argument("--grid", type=int, default=64, help="start points per side (default 64)")
    s.add_argument("--steps", type=int, help="steps per start (default: the level's race steps)")
    s.add_argument("--seed", type=int, help="random seed (default: the level's)")
    s.add_argument("--png", metavar="PNG", help="save the basins map as an image")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s = sub.add_parser("hike", help="the blindfolded play, scripted and headless")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s.add_argument("--moves", default="", help="comma-separated: up,down,left,right,slope,probe,stride+,stride-,"
                   "sled,leap,restart,declare")
    s.add_argument("--start", metavar="X,Y", help="where to start (default: the level's)")
    s.add_argument("--seed", type=int, default=0, help="random seed for leaps and restarts (default 0)")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s = sub.add_parser("edit", help="the level editor: sculpt, play-test and save a level")
    s.add_argument("file", nargs="?", help="the level file to edit or create (a level id opens a copy of it)")
    s.add_argument("--template", metavar="NAME", help="start a new level from a template: bowl, rolling-hills, "
                   "twin-valleys, classic, data, formula, heightmap")
    s.add_argument("--frames", type=int, help="run N frames, then exit")
    s.add_argument("--screenshot", metavar="PNG", help="with --frames: save the last frame")
    s.add_argument("--keys", help="key presses to post first, one per frame, e.g. space,tab,ctrl+s")
    s.add_argument("--size", metavar="WxH", help="window size, e.g. 1024x640")
    s = sub.add_parser("share", help="print a level as one line of text (a share code)")
    s.add_argument("level", help="a level id (see `hiker levels`) or a path to a .toml file")
    s = sub.add_parser("import", help="import a shared level: a share code, - (stdin), a file of codes, a pack")
    s.add_argument("source", help="a share code, - to read codes from stdin, a file of codes, or a pack .zip")
    s = sub.add_parser("pack", help="put every level of a folder into one .zip to hand out")
    s.add_argument("folder", help="a folder of level files")
    s.add_argument("-o", "--output", required=True, metavar="PACK.zip", help="the pack to write")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl+C, wherever it lands: one line, no traceback, the shell's code for SIGINT
        clear = "\r\x1b[K" if _is_terminal(sys.stderr) else ""  # over a progress bar cut short, if any
        print(f"{clear}hiker: interrupted", file=sys.stderr)
        return 130


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line usage error
        return 2 if exc.code not in (0, None) else 0
    try:
        return _dispatch(parser, args)
    except CliError as err:
        print(f"hiker: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .commands import basins, check, hike, import_, inspect, levels, pack, race, share
    from .plugin_args import load_plugins

    if args.command == "race":
        args.plugin_names = load_plugins(args.plugin)
        if args.watch:
            race.window_options(args)  # --tuned tunes before the window opens; --mp4 is headless only
    elif args.command in (None, "basins", "race", "edit"):
        load_plugins(None)  # installed optimizer plugins race in the window and the basins map too

    headless = {"levels": levels.cmd_levels, "eval": inspect.cmd_eval, "minimum": inspect.cmd_minimum,
                "inspect": inspect.cmd_inspect,
                "check": check.cmd_check, "basins": basins.cmd_basins, "hike": hike.cmd_hike,
                "share": share.cmd_share, "import": import_.cmd_import, "pack": pack.cmd_pack,
                "sweep": sweep.cmd_sweep, "tournament": tournament.cmd_tournament}
    if args.command in headless:
        return headless[args.command](args)
    if args.command == "race" and not args.watch:
        return race.cmd_race(args)
    if args.command in (None, "play", "race", "edit"):
        from .launch import open_window

        return open_window(args.command or "title", args)
    parser.print_help()
    return 2
