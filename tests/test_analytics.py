"""The cohort report over the real pipeline's gradebook and collected logs."""

import pytest

pytestmark = pytest.mark.pipeline


def test_scores_frame_has_every_trainee_module_and_item(full_cycle):
    from attuned.reports.cohort_report import scores_frame

    df = scores_frame(full_cycle.course)
    assert set(df.trainee) == set(full_cycle.students) and set(df.module) == set(full_cycle.modules)
    tomas = df[(df.trainee == "attuned") & (df.item == "m2-tomas-score")]
    assert tomas.score.tolist() == [4.0] and tomas.kind.tolist() == ["vignette"]
    assert df[(df.kind == "reflection") & (df.trainee == "attuned")].score.isna().all()


def test_scores_frame_is_what_the_gradebook_api_gives(full_cycle):
    """The SQL reader gives the rows, order and scores of nbgrader's own per-cell lookups."""
    import pandas as pd
    from nbgrader.api import Gradebook, MissingEntry
    from pandas.testing import assert_frame_equal

    from attuned.model.course import get_course
    from attuned.pipeline.cell_ids import graded_kind
    from attuned.pipeline.gradebook import gradebook_url
    from attuned.reports.cohort_report import scores_frame

    rows, course = [], get_course()
    with Gradebook(gradebook_url(full_cycle.course)) as gb:
        students = gb.students
        for assignment in gb.assignments:
            for notebook in assignment.notebooks:
                for cell in [*notebook.grade_cells, *notebook.task_cells]:
                    for student in students:
                        try:
                            grade = gb.find_grade(cell.name, notebook.name, assignment.name, student.id)
                        except MissingEntry:
                            continue
                        awaiting = grade.auto_score is None and grade.manual_score is None
                        kind = graded_kind(course, assignment.name, cell.name)
                        rows.append({"trainee": student.id, "module": assignment.name, "item": cell.name,
                                     "kind": kind, "score": None if awaiting else grade.score,
                                     "max_score": cell.max_score})
    want = pd.DataFrame(rows, columns=["trainee", "module", "item", "kind", "score", "max_score"])
    assert len(want) > 0 and want.score.isna().any() and want.score.notna().any()
    assert_frame_equal(scores_frame(full_cycle.course), want, check_exact=True)


def test_a_course_without_a_gradebook_has_no_scores_and_gets_no_file(tmp_path):
    from attuned.reports.cohort_report import scores_frame

    df = scores_frame(tmp_path)
    assert df.empty and list(df.columns) == ["trainee", "module", "item", "kind", "score", "max_score"]
    assert list(tmp_path.iterdir()) == []


def test_first_responses_show_the_fixer_pattern(full_cycle):
    from attuned.reports.cohort_report import first_response_frame

    df = first_response_frame(full_cycle.course)
    graded = df[df.graded]
    attuned = graded[graded.trainee == "attuned"].family.value_counts().to_dict()
    fixer = graded[graded.trainee == "fixer"].family.value_counts().to_dict()
    assert attuned == {"attuned": 14}, attuned
    assert sum(fixer.get(f, 0) for f in ("fix", "interpret", "reassure")) == 14, fixer
    assert "garbled" not in set(graded.trainee), "a garbage log contributes no first responses"
    assert any("garbled" in p for p in df.attrs["problems"])


def test_qualities_are_means_of_graded_steps(full_cycle):
    from attuned.reports.cohort_report import qualities_frame

    df = qualities_frame(full_cycle.course)
    row = df[(df.trainee == "fixer") & (df.module == "02-experience-over-explanation") & (df.quality == "respect")]
    # fixer's four graded steps in module 02 all rate respect 1
    assert row.rating.tolist() == [1.0]
    assert df.rating.between(0, 2).all()


def test_write_report_produces_html_csv_and_charts(full_cycle, tmp_path):
    from attuned.reports.cohort_report import write_report

    page = write_report(full_cycle.course, tmp_path / "report")
    text = page.read_text()
    for name in ("autograded.png", "qualities.png", "first_responses.png", "scores.csv", "qualities.csv"):
        assert (tmp_path / "report" / name).stat().st_size > 500, name
    assert "First responses" in text and 'alt="' in text and "awaiting manual grading" in text
