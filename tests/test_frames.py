"""Frame budgets in counted units (issue 12, the game side): the work a frame does is bounded by numbers a test
can count, and doing it in slices changes no pixel and no label. No test here reads a clock: calibration is
driven by a fake one."""

import numpy as np
import pygame
import pytest
from conftest import InlineJobs

from engine.basins import Basins
from engine.level import all_levels, build_landscape, find_level
from game import gfx
from game.launch import new_app
from game.pacing import WorkPacer
from game.records import key_of
from game.render import text as T
from game.render.cached import CachedDrawing
from game.render.terrain import TerrainJob, terrain_rgb
from game.scenes.title import TitleScene


@pytest.fixture
def app():
    a = new_app(size=(1280, 720), jobs=InlineJobs())
    a.settings.tutorial_done = True
    yield a
    a.close()


def frames(app, n, dt=1 / 60):
    for _ in range(n):
        app.tick(dt)


class FakeClock:
    """Advances by ``per_call`` seconds each time it is read: work 'costs' what the test says."""

    def __init__(self, per_call: float) -> None:
        self.now = 0.0
        self.per_call = per_call

    def __call__(self) -> float:
        self.now += self.per_call
        return self.now


# --------------------------------------------------------------------------- the pacer


class WorkClock:
    """A clock that advances only by the work done: ``per_item`` seconds for each item (set by the test)."""

    def __init__(self, per_item: float) -> None:
        self.now, self.per_item = 0.0, per_item

    def __call__(self) -> float:
        return self.now

    def work(self, budget: int) -> int:
        self.now += budget * self.per_item
        return budget


def test_a_pacer_sizes_a_whole_number_of_units_from_what_they_cost():
    clock = WorkClock(0.5e-5)  # an item costs 5 µs: a unit of 100, 0.5 ms
    pacer = WorkPacer(100, target_seconds=0.003, samples=3, clock=clock)
    seen = []
    for _ in range(10):
        seen.append(pacer.allowance)
        pacer.run(clock.work)
    # 3 frames at one unit, then 0.003 / 0.5e-5 = 600 items = 6 units, steady while the cost is.
    assert seen == [100] * 3 + [600] * 7 and pacer.calibrated


def test_a_pacer_follows_a_jump_in_cost_at_once_and_comes_back_slowly():
    """Hikers settling onto a minimum's zero coordinates square into subnormal numbers, four times slower:
    the frame after the jump already does a quarter of the work; the allowance grows back only when the last
    ``samples`` frames were all cheap again."""
    clock = WorkClock(0.5e-5)
    pacer = WorkPacer(100, target_seconds=0.003, samples=3, clock=clock)
    for _ in range(5):
        pacer.run(clock.work)
    assert pacer.allowance == 600
    clock.per_item = 2e-5  # four times costlier
    seen = []
    for _ in range(3):
        pacer.run(clock.work)
        seen.append(pacer.allowance)
    assert seen == [100, 100, 100]  # 0.003 / 2e-5 = 150 items: one unit, from the frame after the jump
    clock.per_item = 0.5e-5
    seen = []
    for _ in range(3):
        pacer.run(clock.work)
        seen.append(pacer.allowance)
    assert seen == [100, 100, 600]  # back once the costly frames have left the window of three


def test_a_pacer_stays_within_one_unit_and_its_maximum():
    slow = WorkPacer(100, target_seconds=0.003, samples=1, clock=FakeClock(1.0))
    slow.run(lambda b: b)
    assert slow.allowance == 100  # one unit is the least, however slow
    fast = WorkPacer(100, target_seconds=0.003, max_units=8, samples=1, clock=FakeClock(1e-9))
    fast.run(lambda b: b)
    assert fast.allowance == 800
    assert WorkPacer(100, max_units=5, clock=None).allowance == 500  # no clock (tests): the maximum at once
    assert WorkPacer(100, allowance=250).allowance == 200  # given: rounded down to whole units
    with pytest.raises(ValueError):
        WorkPacer(0)


# --------------------------------------------------------------------------- the basins map


def race_scene(app, level="twin-valleys", **kw):
    app.push(TitleScene(app))
    scene = app.make("race", find_level(level), **kw)
    app.push(scene)
    frames(app, 1)
    return scene


