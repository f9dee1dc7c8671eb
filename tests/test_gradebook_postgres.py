"""nbgrader's gradebook in a REAL PostgreSQL server: the same cohort gives the same numbers as SQLite.

What runs, for real on this machine:

- Debian's PostgreSQL (``make system-deps`` installs the package ``postgresql`` when missing):
  ``initdb`` and ``pg_ctl`` in a fresh temporary data folder, as the ``postgres`` account when
  we are root (``runuser``; PostgreSQL refuses to run as root), listening only on 127.0.0.1 on a
  free port, trust authentication, no Unix socket outside that folder. Stopped at the end with
  ``pg_ctl stop`` and, should that fail, by the PID in ``postmaster.pid``: on failure too.
- ``attuned.simulation.cycle.run_cycle`` twice on one module with three personas: once on the default
  SQLite gradebook, once with ``ATTUNED_DB_URL=postgresql+psycopg://...`` (psycopg 3), which
  ``nbgrader_config.py`` hands to every nbgrader command and ``attuned.pipeline.gradebook.gradebook_url``
  to the package. Every nbgrader step runs for real both times; the second time each trainee
  hands in a copy of what their kernel produced the first time (that part never touches the
  gradebook, and a second kernel run would only cost a minute).
- Asserted: no ``gradebook.db`` appears in the PostgreSQL course (nobody fell back to SQLite);
  the server's own tables hold the cohort; per-item scores, nbgrader's grades.csv, the cohort
  DataFrames of ``attuned.reports.cohort_report`` and the Canvas export are equal on both.
"""

from __future__ import annotations

import contextlib
import csv
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from attuned.pipeline.gradebook import DB_URL_VARIABLE
from tests import expected_scores as expected

pytestmark = [pytest.mark.postgres, pytest.mark.pipeline]

MODULE = expected.MODULE
STUDENTS = ("attuned", "fixer", "silent")
DATABASE = "attuned_gradebook"


def _postgres_bin() -> Path | None:
    """Debian's versioned folder (the newest), else whatever pg_ctl is on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return found[-1].parent
    which = shutil.which("pg_ctl")
    return Path(which).resolve().parent if which else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throwaway PostgreSQL cluster; ``stop`` is safe to call at any point, more than once."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.base = Path(tempfile.mkdtemp(prefix="attuned-pg-"))  # /tmp, not pytest's root-only tmp
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        self.pid: int | None = None
        if self.as_root:
            account = pwd.getpwnam("postgres")
            os.chown(self.base, account.pw_uid, account.pw_gid)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # no stray PGHOST, PGPORT...
        return subprocess.run(cmd, cwd=self.base, env=env, capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        proc = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                         "--locale=C", "--no-instructions")
        assert proc.returncode == 0, f"initdb failed: {proc.stderr[-2000:]}"
        for _attempt in range(3):  # the free port can be taken between our check and the server's bind
            self.port = _free_port()
            options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.base} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            proc = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60",
                             "start")
            self.pid = self._postmaster_pid()
            if proc.returncode == 0:
                return
            self.stop()
        log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        raise AssertionError(f"pg_ctl start failed three times: {proc.stdout[-1000:]} {proc.stderr[-1000:]} {log}")

    def _postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.data / "postmaster.pid").read_text().splitlines()[0])
        return self.pid

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def query(self, database: str, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                             connect_timeout=10) as conn:
            return conn.execute(sql).fetchall()

    def running(self) -> bool:
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def stop(self) -> None:
        pid = self._postmaster_pid()
        if self.data.exists() and pid is not None:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop", timeout=60)
        self.pid = pid
        if self.running():  # pg_ctl could not stop it: end our own server by its PID
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            while self.running() and time.monotonic() < deadline:
                time.sleep(0.2)
            if self.running():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.pid = None


@pytest.fixture(scope="module")
def postgres():
    bindir = _postgres_bin()
    if bindir is None or not (bindir / "initdb").exists():
        message = "PostgreSQL is not installed: `make system-deps` installs Debian's package (as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("root, but there is no 'postgres' account to run the server as (Debian's package creates it)")
    pytest.importorskip("psycopg", reason="psycopg 3 is missing: pip install -e '.[test]' (or the 'postgres' extra)")
    server = PostgresServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        assert not server.running(), "the PostgreSQL server is still running after stop"
        shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture(scope="module")
def cohorts(postgres, tmp_path_factory):
    """The same small cohort through nbgrader's real cycle: SQLite first, then PostgreSQL."""
    from attuned.simulation.cycle import run_cycle

    mp = pytest.MonkeyPatch()
    try:
        mp.delenv(DB_URL_VARIABLE, raising=False)
        mp.delenv("ATTUNED_RESPONSES", raising=False)  # kernels write beside their notebook
        sqlite = run_cycle(expected.REPO, work=tmp_path_factory.mktemp("sqlite"), modules=[MODULE], students=STUDENTS)
        sqlite_frames = _frames(sqlite.course)
        url = postgres.create_database(DATABASE)
        mp.setenv(DB_URL_VARIABLE, url)

        def same_work(folder: Path, student: str, _keys: dict) -> None:
            """The trainee's part does not touch the gradebook: reuse what their kernel did on SQLite."""
            shutil.rmtree(folder)
            shutil.copytree(sqlite.work / "trainees" / student / MODULE, folder)

        pg = run_cycle(expected.REPO, work=tmp_path_factory.mktemp("postgres"), modules=[MODULE], students=STUDENTS,
                       answer=same_work)
        no_sqlite_after_cycle = not (pg.course / "gradebook.db").exists()
        pg_frames = _frames(pg.course)
        no_sqlite_after_frames = not (pg.course / "gradebook.db").exists()
    finally:
        mp.undo()
    return {"sqlite": (sqlite, sqlite_frames), "postgres": (pg, pg_frames),
            "no_sqlite": (no_sqlite_after_cycle, no_sqlite_after_frames)}


