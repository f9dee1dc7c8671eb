"""A reflection and own words written to attack the instructor's browser run nowhere they are read.

A trainee's reflection (Markdown) and own first words (saved in the response log) carry
``<script>``, ``<img src=x onerror=...>``, a ``javascript:`` link and an ``<iframe>``, each of which
would set a flag on the page if it ran. Through nbgrader's real cycle (release, submit, collect,
autograde, feedback; no kernel needed for this trainee's answers), the instructor then opens
Formgrader's submission view in a real JupyterLab, the feedback page, the portfolio and the cohort
report in headless Chromium. Held: the flag stays unset everywhere (the link is clicked too), no
``iframe`` or ``script`` from the trainee is in the page, and ordinary Markdown (emphasis, a list)
still renders in Formgrader and the feedback.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from browser_helpers import JupyterServer, stop_server

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
MODULE = "02-experience-over-explanation"
STUDENT = "mallory"
REFLECTION = "m2-reflect-insight-answer"
ATTACK = """I noticed *this pattern* in myself:

- knowing **why** did not help
- feeling safe did

<script>window.__pwned = 'script'</script>
<img src=x onerror="window.__pwned = 'img'">
<a id="evil-link" href="javascript:window.__pwned = 'link'">a link</a>
[markdown link](javascript:window.__pwned='mdlink')
<iframe id="evil-frame" srcdoc="<script>parent.__pwned = 'iframe'</script>"></iframe>
"""
OWN_WORDS = "<img src=x onerror=\"window.__pwned = 'own-words'\"> That sounds hard."


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory):
    from attuned.notebook.responses import ResponseLog
    from attuned.simulation.cycle import run_cycle

    def answer(folder: Path, student: str, keys: dict) -> None:
        log = ResponseLog(folder / "responses.jsonl")
        log.append("m2.tomas", "own_words", OWN_WORDS)
        log.append("m2.tomas", "commit", "invite", scene="opening", run="r1")
        path = folder / f"{MODULE}.ipynb"
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == REFLECTION)
        cell.source = ATTACK
        nbformat.write(nb, path)

    work = tmp_path_factory.mktemp("hostile-html")
    return run_cycle(REPO, work=work, modules=[MODULE], students=(STUDENT,), answer=answer)


@pytest.fixture(scope="module")
def formgrader(hostile_course, tmp_path_factory) -> Iterator[JupyterServer]:
    args = (f"--Exchange.root={hostile_course.work / 'exchange'}", "--CourseDirectory.course_id=attuned")
    server = JupyterServer("lab", hostile_course.course, tmp_path_factory.mktemp("hostile-scratch"), extra_args=args).start()
    yield server
    stop_server(server)


def _nothing_ran(page) -> None:
    assert page.evaluate("() => window.__pwned === undefined"), page.evaluate("() => window.__pwned")
    for frame in page.frames:
        assert frame.evaluate("() => window.__pwned === undefined"), frame.url
    assert page.locator("#evil-frame").count() == 0 and page.locator("iframe[srcdoc]").count() == 0


def _click_the_link(page) -> None:
    link = page.locator("a#evil-link, a:has-text('a link')")
    if link.count():
        link.first.click()
        page.wait_for_timeout(300)
        assert not (link.first.get_attribute("href") or "").lower().startswith("javascript")


def test_formgrader_shows_the_reflection_without_running_it(hostile_course, formgrader, page):
    from nbgrader.api import Gradebook

    from attuned.pipeline.gradebook import gradebook_url

    with Gradebook(gradebook_url(hostile_course.course)) as gb:
        submission = gb.find_submission_notebook(MODULE, MODULE, STUDENT).id
    page.goto(formgrader.page_url(f"formgrader/submissions/{submission}/?index=0"))
    page.get_by_text("knowing").first.wait_for(timeout=30_000)
    _nothing_ran(page)
    _click_the_link(page)
    _nothing_ran(page)
    assert page.locator("em", has_text="this pattern").count() >= 1, "Markdown emphasis still renders"
    assert page.locator("li", has_text="feeling safe did").count() >= 1, "Markdown lists still render"
    assert page.get_by_text("<script>window.__pwned").count() >= 1, "the script is shown as text"


def test_feedback_portfolio_and_report_run_nothing(hostile_course, page, tmp_path):
    feedback = hostile_course.feedback[STUDENT][MODULE]
    page.goto(feedback.as_uri())
    page.get_by_text("knowing").first.wait_for(timeout=30_000)
    _nothing_ran(page)
    _click_the_link(page)
    _nothing_ran(page)
    assert page.locator("em", has_text="this pattern").count() >= 1
    assert "That sounds hard." in page.content()

    course = hostile_course.course
    for command, out in ((["portfolio", "--all"], tmp_path / "portfolios"), (["report"], tmp_path / "report")):
        proc = subprocess.run([sys.executable, "-m", "attuned", *command, "--course", str(course), "--out", str(out)],
                              capture_output=True, text=True, timeout=300, cwd=course)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        pages = sorted(out.rglob("*.html"))
        assert pages, command
        for html_page in pages:
            page.goto(html_page.as_uri())
            _nothing_ran(page)
            _click_the_link(page)
            _nothing_ran(page)
