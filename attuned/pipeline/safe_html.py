"""Trainee text shown to an instructor is rendered, never run.

A reflection is Markdown, and Markdown may carry raw HTML: ``<img src=x onerror=...>`` in an
answer cell would run script in the instructor's Formgrader, logged in to their Jupyter server
(whose API starts kernels and terminals). nbconvert's ``HTMLExporter.sanitize_html`` (on in the
course's ``nbgrader_config.py``) cleans cell *outputs*, but nbgrader's formgrade and feedback
templates render Markdown cells with their own block, without nbconvert's ``clean_html``. So this
preprocessor, registered on every ``HTMLExporter`` by the course config (Formgrader and
``generate_feedback`` both build theirs from it), renders each Markdown cell the trainee could have
written to HTML and cleans it with bleach (the sanitizer nbconvert itself uses): formatting stays
(emphasis, lists, headings, quotes, code, plain links), anything else is shown as text, and links
keep only http, https and mailto. The course's own cells (locked, with a grade id the gradebook
knows; nbgrader restores their source at autograde) are left as written.
"""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor

#: What trainee Markdown may keep once rendered. Everything else is escaped, so the grader sees
#: exactly what was typed (``<script>`` appears as text).
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "del", "s",
    "ul", "ol", "li", "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def clean_markdown(source: str) -> str:
    """Trainee Markdown rendered to HTML and cleaned; safe to render again as Markdown.

    The result is HTML blocks; the templates pass it through their Markdown filter once more, and
    CommonMark ends an HTML block at a blank line, so blank lines are closed up.
    """
    import bleach
    from nbconvert.filters.markdown import markdown2html

    cleaned = bleach.clean(markdown2html(source), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                           protocols=ALLOWED_PROTOCOLS, strip=False)
    lines = [line for line in cleaned.splitlines() if line.strip()]
    return "<div>\n" + "\n".join(lines) + "\n</div>"


def is_course_cell(cell: Any) -> bool:
    """A cell the course wrote and nbgrader guards: locked, with a grade id."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("locked") is True and bool(meta.get("grade_id")) and not meta.get("solution")


class SanitizeTraineeMarkdown(Preprocessor):
    """Clean every Markdown (and raw) cell a trainee could have written, before it is rendered."""

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not is_course_cell(cell):
                cell.source = clean_markdown(cell.source)
            elif cell.cell_type == "raw" and not is_course_cell(cell):
                cell.metadata.pop("raw_mimetype", None)  # a raw cell is shown as text, never as HTML
                cell.metadata.pop("format", None)
        return nb, resources
