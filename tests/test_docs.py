"""The README stays short and every page it and docs/ link to, anchors included, exists.

A newcomer once followed the README to a DESIGN.md the repository did not have. Here every
relative link and image of README.md and docs/*.md must resolve in this checkout (a ``#fragment``
to a heading of the target page, with GitHub's heading slugs), every ``*.md`` file they name must
exist, and the README's module table must say what the content says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img [^>]*src=\"([^\"]+)\"")
MD_NAME = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w.-]+\.md)\b")


def _prose(text: str) -> str:
    """The text without fenced code blocks and inline code, where brackets are not links."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip()).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6} +(.+?)\s*$", text, flags=re.M)}


def _links(page: Path) -> list[str]:
    return [a or b for a, b in LINK.findall(_prose(page.read_text(encoding="utf-8")))]


def test_the_slugs_are_githubs():
    assert _slug("For instructors: the shortest path") == "for-instructors-the-shortest-path"
    assert _slug("Reports, portfolios and item analysis") == "reports-portfolios-and-item-analysis"
    assert _slug("The course's nbgrader configuration") == "the-courses-nbgrader-configuration"


def broken_links(page: Path) -> list[str]:
    """Each relative link or image of ``page`` that does not resolve, with the reason."""
    broken = []
    for link in _links(page):
        if re.match(r"[a-z]+:", link):  # https:, mailto:
            continue
        path, _, fragment = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists():
            broken.append(f"{link}: no such file")
        elif fragment and target.suffix == ".md" and fragment not in _anchors(target):
            broken.append(f"{link}: no heading #{fragment} in {target.name}")
    return broken


def test_the_checker_finds_a_missing_file_a_missing_heading_and_ignores_code(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## A section, with words\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Page\nSee [design](DESIGN.md), [ok](other.md#a-section-with-words), [bad](other.md#nowhere),\n"
                    "[here](#page), ![shot](shot.png), <img src=\"gone.png\" alt=\"x\">, [web](https://example.org).\n"
                    "`[not a link](nothing.md)`\n```\n[nor this](nothing.md)\n```\n", encoding="utf-8")
    assert broken_links(page) == ["DESIGN.md: no such file", "other.md#nowhere: no heading #nowhere in other.md",
                                  "shot.png: no such file", "gone.png: no such file"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(page):
    broken = broken_links(page)
    assert not broken, f"{page.relative_to(REPO)}:\n" + "\n".join(broken)


def missing_pages(page: Path, repo: Path = REPO) -> list[str]:
    """Each ``*.md`` file ``page`` names (in prose or code, linked or not) that exists nowhere."""
    names = set(MD_NAME.findall(page.read_text(encoding="utf-8")))
    return [n for n in sorted(names) if not any((base / n).is_file() for base in (page.parent, repo, repo / "docs"))]


def test_the_readme_once_named_a_design_md_that_was_not_there(tmp_path):
    page = tmp_path / "README.md"
    page.write_text("The shape follows `DESIGN.md`; see also docs/security.md.\n", encoding="utf-8")
    assert missing_pages(page) == ["DESIGN.md"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_markdown_file_named_exists(page):
    """Named in prose or code, linked or not: DESIGN.md was named in backticks, not linked."""
    missing = missing_pages(page)
    assert not missing, f"{page.relative_to(REPO)} names files that do not exist: {missing}"


def test_the_readme_is_short_and_sends_each_audience_to_its_guide():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    links = _links(REPO / "README.md")
    for guide in ("trainee-guide", "instructor-guide", "authoring-guide", "architecture", "performance",
                  "security", "integrity", "course-map", "deployment"):
        assert f"docs/{guide}.md" in links, guide


def test_the_readme_module_table_says_what_the_content_says():
    from attuned.model.course import load_course

    course = load_course()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| \[([^\]]+)\]\(([^)]+)\) \| ([^|]+) \|$", text, flags=re.M)
    expected = [(f"{m.number:02d}", m.title, f"release/{m.folder}/{m.folder}.ipynb",
                 ", ".join(course.vignette(v).client.name for v in m.items("vignette")))
                for m in course.modules.values()]
    assert [(n, title, link, clients.strip()) for n, title, link, clients in rows] == expected
