"""attuned.pipeline.autograde_gradebook and the two steps that use it: the same results as nbgrader's own
OverwriteCells and SaveAutoGrades, on a real nbgrader gradebook, in far fewer statements.

The course here is real (``nbgrader generate_assignment`` of module 01 into a SQLite gradebook, one
trainee's submission rows); each comparison runs nbgrader's step and ours on copies of the same
notebook and the same gradebook file. End to end, the full cycle's exact per-persona scores
(tests/test_pipeline.py) are graded through these steps.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_output
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import OverwriteCells as NbgraderOverwriteCells
from nbgrader.preprocessors import SaveAutoGrades as NbgraderSaveAutoGrades
from sqlalchemy.exc import SAWarning

from attuned.pipeline.autograde_gradebook import NotebookGradebook
from attuned.pipeline.autograde_steps import RESTORED, OverwriteCells, SaveAutoGrades
from attuned.simulation.cycle import prepare_course

REPO = Path(__file__).resolve().parents[1]
MODULE = "01-relationship-and-technique"
STUDENT = "t1"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    """(gradebook file with module 01 and one trainee's submission rows, the released notebook)."""
    course = prepare_course(REPO, tmp_path_factory.mktemp("ag-gradebook"), [MODULE])
    for args in (["db", "student", "add", STUDENT], ["generate_assignment", MODULE, "--force"]):
        subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, check=True, capture_output=True)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb, warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)  # nbgrader's own autoflush notices while it adds rows
        gb.update_or_create_submission(MODULE, STUDENT)
    return course / "gradebook.db", next((course / "release" / MODULE).glob("*.ipynb"))


def _db(generated: tuple[Path, Path], folder: Path) -> str:
    folder.mkdir()
    shutil.copy(generated[0], folder / "gradebook.db")
    return f"sqlite:///{folder / 'gradebook.db'}"


def _resources(notebook: Path, db_url: str) -> dict:
    return {"nbgrader": {"notebook": notebook.stem, "assignment": MODULE, "student": STUDENT, "db_url": db_url}}


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


OPENING = ("PRAGMA", "SELECT name FROM sqlite_master", "SELECT course.")  # any Gradebook's start-up


@contextlib.contextmanager
def _database_work() -> Iterator[dict[str, list]]:
    """The SELECTs on the gradebook's rows (not the start-up every Gradebook makes) and the
    commits sent to any database inside the block."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    work: dict[str, list] = {"selects": [], "commits": []}

    def statement(conn, cursor, text, *args) -> None:
        if text.lstrip().startswith("SELECT") and not text.lstrip().startswith(OPENING):
            work["selects"].append(text)

    def commit(conn) -> None:
        work["commits"].append(conn)

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "commit", commit)
    try:
        yield work
    finally:
        event.remove(Engine, "before_cursor_execute", statement)
        event.remove(Engine, "commit", commit)


def _tampered(released: Path):
    """A submission that changed what nbgrader repairs: a locked cell's source, a grade cell's
    points, a grade cell's type, and a cell whose grade_id the gradebook has never seen."""
    nb = nbformat.read(released, as_version=4)
    locked = [c for c in nb.cells if _meta(c).get("locked") and not _meta(c).get("grade")]
    locked[0].source = "print('mine now')"
    graded = [c for c in nb.cells if _meta(c).get("grade") and c.cell_type == "code"]
    graded[0].metadata["nbgrader"]["points"] = 99
    graded[1].cell_type = "markdown"
    graded[1].pop("outputs", None)
    graded[1].pop("execution_count", None)
    stray = copy.deepcopy(locked[1])
    stray.metadata["nbgrader"]["grade_id"] = "not-in-the-gradebook"
    stray.pop("id", None)
    nb.cells.append(stray)
    return nb


def test_overwrite_cells_repairs_a_tampered_submission_exactly_as_nbgrader_does(generated, tmp_path, caplog):
    released = generated[1]
    results, warnings = [], []
    for kind, name in ((NbgraderOverwriteCells, "nbgrader"), (OverwriteCells, "ours")):
        resources = _resources(released, _db(generated, tmp_path / name))
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            nb, _ = kind().preprocess(_tampered(released), resources)
        results.append(nb)
        warnings.append([r.getMessage() for r in caplog.records])
    # ours also marks each cell whose source or type it put back, for autograde to say so
    restored = [c.metadata["nbgrader"]["grade_id"] for c in results[1].cells if c.metadata.pop(RESTORED, False)]
    assert restored == [w.split("for cell ")[1].split(" has")[0] for w in warnings[1]
                        if "'checksum'" in w or "'cell_type'" in w]
    assert results[0] == results[1]
    assert warnings[0] == warnings[1]
    assert any("not-in-the-gradebook" in w for w in warnings[1])  # the repairs did happen
    assert any("'points'" in w for w in warnings[1]) and any("'checksum'" in w for w in warnings[1])
    assert "print('mine now')" not in [c.source for c in results[1].cells]


def _graded(released: Path):
    """The notebook as Execute leaves it: code grade cells that passed, failed (an error, or
    stderr) and earned partial credit; one written answer left as released, the others written."""
    nb = nbformat.read(released, as_version=4)
    outcomes = [[], [new_output("error", ename="AssertionError", evalue="", traceback=[])],
                [new_output("execute_result", data={"text/plain": "0.5"}, execution_count=1)],
                [new_output("stream", name="stderr", text="warning\n")]]
    code = [c for c in nb.cells if _meta(c).get("grade") and c.cell_type == "code"]
    for index, cell in enumerate(code):
        cell.outputs = outcomes[index % len(outcomes)]
    written = [c for c in nb.cells if _meta(c).get("solution") and c.cell_type == "markdown"]
    for cell in written[1:]:
        cell.source = "What I noticed in my own body was a tightening before I answered."
    assert len(code) >= len(outcomes) and len(written) >= 2, "module 01 no longer has the cells this test needs"
    return nb


