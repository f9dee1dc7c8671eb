"""Shared fixtures. The expensive one, ``full_cycle``, runs nbgrader's real cycle once per session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# nbgrader shells out to `alembic`; the tests' own interpreter's bin folder must be on PATH.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def course():
    from attuned.course import load_course

    return load_course()


@pytest.fixture(scope="session")
def keys(course):
    from attuned.notebook_builder import load_keys

    return load_keys(REPO / "instructor" / "keys", course)


@pytest.fixture(scope="session")
def full_cycle(tmp_path_factory):
    """Every module through generate → release → fetch → work → submit → collect → autograde →
    export → feedback, with the four simulated trainees. Several test files read its results."""
    from attuned.cycle import run_cycle

    work = tmp_path_factory.mktemp("cycle")
    return run_cycle(REPO, work=work)


@pytest.fixture
def log_path(tmp_path, monkeypatch) -> Path:
    """A response log in a fresh folder, which grade functions will read (as beside a notebook)."""
    path = tmp_path / "responses.jsonl"
    monkeypatch.setenv("ATTUNED_RESPONSES", str(path))
    return path
