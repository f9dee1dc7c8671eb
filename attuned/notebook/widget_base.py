"""What every exercise widget shares: displaying itself, saying things, saving, and which answer counts.

The vignette player, the knowledge check and the check-in differ in what they ask; they agree on
the rest, so it lives here once:

- **display**: ``show()`` and a notebook's display of the object both go through
  ``IPython.display.display(self)``, which renders ``self.view``. A displayed widget is therefore
  always the widget object itself, so a caller that wants to know what a notebook showed (the
  simulated trainees, :mod:`attuned.simulation.personas`) registers an IPython display formatter
  for :class:`Displayed` instead of the widgets keeping a registry of themselves;
- **saying**: status lines are text in a ``role="status"`` live region (:func:`attuned.notebook.ui.status_html`),
  and a problem from a button press is said there, never raised as a traceback;
- **saving**: a response the log cannot take is said as "Not saved: <why>" and re-raised, so the
  Python twins of the buttons fail loudly and the page shows why;
- **the first-submission rule**: the first graded-kind event of an item in the response log is the
  graded one (:meth:`attuned.notebook.responses.LogContents.graded`, which grading reads too);
  every later submission is saved as practice. The log decides, read afresh at each submission,
  because another window or kernel may have submitted since this widget opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from attuned.notebook.responses import LogWriteError
from attuned.notebook.ui import status_html

if TYPE_CHECKING:
    from attuned.notebook.responses import Event, LogContents, ResponseLog


class Displayed:
    """An object a notebook shows through its ``view`` (an ipywidgets box)."""

    view: Any

    def show(self) -> None:
        from IPython.display import display

        display(self)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.view)


class CourseWidget(Displayed):
    """An exercise that saves a trainee's responses to the log, of which the first is graded."""

    item: str
    log: ResponseLog
    status: Any  # an ipywidgets.HTML holding the status line
    #: The log kind of a graded submission of this widget ("commit", "check" or "self_report").
    graded_kind: ClassVar[str]
    #: The errors a button press shows in the status line (anything else is a bug and raises).
    shown_errors: ClassVar[tuple[type[Exception], ...]] = ()

    def graded_event(self, contents: LogContents | None = None) -> Event | None:
        """The graded submission of this item (the first in the log), or None while there is none."""
        event = (contents if contents is not None else self.log.read()).graded(self.item)
        return event if event is not None and event.kind == self.graded_kind else None

    def is_first(self, run: str | None = None) -> bool:
        """Whether a submission now is the graded one: nothing is graded yet or, for a vignette's
        steps, the graded run is ``run`` (the run this widget is walking)."""
        event = self.graded_event()
        return event is None or (run is not None and event.run == run)

    def _save(self, kind: str, value: Any, **extra: Any) -> None:
        """Append one event for this item; a refusal is said in the status line and re-raised."""
        try:
            self.log.append(self.item, kind, value, **extra)
        except LogWriteError as exc:
            self._say(f"Not saved: {exc}", "⚠")
            raise

    def _say(self, text: str, symbol: str) -> None:
        self.status.value = status_html(text, symbol)

    def _safe(self, action: Callable[[], object]) -> None:
        """Button handlers: show problems as text in the widget, never as a traceback."""
        try:
            action()
        except LogWriteError:
            pass  # _save already said "Not saved: <why>" in the status line
        except self.shown_errors as exc:
            self._say(str(exc), "⚠")
