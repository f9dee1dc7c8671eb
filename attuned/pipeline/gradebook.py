"""The one reader of nbgrader's gradebook: the cohort report, export, portfolio and simulation use it.

Where the gradebook is, is :mod:`attuned.pipeline.settings`' answer (nbgrader's own config, then
``$ATTUNED_DB_URL``, then ``gradebook.db`` in the course folder). What is in it is read here, once,
with plain SQL on nbgrader's tables (the schema of nbgrader 0.9, which pyproject pins), on a DB-API
cursor: ``sqlite3`` for a SQLite file (what SQLAlchemy would use, minus its import), a SQLAlchemy
engine's raw connection for anything else (PostgreSQL). Not through ``nbgrader.api``: importing
nbgrader loads its Jupyter server extensions (~1.5 s of a 1,000-trainee report), its ORM builds an
object per grade, and ``Gradebook()`` creates an empty database where there is none. This reader
writes nothing: a course without a gradebook yet reads as None.

One definition of **awaiting manual grading** (:func:`awaiting_manual_grading`): a grade that
neither autograde nor a grader has scored (``auto_score`` and ``manual_score`` both NULL). Its
score is None here (nbgrader's ``Grade.score`` counts it as 0, and so do the module totals below,
as nbgrader's ``SubmittedAssignment.score`` does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attuned.pipeline.settings import DB_URL_VARIABLE, course_settings, gradebook_url

__all__ = ["DB_URL_VARIABLE", "Cell", "GradebookContents", "awaiting_manual_grading", "gradebook_cursor",
           "gradebook_url", "read_gradebook", "shown_url"]

#: Every grade with its trainee, joined the way nbgrader's ORM joins them (a grade whose submitted
#: notebook, notebook, submission or assignment is gone has no row). ``score`` is nbgrader's own
#: ``Grade.score`` expression (manual score over auto score, plus any extra credit), written out,
#: except that it is NULL while the grade awaits manual grading (:func:`awaiting_manual_grading`).
_GRADES_SQL = """
SELECT grade.cell_id, submitted_assignment.student_id,
       CASE WHEN grade.auto_score IS NULL AND grade.manual_score IS NULL THEN NULL
            WHEN grade.manual_score IS NOT NULL THEN grade.manual_score + COALESCE(grade.extra_credit, 0.0)
            ELSE grade.auto_score + COALESCE(grade.extra_credit, 0.0) END AS score
FROM grade
JOIN base_cell ON base_cell.id = grade.cell_id
JOIN submitted_notebook ON submitted_notebook.id = grade.notebook_id
JOIN notebook ON notebook.id = submitted_notebook.notebook_id
JOIN submitted_assignment ON submitted_assignment.id = submitted_notebook.assignment_id
JOIN assignment ON assignment.id = submitted_assignment.assignment_id
"""

_SUBMISSIONS_SQL = """
SELECT submitted_assignment.student_id, assignment.name, COALESCE(SUM(submitted_notebook.late_submission_penalty), 0.0)
FROM submitted_assignment
JOIN assignment ON assignment.id = submitted_assignment.assignment_id
LEFT JOIN submitted_notebook ON submitted_notebook.assignment_id = submitted_assignment.id
"""

_AUTOGRADED_SQL = """
SELECT DISTINCT assignment.name FROM grade
JOIN submitted_notebook ON submitted_notebook.id = grade.notebook_id
JOIN submitted_assignment ON submitted_assignment.id = submitted_notebook.assignment_id
JOIN assignment ON assignment.id = submitted_assignment.assignment_id
WHERE grade.auto_score IS NOT NULL
"""

_COMMENTS_SQL = """
SELECT submitted_assignment.student_id, base_cell.notebook_id, base_cell.name, comment.manual_comment
FROM comment
JOIN base_cell ON base_cell.id = comment.cell_id
JOIN submitted_notebook ON submitted_notebook.id = comment.notebook_id
JOIN submitted_assignment ON submitted_assignment.id = submitted_notebook.assignment_id
"""


def awaiting_manual_grading(auto_score: float | None, manual_score: float | None) -> bool:
    """The one definition: neither autograde nor a grader has scored the grade yet."""
    return auto_score is None and manual_score is None


@dataclass(frozen=True)
class Cell:
    """A grade or task cell of a module's notebook, as nbgrader generated it."""

    rank: int  # the Gradebook API's order (see :func:`_cells`)
    module: str  # the assignment's name
    notebook: str
    name: str  # the grade id
    max_score: float


@dataclass
class GradebookContents:
    """What the gradebook holds, in the Gradebook API's orders.

    ``grades``: (cell id, trainee, score) per grade row; score None while awaiting manual grading.
    """

    url: str
    students: list[tuple[str, str, str]]  # (id, first name, last name), by last then first name
    modules: list[str]  # assignment names, by due date then name
    cells: dict[str, Cell]  # cell id → cell, in rank order
    grades: list[tuple[str, str, float | None]]
    # With read_gradebook(submissions=True), else empty:
    submissions: dict[tuple[str, str], float] = field(default_factory=dict)  # (trainee, module) → late penalty
    autograded: set[str] = field(default_factory=set)  # modules with at least one autograde score
    comments: dict[tuple[str, str, str, str], str] = field(default_factory=dict)  # (trainee, module, notebook, cell)

    def module_max(self, module: str) -> float:
        """nbgrader's ``Assignment.max_score``: the sum of its grade and task cells' max scores."""
        return float(sum(cell.max_score for cell in self.cells.values() if cell.module == module))

    def module_points(self) -> dict[tuple[str, str], tuple[float, bool]]:
        """(trainee, module) → (nbgrader's submission score less its late penalty, floored at 0; whether
        any of its grades awaits manual grading), for every submission."""
        totals: dict[tuple[str, str], list] = {key: [0.0, False] for key in self.submissions}
        for cell_id, student, score in self.grades:
            cell = self.cells.get(cell_id)
            entry = totals.get((student, cell.module)) if cell else None
            if entry is None:
                continue
            if score is None:
                entry[1] = True
            else:
                entry[0] += score
        return {key: (max(0.0, total - float(self.submissions[key] or 0.0)), awaiting)
                for key, (total, awaiting) in totals.items()}


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL: show only what follows any credentials
        return url.rsplit("@", 1)[-1]


