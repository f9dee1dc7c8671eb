"""Attuned's changes to nbgrader's autograde pipeline, and the pipeline with them in place.

nbgrader grades a submission in two passes of preprocessors (sanitize, then execute and grade;
``nbgrader.converters.autograde.Autograde``). ``nbgrader_config.py`` keeps both lists as
nbgrader ships them, in order, adds one step and swaps four for subclasses
(:func:`autograde_pipeline`):

1. :class:`RunEveryCell`, after ``OverwriteCells`` in the sanitize pass. nbclient does not run a
   cell tagged ``skip-execution``. nbgrader gives a grade cell that raised no error its full
   points, so a grade cell that never ran earns them all. ``OverwriteCells`` restores a locked
   cell's source, not its tags, so a submission whose record cells carry the tag would earn every
   autograded point with no work done (an empty module 01 submission scored 16 of 16). Nothing
   in this course is meant to be skipped, so the tag is removed from every cell, with a warning
   that names the trainee and the cell.
2. :class:`CheckCellMetadata`, in place of nbgrader's, in both passes. nbgrader checks each
   cell's metadata with ``jsonschema.validate``, which first checks nbgrader's own schema against
   the JSON Schema meta-schema, for every cell, twice per submission (about 25 ms per pass for
   one of our notebooks). This one makes the same checks and raises the same errors, but checks
   the schema once per process.
3. :class:`Execute`, in place of nbgrader's: a locked, ungraded cell whose whole source is one
   exercise call (``Vignette("m1.maribel")``, ``KnowledgeCheck(...)``, ``CheckIn(...)``,
   ``TeachingModel(...)``) is not run. Such a cell only draws controls for a person to use; what
   the trainee did with them is read from the response log by the grade cells, which always run.
   This is about half the cells of a module notebook (each costs a round trip to the kernel).
   ``OverwriteCells`` has already put back the source of every locked cell, so a trainee cannot
   make a cell of theirs, or a grade cell, look like one of these.

   The same :class:`Execute` runs the privacy check cell (locked, ungraded, exactly
   :data:`PRIVACY_CALL`) here, in nbgrader's process, rather than in the kernel, and writes what it
   printed as the cell's output: the same function on the same saved files in the same folder, so
   the same words (the grader still sees any flagged detail above the record). In a kernel the
   check's ~40 regular expressions were compiled afresh for every submission (~30 ms, a third of
   what our cells cost per notebook); here they are compiled once per ``nbgrader autograde``.
4. :class:`OverwriteCells` and :class:`SaveAutoGrades`, in place of nbgrader's: the same per-cell
   checks, repairs and scoring rules (nbgrader's own methods), with the gradebook's rows for the
   notebook read in one query per kind instead of one joined query per cell, and a notebook's
   grades and comments committed once instead of once per cell
   (:class:`attuned.autograde_gradebook.NotebookGradebook`). For a module notebook that is ~65
   queries and ~16 commits fewer per submission.
"""

from __future__ import annotations

import os
import re
from typing import Any, ClassVar

from nbgrader.nbgraderformat.common import BaseMetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata
from nbgrader.preprocessors import Execute as NbgraderExecute
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.preprocessors import OverwriteCells as NbgraderOverwriteCells
from nbgrader.preprocessors import SaveAutoGrades as NbgraderSaveAutoGrades

from attuned.headless import PRIVACY_CALL

SKIP_TAG = "skip-execution"  # nbclient's NotebookClient.skip_cells_with_tag default

#: The whole source of a cell that only draws an exercise (what notebook_builder writes).
EXERCISE_CALL = re.compile(r'(?:Vignette|KnowledgeCheck|CheckIn|TeachingModel)\("[A-Za-z0-9_.-]+"\)')


def _locked_ungraded_code(cell: Any) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return (cell.cell_type == "code" and meta.get("locked") is True and not meta.get("grade")
            and not meta.get("solution"))


def draws_only(cell: Any) -> bool:
    """True for a locked, ungraded code cell whose source is exactly one exercise call."""
    return _locked_ungraded_code(cell) and EXERCISE_CALL.fullmatch(cell.source.strip()) is not None


def checks_privacy(cell: Any) -> bool:
    """True for a locked, ungraded code cell whose source is exactly :data:`PRIVACY_CALL`."""
    return _locked_ungraded_code(cell) and cell.source.strip() == PRIVACY_CALL


def runs_in_kernel(cell: Any) -> bool:
    """Whether autograde sends this code cell to the kernel (see :class:`Execute`)."""
    return cell.cell_type == "code" and not draws_only(cell) and not checks_privacy(cell)


def privacy_check_output(folder: str) -> Any:
    """What the privacy cell prints when run in ``folder``, as a notebook stream output."""
    import contextlib
    import io

    from nbformat.v4 import new_output

    from attuned.privacy import show_privacy_check

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        show_privacy_check(folder)  # never raises: an aid must not break a notebook
    return new_output("stream", name="stdout", text=printed.getvalue())


class Execute(NbgraderExecute):
    """nbgrader's Execute, leaving out the cells that only draw controls (see :func:`draws_only`)
    and running the privacy check in this process (see :func:`checks_privacy`)."""

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if draws_only(cell):
            return cell, resources
        if checks_privacy(cell):
            folder = resources.get("metadata", {}).get("path") or os.getcwd()  # the kernel's cwd
            cell.outputs = [privacy_check_output(folder)]
            cell.execution_count = None
            return cell, resources
        return super().preprocess_cell(cell, resources, index)


