"""``attuned autograde MODULE``: every trainee graded on their own; one broken notebook stops nobody.

``nbgrader autograde MODULE`` grades the cohort in one run and stops the whole run on some
failures (a notebook whose nbgrader metadata it reads as "an old version" raises past its
per-trainee handler), so one trainee's broken notebook could leave the cohort ungraded, with
advice to run ``nbgrader update`` that does not help. This runs nbgrader's own autograde
(``AutogradeApp``, with the course's ``nbgrader_config.py``, exactly as ``nbgrader autograde
MODULE --student ID --force`` would) once per trainee, in this one process: no second start-up
of nbgrader per trainee (about 2 s each), and a failure is caught, put into plain words
(:func:`plain_reason`), printed on one line naming the trainee, and recorded in the course folder
(:mod:`attuned.pipeline.autograde_record`) so report, export and portfolio show "not graded (autograde
failed)" rather than 0. Repairs made on the way (:mod:`attuned.pipeline.answer_repair`) are printed too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPAIRED = ": repaired: "  # how attuned.pipeline.answer_repair's warnings read


@dataclass
class Outcome:
    trainee: str
    graded: bool
    reason: str = ""  # plain words, when not graded
    repairs: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)  # code cells the trainee added: never run (docs/security.md)


class AutogradeError(Exception):
    """Nothing could be autograded (no such module, no submissions); the message is one sentence."""


def submitted_trainees(course: Path, module: str) -> list[str]:
    """Trainees with a collected submission of ``module`` (``submitted/ID/MODULE/``)."""
    return sorted(p.parent.name for p in (course / "submitted").glob(f"*/{module}") if p.is_dir())


def plain_reason(log_text: str, trainee: str, module: str) -> str:
    """What went wrong for one trainee, in words an instructor can act on (from nbgrader's log)."""
    folder = f"submitted/{trainee}/{module}/"
    text = log_text.lower()
    if "no notebooks found" in text:
        return (f"no {module}.ipynb in the submission (the notebook was renamed or removed): rename it back in "
                f"{folder} and run `attuned autograde {module} --student {trainee}`")
    if ("old version" in text and "metadata" in text) or "duplicate grade id" in text:
        return ("answer cells changed beyond repair (a copied cell lost its nbgrader metadata): ask the trainee to "
                "fetch the module again, paste their words into the new copy and submit again")
    if "failed to validate" in text or "validationerror" in text:
        return ("the nbgrader metadata of a cell was edited: ask the trainee to fetch the module again, paste their "
                "words into the new copy and submit again")
    if "notjsonerror" in text or "jsondecodeerror" in text or "not appear to be json" in text or "unreadable" in text:
        return (f"the notebook in {folder} is damaged (not readable as a notebook): ask the trainee to submit "
                "again from their own copy")
    if "timeout" in text or "timed out" in text or "unresponsive" in text:
        return "a cell ran past the time limit (ExecutePreprocessor.timeout in nbgrader_config.py)"
    errors = [line.split("] ", 1)[-1].strip() for line in log_text.splitlines() if line.startswith("[ERROR]")]
    errors = [e for e in errors if e and not e.startswith(("There was an error", "Please see", "Traceback"))]
    return errors[0] if errors else "nbgrader could not autograde this submission (run nbgrader autograde " \
                                    f"{module} --student {trainee} --force to see its log)"


@contextlib.contextmanager
def _in_course(course: Path) -> Iterator[None]:
    """Run nbgrader as from the course folder (its nbgrader_config.py, `alembic` on PATH), with the
    noise nobody acts on kept off the terminal: what matters is summarised by :func:`summary`."""
    old_cwd, old_path = os.getcwd(), os.environ.get("PATH", "")
    os.chdir(course)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + old_path
    quiet = tempfile.TemporaryFile()  # the kernels' stderr (ipykernel's warning about TCP, once per kernel)
    saved_stderr = os.dup(2)
    sys.stderr.flush()
    os.dup2(quiet.fileno(), 2)
    try:
        with warnings.catch_warnings():
            # nbgrader's own gradebook code warns (SQLAlchemy's "not in session") when it creates a
            # submission, and nbformat warns about the duplicate cell ids answer_repair then removes:
            # neither is the instructor's to act on.
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved_stderr, 2)
        os.close(saved_stderr)
        quiet.close()
        os.chdir(old_cwd)
        os.environ["PATH"] = old_path


