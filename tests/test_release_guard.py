"""A release never carries a person's work: the check, nbgrader's real release step, ``attuned try``.

Tried on copies of this checkout's real ``release/02-…`` (as ``nbgrader generate_assignment`` wrote
it): a response log, saved outputs, saved widget state and an answer typed into the released
notebook, each alone. Held: the clean folder passes, each of these is named; plain ``nbgrader
release_assignment`` (the course's nbgrader_config.py, a real nbgrader process) refuses such a
folder with one line saying how to clean it and releases the clean one; ``attuned try`` copies a
module to ``trial/`` (never released) and refuses to copy a dirty release.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from attuned.pipeline.release_guard import release_problems, try_module

REPO = Path(__file__).resolve().parent.parent
MODULE = "02-experience-over-explanation"
NOTEBOOK = f"{MODULE}.ipynb"


@pytest.fixture
def course(tmp_path) -> Path:
    """A course folder with this checkout's config, source and release of module 02."""
    course = tmp_path / "course"
    for part in ("source", "release"):
        shutil.copytree(REPO / part / MODULE, course / part / MODULE)
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def _edit(path: Path, change) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    change(nb)
    path.write_text(json.dumps(nb), encoding="utf-8")


def _with_outputs(nb: dict) -> None:
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Score: 2.6 of 4\n"}]
    cell["execution_count"] = 13


def _with_widgets(nb: dict) -> None:
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}


def _with_an_answer(nb: dict) -> None:
    cell = next(c for c in nb["cells"] if (c["metadata"].get("nbgrader") or {}).get("solution"))
    cell["source"] = "What I would do with Tomás: stay with the pacing."


def test_a_clean_release_passes_and_each_kind_of_work_is_named(course):
    folder = course / "release" / MODULE
    assert release_problems(folder) == []
    (folder / "responses.jsonl").write_text('{"item": "m2.tomas"}\n', encoding="utf-8")
    assert release_problems(folder) == ["responses.jsonl (a response log)"]
    (folder / "responses.jsonl").unlink()
    for change, words in ((_with_outputs, "saved outputs"), (_with_widgets, "saved widget state"),
                          (_with_an_answer, "cells changed since generate_assignment")):
        shutil.copy(REPO / "release" / MODULE / NOTEBOOK, folder / NOTEBOOK)
        _edit(folder / NOTEBOOK, change)
        found = release_problems(folder)
        assert len(found) == 1 and found[0].startswith(words) and NOTEBOOK in found[0], found
    assert "m2-reflect-insight-answer" in found[0]


def _release(course: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", "release_assignment", MODULE, "--force",
                           f"--Exchange.root={course / 'exchange'}"], cwd=course, capture_output=True, text=True,
                          timeout=300)


def test_nbgrader_release_assignment_refuses_a_worked_release_in_one_line_and_releases_a_clean_one(course):
    folder = course / "release" / MODULE
    (folder / "responses.jsonl").write_text('{"item": "m2.tomas"}\n', encoding="utf-8")
    _edit(folder / NOTEBOOK, _with_outputs)
    proc = _release(course)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    refused = [line for line in proc.stderr.splitlines() if "CRITICAL" in line]
    assert len(refused) == 1, proc.stderr
    assert "responses.jsonl (a response log); saved outputs in " + NOTEBOOK in refused[0]
    assert f"nbgrader generate_assignment {MODULE} --force" in refused[0] and f"attuned try {MODULE}" in refused[0]
    assert "Traceback" not in proc.stderr
    outbound = course / "exchange" / "attuned" / "outbound" / MODULE
    assert not outbound.exists(), "nothing reached the exchange"

    shutil.rmtree(folder)
    shutil.copytree(REPO / "release" / MODULE, folder)
    proc = _release(course)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in outbound.iterdir()) == [NOTEBOOK]


def test_attuned_try_copies_the_release_to_trial_and_refuses_a_dirty_one(course, capsys):
    from attuned.commands.cli import main

    assert main(["try", MODULE, "--course", str(course)]) == 0
    out = capsys.readouterr().out
    trial = course / "trial" / MODULE / NOTEBOOK
    assert f"try: {trial}" in out
    assert trial.read_bytes() == (course / "release" / MODULE / NOTEBOOK).read_bytes()
    # Work done in the trial stays there: a second `try` keeps it, --fresh starts again.
    (trial.parent / "responses.jsonl").write_text("{}\n", encoding="utf-8")
    assert try_module(course, MODULE) == trial and (trial.parent / "responses.jsonl").exists()
    assert try_module(course, MODULE, fresh=True) == trial and not (trial.parent / "responses.jsonl").exists()
    assert release_problems(course / "release" / MODULE) == []

    (course / "release" / MODULE / "responses.jsonl").write_text("{}\n", encoding="utf-8")
    assert main(["try", MODULE, "--course", str(course), "--fresh"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "responses.jsonl (a response log)" in err
    assert main(["try", "09-nothing", "--course", str(course)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("attuned try: no ") and f"(released: {MODULE})" in err
