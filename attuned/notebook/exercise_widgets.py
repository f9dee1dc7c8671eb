"""Views for knowledge checks and self-monitoring check-ins, with Python twins of every click.

The first submission of an item is graded; later ones are kept in the log as practice, so a
trainee who changes their mind sees that plainly rather than silently overwriting an answer.
Each view is an :class:`attuned.notebook.controls.form.CourseForm`: a press of Submit or Record carries the
answers shown on the page, and lands in ``submit``/``record``, which the Python twins share.
"""

from __future__ import annotations

from attuned.model.exercise import CHECKIN_SCALES, CheckIn, KnowledgeCheck
from attuned.notebook.responses import ResponseLog
from attuned.notebook.ui import STYLE, esc
from attuned.notebook.widget_base import CourseWidget


class ExerciseError(Exception):
    """A move the widget cannot make (no selection, unknown option)."""


class _Exercise(CourseWidget):
    """A knowledge check or check-in: each submission is one event; the first is graded."""

    shown_errors = (ExerciseError,)
    #: The graded submission's value, as far as this widget knows (None: nothing graded yet).
    graded_value: object = None

    def _already(self) -> str:
        """The opening note: the graded answer's date if there is one, and any log problems."""
        contents = self.log.read()
        event = self.graded_event(contents)
        note = " ".join(contents.problems)
        self.graded_value = None if event is None else event.value
        if event is None:
            return note
        when = event.at[:16].replace("T", " ")
        return (f"Already answered on {when} UTC; that first answer is the graded one. "
                f"Anything you submit now is practice. {note}").strip()

    def _submit(self, value: object) -> bool:
        """Save ``value``: graded if it is the item's first submission, else practice. True if graded."""
        if self.graded_value is None:
            event = self.graded_event()
            self.graded_value = None if event is None else event.value
        first = self.graded_value is None
        self._save(self.graded_kind if first else "practice", value)
        if first:
            self.graded_value = value
        return first


class KnowledgeCheckWidget(_Exercise):
    graded_kind = "check"

    def __init__(self, check: KnowledgeCheck, log: ResponseLog | None = None, *, authored_order: bool = False):
        import ipywidgets as w

        from attuned.notebook.option_order import shuffled, trainee_seed

        self.check = check
        self.item = check.id
        self.log = log or ResponseLog()
        # Options appear in this trainee's order (attuned.notebook.option_order); answers are logged by id.
        self.order_seed = None if authored_order else trainee_seed(self.log)
        self.shown_options = shuffled(check.options, self.order_seed, check.id)
        prompt = w.HTML(f'<div class="attuned-card"><p><strong>Knowledge check.</strong> {esc(check.prompt)}</p>'
                        + ("<p><em>Select every answer that applies.</em></p>" if check.kind == "multiple" else "")
                        + "</div>")
        from attuned.notebook.controls.form import CourseForm, button, checkbox_field, radio_field

        # Labelled by text alone: an authored letter ("(b)") would let trainees pass the answer on
        # whatever order each of them sees, which is what the shuffle is for.
        choices = [(o.text, o.id) for o in self.shown_options]
        answer = (radio_field("answer", "Your answer:", choices) if check.kind == "single"
                  else checkbox_field("answer", "Your answers:", choices))
        self.form = CourseForm(fields=[answer], buttons=[button("submit", "Submit answer", tooltip="Save this answer")])
        self.form.on_press("submit", lambda values: self._safe(lambda: self.submit(values.get("answer"))))
        self.status = w.HTML()
        self.view = w.VBox([w.HTML(STYLE), prompt, self.form, self.status])
        self.view.add_class("attuned")
        note = self._already()
        self._say(note or "Choose, then press Submit answer. Your first submission is graded.", "ℹ")

    def choose(self, *option_ids: str) -> list[str]:
        known = {o.id for o in self.check.options}
        for oid in option_ids:
            if oid not in known:
                raise ExerciseError(f"{self.item} has no option '{oid}'")
        if self.check.kind == "single":
            if len(option_ids) != 1:
                raise ExerciseError(f"{self.item} takes exactly one answer")
            self.form.set_value("answer", option_ids[0])
        else:
            # Authored order, whatever order the page showed: every trainee's log reads alike.
            self.form.set_value("answer", [o.id for o in self.check.options if o.id in option_ids])
        return self.selected()

    def selected(self) -> list[str]:
        value = self.form.value("answer")
        if self.check.kind == "single":
            return [value] if value else []
        return list(value or [])

    def submit(self, answer: str | list[str] | None) -> list[str]:
        """What a press of Submit answer does: save ``answer``, the choice the page showed."""
        ids = [] if answer is None else [answer] if isinstance(answer, str) else [str(a) for a in answer]
        if ids:
            self.choose(*ids)
        else:
            self.form.set_value("answer", None if self.check.kind == "single" else [])
        return self.commit()

    def commit(self) -> list[str]:
        chosen = self.selected()
        if not chosen:
            raise ExerciseError("Select an answer before submitting.")
        if self._submit(chosen):
            self._say(f"Saved your answer: {self._words(chosen)}. This first answer is graded; your feedback "
                      "shows the points it earned.", "✔")
        else:
            self._say(f"Saved as practice: {self._words(chosen)}. Your graded answer stays "
                      f"{self._words(self.graded_value)}.", "✔")
        return chosen

    def _words(self, chosen: list[str]) -> str:
        """The chosen options in words, in quotes (never by an authored letter)."""
        texts = {o.id: o.text for o in self.check.options}
        return "; ".join(f"“{texts.get(oid, oid)}”" for oid in chosen)


