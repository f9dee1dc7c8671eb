"""Attuned: a Jupyter curriculum on the therapeutic relationship.

Importing this package is cheap on purpose (notebooks start fast): widgets, pandas and
matplotlib load only when a notebook first uses them.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
#: The distribution name on the package index: `attuned` there is someone else's project (the import
#: package and the `attuned` command keep the short name). pyproject.toml says the same; a test checks.
DISTRIBUTION = "attuned-course"
__all__ = ["CheckIn", "KnowledgeCheck", "TeachingModel", "Vignette"]


class Unavailable:
    """Stands in for an exercise whose content is broken: shows a readable reason, no traceback."""

    def __init__(self, item: str, reason: str):
        self.item, self.reason = item, reason

    def show(self) -> None:
        from IPython.display import display

        from attuned.ui import error_box

        display(error_box(self.reason))

    _ipython_display_ = show

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"{self.item} cannot be used: {self.reason}")


def _build(kind: str, item: str, log: Any = None) -> Any:
    from attuned.course import UnknownItem, get_course
    from attuned.headless import RecordedElsewhere, nbgrader_running

    try:
        course = get_course()
        lookup = {"vignette": course.vignette, "check": course.check, "checkin": course.checkin}[kind]
        content = lookup(item)  # an unknown item is reported the same way in both modes
    except UnknownItem as exc:
        return Unavailable(item, str(exc))
    if nbgrader_running():  # autograde or validate: nobody to click (see attuned.headless)
        return RecordedElsewhere(kind, item)
    if kind == "vignette":
        from attuned.vignettes.widget import VignettePlayer

        return VignettePlayer(content, log)
    if kind == "check":
        from attuned.exercises.widgets import KnowledgeCheckWidget

        return KnowledgeCheckWidget(content, log)
    from attuned.exercises.widgets import CheckInWidget

    return CheckInWidget(content, log)


def Vignette(item: str, log: Any = None) -> Any:  # noqa: N802 - reads like a class in notebooks
    """The branching vignette player for ``item`` (e.g. ``Vignette("m2.tomas").show()``)."""
    return _build("vignette", item, log)


def KnowledgeCheck(item: str, log: Any = None) -> Any:  # noqa: N802
    return _build("check", item, log)


def CheckIn(item: str, log: Any = None) -> Any:  # noqa: N802
    return _build("checkin", item, log)


def TeachingModel(name: str) -> Any:  # noqa: N802
    """An interactive teaching model (a simplification, plainly labelled)."""
    from attuned.headless import RecordedElsewhere, nbgrader_running
    from attuned.teaching_models import REGISTRY, build

    if nbgrader_running() and name in REGISTRY:
        return RecordedElsewhere("model", name)
    return build(name)