def test_basins_advance_at_most_the_allowance_each_frame_and_equal_the_map_made_at_once(app):
    app.work_clock = FakeClock(0.002)  # calibration sees 2 ms per slice-step: then one slice a frame
    scene = race_scene(app)
    scene.toggle_basins()
    layer = scene.basins
    b = layer.basins
    assert b.hikers.slices[0].backend == "numpy"  # tests never warm numba up: NumPy
    work, allowed = [], []
    for _ in range(2000):
        if b.done:
            break
        frames(app, 1)
        work.append(layer.last_work)
        allowed.append(scene.basins_pacer().allowance)
    assert b.done and len(work) > 10
    # then the starts are labelled CLASSIFY_CHUNK a frame, no hiker-step in those frames
    from game.render.basins import CLASSIFY_CHUNK

    labelling = -(-len(b.starts) // CLASSIFY_CHUNK)
    assert labelling > 1 and work[-labelling:] == [0] * labelling
    work, allowed = work[:-labelling], allowed[:-labelling]
    assert all(0 < w <= a for w, a in zip(work, allowed, strict=True))
    assert all(w % b.slice_size == 0 for w in work)
    assert set(allowed) == {b.slice_size}  # 2 ms per slice-step against a 3 ms target: one slice a frame
    assert sum(work) == b.steps * len(b.starts)
    whole = Basins(scene.level.landscape, scene.level.minimum, scene.selected, scene.lineup.selected_params(),
                   scene.steps, scene.seed, backend="numpy")
    whole.advance()
    np.testing.assert_array_equal(b.labels, whole.labels)
    np.testing.assert_array_equal(b.hikers.reported_x, whole.hikers.reported_x)


def test_a_slow_frame_does_not_make_the_next_one_do_more(app):
    """After a slow frame the App runs several fixed-step updates in one tick; the basins work and the race
    steps stay bounded per frame."""
    scene = race_scene(app, "classic-himmelblau")
    scene.toggle_basins()
    scene.speed_index = 5  # 32x
    scene.playing = True
    for _ in range(5):
        t0, done0 = scene.race.t, sum(h.t * len(h) for h in scene.basins.basins.hikers.slices)
        app.tick(0.25)  # 15 fixed-step updates in one frame
        done = sum(h.t * len(h) for h in scene.basins.basins.hikers.slices) - done0
        assert scene.race.t - t0 <= scene.steps_per_frame() == 6
        assert done <= scene.basins_pacer().allowance


def test_the_basins_map_uses_the_compiled_step_only_after_the_warm_up(app, monkeypatch):
    scene = race_scene(app)
    assert not app.fast_ready()
    assert scene.make_basins().basins.hikers.slices[0].backend == "numpy"
    monkeypatch.setattr(app, "fast_ready", lambda: True)
    from engine import fast

    want = "numba" if fast.available() else "numpy"
    assert scene.make_basins().basins.hikers.slices[0].backend == want


def test_the_warm_up_runs_in_its_own_thread_and_says_when_it_is_done(app):
    assert not app.fast_ready() and app._warming is None  # tests bring their own jobs: no warm-up by default
    app.start_warm_up()
    app._warming.join()  # the thread's end, not a clock
    assert app.fast_ready()


# --------------------------------------------------------------------------- the swarm, the labels, the plot


def test_the_swarm_is_one_batched_draw_with_the_pixels_of_a_square_per_hiker():
    pygame.init()
    rng = np.random.default_rng(3)
    pts = rng.uniform((-3, -3), (203, 153), (2000, 2))  # some off the surface's edges: clipped alike
    a, b = pygame.Surface((200, 150)), pygame.Surface((200, 150))
    for p in pts:
        a.fill((250, 120, 30), (int(p[0]) - 2, int(p[1]) - 2, 4, 4))
    assert gfx.draw_points(b, pts, (250, 120, 30), 4) == 1
    assert gfx.draw_points(b, pts[:0], (250, 120, 30), 4) == 0
    np.testing.assert_array_equal(pygame.surfarray.array3d(a), pygame.surfarray.array3d(b))


def test_the_race_draws_its_swarm_of_2000_with_one_call_a_frame(app, monkeypatch):
    calls = []
    real = gfx.draw_points

    def counting(surface, pts, color, size=4):
        calls.append(len(pts))
        return real(surface, pts, color, size)

    import game.scenes.race as race_module

    monkeypatch.setattr(race_module, "draw_points", counting)
    scene = race_scene(app)
    scene.toggle_swarm()
    scene.playing = True
    frames(app, 5)
    assert calls == [2000] * 5


def test_labels_are_rendered_once_and_the_cache_is_bounded(app):
    surface = pygame.Surface((300, 60))
    before = dict(T.RENDER_STATS)
    for _ in range(5):
        T.text(surface, "altitude 3.14", (0, 0), 15)
    assert T.RENDER_STATS["renders"] - before["renders"] == 1
    assert T.RENDER_STATS["hits"] - before["hits"] == 4
    for k in range(T.RENDERED_MAX + 50):
        T.rendered(f"label {k}", 12)
    assert len(T._RENDERED) == T.RENDERED_MAX


def test_a_race_frame_renders_few_labels_once_the_race_is_paused(app):
    scene = race_scene(app, "cliff-edge")
    scene.toggle_swarm()
    scene.toggle_basins()
    frames(app, 3)
    before = T.RENDER_STATS["renders"]
    frames(app, 10)
    # Only the basins progress line changes while paused (a few new percentages), nothing else is rendered.
    assert T.RENDER_STATS["renders"] - before <= 10


def test_a_cached_drawing_gives_the_direct_drawing_pixels_and_its_text_every_frame(monkeypatch):
    pygame.init()
    T.reset_caches()

    def paint(s, r, label="altitude 3.1"):
        pygame.draw.rect(s, (18, 22, 32), r, border_radius=6)
        T.text(s, label, (r.x + 4, r.y + 4), 14, box=r)
        return r.bottom - r.y

    direct, cached = pygame.Surface((200, 100)), pygame.Surface((200, 100))
    for s in (direct, cached):
        s.fill((16, 20, 28))
    rect = pygame.Rect(20, 30, 120, 50)
    paint(direct, rect)
    drawing = CachedDrawing()
    lines: list = []
    monkeypatch.setattr(T, "DRAWN", lines)
    for _ in range(3):
        assert drawing.draw(cached, rect, "k", paint) == 50
    assert drawing.paints == 1
    np.testing.assert_array_equal(pygame.surfarray.array3d(direct), pygame.surfarray.array3d(cached))
    assert [(m, r.topleft) for m, r in lines] == [("altitude 3.1", (24, 34))] * 3  # every frame, in place
    # A label too long for its box is an overflow every frame too (drawn clipped to the drawing's rect).
    T.OVERFLOWS.clear()
    for _ in range(2):
        drawing.draw(cached, rect, "k2", lambda s, r: paint(s, r, "a label that sticks out far beyond"))
    assert drawing.paints == 2
    assert len(T.OVERFLOWS) == 2 and all(o.box == rect and o.rect.topleft == (24, 34) for o in T.OVERFLOWS)


def test_the_loss_plot_and_the_leaderboard_are_redrawn_only_when_the_race_steps(app):
    scene = race_scene(app, "cliff-edge")
    frames(app, 2)
    plot, board = scene.plot.paints, scene.board.paints
    frames(app, 5)
    assert (scene.plot.paints, scene.board.paints) == (plot, board)
    scene.on_action("step")
    frames(app, 3)
    assert (scene.plot.paints, scene.board.paints) == (plot + 1, board + 1)


# --------------------------------------------------------------------------- thumbnails


def old_terrain_rgb(landscape, width, height, cmap="viridis", contours=16):
    """terrain_rgb as it was before it was built in slices (commit 0e38f34): the pixels to keep."""
    from game.render.terrain import Scale, sample
    from game.resources import colormap

    v, g = sample(landscape, width, height)
    scale = Scale.fit(v)
    t = scale.norm(np.where(np.isfinite(v), v, scale.high))
    rgb = colormap(cmap)[(t * 255).astype(np.uint8)].astype(float)
    px = landscape.domain.span[0] / width
    k = 6.0 * scale.dnorm(v) * px * width / 100.0
    nx, ny = -g[..., 0] * k, -g[..., 1] * k
    with np.errstate(all="ignore"):
        lit = (nx * -0.5 + ny * 0.5 + 0.7) / np.sqrt(nx * nx + ny * ny + 1.0)
    shade = np.clip(0.55 + 0.55 * np.nan_to_num(lit, nan=0.7), 0.35, 1.15)
    rgb *= shade[..., None]
    if contours:
        band = np.floor(t * contours)
        edge = np.zeros_like(band, dtype=bool)
        edge[:, 1:] |= band[:, 1:] != band[:, :-1]
        edge[1:, :] |= band[1:, :] != band[:-1, :]
        rgb[edge] = rgb[edge] * 0.55 + 255 * 0.08
    rgb[~np.isfinite(v)] = (40, 0, 0)
    return np.clip(rgb, 0, 255).astype(np.uint8), scale


def one_level_per_kind():
    seen = {}
    for e in all_levels():
        if e.builtin and e.spec is not None:
            seen.setdefault(e.spec.kind, e)
    return sorted(seen.values(), key=lambda e: e.id)


@pytest.mark.parametrize("entry", one_level_per_kind(), ids=lambda e: e.id)
def test_a_terrain_built_in_row_slices_equals_the_whole_image(entry):
    land = build_landscape(entry.spec.landscape)
    for w, h, contours in ((281, 127, 8), (97, 61, 16)):
        ref, scale = old_terrain_rgb(land, w, h, "viridis", contours)
        whole, whole_scale = terrain_rgb(land, w, h, "viridis", contours)
        np.testing.assert_array_equal(whole, ref)
        for rows in (1, 7, 64):
            job = TerrainJob(land, w, h, "viridis", contours)
            steps = 0
            while not job.done:
                assert 0 < job.step(rows) <= rows
                steps += 1
            # every row of sample()'s grid sampled (coarser on a network level), then every pixel row coloured
            assert steps == -(-job.sample_height // rows) + -(-h // rows)
            np.testing.assert_array_equal(job.rgb, ref)
            assert job.scale == whole_scale == scale


def played_list(app, ids):
    for i in ids:
        app.progress.record(i, 100, 1)
    app.push(TitleScene(app))
    select = app.make("level_select", purpose="play")
    app.push(select)
    return select


def test_thumbnails_build_a_bounded_number_of_rows_a_frame_and_equal_the_whole_image(app):
    app.work_clock = FakeClock(0.001)  # each slice "costs" 1 ms: allowances settle at a few slices
    ids = ["twin-valleys", "alpine-range", "study-hours"]
    select = played_list(app, ids)
    rows, allowed = [], []
    for _ in range(400):
        if all(i in select.thumbs for i in ids):
            break
        allowance = select.building.allowance if select.building else None
        frames(app, 1)
        if allowance is not None:
            rows.append(select.rows_last_frame)
            allowed.append(allowance)
    assert all(i in select.thumbs for i in ids)
    assert rows and all(r <= a for r, a in zip(rows, allowed, strict=True))
    assert max(allowed) < 200  # never a whole thumbnail in one frame
    for i in ids:
        e = next(e for e in select.entries if e.id == i)
        land = build_landscape(e.spec.landscape)
        from game.render.view import View

        tw, th = select.thumb_size()
        view = View.fit(land.domain, (0, 0, tw, th))
        ref, _ = old_terrain_rgb(land, view.width, view.height, app.settings.colormap, 8)
        got = pygame.surfarray.array3d(select.thumbs[key_of(e)]).transpose(1, 0, 2)
        np.testing.assert_array_equal(got, ref)


def test_thumbnails_of_cards_on_screen_come_first(app):
    entries = [e for e in all_levels() if e.spec is not None]
    select = played_list(app, [key_of(e) for e in entries])
    last = len(select.visible) - 1
    select.index = last
    select.ensure_visible()  # scrolled to the end: the last cards are on screen, the first ones are not
    frames(app, 1)
    assert select.building is not None or key_of(select.entries[select.visible[last]]) in select.thumbs
    first = select.building.record if select.building else next(iter(k for k in select.thumbs if isinstance(k, str)))
    k = next(k for k, i in enumerate(select.visible) if key_of(select.entries[i]) == first)
    rect = select.card_rect(k)
    assert rect.bottom > select.layout()[4] and rect.top < select.grid_bottom()


def test_a_resize_drops_the_thumbnail_under_way(app):
    select = played_list(app, ["alpine-range"])
    app.work_clock = None
    frames(app, 1)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1024, h=640, size=(1024, 640)))
    frames(app, 30)
    thumb = select.thumbs["alpine-range"]
    assert thumb.get_width() <= select.thumb_size()[0] and thumb.get_height() <= select.thumb_size()[1]


