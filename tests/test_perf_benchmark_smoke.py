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
