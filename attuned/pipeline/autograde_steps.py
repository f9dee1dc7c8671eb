"""Attuned's changes to nbgrader's autograde pipeline, and the pipeline with them in place.

nbgrader grades a submission in two passes of preprocessors (sanitize, then execute and grade;
``nbgrader.converters.autograde.Autograde``). ``nbgrader_config.py`` keeps both lists as
nbgrader ships them, in order, adds one step (:class:`attuned.pipeline.answer_repair.RepairAnswerCells`,
before ``DeduplicateIds``) and swaps four for subclasses (:func:`autograde_pipeline`):

1. :class:`GradeWithoutKernel`, in place of nbgrader's ``Execute``: **no kernel is started and no
   code from the submission runs.** This course asks trainees for no code, so nothing a trainee
   could add needs to run: every grade cell is scored here, in nbgrader's own process, by the
   same pure functions the trainee's notebook calls (:mod:`attuned.notebook.grading`), from the submitted
   response log and the instructor's key files, and written as that cell's output. Cells are
   recognised by their grade ids, which nbgrader ties to the gradebook, looked up in the course's
   own list of cells (:func:`attuned.pipeline.cell_ids.module_cells`); never by the submission's
   ``metadata["attuned"]`` tags, which a trainee can edit. ``OverwriteCells`` has already put back
   the source, type, lock and points of every locked cell. A code cell the course did not write (a
   trainee added it, or removed its id) is not run and says so in its output, in the feedback and in
   the autograde log. A key never reaches a kernel or a notebook: nbgrader's "cheating" surface (a
   cell that imports our package from the submission folder, reads the keys, the gradebook or
   ``$ATTUNED_DB_URL``, or patches the grading functions) has nothing to run in. The privacy check
   cell runs here too (same function, same saved files, same words).
2. :class:`CheckCellMetadata`, in place of nbgrader's, in both passes. nbgrader checks each
   cell's metadata with ``jsonschema.validate``, which first checks nbgrader's own schema against
   the JSON Schema meta-schema, for every cell, twice per submission (about 25 ms per pass for
   one of our notebooks). This one makes the same checks and raises the same errors, but checks
   the schema once per process.
3. :class:`OverwriteCells` and :class:`SaveAutoGrades`, in place of nbgrader's: the same per-cell
   checks, repairs and scoring rules (nbgrader's own methods), with the gradebook's rows for the
   notebook read in one query per kind instead of one joined query per cell, and a notebook's
   grades and comments committed once instead of once per cell
   (:class:`attuned.pipeline.autograde_gradebook.NotebookGradebook`). For a module notebook that is ~65
   queries and ~16 commits fewer per submission.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from nbgrader.nbgraderformat.common import BaseMetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata
from nbgrader.preprocessors import Execute as NbgraderExecute
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.preprocessors import OverwriteCells as NbgraderOverwriteCells
from nbgrader.preprocessors import SaveAutoGrades as NbgraderSaveAutoGrades
from traitlets import Unicode

#: The nbgrader release whose methods :class:`OverwriteCells`, :class:`SaveAutoGrades`,
#: :class:`CheckCellMetadata` and :class:`_SchemaCheckedOnce` copy (and whose Gradebook queries
#: :mod:`attuned.pipeline.autograde_gradebook` answers): pinned exactly in pyproject.toml and
#: environment.yml, and each upstream function fingerprinted by tests/test_nbgrader_copies.py.
NBGRADER_COPIED = "0.9.6"

#: Set by :class:`OverwriteCells` on a locked cell whose source or type it had to put back, and
#: read (and removed) by :class:`GradeWithoutKernel`, which notes it in the cell's output. The two
#: run in separate passes with separate resources, so the mark travels in the notebook itself.
RESTORED = "attuned_restored"

NOT_RUN = ("Not run: autograde runs no code from a submission. This course asks for no code, so "
           "nothing here was needed for grading; your instructor sees this cell listed.")
#: How the autograde log names a code cell it did not run (``attuned autograde`` lists them).
NOT_RUN_MARK = "(code the course did not write) not run"
RESTORED_NOTE = ("This cell had been changed in the submission; autograde put back the course's "
                 "version and scored that.")


def _stream(text: str) -> Any:
    from nbformat.v4 import new_output

    return new_output("stream", name="stdout", text=text if text.endswith("\n") else text + "\n")


def privacy_check_output(folder: str | Path) -> Any:
    """What the privacy cell prints when run in ``folder``, as a notebook stream output."""
    import contextlib
    import io

    from attuned.notebook.privacy import show_privacy_check

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        show_privacy_check(folder)  # never raises: an aid must not break a notebook
    return _stream(printed.getvalue())


def record_outputs(record: Any) -> list:
    """A grade cell's outputs for ``record``: the record (HTML with its plain-text twin), then the
    score as the cell's result, which is what nbgrader reads as partial credit (0 when nothing
    usable was committed: a calm note, not an error)."""
    from nbformat.v4 import new_output

    shown = new_output("display_data", data={"text/plain": record.text(), "text/html": record.html()})
    result = new_output("execute_result", data={"text/plain": repr(record.earned)}, execution_count=None)
    return [shown, result]


def module_of(assignment: str) -> tuple[Any, Any] | None:
    """(course, module) for the module an nbgrader assignment id names ("02-experience-over-
    explanation"): that module's content only, as :func:`attuned.model.course.module_course` loads it."""
    from attuned.model.course import FOLDER, module_course

    if not FOLDER.match(assignment or ""):
        return None
    number = int(assignment[:2])
    course = module_course(number)
    module = next((m for m in course.modules.values() if m.number == number), None) if course else None
    return (course, module) if module is not None else None


class GradeWithoutKernel(NbGraderPreprocessor):
    """Autograde's execute step with no kernel: score our grade cells here, run nothing else.

    See the module docstring (item 1). The keys come from :attr:`keys_dir` (the course's
    ``instructor/keys``), read in this process only.
    """

    keys_dir = Unicode("", help="Folder of the instructor's answer key files (instructor/keys). "
                                "Read by autograde in nbgrader's process only.").tag(config=True)

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        from attuned.notebook.responses import LOG_NAME, ResponseLog
        from attuned.pipeline.cell_ids import EXERCISE_CALLS, module_cells

        info = resources.get("nbgrader", {})
        where = "/".join(str(info[k]) for k in ("student", "assignment", "notebook") if info.get(k)) or "submission"
        folder = Path(resources.get("metadata", {}).get("path") or os.getcwd())
        found = module_of(str(info.get("assignment", "")))
        known = module_cells(found[1]) if found else {}
        contents = keys = None  # read once per notebook, at the first grade cell that needs them
        for index, cell in enumerate(nb.cells):
            restored = bool(cell.metadata.pop(RESTORED, False))
            if cell.cell_type != "code":
                continue
            cell.execution_count = None
            meta = cell.metadata.get("nbgrader", {})
            ours = known.get(meta.get("grade_id")) if meta.get("locked") is True else None
            if ours is None:
                cell.outputs = [_stream(NOT_RUN)]
                self.log.warning("%s: cell %d %s: autograde runs no code from a submission", where, index + 1,
                                 NOT_RUN_MARK)
                continue
            if ours.role == "score":
                if contents is None:
                    contents = ResponseLog(folder / LOG_NAME).read()
                if ours.kind == "check" and keys is None:
                    keys = _module_keys(Path(self.keys_dir or Path.cwd() / "instructor" / "keys"), found, ours.item)
                cell.outputs = record_outputs(_record(ours, float(meta.get("points", 0)), contents, keys))
            elif ours.role == "privacy":
                cell.outputs = [privacy_check_output(folder)]
            elif ours.role == "draw":
                from attuned.notebook.headless import RecordedElsewhere

                cell.outputs = [_stream(RecordedElsewhere(EXERCISE_CALLS[ours.kind].headless, ours.item).text())]
            else:
                cell.outputs = []
            if restored:
                cell.outputs.insert(0, _stream(RESTORED_NOTE))
        return nb, resources


def _record(cell: Any, points: float, contents: Any, keys: dict[str, list[str]] | None) -> Any:
    """The record of one of our grade cells (:mod:`attuned.notebook.grading`), by the kind of its item."""
    from attuned.notebook import grading

    if cell.kind == "vignette":
        return grading.vignette_record(cell.item, points, contents)
    if cell.kind == "checkin":
        return grading.checkin_record(cell.item, points, contents)
    return grading.check_record(cell.item, points, contents, key=(keys or {}).get(cell.item))


def _module_keys(keys_dir: Path, found: tuple[Any, Any], item: str) -> dict[str, list[str]]:
    """The keys of the notebook's module, read from its own key file and checked against its
    questions (``item``: the first knowledge check that needs them, named if they cannot be read).

    A missing or broken key file, or a check without a key, stops this submission with one line
    naming the file: grading a knowledge check without its key would give every trainee a wrong
    score without a word. Kept per file and modification time for the rest of the command.
    """
    from attuned.model.problems import ContentError
    from attuned.pipeline.notebook_builder import check_keys_file

    course, module = found
    path = keys_dir / f"{module.folder}.yaml"
    stamp = (str(path), path.stat().st_mtime_ns if path.is_file() else None)
    cached = _KEYS_READ.get(stamp)
    if cached is not None:
        return cached
    if stamp[1] is None:
        raise ContentError([_problem(path, item, "answer key file not found; set GradeWithoutKernel.keys_dir "
                                                "in nbgrader_config.py to the course's instructor/keys")])
    keys: dict[str, list[str]] = {}
    problems = check_keys_file(path, f"{keys_dir.name}/{path.name}", course, keys)
    missing = [check for check in module.items("check") if check not in keys]
    if problems or missing:
        raise ContentError(problems or [_problem(path, check, "knowledge check has no answer key") for check in missing])
    _KEYS_READ[stamp] = keys
    return keys


def _problem(path: Path, item: str, message: str) -> Any:
    from attuned.model.problems import Problem

    return Problem(str(path), item, message)


_KEYS_READ: dict[tuple[str, int | None], dict[str, list[str]]] = {}


class _SchemaCheckedOnce(BaseMetadataValidator):
    """``BaseMetadataValidator.validate_cell`` (:data:`NBGRADER_COPIED`) with the jsonschema validator built once."""

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
    """nbgrader's CheckCellMetadata, using :class:`MetadataValidator` (``preprocess`` is nbgrader's
    own, :data:`NBGRADER_COPIED`, with that one class changed)."""

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

    ``preprocess`` is nbgrader's own (:data:`NBGRADER_COPIED`), with the one class changed; every check and repair per
    cell is nbgrader's ``preprocess_cell``, unchanged. A cell whose source or type it puts back is
    marked (:data:`RESTORED`) so that its output says so.
    """

    _changed: ClassVar[set[str]] = set()

    def report_change(self, name: str, attr: str, old: Any, new: Any) -> None:
        super().report_change(name, attr, old, new)
        self._changed.add(attr)

    def preprocess_cell(self, cell: Any, resources: dict, cell_index: int) -> tuple[Any, dict]:
        self._changed = set()
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if {"checksum", "cell_type"} & self._changed:
            cell.metadata[RESTORED] = True
        return cell, resources

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        from attuned.pipeline.autograde_gradebook import NotebookGradebook

        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = NotebookGradebook(self.db_url)
        for cell in nb.cells:  # only this step may say a cell was restored
            cell.metadata.pop(RESTORED, None)
        with self.gradebook:
            nb, resources = super(NbgraderOverwriteCells, self).preprocess(nb, resources)  # the per-cell loop
            if self.add_missing_cells:
                nb, resources = self.add_missing_grade_cells(nb, resources)
                nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


class SaveAutoGrades(NbgraderSaveAutoGrades):
    """nbgrader's SaveAutoGrades, its lookups answered by :class:`NotebookGradebook` and its
    per-cell commits made as one when the notebook's last cell is saved.

    ``preprocess`` is nbgrader's own (:data:`NBGRADER_COPIED`) with the one class changed and the loop inside
    :meth:`NotebookGradebook.one_commit`; how a cell's score and comment are decided is nbgrader's
    ``_add_score`` and ``_add_comment``, unchanged.
    """

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        from attuned.pipeline.autograde_gradebook import NotebookGradebook

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

    ours = {NbgraderCheckCellMetadata: CheckCellMetadata, NbgraderExecute: GradeWithoutKernel,
            NbgraderOverwriteCells: OverwriteCells, NbgraderSaveAutoGrades: SaveAutoGrades}

    def swap(steps: list, expected: tuple) -> list:
        for step in expected:
            if step not in steps:
                raise RuntimeError(f"nbgrader's autograde pipeline no longer has {step.__name__}: "
                                   "update attuned.pipeline.autograde_steps")
        return [ours.get(step, step) for step in steps]

    sanitize = swap(list(Autograde.class_traits()["sanitize_preprocessors"].default()),
                    (NbgraderCheckCellMetadata, NbgraderOverwriteCells))
    # Before DeduplicateIds, which would strip a pasted answer cell's copies (attuned.pipeline.answer_repair).
    from nbgrader.preprocessors import DeduplicateIds

    from attuned.pipeline.answer_repair import RepairAnswerCells

    sanitize.insert(sanitize.index(DeduplicateIds) if DeduplicateIds in sanitize else 0, RepairAnswerCells)
    autograde = swap(list(Autograde.class_traits()["autograde_preprocessors"].default()),
                     (NbgraderExecute, NbgraderCheckCellMetadata, NbgraderSaveAutoGrades))
    return sanitize, autograde
