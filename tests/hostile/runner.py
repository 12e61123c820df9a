"""Child process of the hostile corpus: runs cases one after the other, each under a limit of CPU time and of
address space (resource.RLIMIT_CPU, RLIMIT_AS), and writes one JSON line per case to a results file.

    python tests/hostile/runner.py CASES.json RESULTS.jsonl CPU_SECONDS MEGABYTES

Before each case it writes {"start": name}; a case that breaks a limit kills this process (SIGXCPU) or fails
to allocate (MemoryError), and the parent (test_corpus.py) sees which one it was.
"""

from __future__ import annotations

import io
import json
import math
import os
import resource
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # as engine/__init__.py does, before
    os.environ.setdefault(_var, "1")  # NumPy loads: spinning BLAS threads would make every case slower


def preload() -> None:
    """Import what the cases use before any limit is set: the limits then measure the cases, not imports."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import PIL.Image  # noqa: F401
    import PIL.PngImagePlugin  # noqa: F401

    import engine.level  # noqa: F401
    import engine.race  # noqa: F401
    import game.cli  # noqa: F401
    import game.commands.basins  # noqa: F401
    import game.commands.check  # noqa: F401
    import game.commands.hike  # noqa: F401
    import game.commands.inspect  # noqa: F401
    import game.commands.levels  # noqa: F401
    import game.commands.race  # noqa: F401
    import game.export  # noqa: F401


def address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


def cpu_used() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def limit(cpu_seconds: int, megabytes: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(cpu_used()) + cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    now = address_space()
    if now is not None:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = now + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def unlimit() -> None:
    for which in (resource.RLIMIT_CPU, resource.RLIMIT_AS):
        _, hard = resource.getrlimit(which)
        resource.setrlimit(which, (hard, hard))


def run_cli(argv: list[str], stdout_mode: str | None) -> tuple[int, str, str]:
    from game.cli import main

    err = io.StringIO()
    out: io.StringIO | None = io.StringIO()
    stream = out
    closers = []
    if stdout_mode == "full":
        stream = open("/dev/full", "w")  # noqa: SIM115
        closers.append(stream)
    elif stdout_mode == "closed":
        stream = None
    elif stdout_mode == "pipe":
        r, w = os.pipe()
        os.close(r)
        stream = os.fdopen(w, "w")
        closers.append(stream)
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stream, err  # type: ignore[assignment]
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stderr = old
        for fh in closers:
            try:
                fh.close()
            except OSError:
                pass
    return code, out.getvalue() if stream is out and out is not None else "", err.getvalue()


FORBIDDEN = ["Traceback", "cannot check this file", "cannot load this level", "cannot be prepared", "MemoryError",
             "RecursionError"]


def check_cli(case: dict) -> list[str]:
    code, out, err = run_cli(case["argv"], case.get("stdout"))
    problems = []
    if code != case["code"]:
        problems.append(f"exit code {code}, expected {case['code']}")
    for frag in case.get("out", []):
        if frag not in out:
            problems.append(f"stdout lacks {frag!r}")
    for frag in case.get("err", []):
        if frag not in err:
            problems.append(f"stderr lacks {frag!r}")
    for frag in case.get("absent", []) + FORBIDDEN:
        if frag in out or frag in err:
            problems.append(f"output has {frag!r}")
    where = case.get("where")
    if where and case.get("out"):
        line = next((x for x in out.splitlines() if case["out"][0] in x), None)
        if line is not None and not line.startswith(where):
            problems.append(f"the line {line[:160]!r} does not start with {where!r}")
    if case.get("argv", [None])[0] == "check" and out and len(case["argv"]) == 2:
        from engine.level.problems import printable

        name = printable(case["argv"][1], 4096)
        for x in out.splitlines():
            if not x.startswith(name):
                problems.append(f"a line of check does not name the file: {x[:120]!r}")
                break
    lines = err.strip().splitlines()
    if lines and lines[0].startswith("usage: hiker"):  # argparse's usage block above its one error line
        lines = [x for x in lines if not (x.startswith("usage: hiker") or x.startswith(" "))]
    if len(lines) > 1:
        problems.append(f"stderr has more than one line: {err[:300]!r}")
    if problems:
        problems.append(f"stdout: {out[:600]!r}")
        problems.append(f"stderr: {err[:300]!r}")
    return problems


def check_same(case: dict) -> list[str]:
    message = case["out"][0]
    lines = []
    problems = []
    for argv in case["same"]:
        code, out, err = run_cli(argv, None)
        text = out if argv[0] == "check" else err
        line = next((x for x in text.splitlines() if message in x), None)
        if line is None or code != (1 if argv[0] == "check" else 2):
            problems.append(f"{' '.join(argv[:1])}: exit {code}, no line with {message!r}: {text[:300]!r}")
            continue
        line = line.removeprefix("hiker: error: ")
        if argv[0] != "check" and line.startswith("level ") and " is broken: " in line:
            line = line.split(" is broken: ", 1)[1]  # the commands name the level, then give check's line
        lines.append(line)
        if any(f in out or f in err for f in FORBIDDEN):
            problems.append(f"{argv[0]}: a traceback or a bug's message")
    if len(set(lines)) > 1:
        problems.append("the commands disagree: " + " | ".join(sorted(set(lines))))
    if lines and not lines[0].startswith(case["where"]):
        problems.append(f"not located in the file: {lines[0]!r}")
    return problems


def run_case(case: dict) -> list[str]:
    home = case.get("home") or str(Path(tempfile.mkdtemp(prefix="hiker-")) / "home")  # not created yet
    os.environ["GRADIENT_HIKER_HOME"] = home
    if "api" in case:
        sys.path.insert(0, str(HERE))
        import saves

        getattr(saves, case["api"])(Path(home))
        return []
    if "same" in case:
        return check_same(case)
    return check_cli(case)


def main(argv: list[str]) -> int:
    cases = json.loads(Path(argv[1]).read_text())
    results = Path(argv[2])
    cpu_seconds, megabytes = int(argv[3]), int(argv[4])
    preload()
    with results.open("a", buffering=1) as out:
        for case in cases:
            out.write(json.dumps({"start": case["name"]}) + "\n")
            out.flush()
            t0 = cpu_used()
            rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            limit(cpu_seconds, megabytes)
            try:
                problems = run_case(case)
            except BaseException as err:  # noqa: BLE001 - every failure of a case is reported, not raised
                problems = [f"{err.__class__.__name__}: {err}"[:300], traceback.format_exc()[-1500:]]
            finally:
                unlimit()
            rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            out.write(json.dumps({"name": case["name"], "cls": case["cls"], "problems": problems,
                                  "cpu": round(cpu_used() - t0, 3), "maxrss_kb": rss1, "rss_growth_kb": rss1 - rss0})
                      + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
