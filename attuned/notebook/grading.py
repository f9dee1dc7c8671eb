"""What a grade cell shows and scores: the record of what a trainee committed, in words, and its points.

The same pure functions serve two readers:
- autograde, which scores every grade cell in nbgrader's own process from the submitted response
  log and the instructor's keys (:mod:`attuned.pipeline.autograde_steps`): no kernel, no trainee code, no
  key ever sent anywhere a trainee's code could read it;
- the trainee's own notebook (and ``nbgrader validate``), where the grade cells call
  :func:`vignette_result`, :func:`checkin_result` and :func:`committed_check` in the kernel to
  show the record before submitting. There the knowledge-check key is absent, so only autograde
  scores a knowledge check.

Rules that come from how nbgrader grades a code cell, kept for the kernel-side functions:
- the last expression's numeric value is the partial credit, so every scoring function returns a float;
- any error *or any stderr output* scores 0, so nothing here warns or logs to stderr: notes
  about skipped log lines go to stdout, where the instructor and trainee read them;
- the feedback HTML shows no widgets, so the record must say everything that matters.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from attuned.model.course import course_for
from attuned.model.exercise import CHECKIN_SCALES, check_score
from attuned.notebook.responses import LogContents, ResponseLog


class GradingProblem(Exception):
    """A grade cell cannot award points. Renders as ONE line in the notebook and the feedback.

    ``_render_traceback_`` is IPython's hook for replacing the traceback display, so nothing but
    our sentence is ever shown.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class NotAnswered(GradingProblem):
    """Nothing usable was committed for this item. One line, meant for the trainee."""


@dataclass
class Record:
    """What one grade cell shows: plain text for logs and tests, HTML for people; and its score.

    ``score`` is None when ``problem`` says why nothing could be scored (it then earns 0).
    """

    item: str
    points: float
    notes: list[str] = field(default_factory=list)  # lines of the log that could not be read
    intro: list[str] = field(default_factory=list)  # before the quote (the own-words heading)
    quote: list[str] = field(default_factory=list)  # the trainee's own words, line by line
    title: str = ""
    steps: list[list[str]] = field(default_factory=list)  # one list of lines per step of a path
    closing: list[str] = field(default_factory=list)
    score: float | None = None
    problem: GradingProblem | None = None

    @property
    def earned(self) -> float:
        """The points this record earns: its score, or 0 when nothing usable was committed."""
        return 0.0 if self.problem is not None or self.score is None else float(self.score)

    def text(self, *, with_problem: bool = True) -> str:
        lines = [f"Note: {n}" for n in self.notes] + list(self.intro)
        lines += [f"  | {q}" for q in self.quote]
        lines += [self.title] if self.title else []
        for number, step in enumerate(self.steps, start=1):
            lines += [f"  {number}. {step[0]}"] + [f"     {line}" for line in step[1:]]
        lines += self.closing
        if self.problem is not None and with_problem:
            lines.append(f"{type(self.problem).__name__}: {self.problem}")
        return "\n".join(lines)

    def html(self) -> str:
        """The record as plain HTML that wraps at any width. Only tags nbconvert's ``clean_html``
        keeps (div, ol, li, strong, em, blockquote), no style or script, so Formgrader and the
        feedback (``sanitize_html`` on) show it as the notebook does. Everything from the log is escaped."""
        e = html.escape

        def div(text: str) -> str:
            return f"<div>{e(text)}</div>"

        parts = [f"<div><em>Note: {e(n)}</em></div>" for n in self.notes]
        parts += [div(line) for line in self.intro]
        if self.quote:
            parts.append("<blockquote>" + "".join(div(q) for q in self.quote) + "</blockquote>")
        if self.title:
            parts.append(f"<div><strong>{e(self.title)}</strong></div>")
        if self.steps:
            parts.append("<ol>" + "".join("<li>" + "".join(div(line) for line in step) + "</li>" for step in self.steps)
                         + "</ol>")
        parts += [div(line.strip()) for line in self.closing]
        if self.problem is not None:
            parts.append(f"<div><strong>Not answered yet:</strong> {e(str(self.problem))}</div>")
        return '<div class="attuned-record">' + "".join(parts) + "</div>"


