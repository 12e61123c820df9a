"""A newcomer's look at the network levels, fair races and the teacher's tools (issue 11): what the map's axes
and the decision-boundary panel say, what the sweep plots and the tournament reports explain. Driven through
the real scenes with posted key presses, and through the real `hiker` commands."""

import numpy as np
import pygame
import pytest
from conftest import InlineJobs

import game.render.text as T
from engine.level import find_entry
from game.launch import new_app
from game.scenes.loading import open_level

SIZES = [(1024, 640), (1920, 1080)]  # the smallest and the largest window: layouts scale between them


@pytest.fixture
def drawn(monkeypatch):
    lines: list = []
    monkeypatch.setattr(T, "DRAWN", lines)
    return lines


def key(app, k, ticks=2):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=0, unicode="", scancode=0))
    for _ in range(ticks):
        app.tick(1 / 60)


def played_to_results(size, level_id):
    """Open the level from the title, follow the slope three times, declare: the results screen."""
    app = new_app(size=size, jobs=InlineJobs())
    app.settings.tutorial_done = True
    app.push(app.make("title"))
    open_level(app, find_entry(level_id), "play")
    for _ in range(5):
        app.tick(1 / 60)
    for _ in range(3):
        key(app, pygame.K_g, ticks=20)
    key(app, pygame.K_RETURN, ticks=20)
    assert type(app.top).__name__ == "ResultsScene"
    return app


def overlapping(drawn):
    """Pairs of text lines drawn over each other (a line's box touching the next line's by a pixel or two of
    leading is not an overlap)."""
    rects = [(t, pygame.Rect(r)) for t, r in drawn if t.strip()]
    return [(a, b) for i, (a, ra) in enumerate(rects) for b, rb in rects[i + 1:]
            if (c := ra.clip(rb)).width > 2 and c.height > 2]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_two_moons_results_say_what_the_axes_and_the_boundary_panel_show(size, drawn):
    app = played_to_results(size, "two-moons")
    try:
        drawn.clear()
        T.OVERFLOWS.clear()
        app.tick(1 / 60)
        words = " ".join(t for t, _ in drawn)
        assert "a (all weights along random direction 1) →" in words  # not a bare "direction 1"
        assert "↑ b (all weights along random direction 2)" in words
        assert "true class" in words and "network answers" in words  # the panel's key: dots vs shade
        assert "of the points right" in words
        assert not overlapping(drawn)  # no tick label under an axis name, no key over the accuracy line
        assert not T.OVERFLOWS
    finally:
        app.close()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_xor_net_axes_name_the_weights_in_words(size, drawn):
    app = played_to_results(size, "xor-net")
    try:
        drawn.clear()
        app.tick(1 / 60)
        words = [t for t, _ in drawn]
        assert any(t.startswith("w[1][0,0] (input 1 → hidden 1)") for t in words)
        assert any(t.startswith("↑ w[1][1,0] (input 2 → hidden 1)") for t in words)
        assert not overlapping(drawn)
    finally:
        app.close()


def test_weight_names_in_words():
    from game.gfx import weight_meaning

    assert weight_meaning("w[1][0,2]", (2, 8, 1)) == "input 1 → hidden 3"
    assert weight_meaning("w[2][3,0]", (2, 8, 1)) == "hidden 4 → output"
    assert weight_meaning("b[2][0]", (2, 8, 1)) == "output's bias"
    assert weight_meaning("w[2][0,1]", (2, 4, 4, 3)) == "hidden 1.1 → hidden 2.2"
    assert weight_meaning("w[3][0,1]", (2, 4, 4, 3)) == "hidden 2.1 → output 2"
    assert weight_meaning("w[9][0,0]", (2, 4, 1)) == ""
    assert weight_meaning("nonsense", (2, 4, 1)) == ""


# --------------------------------------------------------------------------- a teacher's sweep plots


@pytest.fixture
def figures(monkeypatch):
    """Every matplotlib figure the command saves (then saved as usual)."""
    from matplotlib.figure import Figure

    saved: list = []
    real = Figure.savefig

    def keep(self, *args, **kw):
        saved.append(self)
        return real(self, *args, **kw)

    monkeypatch.setattr(Figure, "savefig", keep)
    return saved


def test_the_heat_map_reads_dark_is_better_on_both_maps_and_stars_the_best(tmp_path, figures, capsys):
    from game.cli import main

    assert main(["sweep", "twin-valleys", "--opt", "momentum", "--lr", "0.001:1:4", "--param",
                 "momentum=0:0.9:3", "--starts", "3", "--steps", "60", "--plot", str(tmp_path / "heat.png")]) == 0
    assert (tmp_path / "heat.png").stat().st_size > 0
    fig = figures[-1]
    gap_map, steps_map = (ax for ax in fig.axes if ax.images)
    for ax in (gap_map, steps_map):  # low values (good) are darker than high ones on both maps
        im = ax.images[0]
        lo, hi = (np.array(im.cmap(im.norm(v))[:3]) for v in (im.norm.vmin, im.norm.vmax))
        assert lo.sum() < hi.sum()
        assert hi.sum() < 2.9  # the slowest is still a colour, never the white of "never found"
    assert "dark is better" in fig._suptitle.get_text() and "★" in fig._suptitle.get_text()
    stars = [line for ax in (gap_map, steps_map) for line in ax.lines if line.get_marker() == "*"]
    assert len(stars) == 2
    best = [line for line in capsys.readouterr().out.splitlines() if line.startswith("best by the tuning objective")]
    assert best  # the star marks the cell the table names


