"""nbgrader's gradebook in a REAL PostgreSQL server: the same cohort gives the same numbers as SQLite.

What runs, for real on this machine:

- Debian's PostgreSQL, our own throwaway server (the ``postgres`` fixture of conftest.py,
  tests/postgres_server.py: initdb + pg_ctl on 127.0.0.1, stopped at the end, on failure too).
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

import csv
import re
import shutil
from pathlib import Path

import pytest

from attuned.pipeline.gradebook import DB_URL_VARIABLE
from tests import expected_scores as expected

pytestmark = [pytest.mark.postgres, pytest.mark.pipeline]

MODULE = expected.MODULE
STUDENTS = ("attuned", "fixer", "silent")
DATABASE = "attuned_gradebook"


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


def _without_db_variable() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != DB_URL_VARIABLE}


def _run(args: list[str], cwd: Path) -> str:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=_without_db_variable(), capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, f"{args}: {proc.stdout[-1500:]} {proc.stderr[-3000:]}"
    return proc.stdout + proc.stderr


def test_a_course_whose_nbgrader_config_names_postgres_gets_its_report_and_export_from_it(cohorts, postgres,
                                                                                          tmp_path):
    """Issue 25, item 3. Held: with ATTUNED_DB_URL unset and the PostgreSQL gradebook named only by
    c.CourseDirectory.db_url in the course's nbgrader_config.py, nbgrader's own command and
    `attuned report` / `attuned export` (run from another folder, with --course) all read that
    database: the report's scores and the export equal those of the same cohort on SQLite, and
    no gradebook.db appears."""
    sqlite, _ = cohorts["sqlite"]
    pg, _ = cohorts["postgres"]
    course = tmp_path / "course"  # a copy: the cycle's own course stays as the other tests read it
    shutil.copytree(pg.course, course)
    config = course / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    marker = 'c.CourseDirectory.course_id = "attuned"\n'
    assert marker in text
    config.write_text(text.replace(marker, marker + f"c.CourseDirectory.db_url = {postgres.url(DATABASE)!r}\n"),
                      encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    listed = _run(["nbgrader", "db", "student", "list"], cwd=course)  # nbgrader's own reading of the config
    assert all(f"{student} (" in listed for student in STUDENTS), listed

    for name, folder in (("pg", course), ("sqlite", sqlite.course)):
        _run(["attuned", "report", "--course", str(folder), "--out", str(tmp_path / f"report-{name}")], cwd=elsewhere)
        _run(["attuned", "export", "--format", "csv", "--course", str(folder), "--out", str(tmp_path / f"{name}.csv")],
             cwd=elsewhere)
    scores = (tmp_path / "report-pg" / "scores.csv").read_text(encoding="utf-8")
    assert scores == (tmp_path / "report-sqlite" / "scores.csv").read_text(encoding="utf-8")
    assert len(scores.splitlines()) > len(STUDENTS) and all(s in scores for s in STUDENTS)
    exported = (tmp_path / "pg.csv").read_text(encoding="utf-8")
    assert exported == (tmp_path / "sqlite.csv").read_text(encoding="utf-8")
    assert all(f"\n{s}," in exported for s in STUDENTS), exported
    assert not (course / "gradebook.db").exists(), "something read or created gradebook.db instead of PostgreSQL"
    assert not (elsewhere / "gradebook.db").exists() and not any(elsewhere.iterdir())
