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
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.golden.pages import render_pages

GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    return render_pages(tmp_path_factory.mktemp("golden"))


def _lines(page: str) -> list[str]:
    """One tag or text per line, indentation and blank lines dropped: a diff a reader can follow."""
    return [line.strip() for line in page.replace(">", ">\n").splitlines() if line.strip()]


def _diff(name: str, want: str, got: str) -> str:
    if _lines(want) == _lines(got):
        return "only white space between tags differs:\n" + "\n".join(
            difflib.unified_diff(want.splitlines(), got.splitlines(), "golden", "now", lineterm="", n=1))
    lines = difflib.unified_diff(_lines(want), _lines(got), f"golden/{name}", f"now/{name}", lineterm="", n=2)
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


class _Tables(HTMLParser):
    """Per table: its first child tag; and every header cell's scope."""

    def __init__(self):
        super().__init__()
        self.first_children: list[str | None] = []
        self.scopes: list[str | None] = []
        self._opened = False

    def handle_starttag(self, tag, attrs):
        if self._opened:
            self.first_children[-1] = tag
            self._opened = False
        if tag == "table":
            self.first_children.append(None)
            self._opened = True
        elif tag == "th":
            self.scopes.append(dict(attrs).get("scope"))


@pytest.mark.parametrize("name", ["report.html", "portfolio-attuned.html"])
def test_every_table_is_captioned_and_every_header_scoped(pages, name):
    tables = _Tables()
    tables.feed(pages[name])
    assert len(tables.first_children) >= (6 if name == "report.html" else 2)
    assert set(tables.first_children) == {"caption"}
    assert tables.scopes and set(tables.scopes) <= {"col", "row"}, set(tables.scopes)
