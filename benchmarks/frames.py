"""Frame times of the real scenes, headless: the race screen under its heaviest load, and the level list.

    SDL_VIDEODRIVER=dummy python -m benchmarks.frames [--frames 600] [--sizes 1280x720,1920x1080]
        [--levels ID,ID] [--scenes race,list-fog,list-played] [--json FILE]

The race: nine racers (every optimizer, with the level's own parameters where its line-up has them), the
2,000-hiker swarm and the basins map, playing at the default speed (4x). The basins map is started again
whenever it is done and the race is reset whenever it finishes, so every measured frame computes the
basins map and steps the racers and the swarm: the worst steady load, not a mix.

The level list: every card fogged (a fresh progress file) and every card a real map (a progress file in
which every level was played), from the frame the list opens, while the thumbnails are built and after.
Its background jobs (a thumbnail's landscape) run in a thread, as in the game; the race's run inline.

Each frame is one ``app.tick(1/60)`` (events, one fixed-step update, drawing, the flip to the dummy
display), timed with ``time.perf_counter`` (wall) and ``time.thread_time`` (CPU of the thread running the
frame, which the other jobs on a shared machine distort less; background jobs run inline in that thread).
The first frame of a scene (it builds the terrain image of the map) is reported apart, as ``open``.
This is measurement code: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

SIZES = ((1280, 720), (1920, 1080))
SCENES = ("race", "list-fog", "list-played")
BUDGET_MS = 1000 / 60


class InlineJobs(Executor):
    """Background jobs run at once in the caller's thread (as in the tests): nothing else competes."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 - the future carries it
            future.set_exception(err)
        return future


def stats(ms: list[float]) -> dict:
    a = np.asarray(ms, dtype=float)
    if a.size == 0:
        return {"n": 0}
    return {"n": int(a.size), "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max()),
            "over": int(np.sum(a > BUDGET_MS))}


def timed_tick(app) -> tuple[float, float]:
    """One frame: (wall ms, CPU ms)."""
    w, c = time.perf_counter(), time.thread_time()
    app.tick(1 / 60)
    return (time.perf_counter() - w) * 1e3, (time.thread_time() - c) * 1e3


def wait_for_warm_up(app, timeout: float = 120.0) -> None:
    """The compiled step loaded before measuring (steady state), whether or not the App warms it up itself."""
    from engine.fast import available
    from engine.fast.warm import warm_up

    if hasattr(app, "work_clock"):
        app.work_clock = time.thread_time  # as in the game: the work per frame sized by timing it once
    if os.environ.get("GRADIENT_HIKER_BACKEND", "").lower() == "numpy":
        return  # an install without numba: nothing to warm up
    if hasattr(app, "start_warm_up"):
        app.start_warm_up()
    if available():
        warm_up()
    ready = getattr(app, "fast_ready", None)
    if ready is not None:
        deadline = time.monotonic() + timeout
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.01)


def nine(level) -> list[tuple[str, dict]]:
    """The nine classic optimizers (gd … restarts) once each, with the level's own parameters where its line-up
    names that optimizer. (The optimizers added later, adamw … lion, would make it fifteen racers.)"""
    from engine.optim import NAMES

    own = {}
    for name, params in level.lineup():
        own.setdefault(name, dict(params))
    return [(name, own.get(name, {})) for name in NAMES[:9]]


def race_frames(app, level, frames: int, speed: int | None = None) -> dict:
    scene = app.make("race", level, lineup=nine(level))
    app.reset_to(scene)
    if speed is not None:
        from game.scenes.race import SPEEDS

        scene.speed_index = SPEEDS.index(speed)
    scene.toggle_swarm()
    scene.toggle_basins()
    scene.rebuild()
    scene.playing = True
    open_ms = timed_tick(app)
    wall, cpu = [], []
    restarts = resets = 0
    for _ in range(frames):
        if scene.race.finished:
            scene.on_action("reset")
            scene.playing = True
            resets += 1
        if scene.basins is None or scene.basins.basins.done:
            scene.toggle_basins()
            if scene.basins is None:
                scene.toggle_basins()
            restarts += 1
        w, c = timed_tick(app)
        wall.append(w)
        cpu.append(c)
    return {"open_ms": open_ms[0], "open_cpu_ms": open_ms[1], "wall": stats(wall), "cpu": stats(cpu),
            "basins_restarts": restarts, "race_resets": resets}


