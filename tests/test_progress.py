"""Progress bars only on a terminal, Ctrl+C stops cleanly (exit 130, one line), and MP4 export with its optional
extra. The Ctrl+C test runs the command on a pseudo-terminal and interrupts it once its progress bar shows,
never after a sleep."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def read_until(fd: int, marker: bytes | None, seen: bytes = b"") -> bytes:
    """Read the terminal until ``marker`` shows (or, with None, until the program closes it). The select timeout
    is only a safety net against a hung child: the test waits on the child's output, not on a clock."""
    import select

    while marker is None or marker not in seen:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            raise AssertionError(f"no {marker!r} from the command; it printed {seen[-400:]!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            if marker is None:
                return seen
            raise AssertionError(f"the command ended before printing {marker!r}: {seen[-400:]!r}")
        seen += chunk
    return seen


@pytest.mark.parametrize("argv", [
    ["sweep", "twin-valleys", "--opt", "gd", "--lr", "0.001:1:40", "--starts", "50", "--steps", "1000000"],
    ["tournament", "--level", "twin-valleys", "--starts", "2000", "--steps", "100000"],
    ["basins", "twin-valleys", "--grid", "512", "--steps", "100000"],
], ids=["sweep", "tournament", "basins"])
def test_ctrl_c_stops_with_one_line_and_exit_130(argv):
    marker = b"%|"  # the progress bar is drawn
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))  # a 100x30 terminal
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from game.cli import main; sys.exit(main())", *argv],
                            stdin=follower, stdout=follower, stderr=follower, cwd=ROOT, env=env, close_fds=True)
    os.close(follower)
    try:
        seen = read_until(leader, marker)  # the progress bar is up: the work has started
        proc.send_signal(signal.SIGINT)
        seen = read_until(leader, None, seen)
        code = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert code == 130
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    pieces = [p for p in re.split(r"[\r\n]", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)) if p.strip()]
    assert pieces[-1] == "hiker: interrupted" and text.count("hiker:") == 1, repr(text[-300:])  # the bar, then one line


def test_no_bar_unless_a_terminal(monkeypatch):
    import game.progress as progress

    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    with progress.progress(10, "work") as bar:
        assert bar.shown
    with progress.progress(10, "work", quiet=True) as bar:  # --json
        assert not bar.shown
    monkeypatch.setattr(progress, "on_terminal", lambda: False)
    with progress.progress(10, "work") as bar:
        assert not bar.shown
        bar.update(3)  # harmless
    code, out, err = run(["sweep", "cliff-edge", "--opt", "gd", "--lr", "0.01:1:3", "--steps", "20"])
    assert code == 0 and err == "" and "\r" not in out  # piped output stays plain


def test_mp4_export(tmp_path):
    pytest.importorskip("imageio_ffmpeg")
    movie = tmp_path / "clips" / "race.mp4"
    code, out, err = run(["race", "cliff-edge", "--opt", "gd:lr=0.5", "--steps", "12", "--mp4", str(movie)])
    assert code == 0, err
    head = movie.read_bytes()[:12]
    assert head[4:8] == b"ftyp" and movie.stat().st_size > 5_000  # an MP4 container with frames in it


def test_mp4_without_the_video_extra_is_one_line(monkeypatch, tmp_path):
    import game.export as export

    monkeypatch.setattr(export, "video_available", lambda: False)
    code, out, err = run(["race", "cliff-edge", "--steps", "3", "--mp4", str(tmp_path / "r.mp4")])
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "pip install 'gradient-hiker[video]'" in err
    code, _, err = run(["race", "cliff-edge", "--steps", "3", "--mp4", str(tmp_path / "r.avi")])
    assert code == 2 and "must end in .mp4" in err
