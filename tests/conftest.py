"""Shared fixtures. The expensive one, ``full_cycle``, runs nbgrader's real cycle once per test run,
however many xdist workers use it (tests/run_once.py, xdist's documented file-lock pattern)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.run_once import run_once

REPO = Path(__file__).resolve().parent.parent
# nbgrader shells out to `alembic`; the tests' own interpreter's bin folder must be on PATH.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def course():
    from attuned.model.course import load_course

    return load_course()


@pytest.fixture(scope="session")
def keys(course):
    from attuned.pipeline.notebook_builder import load_keys

    return load_keys(REPO / "instructor" / "keys", course)


@pytest.fixture(scope="session")
def full_cycle(tmp_path_factory):
    """Every module through generate → release → fetch → work → submit → collect → autograde →
    export → feedback, with the simulated trainees. Several test files read its results, so under
    xdist it is built by one worker and loaded by the others (tests/run_once.py)."""
    from attuned.simulation.cycle import run_cycle

    return run_once(tmp_path_factory, "full_cycle", lambda work: run_cycle(REPO, work=work))


@pytest.fixture
def log_path(tmp_path, monkeypatch) -> Path:
    """A response log in a fresh folder, which grade functions will read (as beside a notebook)."""
    path = tmp_path / "responses.jsonl"
    monkeypatch.setenv("ATTUNED_RESPONSES", str(path))
    return path


@pytest.fixture(scope="module")
def postgres():
    """A real PostgreSQL server of our own (initdb + pg_ctl, tests/postgres_server.py), one per test
    module; skipped where PostgreSQL is not installed (failed on CI)."""
    from tests.postgres_server import running_server

    with running_server() as server:
        yield server