def test_the_race_map_is_drawn_in_a_background_job_and_the_race_starts_when_it_is_there():
    from conftest import HeldJobs

    jobs = HeldJobs()
    app = new_app(size=(1280, 720), jobs=jobs)
    try:
        scene = race_scene(app, "alpine-range")
        assert scene.busy and len(jobs.waiting) == 1  # the map's job, submitted once
        scene.playing = True
        scene.toggle_basins()
        frames(app, 3)  # the window keeps drawing; the race and the basins map wait for the map
        assert scene.busy and len(jobs.waiting) == 1 and scene.race.t == 0 and scene.basins.basins.progress == 0
        jobs.release()
        frames(app, 2)
        assert not scene.busy and scene.race.t > 0 and scene.basins.basins.progress > 0
        from game.render.view import View

        view = View.fit(scene.level.domain, scene.map_rect())
        surf, _ = scene.terrain(view)
        ref, _ = old_terrain_rgb(scene.level.landscape, view.width, view.height, app.settings.colormap,
                                 app.contour_lines())
        np.testing.assert_array_equal(pygame.surfarray.array3d(surf).transpose(1, 0, 2), ref)
    finally:
        app.close()


# --------------------------------------------------------------------------- costly landscapes (network levels)


def network_levels():
    return sorted(e.id for e in all_levels() if e.builtin and e.spec is not None and e.spec.kind == "network")