def list_frames(app, frames: int, played: bool) -> dict:
    from engine.level import all_levels
    from game.records import key_of
    from game.store import Progress

    app.progress = Progress()
    if played:
        for e in all_levels():
            if e.spec is not None:
                app.progress.record(key_of(e), 500, 3, "fog")
    app.reset_to(app.make("title"))
    # The list's background jobs (a thumbnail's landscape) run off the frame loop, as in the game: a thread.
    inline, app.jobs = app.jobs, ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-job")
    try:
        return _list_frames(app, frames)
    finally:
        app.jobs.shutdown(wait=True)
        app.jobs = inline


def _list_frames(app, frames: int) -> dict:
    select = app.make("level_select", purpose="play")
    app.push(select)
    open_ms = timed_tick(app)
    wall, cpu, building_wall, building_cpu = [], [], [], []
    for _ in range(frames):
        want = sum(1 for i in select.visible if select.entries[i].spec is not None and select.played(select.entries[i]))
        have = sum(1 for k, v in select.thumbs.items() if isinstance(k, str) and v is not None)
        w, c = timed_tick(app)
        wall.append(w)
        cpu.append(c)
        if have < want:
            building_wall.append(w)
            building_cpu.append(c)
    return {"open_ms": open_ms[0], "open_cpu_ms": open_ms[1], "wall": stats(wall), "cpu": stats(cpu),
            "building_wall": stats(building_wall), "building_cpu": stats(building_cpu)}


# --------------------------------------------------------------------------- switching one change off
# ``--without NAME`` puts back what the game did before one change (issue 12, the game side), in this process
# only, so "what each change bought" is measured against the final code with that one change undone.


def _without_label_cache() -> None:
    from game.render import text as T

    T.RENDERED_MAX = 0  # every label rendered afresh, as before


def _without_swarm_batch() -> None:
    import game.scenes.race as race

    def fill_each(surface, pts, color, size=4):
        for p in pts:
            surface.fill(color, (int(p[0]) - 2, int(p[1]) - 2, 4, 4))
        return len(pts)

    race.draw_points = fill_each


def _without_drawing_cache() -> None:
    from game.render.cached import CachedDrawing

    CachedDrawing.draw = lambda self, surface, rect, key, paint: paint(surface, rect)


def _without_gc_freeze() -> None:
    import gc

    gc.unfreeze()


def _without_basins_pacing() -> None:
    from game.render.basins import BasinLayer

    def by_clock(self, pacer):
        self.last_work = self.basins.advance(budget_seconds=0.010)
        return self.last_work

    BasinLayer.advance = by_clock


def _without_scale_cache() -> None:
    from game.app import BASE_SIZE, App

    def scale(self):
        w, h = self.screen.get_size()
        return max(0.6, min(w / BASE_SIZE[0], h / BASE_SIZE[1]))

    App.scale = property(scale)


def _without_panel_cache() -> None:
    import pygame

    from game import gfx

    def panel(surface, rect, color=gfx.PANEL, radius=10, border=(70, 82, 104)):
        rect = pygame.Rect(rect)
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, color, layer.get_rect(), border_radius=radius)
        if border:
            pygame.draw.rect(layer, border, layer.get_rect(), 1, border_radius=radius)
        surface.blit(layer, rect)

    gfx.panel = panel
    import game.scenes.level_select as ls

    ls.panel = panel


def _without_thumbnail_slices() -> None:
    from engine.level import build_landscape
    from game.records import key_of
    from game.render.view import View
    from game.scenes.level_select import THUMB_CONTOURS, LevelSelectScene

    def update(self, dt):  # two whole thumbnails a frame, as before
        built = 0
        for i in self.visible:
            e = self.entries[i]
            if built >= 2:
                break
            if e.spec is not None and key_of(e) not in self.thumbs and self.played(e):
                land = build_landscape(e.spec.landscape)
                tw, th = self.thumb_size()
                view = View.fit(land.domain, (0, 0, tw, th))
                self.thumbs[key_of(e)] = self.app.terrain.get(f"thumb:{e.path}", land, view,
                                                              self.app.settings.colormap, THUMB_CONTOURS)[0]
                built += 1

    LevelSelectScene.update = update