def _grade_one(module: str, trainee: str) -> Outcome:
    from nbgrader.apps.autogradeapp import AutogradeApp

    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(f"[{record.levelname}] {record.getMessage()}")

    app = AutogradeApp()
    app.initialize([module, f"--student={trainee}", "--force", "--log-level=WARN"])
    for handler in list(app.log.handlers):  # nbgrader's console output: we print one line instead
        app.log.removeHandler(handler)
    capture = Capture(level=logging.WARNING)
    app.log.addHandler(capture)
    try:
        app.start()
        failed = False
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one trainee's failure is reported, never raised
        failed = True
        lines.append(f"[ERROR] {type(exc).__name__}: {exc}")
    finally:
        app.log.removeHandler(capture)
    from attuned.pipeline.autograde_steps import NOT_RUN_MARK

    repairs = [line.split(REPAIRED, 1)[1] for line in lines if REPAIRED in line]
    not_run = [line.split(NOT_RUN_MARK)[0].rsplit(": ", 1)[-1].strip() for line in lines if NOT_RUN_MARK in line]
    text = "\n".join(lines)
    if failed or any(line.startswith("[ERROR]") for line in lines):
        return Outcome(trainee, False, plain_reason(text, trainee, module), repairs, not_run)
    return Outcome(trainee, True, repairs=repairs, not_run=not_run)


def autograde_module(course: Path, module: str, trainees: list[str] | None = None) -> list[Outcome]:
    """Autograde ``module`` for each trainee (default: every collected submission), one at a time;
    record failures for report, export and portfolio; return one outcome per trainee."""
    from attuned.pipeline.autograde_record import update_failures

    course = Path(course).resolve()
    if not (course / "source" / module).is_dir():
        known = sorted(p.name for p in (course / "source").glob("[0-9][0-9]-*") if p.is_dir())
        raise AutogradeError(f"no module {module!r} in {course / 'source'}"
                             + (f" (there are: {', '.join(known)})" if known else ""))
    collected = submitted_trainees(course, module)
    if trainees:
        missing = [t for t in trainees if t not in collected]
        if missing:
            raise AutogradeError(f"no collected submission of {module} for {', '.join(missing)} in "
                                 f"{course / 'submitted'}: run `nbgrader collect {module}` first")
    else:
        trainees = collected
    if not trainees:
        raise AutogradeError(f"no collected submissions of {module} in {course / 'submitted'}: "
                             f"run `nbgrader collect {module}` first")
    outcomes = []
    with _in_course(course):
        for trainee in trainees:
            outcomes.append(_grade_one(module, trainee))
    update_failures(course, module, {o.trainee: o.reason for o in outcomes if not o.graded},
                    [o.trainee for o in outcomes if o.graded])
    return outcomes


def summary(module: str, outcomes: list[Outcome]) -> list[str]:
    """The lines ``attuned autograde`` prints: one per trainee repaired or not graded, then a total."""
    lines = []
    for o in outcomes:
        if not o.graded:
            lines.append(f"NOT GRADED {o.trainee}: {o.reason}")
        elif o.repairs:
            lines.append(f"graded {o.trainee} after repairs: {'; '.join(dict.fromkeys(o.repairs))}")
        if o.not_run:
            lines.append(f"{o.trainee}: added code cell{'s' if len(o.not_run) != 1 else ''} not run "
                         f"({', '.join(o.not_run)}): autograde runs no code from a submission")
    graded = sum(o.graded for o in outcomes)
    lines.append(f"{module}: {graded} of {len(outcomes)} trainee{'s' if len(outcomes) != 1 else ''} autograded"
                 + (f"; {len(outcomes) - graded} not graded (recorded in autograde-failures.json: report, export "
                    "and portfolio show them as not graded, not 0)" if graded < len(outcomes) else ""))
    return lines
