"""Every cell of a module notebook — its grade id, what it is for, and the call it holds — defined once.

nbgrader identifies every cell it cares about by ``metadata.nbgrader.grade_id`` and, at autograde,
puts back the source, type, lock and points of every locked cell from the gradebook by that id
(``OverwriteCells``). So the id, not the cell's source text, is what says which cell is which: a
trainee can edit a cell's text, and nbgrader restores it, but cannot give a cell of theirs an id
the gradebook knows without nbgrader noticing the duplicate.

This module is the one place the ids are spelled and the one place that says what each cell is:
:func:`notebook_cells` lists a module's cells in notebook order, the notebook builder writes
exactly those (and tags each with :meth:`CourseCell.tag` under ``metadata["attuned"]``), and
everything that needs to know what a cell is looks its grade id up here — autograde
(:func:`module_cells`), reports and the portfolio (:func:`graded_cell`) — never in the text of an id
or a cell. The tag is for people and tools reading a notebook; nothing that grades trusts it, as
a submission can carry any metadata it likes (docs/security.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attuned.model.course import Course, Module

#: The key under ``cell.metadata`` holding :meth:`CourseCell.tag`.
TAG = "attuned"


@dataclass(frozen=True)
class ExerciseCalls:
    """How a notebook uses one kind of exercise: the widget call that draws it and the call in its
    grade cell (``None``: it earns no points), and whether that call is given the points."""

    widget: str
    result: str | None = None
    points_in_call: bool = False
    #: The kind :class:`attuned.notebook.headless.RecordedElsewhere` names while nbgrader runs it.
    headless: str = ""


#: The one table of calls: exercise kind (a module block's kind) -> its calls. A knowledge check's
#: grade cell is not given its points or key: autograde scores it from instructor/keys.
EXERCISE_CALLS: dict[str, ExerciseCalls] = {
    "checkin": ExerciseCalls("CheckIn", "checkin_result", points_in_call=True, headless="checkin"),
    "vignette": ExerciseCalls("Vignette", "vignette_result", points_in_call=True, headless="vignette"),
    "check": ExerciseCalls("KnowledgeCheck", "committed_check", headless="check"),
    "teaching_model": ExerciseCalls("TeachingModel", headless="model"),
}

#: What each cell is for, with its cell type. Code cells: "setup" imports, "draw" shows an
#: exercise or teaching model, "privacy" runs the privacy check, "score" prints an item's record
#: and earns its points. Markdown: "answer" is a reflection's answer cell (nbgrader solution),
#: "own_words" the task cell where an instructor scores a trainee's first words to a client; the
#: others are text.
ROLES: dict[str, str] = {
    "header": "markdown", "setup": "code", "reading": "markdown", "content_note": "markdown",
    "steps": "markdown", "draw": "code", "prompt": "markdown", "answer": "markdown",
    "privacy_intro": "markdown", "privacy": "code", "record_intro": "markdown", "score": "code",
    "own_words": "markdown", "before_submit": "markdown",
}
#: The roles of cells nbgrader gives points (grade and task cells).
GRADED_ROLES = ("score", "answer", "own_words")


def slug(text: str) -> str:
    """``"m2.kc-insight"`` -> ``"m2-kc-insight"``: the grade-id form of an item id or a name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def setup_id(number: int) -> str:
    return f"m{number}-setup"


def privacy_id(number: int) -> str:
    return f"m{number}-privacy-check"


def draw_id(kind: str, value: str, number: int) -> str:
    """The cell that draws an exercise (or a teaching model) for a person to use."""
    return f"m{number}-model-{slug(value)}" if kind == "teaching_model" else f"{slug(value)}-widget"


def score_id(item: str) -> str:
    """The grade cell that prints an item's record and earns its points."""
    return f"{slug(item)}-score"


def own_words_id(item: str) -> str:
    """The task cell in which an instructor scores a trainee's own first words to a client."""
    return f"{slug(item)}-own-words"


