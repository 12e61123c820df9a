"""benchmarks/frames.py runs end to end at a tiny size (a smoke test: it measures, it asserts no timing)."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_frame_benchmark_runs_one_level_for_a_few_frames(monkeypatch, tmp_path, capsys):
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.setenv("GRADIENT_HIKER_BACKEND", "numpy")  # main sets it too; monkeypatch puts it back
    import benchmarks.frames as bench

    out = tmp_path / "frames.json"
    assert bench.main(["--frames", "3", "--levels", "twin-valleys", "--sizes", "800x500", "--backend", "numpy",
                       "--json", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    assert [(r["scene"], r["level"]) for r in rows] == [("race", "twin-valleys"), ("list-fog", "all"),
                                                        ("list-played", "all")]
    assert all(r["wall"]["n"] == 3 and r["cpu"]["p99"] >= 0 for r in rows)
    printed = capsys.readouterr().out
    assert "| race | 800x500 | twin-valleys |" in printed and "worst p99" in printed
    assert bench.main(["--compare", str(out), str(out)]) == 0
    table = capsys.readouterr().out
    assert "| race | 800x500 |" in table and " → " in table and "while thumbnails build" in table
