"""What a notebook shows in place of an exercise whose content is broken or missing."""

from __future__ import annotations

from typing import Any

from attuned.notebook.widget_base import Displayed


class Unavailable(Displayed):
    """Stands in for an exercise whose content is broken: shows a readable reason, no traceback."""

    def __init__(self, item: str, reason: str):
        self.item, self.reason = item, reason

    @property
    def view(self) -> Any:
        from attuned.notebook.ui import error_box

        return error_box(self.reason)

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"{self.item} cannot be used: {self.reason}")