class CheckInWidget(_Exercise):
    """Therapist-as-instrument check-in: rate your own activation and urge to fix, 0–10."""

    graded_kind = "self_report"

    def __init__(self, checkin: CheckIn, log: ResponseLog | None = None):
        import ipywidgets as w

        self.checkin = checkin
        self.item = checkin.id
        self.log = log or ResponseLog()
        intro = w.HTML(f'<div class="attuned-card"><p><strong>Check-in ({esc(checkin.moment)} the vignettes).</strong> '
                       f"{esc(checkin.prompt)}</p><p><em>Only completion earns credit; your numbers are yours.</em></p></div>")
        from attuned.notebook.controls.form import CourseForm, button, select_field

        fields = []
        for name, (label, low, high) in CHECKIN_SCALES.items():
            choices = [(f"{n}" + (f" — {low}" if n == 0 else f" — {high}" if n == 10 else ""), n) for n in range(11)]
            fields.append(select_field(name, label, choices, placeholder="— choose —"))
        self.form = CourseForm(fields=fields, buttons=[button("record", "Record check-in", tooltip="Save these ratings")])
        self.form.on_press("record", lambda values: self._safe(lambda: self.record(values)))
        self.status = w.HTML()
        self.view = w.VBox([w.HTML(STYLE), intro, self.form, self.status])
        self.view.add_class("attuned")
        note = self._already()
        self._say(note or "Pick a number for each, then press Record check-in.", "ℹ")

    def set(self, **ratings: int) -> dict[str, int | None]:
        for name, value in ratings.items():
            if name not in CHECKIN_SCALES:
                raise ExerciseError(f"unknown scale '{name}' (scales: {', '.join(CHECKIN_SCALES)})")
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
                raise ExerciseError(f"{name} must be a whole number 0–10")
            self.form.set_value(name, value)
        return self.values()

    def values(self) -> dict[str, int | None]:
        return {name: self.form.value(name) for name in CHECKIN_SCALES}

    def record(self, values: dict) -> dict[str, int]:
        """What a press of Record check-in does: save the numbers the page showed."""
        for name in CHECKIN_SCALES:
            if values.get(name) is None:
                self.form.set_value(name, None)
            else:
                self.set(**{name: values[name]})
        return self.commit()

    def commit(self) -> dict[str, int]:
        values = self.values()
        missing = [CHECKIN_SCALES[n][0] for n, v in values.items() if v is None]
        if missing:
            raise ExerciseError("Choose a number for: " + "; ".join(missing))
        first = self._submit(values)
        self._say("Saved your check-in." + ("" if first else " (Your first check-in stays the recorded one.)"), "✔")
        return values  # type: ignore[return-value]
