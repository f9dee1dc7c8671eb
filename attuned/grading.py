"""What grade cells call. Prints the committed answer in words, then returns the score.

Rules that come from how nbgrader grades a code cell:
- the last expression's numeric value is the partial credit, so every function returns a float;
- any error *or any stderr output* scores 0, so nothing here warns or logs to stderr: notes
  about skipped log lines go to stdout, where the instructor and trainee read them;
- the feedback HTML shows no widgets, so the printed text must say everything that matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from attuned.course import course_for
from attuned.exercises.model import CHECKIN_SCALES
from attuned.responses import LogContents, ResponseLog
from attuned.vignettes.model import VignetteEngine


class GradingProblem(Exception):
    """A grade cell cannot award points. Renders as ONE line in the notebook and the feedback.

    IPython shows a traceback with source context *around* the failing line; in a knowledge-check
    grade cell the lines after it are the hidden test holding the key. ``_render_traceback_`` is
    IPython's hook for replacing that display, so nothing but our sentence is ever shown.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class NotAnswered(GradingProblem):
    """Nothing usable was committed for this item. One line, meant for the trainee."""


def _fail(message: str) -> NotAnswered:
    return NotAnswered(message)


def _one_line_errors(func):
    """Turn any unexpected failure inside a grade function into a one-line GradingProblem."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except GradingProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - a grade cell must never show a raw traceback
            raise GradingProblem(f"{args[0] if args else ''}: could not be graded ({type(exc).__name__}: {exc})") from None

    return wrapper


def _read(item: str) -> LogContents:
    contents = ResponseLog().read()
    for problem in contents.problems:
        print(f"Note: {problem}")
    return contents


_HOW = {
    "response": "go back to the vignette, choose a response and press Respond",
    "answer": "go back to the knowledge check, choose and press Submit answer",
    "check-in": "go back to the check-in, pick both numbers and press Record check-in",
}


def _missing(item: str, contents: LogContents, what: str) -> NotAnswered:
    where = contents.path.name
    extra = " (some of its lines could not be read; see the notes above)" if contents.problems else ""
    return _fail(f"No committed {what} for {item} in {where}{extra}: {_HOW[what]}.")


@_one_line_errors
def vignette_result(item: str, points: float) -> float:
    """Print the graded path through a vignette and return its score out of ``points``."""
    vignette = course_for(item).vignette(item)
    contents = _read(item)
    name = vignette.client.name
    words = contents.own_words(item)
    # The trainee's own words come first and are printed even when no option was committed: the
    # instructor grades them (the task cell below this one) whatever happened to the path.
    if words is not None:
        print(f"Your own words to {name}, written before the options appeared "
              f"({words.at[:16].replace('T', ' ')} UTC):")
        for line in str(words.value).splitlines() or [""]:
            print(f"  | {line}")
    else:
        print(f"Your own words to {name}: none were saved for this vignette.")
    steps = contents.graded_run(item)
    if not steps:
        raise _missing(item, contents, "response")
    engine, notes = VignetteEngine.from_log(vignette, [(e.scene, str(e.value)) for e in steps])
    mismatch = "; ".join(notes)
    print(f"{vignette.title} — your graded path (first run), committed {steps[0].at[:16].replace('T', ' ')} UTC")
    for number, step in enumerate(engine.steps, start=1):
        print(f"  {number}. {name}: “{step.scene.client_says}”")
        chose = "You chose" if number == 1 and words is not None else "You"
        print(f"     {chose} ({step.option.stance}): “{step.option.text}”")
        print(f"     {name}'s reaction: {step.option.reaction}")
        print(f"     Supervisor's ratings: {step.option.ratings_in_words()}")
        print(f"     Supervisor: {step.option.comment}")
    if mismatch:
        print(f"  Note: {mismatch}; those steps were not counted.")
    if not engine.finished:
        print("  The path was not finished: the next step counts as 0.")
    practice = sum(1 for e in contents.for_item(item) if e.kind == "practice")
    if practice:
        print(f"  Practice steps after the graded run (not graded): {practice}.")
    score = round(engine.score_fraction() * points, 2)
    print(f"Score: {score:g} of {points:g} (mean rating across your steps).")
    return score


@dataclass
class CommittedCheck:
    item: str
    selected: list[str]

    @_one_line_errors
    def score(self, key: list[str], points: float) -> float:
        """Partial credit: correct picks minus wrong picks, over the number of correct options."""
        if not key:
            return 0.0
        right = len(set(self.selected) & set(key))
        wrong = len(set(self.selected) - set(key))
        return round(max(0.0, (right - wrong) / len(key)) * points, 2)

    def __repr__(self) -> str:
        return f"Committed answer for {self.item}: {', '.join(self.selected) or 'none'}"


@_one_line_errors
def committed_check(item: str) -> CommittedCheck:
    """Print the trainee's first submitted answer to a knowledge check; the key is applied elsewhere."""
    check = course_for(item).check(item)
    contents = _read(item)
    event = contents.graded(item)
    if event is None or event.kind != "check":
        raise _missing(item, contents, "answer")
    value = event.value if isinstance(event.value, list) else [event.value]
    selected = [str(v) for v in value]
    print(f"{check.prompt}\nYour graded answer (the first you submitted): {check.describe(selected)}")
    return CommittedCheck(item, selected)


@_one_line_errors
def checkin_result(item: str, points: float) -> float:
    """Completion credit for a self-monitoring check-in; the ratings themselves are never graded."""
    checkin = course_for(item).checkin(item)
    contents = _read(item)
    event = contents.graded(item)
    if event is None or event.kind != "self_report" or not isinstance(event.value, dict):
        raise _missing(item, contents, "check-in")
    ratings = []
    for scale, (label, _low, _high) in CHECKIN_SCALES.items():
        value = event.value.get(scale)
        ratings.append(f"{label} {value}/10" if isinstance(value, int) else f"{label} (not given)")
    print(f"Check-in {checkin.moment} the vignettes: " + "; ".join(ratings))
    print("Completion credit only: what you rated is yours to reflect on, never graded.")
    return float(points)
