"""What an exercise cell shows when nbgrader, not a person, runs the notebook.

nbgrader sets ``NBGRADER_EXECUTION`` (``autograde`` or ``validate``) while it executes a
notebook, and documents it for exactly this use (its FAQ: "Can I modify the notebook behavior
during autograding or validation?"). Nobody is there to press a button: building live controls
then only costs time (ipywidgets and anywidget imported in every kernel, dozens of widget models
that nbclient writes into the graded notebook as ~300 KB of state, a chart drawn with
matplotlib) and gives the feedback reader controls that cannot work outside a live kernel.
So each exercise cell prints one sentence saying where its result is, and the record section at
the end of the notebook (which runs in full) prints what the trainee committed, in words, with
the points it earns. Nothing graded depends on these cells: the grade cells read the response log.
"""

from __future__ import annotations

import os

#: The whole source of each module's privacy check cell, as notebook_builder writes it (autograde
#: knows the cell by its grade id and runs the same check in nbgrader's process: autograde_steps).
PRIVACY_CALL = "from attuned import show_privacy_check\n\nshow_privacy_check()"

KINDS: dict[str, str] = {
    "vignette": "Vignette",
    "check": "Knowledge check",
    "checkin": "Check-in",
    "model": "Teaching model",
}


def nbgrader_running() -> str:
    """``"autograde"`` or ``"validate"`` while nbgrader executes this notebook, else ``""``."""
    return os.environ.get("NBGRADER_EXECUTION", "").strip()


class RecordedElsewhere:
    """The one-line stand-in for an interactive exercise in a notebook nbgrader executes."""

    def __init__(self, kind: str, item: str):
        self.kind, self.item = kind, item

    def text(self) -> str:
        label = KINDS.get(self.kind, "Exercise")
        if self.kind == "model":
            return (f"{label} '{self.item}': interactive, shown live in the trainee's notebook; "
                    "it is for reflection and earns no points.")
        return (f"{label} {self.item}: interactive, shown live in the trainee's notebook. What was "
                "committed, and the points it earns, are printed in 'Your record' below.")

    def __repr__(self) -> str:
        return self.text()

    def show(self) -> None:
        print(self.text())

    def __getattr__(self, name: str):
        raise AttributeError(f"{self.item} is not interactive while nbgrader runs the notebook ({name})")