class RunEveryCell(NbGraderPreprocessor):
    """Remove the skip tag from every cell, so every grade cell runs and earns only what it shows."""

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        info = resources.get("nbgrader", {})
        where = "/".join(str(info[k]) for k in ("student", "assignment", "notebook") if info.get(k))
        for index, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags")
            if isinstance(tags, list) and SKIP_TAG in tags:
                cell.metadata["tags"] = [t for t in tags if t != SKIP_TAG]
                name = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
                self.log.warning("%s: removed the '%s' tag from %s; every cell runs when graded",
                                 where or "submission", SKIP_TAG, name)
        return nb, resources


class _SchemaCheckedOnce(BaseMetadataValidator):
    """``BaseMetadataValidator.validate_cell`` with the jsonschema validator built once."""

    _validators: ClassVar[dict[int, Any]] = {}  # by schema version, for the whole process

    def validate_cell(self, cell: Any) -> None:
        import jsonschema

        if "nbgrader" not in cell.metadata:
            return
        schema = cell.metadata["nbgrader"].get("schema_version", 0)
        if schema < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {schema} (expected {self.schema_version})",
                                    schema, self.schema_version)
        if schema > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {schema} (expected {self.schema_version})",
                                    schema, self.schema_version)
        validator = self._validators.get(self.schema_version)
        if validator is None:
            kind = jsonschema.validators.validator_for(self.schema)
            kind.check_schema(self.schema)  # what jsonschema.validate does on every call
            validator = self._validators[self.schema_version] = kind(self.schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class MetadataValidator(MetadataValidatorV3, _SchemaCheckedOnce):
    """nbgrader's v3 validator; its ``super().validate_cell`` lands in :class:`_SchemaCheckedOnce`."""


class CheckCellMetadata(NbgraderCheckCellMetadata):
    """nbgrader's CheckCellMetadata, using :class:`MetadataValidator`."""

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        import traceback

        from nbgrader.nbgraderformat import ValidationError

        try:
            MetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources


class OverwriteCells(NbgraderOverwriteCells):
    """nbgrader's OverwriteCells, its per-cell lookups answered by :class:`NotebookGradebook`.

    ``preprocess`` is nbgrader's own (0.9), with the one class changed; every check and repair per
    cell is nbgrader's ``preprocess_cell``, unchanged.
    """

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        from attuned.autograde_gradebook import NotebookGradebook

        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = NotebookGradebook(self.db_url)
        with self.gradebook:
            nb, resources = super(NbgraderOverwriteCells, self).preprocess(nb, resources)  # the per-cell loop
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class SaveAutoGrades(NbgraderSaveAutoGrades):
    """nbgrader's SaveAutoGrades, its lookups answered by :class:`NotebookGradebook` and its
    per-cell commits made as one when the notebook's last cell is saved.

    ``preprocess`` is nbgrader's own (0.9) with the one class changed and the loop inside
    :meth:`NotebookGradebook.one_commit`; how a cell's score and comment are decided is nbgrader's
    ``_add_score`` and ``_add_comment``, unchanged.
    """

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        from attuned.autograde_gradebook import NotebookGradebook

        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = NotebookGradebook(self.db_url)
        with self.gradebook, self.gradebook.one_commit():
            nb, resources = super(NbgraderSaveAutoGrades, self).preprocess(nb, resources)  # the per-cell loop
        return nb, resources


def autograde_pipeline() -> tuple[list, list]:
    """nbgrader's default (sanitize, autograde) preprocessor lists with the changes above.

    Read from nbgrader's own defaults, so an nbgrader release that adds or reorders a step keeps
    it; a release without one of the steps we replace fails here, loudly.
    """
    from nbgrader.converters.autograde import Autograde

    ours = {NbgraderCheckCellMetadata: CheckCellMetadata, NbgraderExecute: Execute,
            NbgraderOverwriteCells: OverwriteCells, NbgraderSaveAutoGrades: SaveAutoGrades}

    def swap(steps: list, expected: tuple) -> list:
        for step in expected:
            if step not in steps:
                raise RuntimeError(f"nbgrader's autograde pipeline no longer has {step.__name__}: "
                                   "update attuned.autograde_steps")
        return [ours.get(step, step) for step in steps]

    sanitize = swap(list(Autograde.class_traits()["sanitize_preprocessors"].default()),
                    (NbgraderCheckCellMetadata, NbgraderOverwriteCells))
    sanitize.insert(sanitize.index(OverwriteCells) + 1, RunEveryCell)
    # Before DeduplicateIds, which would strip a pasted answer cell's copies (attuned.answer_repair).
    from nbgrader.preprocessors import DeduplicateIds

    from attuned.answer_repair import RepairAnswerCells

    sanitize.insert(sanitize.index(DeduplicateIds) if DeduplicateIds in sanitize else 0, RepairAnswerCells)
    autograde = swap(list(Autograde.class_traits()["autograde_preprocessors"].default()),
                     (NbgraderExecute, NbgraderCheckCellMetadata, NbgraderSaveAutoGrades))
    return sanitize, autograde
