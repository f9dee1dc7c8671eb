"""Attuned: a Jupyter curriculum on the therapeutic relationship.

This module is the notebooks' whole interface: every cell the course writes imports from
``attuned`` and nothing deeper, so the layers below (see docs/architecture.md) can move without
breaking a notebook a trainee already holds. The layers, bottom to top:

- :mod:`attuned.model` — the course model: content files read, checked and loaded;
- :mod:`attuned.notebook` — what runs in a trainee's kernel: widgets, the response log, grade cells;
- :mod:`attuned.pipeline` — nbgrader integration: building notebooks, exchange, autograde, gradebook;
- :mod:`attuned.reports` — what instructors read: cohort report, item analysis, export, portfolio;
- :mod:`attuned.simulation` — simulated trainees that drive the whole cycle (demo, tests, benchmarks);
- :mod:`attuned.commands` — the ``attuned`` command line, doctor and quickstart.

Importing this package is cheap on purpose (notebooks start fast): widgets, pandas and
matplotlib load only when a notebook first uses them.
"""

from __future__ import annotations

from typing import Any

from attuned.notebook.unavailable import Unavailable
from attuned.version import DISTRIBUTION, __version__

__all__ = [
    "DISTRIBUTION", "CheckIn", "KnowledgeCheck", "TeachingModel", "Unavailable", "Vignette", "__version__",
    "checkin_result", "committed_check", "show_privacy_check", "vignette_result",
]

#: Names the grade and privacy cells use, imported on first use (the grading code is not needed
#: until a grade cell runs).
_LAZY = {
    "checkin_result": "attuned.notebook.grading",
    "committed_check": "attuned.notebook.grading",
    "vignette_result": "attuned.notebook.grading",
    "show_privacy_check": "attuned.notebook.privacy",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'attuned' has no attribute {name!r}")


def _build(kind: str, item: str, log: Any = None) -> Any:
    from attuned.model.course import UnknownItem, get_course
    from attuned.notebook.headless import RecordedElsewhere, nbgrader_running

    try:
        course = get_course()
        lookup = {"vignette": course.vignette, "check": course.check, "checkin": course.checkin}[kind]
        content = lookup(item)  # an unknown item is reported the same way in both modes
    except UnknownItem as exc:
        return Unavailable(item, str(exc))
    if nbgrader_running():  # autograde or validate: nobody to click (see attuned.notebook.headless)
        return RecordedElsewhere(kind, item)
    if kind == "vignette":
        from attuned.notebook.vignette_widget import VignettePlayer

        return VignettePlayer(content, log)
    if kind == "check":
        from attuned.notebook.exercise_widgets import KnowledgeCheckWidget

        return KnowledgeCheckWidget(content, log)
    from attuned.notebook.exercise_widgets import CheckInWidget

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
    from attuned.notebook.headless import RecordedElsewhere, nbgrader_running
    from attuned.notebook.teaching_models import REGISTRY, build

    if nbgrader_running() and name in REGISTRY:
        return RecordedElsewhere("model", name)
    return build(name)
