"""An instructor grades a reflection in formgrader (inside JupyterLab), then exports and generates feedback.

The course folder comes from nbgrader's real cycle (`run_cycle`, trainees attuned, fixer, silent,
garbled; see conftest.py). The test reads the autograded notebook of trainee "attuned" in
formgrader, checks that the graded vignette path is printed in words there, enters a manual
score and a comment for a reflection, and then finds both where nbgrader puts them: the grade in
`nbgrader export`'s CSV and the comment in `nbgrader generate_feedback`'s HTML.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator

import pytest
from browser_helpers import M2, JupyterServer, nbgrader, stop_server
from playwright.sync_api import expect

from attuned.model.course import get_course
from attuned.notebook.responses import ResponseLog

pytestmark = pytest.mark.browser

TRAINEE = "attuned"
REFLECTION = "m2-reflect-insight-answer"
OWN_WORDS_CELL = "m2-tomas-own-words"
MANUAL_SCORE = 12
OWN_WORDS_SCORE = 3
COMMENT = ("Clear, specific account of knowing without feeling. Next time, say what the "
           "Jennissen meta-analysis cannot show. [browser-test comment 7c1f]")


@pytest.fixture(scope="module")
def formgrader_lab(graded_course, tmp_path_factory) -> Iterator[JupyterServer]:
    """JupyterLab started in the course folder, as an instructor does, with the cycle's exchange."""
    server = JupyterServer("lab", graded_course.course, tmp_path_factory.mktemp("formgrader-scratch"),
                           extra_args=tuple(graded_course.nbgrader_args())).start()
    yield server
    stop_server(server)


def test_instructor_grades_a_reflection_and_finds_it_in_export_and_feedback(graded_course, formgrader_lab, page):
    course = graded_course.course
    auto = graded_course.scores[TRAINEE][M2]
    assert auto[REFLECTION][0] is None, "the reflection should await manual grading"
    auto_total = round(sum(score for score, _max in auto.values() if score is not None), 2)
    max_total = sum(maximum for _score, maximum in auto.values())
    graded_run = ResponseLog(course / "autograded" / TRAINEE / M2 / "responses.jsonl").read().graded_run("m2.tomas")
    assert graded_run, "trainee 'attuned' should have committed a path through m2.tomas"
    tomas = get_course().vignette("m2.tomas")
    first_step = tomas.scene(graded_run[0].scene).option(str(graded_run[0].value))

    # Nbgrader ▸ Formgrader, inside JupyterLab.
    page.goto(formgrader_lab.page_url("lab?reset"))
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Formgrader", exact=True).click()
    formgrader = page.frame_locator("iframe[src*='formgrader']")
    formgrader.get_by_role("link", name="Manage Students").click()
    formgrader.locator(f'a[href$="/manage_students/{TRAINEE}"]').click()
    # Each page is the same kind of table: wait for its own column before clicking into it.
    expect(formgrader.get_by_role("columnheader", name=re.compile(r"^Assignment ID"))).to_be_visible()
    formgrader.locator("#main-table").get_by_role("link", name=M2, exact=True).click()  # the assignment
    expect(formgrader.get_by_role("columnheader", name=re.compile(r"^Notebook ID"))).to_be_visible()
    formgrader.locator("#main-table").get_by_role("link", name=M2, exact=True).click()  # its notebook
    expect(formgrader.get_by_text(re.compile(rf"^Submission \d+ / {len(graded_course.scores)}$"))).to_be_visible()
    # formgrader binds its score and comment boxes (GradeUI, CommentUI) only when its grades and
    # comments have loaded, and draws each box from the loaded value: a score typed before then is
    # overwritten and never saved (seen on a busy machine). Wait for formgrader's own flags.
    submission = next(f for f in page.frames if "/formgrader/submissions/" in f.url)
    submission.wait_for_function("() => window.formgrader && formgrader.grades && formgrader.grades.loaded === true"
                                 " && formgrader.comments && formgrader.comments.loaded === true")

    # The autograded notebook prints the committed path in words (widgets do not survive autograde).
    path_output = formgrader.locator('[id="cell-id=m2-tomas-score"] .output_area').filter(
        has_text="your graded path (first run)")
    expect(path_output).to_be_visible()
    expect(path_output).to_contain_text(f"You chose ({first_step.stance}): “{first_step.text}”")
    expect(path_output).to_contain_text(f"Supervisor's ratings: {first_step.ratings_in_words()}")
    # The trainee's own first words are printed there too, and the task cell below carries the rubric.
    from attuned.simulation.personas import OWN_WORDS

    expect(path_output).to_contain_text(OWN_WORDS['attuned'])  # quoted in the HTML record
    task = formgrader.locator(".nbgrader_cell").filter(has=formgrader.locator(f"input#{OWN_WORDS_CELL}"))
    expect(task).to_contain_text("Student's task")
    rubric = get_course().response_rubric
    for criterion in rubric.criteria:
        expect(task).to_contain_text(criterion.name)
    own_score = formgrader.locator(f"input#{OWN_WORDS_CELL}")
    expect(own_score).to_be_visible()
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
        own_score.fill(str(OWN_WORDS_SCORE))
        own_score.press("Tab")
    assert saved.value.ok, saved.value.status

    # A manual score and a comment for the first reflection; formgrader saves each on change.
    score = formgrader.locator(f"input#{REFLECTION}")
    comment = formgrader.locator(f"textarea#{REFLECTION}-comment")
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
        score.fill(str(MANUAL_SCORE))
        score.press("Tab")
    assert saved.value.ok, saved.value.status
    with page.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.request.method == "PUT") as saved:
        comment.fill(COMMENT)
        comment.press("Tab")
    assert saved.value.ok, saved.value.status

    # nbgrader export: the CSV total now includes the manual score.
    common = graded_course.nbgrader_args()
    csv_path = course / "grades-after-manual.csv"
    proc = nbgrader(["export", f"--to={csv_path}", *common], cwd=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["student_id"] == TRAINEE and r["assignment"] == M2]
    assert len(rows) == 1, rows
    assert float(rows[0]["score"]) == pytest.approx(auto_total + MANUAL_SCORE + OWN_WORDS_SCORE)
    assert float(rows[0]["max_score"]) == pytest.approx(max_total)

    # nbgrader generate_feedback: the comment and the score are in the trainee's feedback HTML.
    proc = nbgrader(["generate_feedback", M2, "--force", f"--student={TRAINEE}", *common], cwd=course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    feedback = (course / "feedback" / TRAINEE / M2 / f"{M2}.html").read_text(encoding="utf-8")
    assert html.escape(COMMENT, quote=False) in feedback or COMMENT in feedback
    assert f"{MANUAL_SCORE:.1f} / 15.0" in feedback or f"{MANUAL_SCORE} / 15" in feedback
    assert "your graded path (first run)" in feedback
