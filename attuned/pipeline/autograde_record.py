"""Which submissions autograde could not grade, kept where report, export and portfolio find it.

When nbgrader fails on one trainee's notebook it removes that trainee's ``autograded/`` folder
and leaves the submission in the gradebook with no autograded score, which every reader of the
gradebook (nbgrader's own export included) then shows as 0: a failure of the tool turned into a
grade. ``attuned autograde`` writes each failure here, in plain words, and removes it when that
trainee is graded; ``attuned report``, ``export`` and ``portfolio`` show such a trainee's module
as "not graded (autograde failed)", never as 0.

The file is ``autograde-failures.json`` in the course folder (private, like the gradebook):
``{module: {trainee: {"reason": "...", "at": "ISO time"}}}``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

FILENAME = "autograde-failures.json"
NOT_GRADED = "not graded (autograde failed)"


def record_path(course: Path) -> Path:
    return Path(course) / FILENAME


def _load(path: Path) -> dict:
    """The file's contents; {} when it is missing, unreadable or not a JSON object (never an error:
    the readers of this are reports, and a damaged note must not stop one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def read_failures(course: Path) -> dict[str, dict[str, str]]:
    """{module: {trainee: reason}} for every submission whose last autograde failed."""
    data = _load(record_path(course))
    out: dict[str, dict[str, str]] = {}
    for module, trainees in data.items():
        if isinstance(trainees, dict):
            out[str(module)] = {str(t): str(v.get("reason", "")) if isinstance(v, dict) else str(v)
                                for t, v in trainees.items()}
    return {m: t for m, t in out.items() if t}


def update_failures(course: Path, module: str, failed: dict[str, str], graded: list[str]) -> None:
    """Record ``failed`` {trainee: reason} for ``module`` and forget the ``graded`` trainees'.

    Written to a temporary file and renamed, so a reader never sees half a file."""
    path = record_path(course)
    data = _load(path)
    entry = data.get(module) if isinstance(data.get(module), dict) else {}
    for trainee in graded:
        entry.pop(trainee, None)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for trainee, reason in failed.items():
        entry[trainee] = {"reason": reason, "at": now}
    if entry:
        data[module] = entry
    else:
        data.pop(module, None)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)
