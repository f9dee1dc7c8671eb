"""nbgrader configuration for the Attuned course. Paths are relative to this folder (the course root)."""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by nbgrader/traitlets when this file is loaded

c.CourseDirectory.course_id = "attuned"

# The gradebook: nbgrader's default SQLite file gradebook.db here, unless ATTUNED_DB_URL names
# another database, e.g. postgresql+psycopg://grader@db.example.org/attuned (psycopg 3: the
# package's `postgres` extra). attuned.gradebook.gradebook_url gives the package the same answer.
if os.environ.get("ATTUNED_DB_URL", "").strip():
    c.CourseDirectory.db_url = os.environ["ATTUNED_DB_URL"].strip()

# On a JupyterHub the shared exchange already exists; on one machine (`make lab`), use a folder
# beside this file so an instructor can release and then fetch as a trainee to try the course.
if not Path("/srv/nbgrader/exchange").is_dir():
    c.Exchange.root = str(Path(__file__).resolve().parent / "exchange")
    Path(c.Exchange.root).mkdir(exist_ok=True)

# The response log must travel with each submission: never list responses.jsonl in
# CourseDirectory.ignore. And a stray log in source/ must never overwrite a trainee's at
# autograde: exclude it from overwriting for every module.
_modules = sorted(p.name for p in (Path(__file__).parent / "source").glob("[0-9][0-9]-*") if p.is_dir())
c.Autograde.exclude_overwriting = {name: ["responses.jsonl"] for name in _modules}

# Autograde: nbgrader's own steps, in its order, with our changes (see attuned.autograde_steps):
# every cell runs (a cell tagged skip-execution would otherwise earn full points unrun); cells
# that only draw an exercise are not sent to the kernel, the privacy check runs in-process; cell
# metadata is checked without re-checking nbgrader's schema per cell; and the gradebook rows of
# a notebook are read in one query per kind and its grades committed once, not once per cell.
from attuned.autograde_steps import autograde_pipeline  # noqa: E402

c.Autograde.sanitize_preprocessors, c.Autograde.autograde_preprocessors = autograde_pipeline()

# A release never carries a person's work: nbgrader's own release step, refusing a release/ folder
# that holds a response log, saved outputs or edited cells (attuned.release_guard), so plain
# `nbgrader release_assignment` and Formgrader's Release button are checked too.
c.ExchangeFactory.release_assignment = "attuned.release_guard.CheckedReleaseAssignment"

# Feedback shows grades and comments, never the hidden tests that hold knowledge-check keys.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "attuned.feedback_steps.ClearHiddenTests",  # nbgrader's, minus a config warning (see there)
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# When a submission's last cell has run, stop its kernel at once. The default "graceful" shutdown
# waits for the kernel to exit by itself: about 0.3 s per submission, and now and then 3 s or more
# before nbclient gives up and terminates it anyway (seen as "Kernel is taking too long to finish,
# terminating" in --debug logs). Nothing of ours runs at kernel exit: grade cells only read.
c.Execute.shutdown_kernel = "immediate"

# nbconvert validates the whole notebook against the nbformat schema after every preprocessor:
# 13 times per submission at autograde (~0.65 ms each for a module notebook, ~0.03 ms for a
# one-cell one). Its documented switch validates once, after the last, before anything is written:
# an invalid notebook still fails, but the log no longer names the step that broke it.
c.NotebookExporter.optimistic_validation = True

# Widgets and plots need a moment on a busy two-core machine; a stuck cell must still end.
c.ExecutePreprocessor.timeout = 120
