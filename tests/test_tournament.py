"""Tournaments: cells equal single races, the one `found` rule, ranks, and the Markdown and HTML reports."""

from __future__ import annotations

import contextlib
import io
import json
import re

import numpy as np
import pytest

from engine.level import find_level
from engine.race import Race
from engine.rules import CellScore, cell_score, ranks
from engine.sweep import random_starts
from game.cli import main

LINEUP = ["gd:lr=0.05", "momentum:lr=0.01", "sgd:lr=0.05,noise=1", "annealing"]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tournament")
    argv = ["tournament", "--level", "twin-valleys", "--level", "cliff-edge", "--starts", "6", "--steps", "60",
            "--seed", "3", "--json", "--markdown", str(folder / "t.md"), "--html", str(folder / "t.html")]
    for spec in LINEUP:
        argv += ["--opt", spec]
    code, out, err = run(argv)
    assert code == 0, err
    return json.loads(out), folder


def test_each_cell_is_the_races_from_its_starts(small):
    doc, _ = small
    level = find_level("twin-valleys")
    lv = next(lv for lv in doc["levels"] if lv["id"] == "twin-valleys")
    starts = random_starts(level.domain, 3, 6)
    lineup = [(s.split(":")[0], dict(kv.split("=") for kv in s.split(":")[1].split(","))) if ":" in s else (s, {})
              for s in LINEUP]
    lineup = [(n, {k: float(v) for k, v in g.items()}) for n, g in lineup]
    finals = {i: [] for i in range(len(lineup))}
    for start in starts:  # start k of racer i is `hiker race LEVEL --start s_k --seed S` with the same line-up
        race = Race(level.landscape, lineup, tuple(start), 60, level.minimum, seed=3).run().result()
        for i, r in enumerate(race["racers"]):
            finals[i].append((r["final_cost"], r["fell"], -1 if r["reached_at"] is None else r["reached_at"]))
    for i, cell in enumerate(lv["cells"]):
        cost, fell, reached = (np.array(v) for v in zip(*finals[i], strict=True))
        want = cell_score(cost, fell, reached, level.minimum)
        assert cell["found_share"] == want.found_share and cell["fell_share"] == want.fell_share
        assert cell["median_gap"] == pytest.approx(want.median_gap, rel=0, abs=0)
        assert cell["median_steps"] == (None if np.isinf(want.median_steps) else want.median_steps)
    # the found share is the game's one rule: final altitude within the level's tolerance, not fallen
    gd = lv["cells"][0]
    assert gd["found_share"] == np.mean([c <= level.minimum.value + level.minimum.tolerance and not f
                                         for c, f, _ in finals[0]])


def test_ranks_per_level_and_overall(small):
    doc, _ = small
    for lv in doc["levels"]:
        keys = [(-c["found_share"], np.inf if c["median_gap"] is None else c["median_gap"],
                 np.inf if c["median_steps"] is None else c["median_steps"]) for c in lv["cells"]]
        assert [c["rank"] for c in lv["cells"]] == ranks(keys)
    overall = doc["overall"]
    for row in overall:
        assert row["mean_rank"] == np.mean([lv["cells"][row["racer"]]["rank"] for lv in doc["levels"]])
    assert sorted(r["rank"] for r in overall)[0] == 1
    assert ranks([(1,), (2,), (2,), (3,)]) == [1, 2, 2, 4]
    assert CellScore(0.5, 1.0, 3.0, 0.0).key() < CellScore(0.4, 0.0, 1.0, 0.0).key()  # found first


def test_reports_are_self_contained(small):
    doc, folder = small
    page = (folder / "t.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<script|<link|src=|@import|url\(|https?://", page)  # nothing fetched, nothing run
    assert page.count("class=cell") == len(doc["levels"]) * len(LINEUP)
    assert "Twin Valleys" in page and "momentum:lr=0.01" in page
    md = (folder / "t.md").read_text()
    assert md.startswith("# Gradient Hiker tournament") and "| rank | optimizer |" in md


def test_hostile_level_titles_are_escaped(tmp_path):
    from game.commands.tournament import html_report, markdown

    doc = {"seed": 0, "starts": 1, "steps": 5, "tuned": False, "ranking": "r", "racers": [{"label": "gd<b>"}],
           "levels": [{"id": "x", "title": "<script>alert(1)</script>|`", "steps": 5, "minimum": 0.0,
                       "cells": [{"racer": 0, "found_share": 1.0, "median_gap": 0.0, "median_steps": 1.0,
                                  "fell_share": 0.0, "rank": 1, "tuned": None}]}],
           "overall": [{"racer": 0, "label": "gd<b>", "rank": 1, "mean_rank": 1.0, "wins": 1, "found_share": 1.0,
                        "fell_share": 0.0}]}
    page = html_report(doc)
    assert "<script>" not in page and "&lt;script&gt;" in page and "gd&lt;b&gt;" in page
    assert "\\|" in markdown(doc)


def test_text_output_and_argument_errors():
    code, out, err = run(["tournament", "--level", "cliff-edge", "--opt", "gd:lr=0.5", "--opt", "adam", "--starts",
                          "3", "--steps", "20"])
    assert code == 0 and "Tournament — 1 level × 2 optimizers × 3 starts" in out and err == ""
    for argv, message in ((["--starts", "0"], "--starts must be"), (["--level", "nope"], "nope"),
                          (["--level", "cliff-edge", "--opt", "adma"], "did you mean 'adam'"),
                          (["--tune-starts", "3"], "need --tuned"),
                          (["--level", "cliff-edge", "--all"], "not both")):
        code, out, err = run(["tournament", *argv])
        assert code == 2 and message in err and err.count("\n") == 1, (argv, err)


def test_tuned_tournament_names_its_choices():
    code, out, err = run(["tournament", "--level", "cliff-edge", "--opt", "gd", "--opt", "annealing", "--starts",
                          "3", "--steps", "30", "--tuned", "--tune-starts", "2", "--tune-lr", "0.01:1:3", "--json"])
    doc = json.loads(out)
    assert code == 0, err
    gd, annealing = doc["levels"][0]["cells"]
    assert gd["tuned"]["param"] == "lr" and gd["tuned"]["value"] in (0.01, 0.1, 1.0)
    assert gd["params"]["lr"] == gd["tuned"]["value"] and annealing["tuned"]["param"] == "step"
