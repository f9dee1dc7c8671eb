"""What command-mode typing does to answer cells, repaired before nbgrader grades (attuned.pipeline.answer_repair).

Built on this checkout's real released module 02 notebook. Tried: answer cells turned raw and code,
a pasted copy of an answer cell holding more of the trainee's words (and one holding only nbgrader's
stub), a pasted copy of a locked cell, empty inserted cells. Held: types restored as nbgrader
recorded them, the copies merged into one cell at the first one's place keeping every distinct
text in order, the locked copy dropped, empty inserted cells removed, one sentence per kind of
repair; an unharmed notebook is left exactly as it was; in the autograde pipeline the repair runs
before nbgrader's DeduplicateIds, which would otherwise strip the copies' metadata.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from attuned.pipeline.answer_repair import ANSWER_STUB, RepairAnswerCells, answer_text, repair

REPO = Path(__file__).resolve().parent.parent
MODULE = "02-experience-over-explanation"
INSIGHT, INVITATION = "m2-reflect-insight-answer", "m2-reflect-invitation-answer"


def _notebook():
    return nbformat.read(REPO / "release" / MODULE / f"{MODULE}.ipynb", as_version=4)


def _index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_an_unharmed_notebook_is_left_as_it_was():
    nb = _notebook()
    before = copy.deepcopy(nb.cells)
    cells, notes = repair(list(nb.cells))
    assert notes == [] and cells == before


def test_types_copies_and_inserted_cells_are_repaired_keeping_every_word():
    nb = _notebook()
    first = _index(nb, INSIGHT)
    nb.cells[first].source = "Words typed into the original."
    nb.cells[first].cell_type = "raw"
    pasted = copy.deepcopy(nb.cells[first])
    pasted.source = "More words, typed into the pasted copy."
    stub_copy = copy.deepcopy(nb.cells[first])
    stub_copy.source = ANSWER_STUB
    nb.cells.insert(first + 1, pasted)
    nb.cells.insert(first + 2, stub_copy)
    second = _index(nb, INVITATION)
    nb.cells[second].cell_type = "code"
    nb.cells[second].outputs, nb.cells[second].execution_count = [], None
    locked = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("locked"))
    nb.cells.insert(locked + 1, copy.deepcopy(nb.cells[locked]))
    nb.cells.insert(0, nbformat.v4.new_code_cell(""))
    nb.cells.insert(5, nbformat.v4.new_markdown_cell("   "))
    locked_id = nb.cells[locked + 2].metadata.nbgrader.grade_id

    cells, notes = repair(list(nb.cells))
    assert notes == [
        f"answer cells changed type, restored: {INSIGHT} (was raw), {INVITATION} (was code)",
        f"pasted copies of answer cells merged, every word kept: {INSIGHT}",
        f"pasted copies of locked cells dropped: {locked_id}",
        "2 empty inserted cells removed",
    ]
    assert len(cells) == len(_notebook().cells)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in cells]
    assert ids == [c.metadata.get("nbgrader", {}).get("grade_id") for c in _notebook().cells]
    insight = cells[ids.index(INSIGHT)]
    assert insight.cell_type == "markdown" and insight.source == (
        "Words typed into the original.\n\nMore words, typed into the pasted copy.")
    invitation = cells[ids.index(INVITATION)]
    assert invitation.cell_type == "markdown" and "outputs" not in invitation and "execution_count" not in invitation
    nbformat.validate(nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata))


def test_words_only_in_the_pasted_copy_are_kept():
    nb = _notebook()
    first = _index(nb, INSIGHT)
    pasted = copy.deepcopy(nb.cells[first])
    pasted.source = "Only here."
    nb.cells.insert(first + 1, pasted)
    cells, _notes = repair(list(nb.cells))
    assert cells[first].source == "Only here." and answer_text(ANSWER_STUB) == "" and answer_text(" x ") == "x"


def test_the_repair_runs_in_autograde_before_deduplicate_ids_and_reports_its_notes():
    from nbgrader.preprocessors import DeduplicateIds

    from attuned.pipeline.autograde_steps import autograde_pipeline

    sanitize, _autograde = autograde_pipeline()
    assert sanitize.index(RepairAnswerCells) == sanitize.index(DeduplicateIds) - 1
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell(""))
    resources = {"nbgrader": {"student": "t1", "assignment": MODULE, "notebook": MODULE}}
    nb, resources = RepairAnswerCells().preprocess(nb, resources)
    assert resources["attuned_repairs"] == ["1 empty inserted cell removed"]
