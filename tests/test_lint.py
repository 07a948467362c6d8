"""The linter's rules (pyproject.toml, [tool.ruff]) hold for the whole tree, on every test run."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                         cwd=ROOT, capture_output=True, text=True)
    assert "No module named ruff" not in run.stderr, "pip install -r requirements-dev.txt (it installs ruff)"
    assert run.returncode == 0, run.stdout + run.stderr