WITHOUT = {"label-cache": _without_label_cache, "swarm-batch": _without_swarm_batch,
           "drawing-cache": _without_drawing_cache, "gc-freeze": _without_gc_freeze,
           "basins-pacing": _without_basins_pacing, "scale-cache": _without_scale_cache,
           "panel-cache": _without_panel_cache, "thumbnail-slices": _without_thumbnail_slices}


def _ms(s: dict, key: str) -> str:
    return "-" if not s.get("n") else f"{s[key]:.1f}"


def row_text(scene: str, size: str, level: str, r: dict) -> str:
    w, c = r["wall"], r["cpu"]
    return (f"| {scene} | {size} | {level} | {_ms(w, 'p50')} | {_ms(w, 'p95')} | {_ms(w, 'p99')} | {_ms(w, 'max')} "
            f"| {_ms(c, 'p50')} | {_ms(c, 'p95')} | {_ms(c, 'p99')} | {_ms(c, 'max')} | {w.get('over', 0)} "
            f"| {r['open_ms']:.0f} |")


HEADER = ("| scene | size | level | wall p50 | p95 | p99 | max | CPU p50 | p95 | p99 | max | frames > 16.7 ms "
          "| open (ms) |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def summary(rows: list[dict]) -> list[str]:
    """Per scene and size: the worst level's p99 and max, and the spread of p50 over levels."""
    out = ["", "| scene | size | levels | p50 (median over levels) | worst p95 | worst p99 (level) | worst max "
           "| worst CPU p99 (level) | levels with wall p99 > 16.7 ms |", "|---|---|---:|---:|---:|---|---:|---|---:|"]
    keys = sorted({(r["scene"], r["size"]) for r in rows}, key=lambda k: (SCENES.index(k[0]), k[1]))
    for scene, size in keys:
        group = [r for r in rows if r["scene"] == scene and r["size"] == size]
        worst = max(group, key=lambda r: r["wall"]["p99"])
        worst_cpu = max(group, key=lambda r: r["cpu"]["p99"])
        out.append(f"| {scene} | {size} | {len(group)} | {np.median([r['wall']['p50'] for r in group]):.1f} "
                   f"| {max(r['wall']['p95'] for r in group):.1f} | {worst['wall']['p99']:.1f} ({worst['level']}) "
                   f"| {max(r['wall']['max'] for r in group):.1f} "
                   f"| {worst_cpu['cpu']['p99']:.1f} ({worst_cpu['level']}) "
                   f"| {sum(r['wall']['p99'] > BUDGET_MS for r in group)} |")
    return out


def compare(before: dict, after: dict) -> list[str]:
    """Before/after per scene and size (from two --json runs): wall and CPU, the worst level named."""
    out = ["| scene | size | wall p50 (median of levels) | wall p95 (worst) | wall p99 (worst level) | wall max "
           "| CPU p50 (median) | CPU p95 (worst) | CPU p99 (worst level) | CPU max | levels with CPU p99 > 16.7 ms |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def cell(rows, kind, q, how):
        vals = [(r[kind][q], r["level"]) for r in rows if r[kind].get("n")]
        if not vals:
            return "-"
        if how == "median":
            return f"{np.median([v for v, _ in vals]):.1f}"
        v, level = max(vals)
        return f"{v:.1f}" + (f" ({level})" if how == "named" and len(vals) > 1 else "")

    keys = sorted({(r["scene"], r["size"]) for r in after["rows"]}, key=lambda k: (SCENES.index(k[0]), k[1]))
    for scene, size in keys:
        cells = []
        groups = [[r for r in run["rows"] if r["scene"] == scene and r["size"] == size] for run in (before, after)]
        for kind, q, how in (("wall", "p50", "median"), ("wall", "p95", "max"), ("wall", "p99", "named"),
                             ("wall", "max", "max"), ("cpu", "p50", "median"), ("cpu", "p95", "max"),
                             ("cpu", "p99", "named"), ("cpu", "max", "max")):
            cells.append(" → ".join(cell(g, kind, q, how) for g in groups))
        over = " → ".join(str(sum(r["cpu"]["p99"] > BUDGET_MS for r in g)) for g in groups)
        out.append(f"| {scene} | {size} | " + " | ".join(cells) + f" | {over} |")
        if scene != "race":
            build = [" → ".join(cell(g, f"building_{k}", q, "max") for g in groups)
                     for k, q in (("wall", "p50"), ("wall", "p99"), ("cpu", "p50"), ("cpu", "p99"))]
            n = " → ".join(str(g[0]["building_wall"].get("n", 0)) if g else "-" for g in groups)
            out.append(f"| {scene}, while thumbnails build ({n} frames) | {size} | {build[0]} | | {build[1]} | "
                       f"| {build[2]} | | {build[3]} | | |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.frames", description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=600, help="frames measured per level and size (600)")
    ap.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES))
    ap.add_argument("--levels", help="comma-separated level ids (default: every built-in level)")
    ap.add_argument("--scenes", default=",".join(SCENES), help="race, list-fog, list-played")
    ap.add_argument("--json", metavar="FILE", help="also write every number to FILE")
    ap.add_argument("--backend", choices=("auto", "numpy"), default="auto",
                    help="numpy: as an install without the fast extra (no numba)")
    ap.add_argument("--speed", type=int, choices=(1, 2, 4, 8, 16, 32), help="the race's speed (default: 4x)")
    ap.add_argument("--without", default="", help="undo changes, to measure what each bought: " + ", ".join(WITHOUT))
    ap.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), help="print before → after from two --json "
                    "runs, and measure nothing")
    args = ap.parse_args(argv)
    if args.compare:
        runs = [json.loads(Path(f).read_text()) for f in args.compare]
        print("\n".join(compare(*runs)))
        return 0
    if args.backend == "numpy":
        os.environ["GRADIENT_HIKER_BACKEND"] = "numpy"
    np.seterr(all="ignore")
    home = tempfile.mkdtemp(prefix="hiker-frames-")
    os.environ["GRADIENT_HIKER_HOME"] = home  # never the player's own progress or settings

    from engine.level import all_levels, find_level
    from game.launch import new_app

    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    scenes = [s for s in args.scenes.split(",") if s]
    ids = args.levels.split(",") if args.levels else [e.id for e in all_levels() if e.builtin and e.spec]
    levels = {i: find_level(i) for i in ids} if "race" in scenes else {}
    rows: list[dict] = []
    print(HEADER, flush=True)
    for size in sizes:
        app = new_app(size, jobs=InlineJobs())
        wait_for_warm_up(app)
        for name in filter(None, args.without.split(",")):
            WITHOUT[name]()
        label = f"{size[0]}x{size[1]}"
        try:
            for scene in scenes:
                if scene == "race":
                    for i in ids:
                        r = {"scene": scene, "size": label, "level": i,
                             **race_frames(app, levels[i], args.frames, args.speed)}
                        rows.append(r)
                        print(row_text(scene, label, i, r), flush=True)
                else:
                    r = {"scene": scene, "size": label, "level": "all",
                         **list_frames(app, args.frames, played=scene == "list-played")}
                    rows.append(r)
                    print(row_text(scene, label, "all", r), flush=True)
                    b = r["building_wall"]
                    if b.get("n"):
                        print(f"|   (while thumbnails build: {b['n']} frames) | | | {_ms(b, 'p50')} | "
                              f"{_ms(b, 'p95')} | {_ms(b, 'p99')} | {_ms(b, 'max')} | "
                              f"{_ms(r['building_cpu'], 'p50')} | {_ms(r['building_cpu'], 'p95')} | "
                              f"{_ms(r['building_cpu'], 'p99')} | {_ms(r['building_cpu'], 'max')} | "
                              f"{b['over']} | |", flush=True)
        finally:
            app.close()
    print("\n".join(summary(rows)))
    if args.json:
        from .__main__ import machine

        with open(args.json, "w") as fh:
            json.dump({"machine": machine(), "frames": args.frames, "backend": args.backend, "without": args.without,
                       "load": os.getloadavg(),
                       "rows": rows}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
