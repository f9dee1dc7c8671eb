"""The cohort report and the portfolio pages, compared with golden files, line by line.

``tests/golden/course`` is a small, fixed course state (four simulated trainees, two modules,
graders' comments, one failed autograde; ``tests/golden/make_course.py``). The pages written from
it by ``attuned report`` and ``attuned portfolio`` (``--all`` and ``--student``) must equal
``tests/golden/pages/``: a change to a page's text or markup shows here as a diff and is made on
purpose, by writing the pages again (``python tests/golden/pages.py tests/golden/pages``) and saying
in the commit what differs and why.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.golden.pages import render_pages

GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    return render_pages(tmp_path_factory.mktemp("golden"))


def _diff(name: str, want: str, got: str) -> str:
    lines = difflib.unified_diff(want.replace(">", ">\n").splitlines(), got.replace(">", ">\n").splitlines(),
                                 f"golden/{name}", f"now/{name}", lineterm="", n=2)
    return "\n".join(list(lines)[:200])


def test_the_same_pages_are_written(pages):
    assert sorted(pages) == sorted(p.name for p in GOLDEN.glob("*.html"))


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.html")))
def test_page_equals_its_golden_file(pages, name):
    want = (GOLDEN / name).read_text(encoding="utf-8")
    got = pages.get(name)
    assert got is not None, f"{name} was not written"
    assert got == want, f"{name} differs from its golden file (- golden, + now):\n{_diff(name, want, got)}"


def test_one_trainee_page_is_the_same_as_in_all(pages):
    assert pages["portfolio-single.html"] == pages["portfolio-attuned.html"]
