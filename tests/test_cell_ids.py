"""The cells of a module notebook are defined once (attuned.pipeline.cell_ids) and read back by grade id.

The builder writes exactly the cells ``notebook_cells`` lists, in order, each tagged with what it is;
reports, the portfolio and the simulated cohort's table ask the same list what a gradebook cell is
for, never the text of its id. Checked here against the committed notebooks, whose nbgrader
metadata and calls are an independent statement of what each cell is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import attuned
from attuned.model.course import get_course
from attuned.pipeline.cell_ids import (
    EXERCISE_CALLS,
    TAG,
    graded_cell,
    graded_cells,
    graded_kind,
    module_cells,
    notebook_cells,
)

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*REPO.glob("source/[0-9][0-9]-*/*.ipynb"), *REPO.glob("release/[0-9][0-9]-*/*.ipynb")])
M2 = "02-experience-over-explanation"


def _source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_cell_is_one_the_course_lists_in_order_and_tagged_with_what_it_is(path):
    module = get_course().modules[path.stem]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    listed = notebook_cells(module)
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in cells] == [c.grade_id for c in listed]
    for cell, ours in zip(cells, listed, strict=True):
        assert cell["cell_type"] == ours.cell_type, ours.grade_id
        assert cell["metadata"][TAG] == ours.tag(), ours.grade_id
        assert ours.tag()["role"] == ours.role and ours.tag().get("item", "") == ours.item


def _graded_as_nbgrader_says(cell: dict) -> str:
    """What a graded cell is for, read from its nbgrader flags and its call (not from its id)."""
    meta = cell["metadata"]["nbgrader"]
    if meta.get("task"):
        return "own_words"
    if meta.get("solution"):
        return "reflection"
    call = _source(cell).split("(")[0]
    return {"vignette_result": "vignette", "committed_check": "check", "checkin_result": "checkin"}[call]


def test_the_kind_of_every_graded_cell_is_what_its_notebook_cell_does():
    course = get_course()
    seen = set()
    for path in sorted(REPO.glob("source/[0-9][0-9]-*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"]["nbgrader"]
            if meta.get("grade") or meta.get("task"):
                kind = graded_kind(course, path.stem, meta["grade_id"])
                assert kind == _graded_as_nbgrader_says(cell), meta["grade_id"]
                assert graded_cell(course, path.stem, meta["grade_id"]).points == meta["points"]
                seen.add(kind)
    assert seen == {"vignette", "check", "checkin", "reflection", "own_words"}


def test_a_cell_or_module_the_course_does_not_list_has_no_kind():
    course = get_course()
    assert graded_kind(course, M2, "m2-tomas-score") == "vignette"
    assert graded_kind(course, M2, "m2-kc-insight-widget") == "", "a draw cell earns nothing"
    assert graded_kind(course, M2, "m2-tomas-copy-score") == ""
    assert graded_kind(course, "99-not-a-module", "m2-tomas-score") == ""
    assert graded_kind(course, "01-relationship-and-technique", "m2-tomas-score") == "", "ids are per module"


def test_code_cells_are_the_ones_autograde_may_score_and_graded_cells_the_ones_nbgrader_scores():
    module = get_course().modules[M2]
    code = module_cells(module)
    assert {c.role for c in code.values()} == {"setup", "draw", "privacy", "score"}
    assert all(c.cell_type == "code" for c in code.values())
    graded = graded_cells(module)
    assert sum(c.points for c in graded.values()) == module.total_points
    assert {c.role for c in graded.values()} == {"score", "answer", "own_words"}


def test_every_call_in_the_table_is_at_the_package_root_where_notebook_cells_import_from():
    for kind, calls in EXERCISE_CALLS.items():
        assert callable(getattr(attuned, calls.widget)), kind
        assert calls.result is None or callable(getattr(attuned, calls.result)), kind
    from attuned.notebook.headless import KINDS

    assert {c.headless for c in EXERCISE_CALLS.values()} == set(KINDS)


def test_the_portfolio_titles_a_reflection_by_looking_its_answer_cell_up():
    from attuned.reports.portfolio import _reflection_title

    course = get_course()
    assert _reflection_title(course, M2, "m2-reflect-insight-answer") == course.reflections["m2.reflect-insight"].title
    assert _reflection_title(course, M2, "m2-reflect-insight-prompt") == "m2-reflect-insight-prompt"
    assert _reflection_title(course, M2, "my-own-answer") == "my-own-answer"
