"""nbgrader configuration for the Attuned course. Paths are relative to this folder (the course root)."""

from pathlib import Path

from attuned.pipeline.settings import environment_db_url, settings_only

c = get_config()  # noqa: F821 - provided by nbgrader/traitlets when this file is loaded

c.CourseDirectory.course_id = "attuned"

# The gradebook. Name a database here (or in ~/.jupyter/nbgrader_config.py) and it wins:
#   c.CourseDirectory.db_url = "postgresql+psycopg://grader@db.example.org/attuned"
# (psycopg 3: the package's `postgres` extra). When no config file names one, $ATTUNED_DB_URL does;
# else nbgrader's default, gradebook.db here. attuned.pipeline.settings is that rule, for nbgrader
# (the lines below) and for `attuned report`, `export` and `portfolio` alike.
if "db_url" not in c.CourseDirectory and (_url := environment_db_url()):
    c.CourseDirectory.db_url = _url

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

# Autograde: nbgrader's own steps, in its order, with our changes (see attuned.pipeline.autograde_steps).
# The one that matters most: NO KERNEL and NO CODE FROM A SUBMISSION runs at autograde. Every grade
# cell is scored in nbgrader's own process from the submitted response log and the answer keys
# below, by the same functions the trainee's notebook calls; a code cell the course did not write
# is listed as not run. Also: cell metadata checked without re-checking nbgrader's schema per
# cell, and a notebook's gradebook rows read in one query per kind and its grades committed once.
# (Skipped only while `attuned report`/`export`/`portfolio` read the settings above: these steps
# import nbgrader, ~1.5 s, and set nothing they read. nbgrader and `attuned doctor` read them.)
if not settings_only():
    from attuned.pipeline.autograde_steps import autograde_pipeline

    c.Autograde.sanitize_preprocessors, c.Autograde.autograde_preprocessors = autograde_pipeline()
# The answer keys, read by autograde in this process only; never written into a notebook.
c.GradeWithoutKernel.keys_dir = str(Path(__file__).resolve().parent / "instructor" / "keys")

# Trainee text is rendered, never run, wherever an instructor reads it: nbconvert cleans cell
# outputs (sanitize_html), and attuned.pipeline.safe_html cleans every Markdown cell a trainee could have
# written (nbgrader's formgrade and feedback templates render Markdown without nbconvert's
# cleaner). Formgrader and generate_feedback both build their HTMLExporter from this config.
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.preprocessors = ["attuned.pipeline.safe_html.SanitizeTraineeMarkdown"]

# Nobody submits as someone else: a submission whose files belong to another account than the
# student id it claims is not collected (attuned.pipeline.exchange); a trainee's submission folder is not
# left writable by everyone.
c.ExchangeFactory.collect = "attuned.pipeline.exchange.OwnerCheckedCollect"
c.ExchangeFactory.submit = "attuned.pipeline.exchange.PrivateSubmit"

# A release never carries a person's work: nbgrader's own release step, refusing a release/ folder
# that holds a response log, saved outputs or edited cells (attuned.pipeline.release_guard), so plain
# `nbgrader release_assignment` and Formgrader's Release button are checked too.
c.ExchangeFactory.release_assignment = "attuned.pipeline.release_guard.CheckedReleaseAssignment"

# Feedback shows grades and comments. (No notebook of the course holds a hidden test or a key, so
# nbgrader's ClearHiddenTests, and the config warning it printed, are gone.)
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# `nbgrader validate` (the trainee's check before submitting) still runs the notebook in a kernel,
# the trainee's own. When its last cell has run, stop the kernel at once: the default "graceful"
# shutdown waits ~0.3 s, sometimes 3 s or more. Nothing of ours runs at kernel exit.
c.Execute.shutdown_kernel = "immediate"

# nbconvert validates the whole notebook against the nbformat schema after every preprocessor:
# 13 times per submission at autograde (~0.65 ms each for a module notebook, ~0.03 ms for a
# one-cell one). Its documented switch validates once, after the last, before anything is written:
# an invalid notebook still fails, but the log no longer names the step that broke it.
c.NotebookExporter.optimistic_validation = True

# Widgets and plots need a moment on a busy two-core machine; a stuck cell must still end.
c.ExecutePreprocessor.timeout = 120
