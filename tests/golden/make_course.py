"""Write the small, fixed course state the golden pages are made from (``tests/golden/course``).

Run once, by hand, when the course state itself must change (never by the tests):
``.venv/bin/python -m tests.golden.make_course``. Four simulated trainees work two modules through
nbgrader's real cycle; then, as an instructor would, a grader scores and comments on written
work (with text that must be escaped), and one submission is recorded as failed by autograde. What
the pages read is kept (gradebook as SQL text, collected logs, autograded notebooks without outputs, the
failure record); anything time- or machine-dependent is fixed, so the pages depend only on this
folder and the installed course content.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
COURSE = HERE / "course"
MODULES = ["02-experience-over-explanation", "04-moving-past-fixing"]
STUDENTS = ("attuned", "fixer", "silent", "garbled")
#: Comments and a manual score a grader gives; the second comment must reach the page as text.
COMMENTS = {
    ("attuned", "02-experience-over-explanation", "m2-reflect-insight-answer"):
        ("Specific and honest; next time name what the client did next.", 2.0),
    ("fixer", "02-experience-over-explanation", "m2-reflect-insight-answer"):
        ("You wrote <b>fix</b> & \"solve\" — what was under the urge?", None),
}
FAILED = ("garbled", "04-moving-past-fixing", "the notebook could not be read: not valid JSON")
FIXED_TIME = "2026-01-05 10:00:00.000000"


def main() -> None:
    from attuned.pipeline.autograde_record import record_path
    from attuned.simulation.cycle import run_cycle

    with tempfile.TemporaryDirectory(prefix="attuned-golden-") as work:
        result = run_cycle(REPO, work=Path(work), modules=MODULES, students=STUDENTS)
        if COURSE.exists():
            shutil.rmtree(COURSE)
        COURSE.mkdir(parents=True)
        shutil.copy(result.course / "gradebook.db", COURSE / "gradebook.db")
        for log in sorted((result.course / "submitted").glob("*/*/responses.jsonl")):
            target = COURSE / log.relative_to(result.course)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, target)
        for notebook in sorted((result.course / "autograded").glob("*/*/*.ipynb")):
            target = COURSE / notebook.relative_to(result.course)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_without_outputs(notebook), encoding="utf-8")
    _grade_by_hand(COURSE / "gradebook.db")
    _as_sql(COURSE / "gradebook.db")
    student, module, reason = FAILED
    record_path(COURSE).write_text(json.dumps({module: {student: {"reason": reason, "at": "2026-01-05T10:00:00+00:00"}}},
                                              indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {COURSE}")


def _without_outputs(notebook: Path) -> str:
    """The notebook as the portfolio reads it (cell sources and metadata), outputs dropped: they
    hold widget state and kernel timings, which the pages never show and which change every run."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _grade_by_hand(db: Path) -> None:
    """The grader's comments and score (as Formgrader writes them), and every timestamp fixed."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gb:
        for (student, module, grade_id), (text, score) in COMMENTS.items():
            comment = gb.find_comment(grade_id, module, module, student)
            comment.manual_comment = text
            if score is not None:
                gb.find_grade(grade_id, module, module, student).manual_score = score
        gb.db.commit()
    connection = sqlite3.connect(db)
    try:
        for table, column in (("assignment", "duedate"), ("submitted_assignment", "timestamp")):
            connection.execute(f"UPDATE {table} SET {column} = ? WHERE {column} IS NOT NULL", (FIXED_TIME,))
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()


def _as_sql(db: Path) -> None:
    """The gradebook as SQL text (``gradebook.sql``, restored by ``pages.restore_gradebook``): a
    fixture a reviewer can read and diff, and no ``gradebook.db`` committed by mistake elsewhere."""
    connection = sqlite3.connect(db)
    try:
        text = "\n".join(connection.iterdump()) + "\n"
    finally:
        connection.close()
    db.with_suffix(".sql").write_text(text, encoding="utf-8")
    db.unlink()


if __name__ == "__main__":
    main()
