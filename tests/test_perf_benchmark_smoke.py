"""The benchmark runs end to end at tiny sizes (a smoke test: it measures, it asserts no timings)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.__main__ as main
    import benchmarks.ours as ours
    import benchmarks.peers as peers

    real = peers.installed
    # Pretend the peers are missing: their runners must be skipped, not fail (and importing torch and
    # JAX would take longer than the rest of the run).
    absent = {"jax", "jaxlib", "torch"}
    monkeypatch.setattr(peers, "installed", lambda name: name not in absent and real(name))
    monkeypatch.setattr(ours, "installed", peers.installed)
    return main


def test_benchmark_runs_at_tiny_sizes_and_skips_missing_peers(bench, tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--tiny", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    rows = data["stepping"]
    assert rows and all(r["ours:default"] > 0 and "jax" not in r and "torch" not in r for r in rows)
    assert {r["optimizer"] for r in rows} == {"gd", "adam"}
    budgets = data["budgets"]
    assert budgets["minimum_seconds"]["twin-valleys"] > 0
    assert budgets["memory"]["state_bytes"] > 0 and "basins" in budgets
    assert budgets["basins_peak_rss_bytes"]["twin-valleys"] > 10_000_000  # a whole hiker process, measured
    assert "| rosenbrock |" in capsys.readouterr().out


def test_the_loading_benchmark_runs_at_tiny_sizes(monkeypatch, tmp_path, capsys):
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks.loading as loading

    out = tmp_path / "loading.json"
    assert loading.main(["--quick", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    assert [r["case"].split(" (")[0] for r in rows] == [
        "the level list opened again", "every built-in level prepared as a user's level", "a race GIF",
        "back to the title at 640x400"]
    assert all(r["before_s"] >= 0 and r["after_s"] >= 0 for r in rows) and rows[2]["after_bytes"] > 0
