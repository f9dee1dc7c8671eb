"""The pages compared with the golden files: ``attuned report`` and ``attuned portfolio`` over the
fixed course state in ``tests/golden/course`` (written by ``make_course``).

Each command runs in a fresh interpreter, as an instructor runs it, on a copy of that folder
(nbgrader's ``Gradebook`` may touch the database it opens) with the course's ``nbgrader_config.py``.
The only machine-dependent text in a page would be the copy's path, so it is replaced with
``{COURSE}``; the pages have no timestamps.

Any checkout can make them, which is how the golden files were shown to be the same before and
after the package moved into layer folders::

    PYTHONPATH=/path/to/checkout python tests/golden/pages.py OUT_FOLDER

(the command line is found as ``attuned.commands.cli`` or, before the move, ``attuned.cli``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
COURSE = HERE / "course"
PLACEHOLDER = "{COURSE}"
_CLI = ("import importlib, sys\n"
        "try:\n    cli = importlib.import_module('attuned.commands.cli')\n"
        "except ModuleNotFoundError:\n    cli = importlib.import_module('attuned.cli')\n"
        "sys.exit(cli.main(sys.argv[1:]))\n")


def _attuned(*args: str, cwd: Path) -> None:
    """One ``attuned`` command in a fresh interpreter; its stderr quoted if it fails."""
    env = {k: v for k, v in os.environ.items() if k != "ATTUNED_DB_URL"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    proc = subprocess.run([sys.executable, "-c", _CLI, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"attuned {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")


def restore_gradebook(course: Path) -> None:
    """``gradebook.sql`` (the fixture's gradebook as text) back into nbgrader's ``gradebook.db``."""
    sql = course / "gradebook.sql"
    connection = sqlite3.connect(course / "gradebook.db")
    try:
        connection.executescript(sql.read_text(encoding="utf-8"))
        connection.commit()
    finally:
        connection.close()
    sql.unlink()


def render_pages(work: Path) -> dict[str, str]:
    """Golden file name → page text: ``report.html``, every ``portfolio-<trainee>.html`` written by
    ``--all``, and ``portfolio-single.html`` written by ``--student`` for the first trainee."""
    course = work / "course"
    shutil.copytree(COURSE, course)
    restore_gradebook(course)
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")  # as every course folder has one
    _attuned("report", "--course", str(course), "--out", str(work / "report"),
             "--keys", str(REPO / "instructor" / "keys"), cwd=work)
    _attuned("portfolio", "--course", str(course), "--all", "--out", str(work / "portfolios"), cwd=work)
    _attuned("portfolio", "--course", str(course), "--student", "attuned", "--out", str(work / "single"), cwd=work)
    pages = {"report.html": work / "report" / "report.html", "portfolio-single.html": work / "single" / "portfolio-attuned.html"}
    pages |= {p.name: p for p in sorted((work / "portfolios").glob("portfolio-*.html"))}
    return {name: path.read_text(encoding="utf-8").replace(str(course), PLACEHOLDER) for name, path in pages.items()}


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="attuned-golden-") as work:
        for name, text in render_pages(Path(work)).items():
            (out / name).write_text(text, encoding="utf-8")
            print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