def test_there_are_network_levels_to_bound():
    assert len(network_levels()) >= 2


@pytest.mark.parametrize("level", network_levels())
def test_on_a_network_level_the_swarm_and_a_basins_slice_step_are_a_bounded_amount_of_work(app, level):
    """A network's altitude costs ``work_per_point`` multiply-adds a point: the swarm step and one basins
    slice-step (the least a frame does) hold about FRAME_WORK units, the whole map about MAP_WORK."""
    from game.scenes import race as R

    scene = race_scene(app, level)
    work = scene.level.landscape.work_per_point
    assert work > 0
    scene.toggle_swarm()
    scene.toggle_basins()
    n = len(scene.swarm.racers[0].hikers)
    assert n == R.swarm_size(scene.level.landscape) < R.SWARM_SIZE
    assert n * work <= R.FRAME_WORK
    b = scene.basins.basins
    assert b.slice_size * work <= R.FRAME_WORK
    assert b.grid < R.BASINS_GRID and b.grid**2 * b.steps * work <= R.MAP_WORK
    assert len(b.hikers.slices) > 1


@pytest.mark.parametrize("level", ["twin-valleys", "alpine-range", "the-exam"])
def test_on_a_cheap_level_the_swarm_and_the_basins_map_are_as_before(level):
    from game.scenes import race as R

    land = find_level(level).landscape
    assert R.swarm_size(land) == R.SWARM_SIZE == 2000
    assert R.basins_shape(land, 200) == (96, 128 * 128)