@contextmanager
def gradebook_cursor(url: str) -> Iterator[tuple[Any, str] | None]:
    """(DB-API cursor, its parameter placeholder) on the gradebook at ``url``, or None while it has
    no ``grade`` table (no gradebook yet). Opens a SQLite file read-only and never creates one."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            yield None
            return
        import sqlite3

        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            cursor = connection.cursor()
            found = cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grade'").fetchone()
            yield (cursor, "?") if found else None
        finally:
            connection.close()
        return
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("grade"):
            yield None
            return
        connection = engine.raw_connection()
        try:
            yield connection.cursor(), "?" if engine.dialect.paramstyle == "qmark" else "%s"
        finally:
            connection.close()
    finally:
        engine.dispose()


def _cells(rows) -> dict[str, Cell]:
    """cell id → Cell for every grade and task cell, ranked in the Gradebook API's order:
    assignments by due date and name, each one's notebooks by name, each notebook's grade cells
    then its task cells, both in table order (``Notebook.grade_cells`` filters the unordered
    ``_base_cells`` relationship, which reads ``base_cell`` in table order)."""
    notebooks: dict[str, list[tuple[str, str]]] = {}
    for notebook_id, assignment_id, name in rows("SELECT id, assignment_id, name FROM notebook ORDER BY name"):
        notebooks.setdefault(assignment_id, []).append((notebook_id, name))
    max_scores = dict(rows("SELECT id, max_score FROM grade_cells UNION ALL SELECT id, max_score FROM task_cells"))
    by_notebook: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for cell_id, notebook_id, name, kind in rows("SELECT id, notebook_id, name, type FROM base_cell"):
        by_notebook.setdefault((notebook_id, kind), []).append((cell_id, name))
    cells: dict[str, Cell] = {}
    for assignment_id, module in rows("SELECT id, name FROM assignment ORDER BY duedate, name"):
        for notebook_id, notebook in notebooks.get(assignment_id, []):
            for cell_id, name in [*by_notebook.get((notebook_id, "GradeCell"), []),
                                  *by_notebook.get((notebook_id, "TaskCell"), [])]:
                if cell_id not in cells:
                    cells[cell_id] = Cell(len(cells), module, notebook, name, float(max_scores[cell_id] or 0.0))
    return cells


def read_gradebook(course_or_url: str | Path, *, student: str | None = None, submissions: bool = True,
                   comments: bool = False) -> GradebookContents | None:
    """Everything the reports need from the gradebook of a course folder (or at a URL), or None
    while there is no gradebook yet. ``student``: only that trainee's grades, submissions and
    comments; ``submissions``: also each submission's late penalty and which modules autograde has
    scored (two more queries over every grade: the cohort report, which needs neither, skips them);
    ``comments``: the graders' comments too (the portfolio shows them)."""
    url = str(course_or_url) if "://" in str(course_or_url) else course_settings(course_or_url).db_url
    with gradebook_cursor(url) as found:
        if found is None:
            return None
        cursor, mark = found
        only = f" WHERE submitted_assignment.student_id = {mark}" if student is not None else ""
        params: tuple = () if student is None else (student,)

        def rows(sql: str, bound: tuple = ()) -> list[tuple]:
            cursor.execute(sql, bound)
            return cursor.fetchall()

        cells = _cells(rows)
        students = [(sid, first or "", last or "") for sid, first, last in
                    rows("SELECT id, first_name, last_name FROM student ORDER BY last_name, first_name")
                    if student is None or sid == student]
        modules = [name for (name,) in rows("SELECT name FROM assignment ORDER BY duedate, name")]
        grades = rows(_GRADES_SQL + only, params)
        penalties: dict[tuple[str, str], float] = {}
        autograded: set[str] = set()
        if submissions:
            penalties = {(sid, module): float(penalty or 0.0) for sid, module, penalty in rows(
                _SUBMISSIONS_SQL + only + " GROUP BY submitted_assignment.student_id, assignment.name", params)}
            autograded = {name for (name,) in rows(_AUTOGRADED_SQL)}
        said: dict[tuple[str, str, str, str], str] = {}
        if comments:
            where = dict(rows("SELECT notebook.id, assignment.name FROM notebook "
                              "JOIN assignment ON assignment.id = notebook.assignment_id"))
            names = dict(rows("SELECT id, name FROM notebook"))
            for sid, notebook_id, name, text in rows(_COMMENTS_SQL + only, params):
                said[(sid, where.get(notebook_id, ""), names.get(notebook_id, ""), name)] = text or ""
    return GradebookContents(url, students, modules, cells, grades, penalties, autograded, said)
