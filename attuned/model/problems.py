"""One shape for every content problem, so authors always see `file: field.path: reason`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A single thing wrong with a content file, located precisely enough to fix."""

    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field or '(top level)'}: {self.reason}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