def _rows(db_url: str, notebook: str) -> dict:
    with Gradebook(db_url) as gb:
        submitted = gb.find_submission_notebook(notebook, MODULE, STUDENT)
        grades = {g.name: (g.auto_score, g.manual_score, g.needs_manual_grade) for g in submitted.grades}
        comments = {c.name: c.auto_comment for c in submitted.comments}
    return {"grades": grades, "comments": comments}


def _with_a_manual_grade(db_url: str, notebook: str) -> str:
    """Give one grade a grader's manual score (so the 'needs review' rule has a case); its name."""
    with Gradebook(db_url) as gb:
        grade = sorted(gb.find_submission_notebook(notebook, MODULE, STUDENT).grades, key=lambda g: g.name)[0]
        grade.manual_score = 1.0
        gb.db.commit()
        return grade.name


def test_save_auto_grades_saves_what_nbgrader_saves(generated, tmp_path):
    released = generated[1]
    saved, work = [], []
    for kind, name in ((NbgraderSaveAutoGrades, "nbgrader"), (SaveAutoGrades, "ours")):
        db_url = _db(generated, tmp_path / name)
        manual = _with_a_manual_grade(db_url, released.stem)
        before = _rows(db_url, released.stem)
        with _database_work() as done:
            kind().preprocess(_graded(released), _resources(released, db_url))
        work.append(done)
        saved.append(_rows(db_url, released.stem))
    assert saved[0] == saved[1]
    grades = saved[1]["grades"]
    assert grades != before["grades"] and {0, None} <= {a for a, _m, _n in grades.values()}
    assert any(a not in (0, None) for a, _m, _n in grades.values())  # full and partial credit too
    assert grades[manual][2] is True  # a grader's score is kept for review, as nbgrader does
    assert "No response." in saved[1]["comments"].values() and None in saved[1]["comments"].values()
    # nbgrader: a joined query and a commit per grade and per comment; ours: one query per kind of
    # row (grades of grade cells, of task cells; comments of answer cells, of task cells), one commit
    with _database_work() as opening:
        Gradebook(_db(generated, tmp_path / "opened")).close()
    commits = [len(w["commits"]) - len(opening["commits"]) for w in work]
    rows = len(grades) + len(saved[1]["comments"])
    assert len(work[0]["selects"]) >= rows and commits[0] >= len(grades)  # every grade changed here
    assert len(work[1]["selects"]) <= 4 and commits[1] == 1


def test_overwrite_cells_reads_a_notebooks_cells_in_a_few_queries(generated, tmp_path):
    released = generated[1]
    selects = []
    for kind, name in ((NbgraderOverwriteCells, "nbgrader"), (OverwriteCells, "ours")):
        resources = _resources(released, _db(generated, tmp_path / name))
        with _database_work() as done:
            kind().preprocess(nbformat.read(released, as_version=4), resources)
        selects.append(len(done["selects"]))
    cells = sum(1 for c in nbformat.read(released, as_version=4).cells if "grade_id" in _meta(c))
    assert selects[0] >= cells  # nbgrader: a query per cell, another per grade cell
    assert selects[1] <= 3  # ours: the source cells, the grade cells, the task cells


def test_a_notebook_that_fails_part_way_saves_no_grade_at_all(generated, tmp_path):
    """One commit per notebook: a grade cell the gradebook does not know stops grading, and the
    grades before it are not left half saved (nbgrader's step would have committed them)."""
    released = generated[1]
    db_url = _db(generated, tmp_path / "db")
    before = _rows(db_url, released.stem)
    nb = _graded(released)
    last = [c for c in nb.cells if _meta(c).get("grade")][-1]
    last.metadata["nbgrader"]["grade_id"] = "unknown-grade"
    with pytest.raises(MissingEntry, match="unknown-grade"):
        SaveAutoGrades().preprocess(nb, _resources(released, db_url))
    assert _rows(db_url, released.stem) == before


def test_lookups_answer_missing_names_as_nbgrader_does(generated, tmp_path):
    released = generated[1]
    db_url = _db(generated, tmp_path / "db")
    nb = nbformat.read(released, as_version=4)
    graded = next(_meta(c)["grade_id"] for c in nb.cells if _meta(c).get("grade"))
    with Gradebook(db_url) as theirs, NotebookGradebook(db_url) as ours:
        assert ours.find_graded_cell(graded, released.stem, MODULE).max_score == \
            theirs.find_graded_cell(graded, released.stem, MODULE).max_score
        for find, args in (("find_source_cell", ("nope", released.stem, MODULE)),
                           ("find_graded_cell", ("nope", released.stem, MODULE)),
                           ("find_grade", ("nope", released.stem, MODULE, STUDENT)),
                           ("find_comment", (graded, released.stem, MODULE, "someone-else"))):
            with pytest.raises(MissingEntry) as expected:
                getattr(theirs, find)(*args)
            with pytest.raises(MissingEntry) as got:
                getattr(ours, find)(*args)
            assert str(got.value) == str(expected.value)