def test_the_lr_plot_keeps_the_minimum_in_view_and_the_table_explains_its_columns(tmp_path, figures, capsys):
    from game.cli import main

    assert main(["sweep", "twin-valleys", "--opt", "gd", "--lr", "0.001:1:6", "--starts", "8",
                 "--plot", str(tmp_path / "lr.png")]) == 0
    top = figures[-1].axes[0]
    assert top.get_ylim()[0] > 1e-8  # gaps of 0 are drawn near the tolerance, not sixteen decades down
    out = capsys.readouterr().out
    assert "best gap" in out and "fell: " in out and "found: " in out
    rows = [line.split() for line in out.splitlines() if line[:12].strip().replace(".", "").isdigit()]
    assert rows and all(not r[5].startswith("-") for r in rows if len(r) > 5)  # no best gap of -8.9e-16


# --------------------------------------------------------------------------- a teacher's tournament report


def test_an_untuned_tournament_report_says_so_shows_each_learning_rate_and_explains_its_columns(tmp_path, capsys):
    from game.cli import main

    html_path, md_path = tmp_path / "t.html", tmp_path / "t.md"
    assert main(["tournament", "--level", "twin-valleys", "--opt", "gd", "--opt", "adam", "--opt", "annealing",
                 "--opt", "adam:lr=0.1", "--starts", "3", "--steps", "30", "--html", str(html_path),
                 "--markdown", str(md_path)]) == 0
    out = capsys.readouterr().out
    page, md = html_path.read_text(), md_path.read_text()
    for report in (out, page, md):
        assert "Not tuned" in report and "--tuned" in report
        assert "lr 0.001" in report and "lr 0.1" in report and "step 5% of the map" in report
    for report in (page, md):
        for term in ("found", "median gap", "median steps", "fell", "mean rank"):
            assert f"{term}</b>:" in report or f"**{term}**:" in report
    assert "| `adam:lr=0.1` | lr 0.1 |" in md


def test_a_tuned_tournament_report_says_it_is_fair(tmp_path):
    from game.cli import main

    md_path = tmp_path / "t.md"
    assert main(["tournament", "--level", "twin-valleys", "--opt", "gd", "--starts", "2", "--steps", "20", "--tuned",
                 "--tune-lr", "0.01:0.1:2", "--tune-starts", "2", "--markdown", str(md_path)]) == 0
    md = md_path.read_text()
    assert "Fair race" in md and "Not tuned" not in md and "tuned per level" in md


# --------------------------------------------------------------------------- a tuned value at the end of its grid


def test_tune_all_says_when_a_chosen_rate_is_the_largest_tried():
    from engine.level import find_level

    app = new_app(size=(1024, 640), jobs=InlineJobs())
    app.settings.tutorial_done = True
    try:
        app.push(app.make("title"))
        app.push(app.make("race", find_level("classic-rosenbrock"), lineup=[("radam", {}), ("adamw", {})]))
        key(app, pygame.K_u)
        for _ in range(5000):
            if any("Tuned on" in message for message, _ in app.toasts):
                break
            app.tick(1 / 60)
        summary = next(message for message, _ in app.toasts if "Tuned on" in message)
        assert "radam lr=10 (the largest tried)" in summary
        assert "adamw lr=0.464," in summary + "," and "adamw lr=0.464 (" not in summary
    finally:
        app.close()


def test_race_tuned_says_when_a_chosen_rate_is_the_largest_tried(capsys):
    from game.cli import main

    assert main(["race", "classic-rosenbrock", "--opt", "radam", "--opt", "gd", "--tuned", "--tune-starts", "2",
                 "--steps", "60", "--tune-lr", "0.001:1:4"]) == 0
    out = capsys.readouterr().out.splitlines()
    radam = next(line for line in out if line.startswith("  radam"))
    gd = next(line for line in out if line.startswith("  gd"))
    assert "lr = 1 " in radam and "the largest tried — a wider --tune-lr may find better" in radam
    assert "lr = 0.001 " in gd and "the smallest tried" in gd  # gd (blows up above) takes the bottom end


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_step_lengths_keep_their_digits_on_a_flat_network_slope(size, drawn):
    app = new_app(size=size, jobs=InlineJobs())
    app.settings.tutorial_done = True
    try:
        app.push(app.make("title"))
        open_level(app, find_entry("two-moons"), "play")
        for _ in range(5):
            app.tick(1 / 60)
        for _ in range(20):  # into the flat hollow: a slope step of about 1e-07
            key(app, pygame.K_g, ticks=4)
        drawn.clear()
        app.tick(1 / 60)
        steps = [t for t, _ in drawn if "arrow step" in t]
        assert steps and "e-0" in steps[0] and "…" not in steps[0]
    finally:
        app.close()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_long_parameter_names_are_shown_whole_and_notices_stay_above_the_controls(size, drawn):
    """AdamW's weight_decay slider is labelled in full (it was cut to "weight_de…"), and a notice on the race
    screen sits above the control bar instead of over Play, Step and Reset."""
    from engine.level import find_level

    app = new_app(size=size, jobs=InlineJobs())
    app.settings.tutorial_done = True
    try:
        app.push(app.make("title"))
        scene = app.make("race", find_level("classic-rosenbrock"), lineup=[("adamw", {})])
        app.push(scene)
        drawn.clear()
        for _ in range(3):
            app.tick(1 / 60)
        shown = [t for t, _ in drawn]
        assert "weight_decay" in shown and not any(t.startswith("weight_de") and t.endswith("…") for t in shown)
        app.toast("A notice")
        drawn.clear()
        app.tick(1 / 60)
        notice = next(pygame.Rect(r) for t, r in drawn if t == "A notice")
        controls = [w.rect for k, w in scene.widgets.items() if k in ("play", "step", "reset")]
        assert controls and all(notice.bottom <= c.top for c in controls)
    finally:
        app.close()
