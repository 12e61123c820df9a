import os
from concurrent.futures import Executor, Future

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as engine/__init__.py does, before any test imports NumPy


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch):
    """Every test gets its own empty per-user data folder."""
    home = tmp_path / "hiker-home"
    monkeypatch.setenv("GRADIENT_HIKER_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def fresh_level_scans():
    """The registry remembers level scans and ids within a process (engine/level/registry.py). Each test has
    its own user folder, so user levels are always read afresh; the built-in pack's scan is kept from test to
    test (validating it again for every test cost 11 s of CPU a run). Under mutmut everything is dropped:
    its workers fork from a process that already scanned with the code unmutated. A test that changes how
    levels validate (a patched limit) calls ``forget_scans()`` itself."""
    if "MUTANT_UNDER_TEST" in os.environ:
        from engine.level.registry import forget_scans

        forget_scans()


class InlineJobs(Executor):
    """Runs each background job at once, in the caller's thread: tests never wait on a clock."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 - the future carries it, as a thread's would
            future.set_exception(err)
        return future


class HeldJobs(Executor):
    """Holds jobs until the test releases them: what the window does while a job is still running."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Future, object, tuple, dict]] = []

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        self.waiting.append((future, fn, args, kwargs))
        return future

    def release(self) -> None:
        for future, fn, args, kwargs in self.waiting:
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as err:  # noqa: BLE001
                future.set_exception(err)
        self.waiting.clear()
