"""The course's ES modules (attuned/notebook/controls/*.js) under node's own test runner, as part of pytest.

The JavaScript tests live in tests/js (``node --test``, a fake anywidget model, happy-dom for the
DOM; ``make system-deps`` runs ``npm ci`` there from the committed lockfile). Running them from
pytest means ``make test`` cannot pass while a front-end test fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).resolve().parent / "js"


def test_the_front_end_modules_pass_their_node_tests():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Node.js 20 or later (the front-end tests run with `node --test`)")
    if not (JS_TESTS / "node_modules" / "happy-dom").exists():
        pytest.fail(f"{JS_TESTS / 'node_modules'} is missing: run `make system-deps` (npm ci --prefix tests/js)")
    proc = subprocess.run([node, "--test"], cwd=JS_TESTS, capture_output=True, text=True, timeout=300)
    summary = [line for line in proc.stdout.splitlines() if line.startswith(("# tests", "# pass", "# fail", "not ok"))]
    assert proc.returncode == 0, "\n".join(summary) + "\n" + proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in summary and not any(line.startswith("# tests 0") for line in summary), summary
