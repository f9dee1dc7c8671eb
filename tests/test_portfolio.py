"""``attuned portfolio``: one self-contained page per trainee, from nbgrader's real cycle."""

import html
import re
import subprocess
import sys

import pytest

from tests import expected_scores as expected

pytestmark = pytest.mark.pipeline
M2 = "02-experience-over-explanation"


def run(*args, cwd=expected.REPO):
    return subprocess.run([sys.executable, "-m", "attuned", "portfolio", *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=cwd)


def text_of(path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_a_portfolio_holds_words_paths_ratings_reflections_and_comments(full_cycle, tmp_path):
    from nbgrader.api import Gradebook

    from attuned.simulation.personas import OWN_WORDS, REFLECTION_TEXT

    comment = "Specific and honest; next time name what the client did next. [portfolio-test 51e2]"
    with Gradebook(f"sqlite:///{full_cycle.course / 'gradebook.db'}") as gb:
        record = gb.find_comment("m2-reflect-insight-answer", M2, M2, "attuned")
        record.manual_comment = comment
        gb.db.commit()
    proc = run("--course", full_cycle.course, "--student", "attuned", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    page = tmp_path / "portfolio-attuned.html"
    assert proc.stdout.strip() == f"wrote {page}"
    text = text_of(page)
    assert OWN_WORDS["attuned"] in text and REFLECTION_TEXT["attuned"] in text and comment in text
    for module in full_cycle.modules:
        assert f"({module})" in text
    path = expected.vignette_path("m2.tomas", "attuned", M2)
    from attuned.model.course import get_course

    tomas = get_course().vignette("m2.tomas")
    for scene_id, option_id, _total in path:
        option = tomas.scene(scene_id).option(option_id)
        assert option.text in text and option.ratings_in_words() in text
    raw = page.read_text(encoding="utf-8")
    assert "<script" not in raw and "src=" not in raw and "href=" not in raw, "self-contained, nothing fetched"


def test_bad_ids_and_empty_cohorts_get_one_line_and_exit_1(full_cycle, tmp_path):
    proc = run("--course", full_cycle.course, "--student", "nobody", "--out", tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("attuned portfolio: no trainee 'nobody' in the gradebook (known: ")
    proc = run("--course", full_cycle.course, "--out", tmp_path)
    assert proc.returncode == 1 and "name a trainee with --student ID" in proc.stderr
    proc = run("--course", tmp_path / "missing", "--all", "--out", tmp_path)
    assert proc.returncode == 1 and "no gradebook at" in proc.stderr
    from nbgrader.api import Gradebook

    empty = tmp_path / "empty"
    empty.mkdir()
    with Gradebook(f"sqlite:///{empty / 'gradebook.db'}"):
        pass
    for args in (("--all",), ("--student", "attuned")):
        proc = run("--course", empty, *args, "--out", tmp_path)
        assert proc.returncode == 1 and "the gradebook has no trainees yet" in proc.stderr, proc.stderr
    assert not list(tmp_path.glob("portfolio-*.html"))


def test_all_writes_one_page_per_trainee(full_cycle, tmp_path):
    proc = run("--course", full_cycle.course, "--all", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.glob("portfolio-*.html")) == sorted(
        f"portfolio-{s}.html" for s in full_cycle.students)
    silent = text_of(tmp_path / "portfolio-silent.html")
    # The silent trainee saved nothing: its log holds only the option-order seed its widgets wrote.
    assert "The response log holds no answers, so no vignette answers can be shown." in silent
