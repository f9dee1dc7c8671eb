"""The instructor's HTML pages (cohort report, portfolio) rendered from Jinja2 templates.

The templates live in ``attuned/reports/templates``; the page's words and markup are there, the
data comes from the report's code. Autoescaping is on for every template, so any text placed in a
page (a trainee's own words or reflection, a grader's comment, a trainee id, a log problem) is
shown as text, never read as markup; only values already made safe (``Markup``, e.g. a table
from :func:`attuned.reports.tables.table_html`) are placed as they are. An undefined name in a
template is an error, not an empty string.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("attuned.reports", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: Any) -> str:
    """``template`` (a file in ``attuned/reports/templates``) filled with ``context``, escaped."""
    return _environment().get_template(template).render(**context)