def _frames(course: Path) -> dict:
    """The cohort DataFrames and the Canvas export, read through the gradebook URL in force."""
    from attuned.reports.cohort_report import first_response_frame, qualities_frame, scores_frame
    from attuned.reports.export import export_grades

    scores = scores_frame(course).sort_values(["trainee", "module", "item"]).reset_index(drop=True)
    qualities = qualities_frame(course).sort_values(["trainee", "module", "quality"]).reset_index(drop=True)
    firsts = first_response_frame(course)
    firsts = firsts.drop(columns=[c for c in ("at",) if c in firsts.columns])  # wall-clock times differ
    firsts = firsts.sort_values([c for c in ("trainee", "module", "item", "run") if c in firsts.columns],
                                kind="stable").reset_index(drop=True)
    canvas = export_grades(course, "canvas", dry_run=True, preview_rows=len(STUDENTS)).text
    return {"scores": scores, "qualities": qualities, "firsts": firsts,
            "canvas": re.sub(r" to \S+\. First rows", " First rows", canvas)}


def _grades_csv(path: Path) -> list[tuple]:
    with open(path, newline="", encoding="utf-8") as fh:
        return sorted((r["assignment"], r["student_id"], r["score"], r["max_score"]) for r in csv.DictReader(fh))


def test_nbgrader_wrote_the_gradebook_to_postgres_and_nothing_fell_back_to_sqlite(cohorts, postgres):
    """Held: with ATTUNED_DB_URL set, the course folder never gets a gradebook.db (not from nbgrader's
    commands, not from attuned's readers), and the server's own tables hold the cohort's grades."""
    after_cycle, after_frames = cohorts["no_sqlite"]
    assert after_cycle, "nbgrader wrote gradebook.db although ATTUNED_DB_URL named PostgreSQL"
    assert after_frames, ("reading the cohort created gradebook.db in the PostgreSQL course: something opens "
                          "sqlite:///.../gradebook.db instead of attuned.pipeline.gradebook.gradebook_url(course_dir)")
    students = {row[0] for row in postgres.query(DATABASE, "SELECT id FROM student")}
    assert students == set(STUDENTS), students
    assignments = {row[0] for row in postgres.query(DATABASE, "SELECT name FROM assignment")}
    assert assignments == {MODULE}, assignments
    graded = postgres.query(DATABASE, "SELECT count(*) FROM grade WHERE auto_score IS NOT NULL")[0][0]
    assert graded > 0, "no autograded grade rows in PostgreSQL"


def test_per_item_scores_are_equal_on_postgres_and_sqlite(cohorts):
    """Held: every trainee's score per grade cell, read back by run_cycle, is the same on both, and is
    the score tests/expected_scores.py derives from the content for the attuned persona."""
    sqlite, _ = cohorts["sqlite"]
    pg, _ = cohorts["postgres"]
    assert pg.scores == sqlite.scores
    assert pg.autograde_failures == sqlite.autograde_failures == {MODULE: {}}
    want = {expected.grade_id(i): s for i, s in expected.persona_item_scores("attuned").items()}
    got = {gid: s for gid, (s, _m) in pg.scores["attuned"][MODULE].items() if gid in want}
    assert got == want


def test_nbgrader_export_is_equal_on_postgres_and_sqlite(cohorts):
    sqlite, _ = cohorts["sqlite"]
    pg, _ = cohorts["postgres"]
    rows = _grades_csv(pg.grades_csv)
    assert rows == _grades_csv(sqlite.grades_csv)
    assert {r[1] for r in rows} == set(STUDENTS)


def test_cohort_dataframes_and_export_are_equal_on_postgres_and_sqlite(cohorts):
    """Held: attuned.reports.cohort_report' scores (from the gradebook), qualities and first responses (from the
    collected logs), and the Canvas export, built from PostgreSQL, equal those built from SQLite."""
    from pandas.testing import assert_frame_equal

    _, sqlite = cohorts["sqlite"]
    _, pg = cohorts["postgres"]
    assert len(sqlite["scores"]) > 0 and sqlite["scores"].score.notna().any()
    assert len(pg["scores"]) == len(sqlite["scores"]), (
        f"{len(pg['scores'])} score rows from PostgreSQL, {len(sqlite['scores'])} from SQLite: does "
        "attuned.reports.cohort_report.scores_frame open gradebook_url(course_dir)?")
    assert_frame_equal(pg["scores"], sqlite["scores"])
    assert_frame_equal(pg["qualities"], sqlite["qualities"])
    assert_frame_equal(pg["firsts"], sqlite["firsts"])
    assert pg["canvas"] == sqlite["canvas"]
    assert all(s in pg["canvas"] for s in STUDENTS)
