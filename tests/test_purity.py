"""The engine is pure NumPy: it never imports pygame, even indirectly."""

import ast
import json
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "engine"


def test_engine_source_never_imports_pygame():
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("pygame", "pygame_gui", "game") for n in names), path


def test_headless_commands_do_not_load_pygame():
    """A real race (a level id that exists) runs headless, succeeds, and never imports pygame."""
    code = ("import sys; from game.cli import main;"
            "rc = main(['race', 'classic-himmelblau', '--steps', '5', '--json']);"
            "print('pygame loaded:', 'pygame' in sys.modules, file=sys.stderr); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["level"] == "classic-himmelblau" and report["steps"] == 5 and report["racers"]
    assert out.stderr.strip().splitlines()[-1] == "pygame loaded: False"
