"""Saves survive SIGKILL at any moment: the file on disk is always a complete old or new version, and no
temporary file outlives the next start (issue 8).

A writer process saves progress again and again with engine.storage.atomic_write_bytes (as game.store does).
At four points of every save it tells the test where it is, through a pipe, and waits for a go-ahead: the
temporary file was just created (empty), its content was written and fsynced, the rename is about to
happen, the rename happened. The test lets it pass k of those points (k from a seeded random generator)
and kills it with SIGKILL at the k-th. So every kill lands at a known point of a save, decided by the
writer's progress and never by a clock, and the test knows which version must be on disk.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys

import engine.storage
from game.store import load_progress

KILLS = 100  # each of the four points of a save is hit about 25 times

WRITER = r"""
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("storage", sys.argv[1])
storage = importlib.util.module_from_spec(spec)
spec.loader.exec_module(storage)
path = storage.Path(sys.argv[2])

def point(tag):
    os.write(1, tag)
    if not os.read(0, 1):
        os._exit(3)

real_mkstemp, real_fsync, real_replace = storage.tempfile.mkstemp, storage.os.fsync, storage.os.replace
def mkstemp(*a, **k):
    out = real_mkstemp(*a, **k)
    point(b"m")
    return out
def fsync(fd):
    real_fsync(fd)
    point(b"f")
def replace(a, b):
    point(b"r")
    real_replace(a, b)
    point(b"R")
storage.tempfile.mkstemp, storage.os.fsync, storage.os.replace = mkstemp, fsync, replace

k = json.loads(path.read_text())["version"] if path.exists() else 0
while True:
    k += 1
    best = {f"level-{i}": {"score": k * 10 + i, "stars": i % 4} for i in range(k % 50 + 1)}
    doc = {"best": best, "version": k, "pad": "x" * (1000 * (k % 7))}
    storage.atomic_write_bytes(path, json.dumps(doc, indent=2).encode())
"""


def _version(path) -> int:
    if not path.exists():
        return 0
    doc = json.loads(path.read_text())  # a torn file would not parse
    k = doc["version"]
    assert doc["best"] == {f"level-{i}": {"score": k * 10 + i, "stars": i % 4} for i in range(k % 50 + 1)}
    return k


def test_a_killed_save_leaves_a_whole_file_and_no_temporary_files(user_home):
    user_home.mkdir(parents=True, exist_ok=True)
    path = user_home / "progress.json"
    rng = random.Random(20240808)
    killed_at = {b"m": 0, b"f": 0, b"r": 0, b"R": 0}
    for _ in range(KILLS):
        before = _version(path)
        k = rng.randint(1, 12)
        proc = subprocess.Popen([sys.executable, "-S", "-E", "-c", WRITER, engine.storage.__file__, str(path)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        renamed = 0
        try:
            for j in range(k):
                tag = proc.stdout.read(1)  # the writer is now paused at this point of a save
                assert tag in killed_at, "the writer died on its own"
                renamed += tag == b"R"
                if j < k - 1:
                    proc.stdin.write(b"g")
                    proc.stdin.flush()
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stdin.close()
            proc.stdout.close()
        killed_at[tag] += 1
        # The file holds exactly the last save that was renamed into place: the old or the new one, whole.
        assert _version(path) == before + renamed
        temporary = [p for p in user_home.iterdir() if p.name.endswith(".tmp")]
        assert bool(temporary) == (tag != b"R")  # killed mid-save: its temporary file is still there
        progress, notice = load_progress()  # the next start
        assert notice is None and (len(progress.best) >= 1 or not path.exists())
        assert [p.name for p in user_home.iterdir() if p.name != "progress.json"] == []
    assert all(n > 10 for n in killed_at.values()), killed_at  # every point of a save was hit many times


def test_stale_temporary_files_of_our_naming_only_are_removed(user_home):
    user_home.mkdir(parents=True, exist_ok=True)
    ours = [".progress.json.abc_123.tmp", ".settings.json.q.tmp"]
    theirs = ["progress.json.tmp", ".progress.json.tmp", ".progress.json.a.b.tmp", "x.tmp", ".other.json.abc.tmp"]
    for name in ours + theirs:
        (user_home / name).write_text("partial")
    os.symlink("/etc/hostname", user_home / ".progress.json.link.tmp")  # a link is not a file we wrote
    assert engine.storage.remove_stale_temps(user_home, ["progress.json", "settings.json"]) == 2
    assert sorted(p.name for p in user_home.iterdir()) == sorted([*theirs, ".progress.json.link.tmp"])
