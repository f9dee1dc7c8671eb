"""Session fixtures that run once per test run, however many xdist workers ask for them.

``make test`` runs the suite with ``-n auto --dist loadfile``: each worker is its own pytest session,
so a session-scoped fixture would run once per worker that needs it. This is pytest-xdist's
documented pattern ("Making session-scoped fixtures execute only once"): the first worker to take a
file lock in the folder all workers share (``tmp_path_factory.getbasetemp().parent``) builds the
result and saves it there; every other worker waits on the lock and loads it. Without xdist the
session's own temporary folder plays that part, so the code path is the same either way.

Each real build appends one line to ``<name>.runs`` beside the result: tests can read there that
an expensive fixture ran exactly once (``runs``).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this run shares (a fresh one per run)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def run_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]) -> T:
    """``build(folder)``'s result, built by one worker only; ``folder`` is shared by all of them.

    The result is pickled, so it must hold plain data (paths, numbers, dicts), as the fixtures'
    results do. A build that fails leaves no result, so the next worker tries again and reports
    the same failure rather than a missing file.
    """
    from filelock import FileLock

    root = shared_root(tmp_path_factory)
    saved = root / f"{name}.pickle"
    with FileLock(str(root / f"{name}.lock")):
        if saved.is_file():
            return pickle.loads(saved.read_bytes())  # written by this test run, just above
        folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))  # fresh, should an earlier try have failed
        with (root / f"{name}.runs").open("a", encoding="utf-8") as runs:
            runs.write(os.environ.get("PYTEST_XDIST_WORKER", "main") + "\n")
        result = build(folder)
        saved.write_bytes(pickle.dumps(result))
        return result


def runs(tmp_path_factory: pytest.TempPathFactory, name: str) -> list[str]:
    """The workers that built ``name`` in this run, one line each (exactly one when all is well)."""
    path = shared_root(tmp_path_factory) / f"{name}.runs"
    return path.read_text(encoding="utf-8").split() if path.is_file() else []
