"""The grade ids of a module notebook's cells: written by the notebook builder, read back by autograde.

nbgrader identifies every cell it cares about by ``metadata.nbgrader.grade_id`` and, at autograde,
puts back the source, type, lock and points of every locked cell from the gradebook by that id
(``OverwriteCells``). So the id, not the cell's source text, is what says which cell is which: a
trainee can edit a cell's text, and nbgrader restores it, but cannot give a cell of theirs an id
the gradebook knows without nbgrader noticing the duplicate. This module is the one place the ids
are spelled; :func:`module_cells` reads a module's ids back into what each cell is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attuned.model.course import Module

#: What a code cell of ours is for. Only "score" cells earn points; the others draw, check or import.
CELL_ROLES = ("setup", "draw", "privacy", "score")


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
    """One code cell of a module notebook, as the course wrote it."""

    grade_id: str
    role: str  # one of CELL_ROLES
    kind: str = ""  # for draw/score cells: vignette, check, checkin or teaching_model
    item: str = ""  # the item id (or teaching model name) the cell is about


def module_cells(module: Module) -> dict[str, CourseCell]:
    """Every code cell the builder writes for ``module``, by grade id."""
    n = module.number
    cells = [CourseCell(setup_id(n), "setup"), CourseCell(privacy_id(n), "privacy")]
    for block in module.blocks:
        if block.kind in ("vignette", "check", "checkin", "teaching_model"):
            cells.append(CourseCell(draw_id(block.kind, block.value, n), "draw", block.kind, block.value))
        if block.kind in ("vignette", "check", "checkin"):
            cells.append(CourseCell(score_id(block.value), "score", block.kind, block.value))
    return {cell.grade_id: cell for cell in cells}
