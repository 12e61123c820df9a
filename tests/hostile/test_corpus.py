"""The hostile corpus (issue 8): every case in a child process under limits on CPU time and address space.

No wall clock anywhere: a case that takes too long is killed by RLIMIT_CPU (SIGXCPU) in the child, a case
that needs too much memory fails to allocate under RLIMIT_AS; both are failures of that case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from make_corpus import build, remove_tree  # pytest puts this folder on sys.path (no __init__.py here)

HERE = Path(__file__).resolve().parent
CPU_SECONDS = 2  # per case, on top of the CPU time already used, rounded up to a whole second
MEGABYTES = 200  # address space a case may add
BATCHES = 2  # child processes, run one after the other (the machine is shared)


def run_batch(cases: list[dict], tmp: Path, k: int) -> dict[str, dict]:
    """Run cases in child processes; a child killed by a limit is restarted after the case that killed it."""
    results: dict[str, dict] = {}
    todo = list(cases)
    attempt = 0
    while todo:
        attempt += 1
        case_file = tmp / f"cases-{k}-{attempt}.json"
        out_file = tmp / f"results-{k}-{attempt}.jsonl"
        case_file.write_text(json.dumps(todo))
        env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "MPLBACKEND": "Agg"}
        proc = subprocess.run([sys.executable, str(HERE / "runner.py"), str(case_file), str(out_file),
                               str(CPU_SECONDS), str(MEGABYTES)], capture_output=True, text=True, env=env)
        started = None
        for line in out_file.read_text().splitlines() if out_file.exists() else []:
            row = json.loads(line)
            if "start" in row:
                started = row["start"]
            else:
                results[row["name"]] = row
                started = None
        if proc.returncode != 0:
            if started is None:
                raise AssertionError(f"the corpus runner failed outside any case: {proc.stderr[-2000:]}")
            results[started] = {"name": started, "problems": [
                f"killed (exit {proc.returncode}): over {CPU_SECONDS} s of CPU or {MEGABYTES} MB?",
                proc.stderr[-800:]], "cpu": None}
        todo = [c for c in todo if c["name"] not in results]
    return results


def test_hostile_corpus(tmp_path):
    try:
        _run_corpus(tmp_path)
    finally:
        remove_tree(tmp_path / "corpus")


def _run_corpus(tmp_path: Path) -> None:
    cases = build(tmp_path / "corpus")
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(cases) >= 150
    batches = [cases[i::BATCHES] for i in range(BATCHES)]
    results: dict[str, dict] = {}
    for k, batch in enumerate(batches):
        results.update(run_batch(batch, tmp_path, k))
    failures = [f"{name} ({r.get('cls')}):\n    " + "\n    ".join(r["problems"])
                for name, r in results.items() if r["problems"]]
    slowest = sorted((r for r in results.values() if r.get("cpu") is not None), key=lambda r: -r["cpu"])[:5]
    summary = ", ".join(f"{r['name']} {r['cpu']:.2f}s" for r in slowest)
    (tmp_path / "summary.json").write_text(json.dumps(results, indent=1))
    assert not failures, f"{len(failures)} of {len(cases)} cases failed (slowest: {summary}):\n" + "\n".join(failures)