@dataclass(frozen=True)
class CourseCell:
    """One cell of a module notebook, as the course writes it."""

    grade_id: str
    role: str  # a key of ROLES
    kind: str = ""  # the block kind the cell is about: vignette, check, checkin, teaching_model, reflection
    item: str = ""  # the item id (or teaching model name) the cell is about
    points: int = 0  # for graded cells (GRADED_ROLES)
    block: int | None = None  # index into Module.blocks of the block it comes from, if any

    @property
    def cell_type(self) -> str:
        return ROLES[self.role]

    @property
    def graded_as(self) -> str:
        """What a graded cell's points are for: vignette, check, checkin, reflection or own_words
        (the ``kind`` column of the cohort report); "" for a cell that earns nothing."""
        if self.role not in GRADED_ROLES:
            return ""
        return "own_words" if self.role == "own_words" else self.kind

    def tag(self) -> dict[str, str]:
        """What the builder writes under ``metadata["attuned"]``: role, and kind and item if any."""
        return {k: v for k, v in (("role", self.role), ("kind", self.kind), ("item", self.item)) if v}


@lru_cache(maxsize=32)
def notebook_cells(module: Module) -> tuple[CourseCell, ...]:
    """Every cell the builder writes for ``module``, in notebook order (kept per module: reports
    look a cell up for every gradebook row).

    Header and imports; each block's cells in the module's order (a vignette's own-words steps
    just above it, a reflection's prompt and answer cell); the privacy check; then the record:
    a grade cell per vignette, check-in and knowledge check (with each vignette's own-words task
    cell after its grade cell), and the closing checklist.
    """
    n = module.number
    cells = [CourseCell(f"m{n}-header", "header"), CourseCell(setup_id(n), "setup")]
    record: list[CourseCell] = []
    counts: dict[str, int] = {}
    for index, block in enumerate(module.blocks):
        kind, item = block.kind, block.value
        counts[kind] = counts.get(kind, 0) + 1
        if kind in ("reading", "content_note"):
            cells.append(CourseCell(f"m{n}-{slug(kind)}-{counts[kind]}", kind, block=index))
            continue
        if kind == "reflection":
            cells.append(CourseCell(f"{slug(item)}-prompt", "prompt", kind, item, block=index))
            cells.append(CourseCell(f"{slug(item)}-answer", "answer", kind, item, block.points, index))
            continue
        if kind == "vignette":
            cells.append(CourseCell(f"{slug(item)}-steps", "steps", kind, item, block=index))
        if kind in EXERCISE_CALLS:
            cells.append(CourseCell(draw_id(kind, item, n), "draw", kind, item, block=index))
        if EXERCISE_CALLS.get(kind, ExerciseCalls("")).result:
            record.append(CourseCell(score_id(item), "score", kind, item, block.points, index))
        if kind == "vignette" and module.own_words_points:
            record.append(CourseCell(own_words_id(item), "own_words", kind, item, module.own_words_points, index))
    return (*cells, CourseCell(f"m{n}-privacy-check-intro", "privacy_intro"), CourseCell(privacy_id(n), "privacy"),
            CourseCell(f"m{n}-record-intro", "record_intro"), *record, CourseCell(f"m{n}-before-submit", "before_submit"))


def module_cells(module: Module) -> dict[str, CourseCell]:
    """Every code cell the builder writes for ``module``, by grade id (what autograde may run)."""
    return {cell.grade_id: cell for cell in notebook_cells(module) if cell.cell_type == "code"}


@lru_cache(maxsize=32)
def graded_cells(module: Module) -> Mapping[str, CourseCell]:
    """Every cell of ``module`` that nbgrader gives points (grade and task cells), by grade id.

    Built once per module (reports and the cycle ask for each gradebook cell); read-only, as it is shared."""
    return MappingProxyType({cell.grade_id: cell for cell in notebook_cells(module) if cell.role in GRADED_ROLES})


def graded_cell(course: Course, assignment: str, grade_id: str) -> CourseCell | None:
    """The graded cell ``grade_id`` of the module nbgrader calls ``assignment`` (its folder), or
    None if the course has no such module or cell (a gradebook from another version of it)."""
    module = course.modules.get(assignment)
    return graded_cells(module).get(grade_id) if module is not None else None


def graded_kind(course: Course, assignment: str, grade_id: str) -> str:
    """What the points of gradebook cell ``grade_id`` in ``assignment`` are for
    (:attr:`CourseCell.graded_as`: vignette, check, checkin, reflection, own_words), or "" for a
    cell this course does not grade."""
    cell = graded_cell(course, assignment, grade_id)
    return cell.graded_as if cell is not None else ""
