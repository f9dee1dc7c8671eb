"""Where the course's nbgrader gradebook lives: one answer for nbgrader and for this package.

nbgrader opens ``CourseDirectory.db_url``. ``nbgrader_config.py`` sets it from the environment
variable ``ATTUNED_DB_URL`` when that is set, and otherwise leaves nbgrader's own default, the
SQLite file ``gradebook.db`` in the course folder. Everything in this package that opens the
gradebook (the cycle, ``attuned report``, ``attuned export``, the portfolio) asks
``gradebook_url``, so it reads the same database nbgrader wrote, whichever that is.

A PostgreSQL gradebook is named ``postgresql+psycopg://USER[:PASSWORD]@HOST:PORT/DATABASE``:
psycopg 3 (pyproject's optional extra ``postgres``). Name the driver: a bare ``postgresql://``
means psycopg 3 under SQLAlchemy 2.1 but psycopg2 (not installed here) under SQLAlchemy 2.0.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_URL_VARIABLE = "ATTUNED_DB_URL"


def gradebook_url(course_dir: Path) -> str:
    """The SQLAlchemy URL of the course's gradebook: ``$ATTUNED_DB_URL``, else ``gradebook.db`` there."""
    return os.environ.get(DB_URL_VARIABLE, "").strip() or f"sqlite:///{Path(course_dir) / 'gradebook.db'}"


def default_sqlite_file(course_dir: Path) -> Path | None:
    """``gradebook.db`` in the course folder when that file is the gradebook (``gradebook_url`` is
    nbgrader's default), else None. A reader can then open it with the standard library's sqlite3,
    the driver SQLAlchemy uses for it, without importing SQLAlchemy (~0.3 s)."""
    path = Path(course_dir) / "gradebook.db"
    return path if gradebook_url(course_dir) == f"sqlite:///{path}" else None
