"""nbgrader's Gradebook for grading one notebook: its per-cell lookups read once, its commits made once.

While it grades a submission, nbgrader asks the gradebook about one cell at a time:
``OverwriteCells`` looks up every cell's source row (and, for a grade cell, its points), and
``SaveAutoGrades`` looks up each grade and comment row and commits after each one. For one of our
module notebooks that is about 65 joined queries and 16 commits per submission, each a few
milliseconds, and the largest part of what a module costs over a one-cell notebook that we can
change (the other part is the kernel's round trip per cell).

:class:`NotebookGradebook` answers the same four ``find_*`` calls from rows it reads in one query
per kind the first time it is asked about a notebook (the same joins and filters as nbgrader's,
without the cell's name), and returns the same ORM objects from the same session, so a change to
one is saved exactly as before. It raises the same ``MissingEntry`` for a name that is not there.
:meth:`NotebookGradebook.one_commit` holds the per-cell commits of a block and makes one at its
end, or none if the block fails (so a notebook's grades are saved all together, never half).

The four ``find_*`` answer what nbgrader's own do in the release pinned in pyproject.toml
(``autograde_steps.NBGRADER_COPIED``); tests/test_nbgrader_copies.py fingerprints nbgrader's
versions, so an upgrade that changes them fails until these are compared and brought up to date.

It is only used by the autograde steps in :mod:`attuned.pipeline.autograde_steps`; the formgrader and every
other nbgrader command keep nbgrader's own Gradebook.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from nbgrader.api import (
    Assignment,
    Comment,
    Grade,
    Gradebook,
    GradeCell,
    MissingEntry,
    Notebook,
    SolutionCell,
    SourceCell,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    TaskCell,
)


class _HeldCommits:
    """A session whose ``commit`` is held while ``held`` is set; everything else is the session's."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self.held = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def commit(self) -> None:
        if not self.held:
            self._session.commit()


class NotebookGradebook(Gradebook):
    """nbgrader's Gradebook, answering per-cell ``find_*`` calls from rows read once per notebook."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.db = _HeldCommits(self.db)
        self._rows: dict[tuple, dict[str, Any]] = {}

    @contextlib.contextmanager
    def one_commit(self) -> Iterator[None]:
        """Hold every commit made inside the block and commit once when it ends without error."""
        self.db.held = True
        try:
            yield
        finally:
            self.db.held = False
        self.db.commit()

    def _by_name(self, key: tuple, read: Any) -> dict[str, Any]:
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = dict(read())
        return rows

    # -- a notebook's cells (OverwriteCells) --------------------------------------------------

    def _cells(self, kind: Any, notebook: str, assignment: str) -> dict[str, Any]:
        def read() -> Any:
            return (self.db.query(kind.name, kind)
                    .join(Notebook, Notebook.id == kind.notebook_id)
                    .join(Assignment, Assignment.id == Notebook.assignment_id)
                    .filter(Notebook.name == notebook, Assignment.name == assignment))
        return self._by_name((kind.__name__, notebook, assignment), read)

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> SourceCell:
        cell = self._cells(SourceCell, notebook, assignment).get(name)
        if cell is None:
            raise MissingEntry(f"No such source cell: {assignment}/{notebook}/{name}")
        return cell

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> GradeCell | TaskCell:
        cell = (self._cells(GradeCell, notebook, assignment).get(name)
                or self._cells(TaskCell, notebook, assignment).get(name))
        if cell is None:
            raise MissingEntry(f"No such grade cell: {assignment}/{notebook}/{name}")
        return cell

    # -- a submission's grades and comments (SaveAutoGrades) ----------------------------------

    def _submitted(self, row: Any, kind: Any, notebook: str, assignment: str, student: str) -> dict[str, Any]:
        def read() -> Any:
            return (self.db.query(kind.name, row)
                    .join(kind, kind.id == row.cell_id)
                    .join(SubmittedNotebook, SubmittedNotebook.id == row.notebook_id)
                    .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
                    .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
                    .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                    .join(Student, Student.id == SubmittedAssignment.student_id)
                    .filter(Notebook.name == notebook, Assignment.name == assignment, Student.id == student))
        return self._by_name((row.__name__, kind.__name__, notebook, assignment, student), read)

    def _find_submitted(self, row: Any, kinds: tuple, name: str, where: tuple[str, str, str], missing: str) -> Any:
        """The ``row`` (Grade or Comment) of cell ``name``, trying each cell kind in nbgrader's order."""
        notebook, assignment, student = where
        for kind in kinds:
            found = self._submitted(row, kind, notebook, assignment, student).get(name)
            if found is not None:
                return found
        raise MissingEntry(f"{missing}: {assignment}/{notebook}/{name} for {student}")

    def find_grade(self, grade_cell: str, notebook: str, assignment: str, student: str) -> Grade:
        return self._find_submitted(Grade, (GradeCell, TaskCell), grade_cell, (notebook, assignment, student),
                                    "No such grade")

    def find_comment(self, solution_cell: str, notebook: str, assignment: str, student: str) -> Comment:
        # "taskcomment" is nbgrader's own wording, kept word for word so logs read the same
        return self._find_submitted(Comment, (SolutionCell, TaskCell), solution_cell, (notebook, assignment, student),
                                    "No such taskcomment")
