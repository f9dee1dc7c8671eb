"""The non-vignette items a module asks of the trainee, as plain data.

A knowledge check deliberately has no answer key here: keys live only in the instructor's
hidden tests, so nothing the package ships can give them away.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckOption:
    id: str
    text: str


@dataclass(frozen=True)
class KnowledgeCheck:
    id: str
    kind: str  # "single" or "multiple"
    prompt: str
    options: tuple[CheckOption, ...]

    def option(self, option_id: str) -> CheckOption:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(option_id)

    def describe(self, option_ids: list[str]) -> str:
        """The chosen options in words. Never by their ids: options are shown in each trainee's own
        order (attuned.notebook.option_order), and a letter would let trainees pass answers on."""
        parts = []
        for oid in option_ids:
            try:
                parts.append(f"“{self.option(oid).text}”")
            except KeyError:
                parts.append(f"[{oid}: not an option of this question]")
        return "; ".join(parts) if parts else "(nothing selected)"


#: The two things a therapist-as-instrument check-in asks about, each on a 0–10 scale.
CHECKIN_SCALES: dict[str, tuple[str, str, str]] = {
    # name: (label, meaning of 0, meaning of 10)
    "activation": ("How activated is my body right now?", "settled", "highly activated"),
    "urge_to_fix": ("How strong is my urge to fix or make it better?", "no urge", "overwhelming urge"),
}


@dataclass(frozen=True)
class CheckIn:
    id: str
    moment: str  # "before" or "after" the vignettes it brackets
    prompt: str


@dataclass(frozen=True)
class ReflectionPrompt:
    id: str
    title: str
    prompt: str
    composite_alternative: str


@dataclass(frozen=True)
class RubricCriterion:
    id: str
    name: str
    levels: tuple[str, str, str, str]


@dataclass(frozen=True)
class ResponseCriterion:
    id: str
    name: str
    earns_1: str
    earns_0: str


@dataclass(frozen=True)
class ResponseRubric:
    """The short, observable rubric for a trainee's own first words in a vignette (1 point each)."""

    title: str
    purpose: str
    criteria: tuple[ResponseCriterion, ...]
    ethics_gate: str

    @property
    def points(self) -> int:
        return len(self.criteria)


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[RubricCriterion, ...]
    ethics_gate: tuple[str, ...]
    points: int


def check_score(selected: list[str], key: list[str], points: float) -> float:
    """The knowledge checks' partial-credit rule, the one place it is written: correct picks minus
    wrong picks, over the number of correct options, never below 0, times ``points`` (2 decimals).

    Grade cells and autograde (attuned.notebook.grading) and item analysis's test-wise strategies
    (attuned.reports.item_analysis) all score with it, so a report never disagrees with a grade."""
    if not key:
        return 0.0
    right = len(set(selected) & set(key))
    wrong = len(set(selected) - set(key))
    return round(max(0.0, (right - wrong) / len(key)) * points, 2)