def _one_line_errors(func: Callable[..., Record]) -> Callable[..., Record]:
    """Any unexpected failure while building a record becomes its one-line problem (score 0)."""

    @functools.wraps(func)
    def wrapper(item: str, points: float, *args: Any, **kwargs: Any) -> Record:
        try:
            return func(item, points, *args, **kwargs)
        except GradingProblem as exc:
            return Record(item, points, problem=exc)
        except Exception as exc:  # noqa: BLE001 - a grade cell must never show a raw traceback
            return Record(item, points, problem=GradingProblem(
                f"{item}: could not be graded ({type(exc).__name__}: {exc})"))

    return wrapper


_HOW = {
    "response": "go back to the vignette, save your own first words, then choose a response and press Respond",
    "answer": "go back to the knowledge check, choose and press Submit answer",
    "check-in": "go back to the check-in, pick both numbers and press Record check-in",
}


def _missing(item: str, contents: LogContents, what: str) -> NotAnswered:
    where = contents.path.name
    extra = " (some of its lines could not be read; see the notes above)" if contents.problems else ""
    return NotAnswered(f"No committed {what} for {item} in {where}{extra}: {_HOW[what]}.")


def _when(at: str) -> str:
    return at[:16].replace("T", " ")


@_one_line_errors
def vignette_record(item: str, points: float, contents: LogContents) -> Record:
    """The graded path through a vignette (the first run), in words, scored out of ``points``."""
    from attuned.model.vignette import VignetteEngine

    vignette = course_for(item).vignette(item)
    rec = Record(item, points, notes=list(contents.problems))
    name = vignette.client.name
    words = contents.own_words(item)
    # The trainee's own words come first and are shown even when no option was committed: the
    # instructor grades them (the task cell below this one) whatever happened to the path.
    if words is not None:
        rec.intro.append(f"Your own words to {name}, written before the options appeared ({_when(words.at)} UTC):")
        rec.quote = str(words.value).splitlines() or [""]
    else:
        rec.intro.append(f"Your own words to {name}: none were saved for this vignette.")
    steps = contents.graded_run(item)
    if not steps:
        rec.problem = _missing(item, contents, "response")
        return rec
    engine, notes = VignetteEngine.from_log(vignette, [(e.scene, str(e.value)) for e in steps])
    rec.title = f"{vignette.title} — your graded path (first run), committed {_when(steps[0].at)} UTC"
    for number, step in enumerate(engine.steps, start=1):
        chose = "You chose" if number == 1 and words is not None else "You"
        rec.steps.append([f"{name}: “{step.scene.client_says}”",
                          f"{chose} ({step.option.stance}): “{step.option.text}”",
                          f"{name}'s reaction: {step.option.reaction}",
                          f"Supervisor's ratings: {step.option.ratings_in_words()}",
                          f"Supervisor: {step.option.comment}"])
    if notes:
        rec.closing.append(f"  Note: {'; '.join(notes)}; those steps were not counted.")
    if not engine.finished:
        rec.closing.append("  The path was not finished: the next step counts as 0.")
    practice = sum(1 for e in contents.for_item(item) if e.kind == "practice")
    if practice:
        rec.closing.append(f"  Practice steps after the graded run (not graded): {practice}.")
    rec.score = round(engine.score_fraction() * points, 2)
    rec.closing.append(f"Score: {rec.score:g} of {points:g} (mean rating across your steps).")
    return rec


def committed_answer(item: str, contents: LogContents) -> list[str] | None:
    """The option ids of the trainee's first submitted answer to a knowledge check, or None."""
    event = contents.graded(item)
    if event is None or event.kind != "check":
        return None
    value = event.value if isinstance(event.value, list) else [event.value]
    return [str(v) for v in value]


