"""What a notebook shows in place of an exercise whose content is broken or missing."""

from __future__ import annotations

from typing import Any


class Unavailable:
    """Stands in for an exercise whose content is broken: shows a readable reason, no traceback."""

    def __init__(self, item: str, reason: str):
        self.item, self.reason = item, reason

    def show(self) -> None:
        from IPython.display import display

        from attuned.notebook.ui import error_box

        display(error_box(self.reason))

    _ipython_display_ = show

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"{self.item} cannot be used: {self.reason}")
