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


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """``make test`` runs ``-n auto --dist loadfile``: each file's tests go to one worker, so
    module-scoped fixtures (the 30-trainee cohort, the wheel builds, the PostgreSQL server) run
    once. On top of that, every file that uses ``full_cycle`` goes to the same worker, so the most
    expensive fixture of the suite runs once, not once per worker that happens to need it.
    (A scheduler, not ``xdist_group`` marks: with pytest 9.2, xdist 3.8's ``--dist loadgroup``
    cannot rename node ids any more and silently schedules test by test.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FullCycleTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "full_cycle" if _uses_full_cycle(path) else path

    return FullCycleTogether(config, log)


_FULL_CYCLE_FILES: dict[str, bool] = {}


def _uses_full_cycle(path: str) -> bool:
    if path not in _FULL_CYCLE_FILES:
        try:
            _FULL_CYCLE_FILES[path] = "full_cycle" in (REPO / path).read_text(encoding="utf-8")
        except OSError:
            _FULL_CYCLE_FILES[path] = False
    return _FULL_CYCLE_FILES[path]


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
    export → feedback, with the four simulated trainees. Several test files read its results."""
    from attuned.simulation.cycle import run_cycle

    work = tmp_path_factory.mktemp("cycle")
    return run_cycle(REPO, work=work)


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