@_one_line_errors
def check_record(item: str, points: float, contents: LogContents, key: list[str] | None = None) -> Record:
    """The trainee's graded answer to a knowledge check, scored against ``key`` when one is given.

    Without a key (a trainee's own notebook) the record shows the answer and leaves the score to
    autograde. The key itself is never shown: the feedback names the answer's score only.
    """
    check = course_for(item).check(item)
    rec = Record(item, points, notes=list(contents.problems))
    selected = committed_answer(item, contents)
    if selected is None:
        rec.problem = _missing(item, contents, "answer")
        return rec
    rec.intro = [check.prompt, f"Your graded answer (the first you submitted): {check.describe(selected)}"]
    if key is not None:
        rec.score = check_score(selected, key, points)
        rec.closing.append(f"Score: {rec.score:g} of {points:g}.")
    else:
        rec.closing.append("Scored when your instructor grades the module.")
    return rec


@_one_line_errors
def checkin_record(item: str, points: float, contents: LogContents) -> Record:
    """Completion credit for a self-monitoring check-in; the ratings themselves are never graded."""
    checkin = course_for(item).checkin(item)
    rec = Record(item, points, notes=list(contents.problems))
    event = contents.graded(item)
    if event is None or event.kind != "self_report" or not isinstance(event.value, dict):
        rec.problem = _missing(item, contents, "check-in")
        return rec
    ratings = []
    for scale, (label, _low, _high) in CHECKIN_SCALES.items():
        value = event.value.get(scale)
        ratings.append(f"{label} {value}/10" if isinstance(value, int) else f"{label} (not given)")
    rec.intro = [f"Check-in {checkin.moment} the vignettes: " + "; ".join(ratings),
                 "Completion credit only: what you rated is yours to reflect on, never graded."]
    rec.score = float(points)
    return rec


# -- the kernel side: what the grade cells of a trainee's notebook call ---------------------------
def _live_kernel() -> bool:
    """True in a trainee's own notebook: an IPython kernel that nbgrader is not running."""
    import sys

    from attuned.notebook.headless import nbgrader_running

    ipython = sys.modules.get("IPython")
    return not nbgrader_running() and ipython is not None and ipython.get_ipython() is not None


def _show(record: Record) -> float | None:
    """Show the record; return its score (nbgrader's partial credit).

    In a trainee's own notebook (Run All, which the notebook recommends) the record is shown as
    formatted HTML with its plain-text twin, and an item not answered yet is a calm line, not a red
    traceback; nothing is returned, so no bare ``Out[13]: 2.6`` follows the words that say it.
    Under ``nbgrader validate`` (and outside IPython) the record is printed, an unanswered item
    raises its one-line problem so that validate warns about it, and the score is returned.
    """
    if _live_kernel():
        from IPython.display import display

        display({"text/plain": record.text(), "text/html": record.html()}, raw=True)
        return None
    shown = record.text(with_problem=False)
    if shown:
        print(shown)
    if record.problem is not None:
        raise record.problem
    return record.earned


def _contents() -> LogContents:
    return ResponseLog().read()


def vignette_result(item: str, points: float) -> float | None:
    """Print the graded path through a vignette and return its score out of ``points``."""
    return _show(vignette_record(item, points, _contents()))


def checkin_result(item: str, points: float) -> float | None:
    """Print a check-in's completion record and return its points."""
    return _show(checkin_record(item, points, _contents()))


@dataclass
class CommittedCheck:
    item: str
    selected: list[str]

    def score(self, key: list[str], points: float) -> float:
        return check_score(self.selected, key, points)

    def __repr__(self) -> str:
        return f"Committed answer for {self.item}: {', '.join(self.selected) or 'none'}"


def committed_check(item: str) -> CommittedCheck | None:
    """Show the trainee's first submitted answer to a knowledge check; autograde applies the key."""
    contents = _contents()
    record = check_record(item, 1, contents)
    _show(record)
    return None if _live_kernel() else CommittedCheck(item, committed_answer(item, contents) or [])
