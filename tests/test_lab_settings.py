"""The JupyterLab setting defaults the course ships (attuned/notebook/lab_settings.py), checked without a browser.

tests/browser/test_trainee_path.py shows the bindings at work in a real JupyterLab; here: the file
the wheel carries is the one the code describes, every answer cell of every notebook follows a
prompt carrying the marker the bindings look for, and the keys cover what JupyterLab binds today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attuned.notebook.lab_settings import (
    ANSWER_CELL_SELECTOR,
    ANSWER_MARKER,
    OVERRIDES_FILE,
    SAFE_COMMAND,
    SHORTCUTS_PLUGIN,
    guarded_keys,
    overrides_text,
)

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*REPO.glob("source/*/*.ipynb"), *REPO.glob("release/*/*.ipynb")])


def test_the_committed_overrides_file_is_the_generated_one():
    assert OVERRIDES_FILE.read_text(encoding="utf-8") == overrides_text(), \
        "attuned/notebook/lab_overrides.json is stale: run `python -m attuned.notebook.lab_settings`"
    shortcuts = json.loads(overrides_text())[SHORTCUTS_PLUGIN]["shortcuts"]
    assert {(s["command"], s["selector"]) for s in shortcuts} == {(SAFE_COMMAND, ANSWER_CELL_SELECTOR)}


def test_every_single_key_command_mode_shortcut_of_jupyterlab_is_covered():
    """JupyterLab 4's own command-mode keys that a typed sentence can press (listed from a running lab)."""
    jupyterlab_keys = ["A", "B", "C", "D D", "I I", "0 0", "J", "K", "M", "R", "V", "X", "Y", "Z", "1", "2", "3",
                       "4", "5", "6", "Shift A", "Shift B", "Shift J", "Shift K", "Shift L", "Shift M", "Shift R",
                       "Shift Z"]
    covered = {" ".join(keys) for keys in guarded_keys()}
    assert [k for k in jupyterlab_keys if k not in covered] == []
    assert not [k for k in covered if k in ("Enter", "Escape", "Shift Enter", "ArrowUp", "ArrowDown")], \
        "the keys that move between cells, run and leave a cell keep their meaning"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_answer_cell_follows_a_locked_prompt_that_carries_the_marker(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    answers = [i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers, f"{path.name} has no answer cell"
    for index in answers:
        prompt = cells[index - 1]
        source = prompt["source"] if isinstance(prompt["source"], str) else "".join(prompt["source"])
        assert f'<div class="{ANSWER_MARKER}">' in source, (path.name, index)
        assert prompt["metadata"]["nbgrader"]["locked"], "the marker sits in a cell the trainee cannot edit"
        assert "Shift+Enter" in source and "command mode" in source, "the prompt says how to edit the answer"