def test_a_basins_map_in_small_slices_equals_the_map_in_one_slice_for_a_deterministic_optimizer():
    level = find_level("xor-net")
    args = (level.landscape, level.minimum, "adam", {"lr": 0.05}, 12, 0)
    whole = Basins(*args, grid=20, backend="numpy")
    whole.advance()
    sliced = Basins(*args, grid=20, backend="numpy", slice_hikers=37)
    assert len(sliced.hikers.slices) == 11
    while not sliced.done:
        assert 0 < sliced.advance(max_hiker_steps=sliced.slice_size) <= 37
    np.testing.assert_array_equal(sliced.labels, whole.labels)
    np.testing.assert_array_equal(sliced.hikers.reported_x, whole.hikers.reported_x)


@pytest.mark.parametrize("level", network_levels())
def test_a_network_levels_thumbnail_samples_about_a_million_units_a_frame_and_equals_the_whole_image(app, level):
    """Its landscape is built in a job, then its (coarser) grid is sampled a few rows at a time."""
    from conftest import HeldJobs

    from game.scenes.level_select import ROW_WORK

    held = HeldJobs()
    app.jobs = held
    app.work_clock = FakeClock(0.001)
    select = played_list(app, [level])
    e = next(e for e in select.entries if e.id == level)
    frames(app, 3)
    assert select.building is None and key_of(e) not in select.thumbs  # waiting for its landscape
    assert len(held.waiting) == 1
    held.release()
    frames(app, 1)
    b = select.building
    assert b is not None and b.job.phase == "sample"
    row = b.job.sample_width * b.job.landscape.work_per_point  # one grid row's multiply-adds
    unit = b.pacers["sample"].unit
    assert unit == max(1, ROW_WORK // row) and unit * row <= max(ROW_WORK, row)  # a slice: ~ROW_WORK, or a row
    sampled = []
    for _ in range(400):
        if key_of(e) in select.thumbs:
            break
        allowance = b.allowance if b.job.phase == "sample" else None
        frames(app, 1)
        if allowance is not None:
            sampled.append((select.rows_last_frame, allowance))
    assert key_of(e) in select.thumbs
    assert sampled and all(0 < r <= a for r, a in sampled)
    assert sum(r for r, _ in sampled) == b.job.sample_height - unit  # the first slice was sampled above
    from game.render.view import View

    land = build_landscape(e.spec.landscape)
    tw, th = select.thumb_size()
    view = View.fit(land.domain, (0, 0, tw, th))
    ref, _ = old_terrain_rgb(land, view.width, view.height, app.settings.colormap, 8)
    got = pygame.surfarray.array3d(select.thumbs[key_of(e)]).transpose(1, 0, 2)
    np.testing.assert_array_equal(got, ref)
