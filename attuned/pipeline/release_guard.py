"""A released module carries nothing a person did: no response log, no saved outputs, no answers.

``release/NN-slug/`` is what ``nbgrader release_assignment`` copies, file for file, to every
trainee. ``nbgrader generate_assignment`` writes it clean, but it is also a folder of ordinary
notebooks that open in JupyterLab: an instructor who tries a module there (as ``make lab`` once
invited) leaves ``responses.jsonl`` with their graded first run and a notebook with their saved
outputs and widget state, and nbgrader would hand both to the whole cohort as each trainee's own
first run. Two things keep that from happening:

- :func:`try_module` (``attuned try MODULE``) gives the instructor a scratch copy under
  ``trial/``, a folder nbgrader never releases, so trying the course never touches ``release/``;
- :class:`CheckedReleaseAssignment` is nbgrader's own release step with one check before the copy
  (:func:`release_problems`). ``nbgrader_config.py`` names it as ``ExchangeFactory.release_assignment``
  (nbgrader's documented plug-in point for the exchange), so plain ``nbgrader release_assignment``
  and Formgrader's *Release* button refuse such a folder, with one line saying how to clean it.

What counts as "a person worked here", against what generate_assignment writes: a ``*.jsonl``
file (the response log); any code cell with outputs or an execution count; widget state saved in
the notebook's metadata; a cell whose source no longer matches the checksum nbgrader stored when
it generated the notebook (an answer typed in, a locked cell edited).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from nbgrader.exchange.default import ExchangeReleaseAssignment

TRIAL_DIR = "trial"  # the instructor's scratch copies: never under release/, never released


def _notebook_problems(path: Path) -> list[str]:
    """What in one released notebook a person (not generate_assignment) put there."""
    import nbformat
    from nbgrader.utils import compute_checksum

    try:
        nb = nbformat.read(path, as_version=4)  # sources joined into strings, as nbgrader checksums them
    except Exception:  # noqa: BLE001 - unreadable or not a notebook: that alone is reason to stop
        return [f"{path.name} is not a readable notebook"]

    found: list[str] = []
    cells = nb.get("cells") or []
    if any(c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count")) for c in cells):
        found.append(f"saved outputs in {path.name}")
    if (nb.get("metadata") or {}).get("widgets"):
        found.append(f"saved widget state in {path.name}")
    edited = []
    for cell in cells:
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if meta.get("checksum") and compute_checksum(cell) != meta["checksum"]:
            edited.append(str(meta.get("grade_id") or "?"))
    if edited:
        found.append(f"cells changed since generate_assignment in {path.name} ({', '.join(edited[:3])}"
                     f"{' …' if len(edited) > 3 else ''})")
    return found


def release_problems(folder: Path) -> list[str]:
    """Everything in a release folder that generate_assignment did not write; empty when clean."""
    found = [f"{p.relative_to(folder)} (a response log)" for p in sorted(folder.rglob("*.jsonl"))
             if ".ipynb_checkpoints" not in p.parts]
    for notebook in sorted(folder.glob("*.ipynb")):
        found += _notebook_problems(notebook)
    return found


def refusal(folder: Path, module: str, problems: list[str]) -> str:
    """The one line an instructor reads when a release is refused."""
    return (f"{folder} holds work someone did in it ({'; '.join(problems)}), which would reach every trainee: "
            f"rebuild it with `nbgrader generate_assignment {module} --force` (or `attuned generate --module {module}`), "
            f"then release again; to try a module yourself use `attuned try {module}`, a copy outside release/")


class CheckedReleaseAssignment(ExchangeReleaseAssignment):
    """nbgrader's ``ExchangeReleaseAssignment``, refusing a release folder a person worked in."""

    def init_src(self) -> None:
        super().init_src()  # sets self.src_path, or fails as nbgrader does
        folder = Path(self.src_path)
        problems = release_problems(folder)
        if problems:
            self.fail(refusal(folder, self.coursedir.assignment_id, problems))


class TrialError(Exception):
    """A trial copy cannot be made; the message is one sentence."""


def try_module(course: Path, module: str, fresh: bool = False) -> Path:
    """Copy ``release/MODULE`` to ``trial/MODULE`` (once; ``fresh`` starts again) and return the notebook.

    The copy is the released notebook exactly as a trainee fetches it, so the instructor tries what
    trainees get; its response log and outputs stay in ``trial/``, which nothing releases.
    """
    source = course / "release" / module
    if not source.is_dir():
        known = sorted(p.name for p in (course / "release").glob("[0-9][0-9]-*") if p.is_dir())
        hint = f" (released: {', '.join(known)})" if known else ""
        raise TrialError(f"no {source}{hint}: run `attuned generate --course {course}` first")
    problems = release_problems(source)
    if problems:
        raise TrialError(refusal(source, module, problems))
    target = course / TRIAL_DIR / module
    if target.exists() and fresh:
        shutil.rmtree(target)
    if not target.exists():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    notebooks = sorted(target.glob("*.ipynb"))
    if not notebooks:
        raise TrialError(f"{source} holds no notebook")
    return notebooks[0]
