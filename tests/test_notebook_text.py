"""What the module notebooks tell a trainee above each vignette: their own words come first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attuned.model.course import get_course
from attuned.model.vocab import OWN_WORDS_MIN_WORDS, own_words_rule

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*REPO.glob("source/*/*.ipynb"), *REPO.glob("release/*/*.ipynb")])


def _source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_above_every_vignette_the_notebook_says_own_words_come_first(path):
    course = get_course()
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    widgets = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and _source(c).startswith('Vignette("')]
    assert len(widgets) == 2, path.name
    for index in widgets:
        client = course.vignette(_source(cells[index]).split('"')[1]).client.name
        steps = _source(cells[index - 1])
        assert cells[index - 1]["cell_type"] == "markdown" and steps.startswith("**Your own words come first.**")
        assert f"write what you would say to {client}" in steps and own_words_rule() in steps
        assert f"at least {OWN_WORDS_MIN_WORDS} words" in steps
        assert steps.index("Save my words") < steps.index("Respond"), "words first, then the options"
        assert _source(cells[index - 2]).lstrip().startswith("## Vignette"), "just under the vignette's heading"
    text = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    assert "Choose how you respond, then press" not in text, "no older instruction puts the options first"
