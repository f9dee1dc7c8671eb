"""JupyterLab settings the course ships: keyboard shortcuts that keep reflection answer cells whole.

Why: in JupyterLab's command mode single keys are shortcuts. A trainee who types a reflection
without first entering edit mode turns the answer cell to raw (R) or code (Y), inserts cells (A, B),
copies and pastes a second copy of it (C, V) -- a duplicate nbgrader grade id -- and nbgrader then
cannot grade the notebook. nbgrader's own lock (``deletable: false``) stops only deletion, and
``editable: false`` would lock the trainee out of their own answer.

What: key bindings, more specific than JupyterLab's own, that turn every letter and digit (and the
sequences D D, I I, 0 0) pressed in command mode on an answer cell into *enter edit mode*: the first
key opens the cell for typing instead of acting on it, and the rest of the sentence lands in the
answer. Arrow keys, Enter, Escape, Shift+Enter and Ctrl shortcuts keep their usual meaning, and no
other cell or notebook is touched.

How the bindings find an answer cell: each reflection prompt (a locked cell) ends with its editing
instructions inside ``<div class="attuned-answer-below">`` (see :func:`answer_how_to_markdown`), and
the selector matches the cell right after a cell holding that element, once it has keyboard focus
(JupyterLab 4 focuses the active cell in command mode). The class lives in the locked prompt, not in
the answer, so the trainee's writing can never remove it.

Where: ``share/jupyter/lab/settings/overrides.d/attuned.json`` in the environment (the wheel carries
it as shared data; ``pyproject.toml``). JupyterLab and Notebook 7 read every file there as defaults
for their settings (jupyterlab_server's ``overrides.d``, one file per package), so a trainee's own
shortcut settings still win. The committed file is :data:`OVERRIDES_FILE`; a test keeps it equal to
:func:`shortcut_overrides`, and ``python -m attuned.notebook.lab_settings`` rewrites it.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

#: The class on the element that ends every reflection prompt; the answer cell follows that prompt.
ANSWER_MARKER = "attuned-answer-below"
#: The answer cell, focused in command mode: the cell after the one holding the marker. ``:has()``
#: sits inside ``:is()``, whose argument is forgiving: a browser without ``:has()`` (Firefox before
#: 121) drops it and the selector matches nothing, where a bare ``:has()`` would be an invalid
#: selector, and Lumino would refuse it -- and every shortcut loaded after it.
ANSWER_CELL_SELECTOR = (f".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) .jp-Cell:is(:has(.{ANSWER_MARKER}))"
                        " + .jp-Cell:focus")
#: What a stray key does there: open the cell for typing (the command JupyterLab binds to Enter).
SAFE_COMMAND = "notebook:enter-edit-mode"
SHORTCUTS_PLUGIN = "@jupyterlab/shortcuts-extension:shortcuts"
OVERRIDES_FILE = Path(__file__).resolve().parent / "lab_overrides.json"


def guarded_keys() -> list[list[str]]:
    """Every key a person types in a sentence that JupyterLab could read as a command-mode shortcut.

    All letters, with and without Shift, and all digits -- not only today's shortcuts, so a letter
    that gains a shortcut in a later JupyterLab is covered too -- and the two-key sequences, whose
    second key would otherwise complete JupyterLab's own binding.
    """
    letters = list(string.ascii_uppercase)
    keys = [[k] for k in letters] + [[f"Shift {k}"] for k in letters] + [[d] for d in string.digits]
    return [*keys, ["D", "D"], ["I", "I"], ["0", "0"]]


def shortcut_overrides() -> dict[str, Any]:
    """The contents of ``overrides.d/attuned.json``: the bindings above, as shortcut-setting defaults."""
    shortcuts = [{"command": SAFE_COMMAND, "keys": keys, "selector": ANSWER_CELL_SELECTOR} for keys in guarded_keys()]
    return {SHORTCUTS_PLUGIN: {"shortcuts": shortcuts}}


def overrides_text() -> str:
    return json.dumps(shortcut_overrides(), indent=1, ensure_ascii=False) + "\n"


def installed_path() -> Path:
    """Where this environment's JupyterLab (and Notebook 7) reads the file: its app folder's settings."""
    from jupyterlab.commands import get_app_dir

    return Path(get_app_dir()) / "settings" / "overrides.d" / "attuned.json"


def installed_problem() -> str | None:
    """None when the JupyterLab of this environment reads the current bindings; else what to do, in words."""
    path = installed_path()
    if not path.is_file():
        return (f"{path} is missing, so typing in command mode can turn a reflection's answer cell into a raw or "
                "code cell: reinstall Attuned into this environment (`make install` in a checkout, or pip install "
                "the wheel), then restart JupyterLab.")
    if path.read_text(encoding="utf-8") != overrides_text():
        return (f"{path} is out of date (it differs from attuned/notebook/lab_overrides.json): reinstall Attuned into this "
                "environment, then restart JupyterLab.")
    return None


def answer_how_to_markdown(text: str) -> str:
    """A prompt's editing instructions (course.yaml ``answer_how_to``) wrapped in the marker element.

    Blank lines inside the ``div`` keep the text Markdown (JupyterLab, nbconvert and Formgrader
    render it so); the element itself shows nothing of its own.
    """
    return f'<div class="{ANSWER_MARKER}">\n\n{text.strip()}\n\n</div>'


if __name__ == "__main__":
    OVERRIDES_FILE.write_text(overrides_text(), encoding="utf-8")
    print(f"wrote {OVERRIDES_FILE}")
