"""A cohort of 30 trainees through nbgrader's REAL cycle on module 02, some of them doing it wrong.

``run_cycle`` runs generate → release → fetch → (our ``answer`` callable) → submit --student →
collect → autograde → export → feedback, every step the real nbgrader command. To keep CI time
sane, the notebook is worked in a real kernel only ONCE per persona ("attuned", "fixer"); every
other trainee of that persona gets a copy of that worked folder, which is then submitted,
collected and autograded for real like any other.

What the trainees do (CASES below) and what we decided must happen:
- 11 attuned and 9 fixer trainees: exactly the per-item scores derived from the content's
  ratings along the persona's path (tests/expected_scores.py, independent of the engine);
- edited-locked: a fixer rewrote every grade cell to print full marks and set points to 100,
  and rewrote the locked header: nbgrader restores locked cells, so exactly the fixer's scores;
- deleted-cells: deleted the Tomás grade cell, the Linh widget cell and a reflection answer:
  the deleted grade cell's item awaits manual grading (nbgrader's default; see the module note),
  the widget cell does not matter (Linh is graded from the log), everything else is exact;
- renamed: saved the notebook as Untitled.ipynb: nbgrader cannot autograde that trainee ("No
  notebooks found"), everyone else is graded, run_cycle reports the trainee; the answers are not
  lost: renaming it back and re-running autograde for them gives exactly the attuned scores;
- skip-tagged: a fixer tagged every grade cell ``skip-execution``, which nbclient does not run
  and nbgrader would then score in full: autograde runs no cell in a kernel, it scores every
  grade cell in its own process whatever its tags (attuned.pipeline.autograde_steps), so exactly the
  fixer's scores;
- submitted-twice: submitted the fixer's work, then replaced it with the attuned work and
  submitted again: nbgrader collects the LATEST submission, so exactly the attuned scores;
- garbage-log / no-log / log-folder / untouched: every autograded item 0, autograde still finishes
  (untouched: nbgrader also scores the unchanged reflection cells 0, with no manual grading);
- torn-log: the last line cut mid-way (a crash while saving): only that item scores 0;
- shuffled-log: lines reversed and duplicated (hand-edited or merged): exactly the attuned scores.

Why not nbgrader's ``OverwriteCells.add_missing_cells``: tried, and nbgrader 0.9.6 crashes on our
layout (KeyError in add_missing_grade_cells, which assumes the cell before a grade cell is a
grade or solution cell; ours are locked prompts), failing that trainee's whole autograde.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from attuned.simulation.cycle import COURSE_ID, nbgrader_env, read_scores, run_cycle, run_nbgrader, work_notebook
from tests import expected_scores as expected

pytestmark = pytest.mark.pipeline

MODULE = expected.MODULE
NOTEBOOK = f"{MODULE}.ipynb"
REFLECTIONS = ("m2-reflect-insight-answer", "m2-reflect-invitation-answer")
OWN_WORDS = ("m2-tomas-own-words", "m2-linh-own-words")  # task cells: always await the instructor


class WorkedFolders:
    """Runs each persona's kernel once (thread-safe: run_cycle works two trainees at a time)."""

    def __init__(self, root: Path):
        self.root = root
        self.lock = threading.Lock()
        self.done: dict[str, Path] = {}
        self.kernel_runs: list[str] = []

    def install(self, persona: str, folder: Path, keys: dict) -> None:
        with self.lock:
            if persona not in self.done:
                template = self.root / persona
                shutil.copytree(folder, template)
                work_notebook(template, persona, keys)
                self.kernel_runs.append(persona)
                self.done[persona] = template
        shutil.rmtree(folder)
        shutil.copytree(self.done[persona], folder)


def _edit_notebook(folder: Path, change: Callable[[nbformat.NotebookNode], None]) -> None:
    nb = nbformat.read(folder / NOTEBOOK, as_version=4)
    change(nb)
    nbformat.write(nb, folder / NOTEBOOK)


def _gid(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


# -- what each unusual trainee does to their fetched folder --------------------------------
def deleted_cells(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    gone = {"m2-tomas-score", "m2-linh-widget", "m2-reflect-insight-answer"}
    _edit_notebook(folder, lambda nb: setattr(nb, "cells", [c for c in nb.cells if _gid(c) not in gone]))


def edited_locked(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("fixer", folder, keys)

    def cheat(nb):
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and cell.cell_type == "code":
                cell.source = f"{meta['points']}.0  # full marks, please"
                meta["points"] = 100
            elif _gid(cell) == "m2-header":
                cell.source = "# My own module now"

    _edit_notebook(folder, cheat)


def skip_tagged(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("fixer", folder, keys)

    def tag(nb):
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
                cell.metadata["tags"] = ["skip-execution"]

    _edit_notebook(folder, tag)


def renamed(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    (folder / NOTEBOOK).rename(folder / "Untitled.ipynb")


def submitted_twice(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("fixer", folder, keys)
    work = folder.parents[2]  # <work>/trainees/<student>/<module>
    run_nbgrader(["submit", MODULE, f"--student={student}", f"--Exchange.root={work / 'exchange'}",
               f"--CourseDirectory.course_id={COURSE_ID}"], folder.parent, nbgrader_env(), "first submission")
    # nbgrader stamps a submission to the microsecond and collect keeps the latest stamp: the second
    # submission needs only the clock past the first one's stamp (a condition, not a fixed sleep).
    from datetime import UTC, datetime

    from nbgrader.utils import parse_utc

    stamps = (work / "exchange" / COURSE_ID / "inbound").glob(f"{student}+{MODULE}+*/timestamp.txt")
    first = max(parse_utc(path.read_text(encoding="utf-8").strip()) for path in stamps)
    while datetime.now(UTC).replace(tzinfo=None) <= first:
        time.sleep(0.001)
    w.install("attuned", folder, keys)  # run_cycle then submits this, the second submission


def garbage_log(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    rng = random.Random(2024)
    (folder / "responses.jsonl").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))


def no_log(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    (folder / "responses.jsonl").unlink()


def log_folder(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    log = folder / "responses.jsonl"
    data = log.read_bytes()
    log.unlink()
    log.mkdir()
    (log / "old.jsonl").write_bytes(data)


def untouched(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    """Fetched and submitted without opening the notebook."""


def torn_log(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    log = folder / "responses.jsonl"
    data = log.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    log.write_bytes(data[: last + 20])


def shuffled_log(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
    w.install("attuned", folder, keys)
    log = folder / "responses.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(reversed(lines)) + b"".join(lines[::3]))


def normal(persona: str):
    def work(w: WorkedFolders, folder: Path, student: str, keys: dict) -> None:
        w.install(persona, folder, keys)

    return work


CASES: dict[str, Callable] = {
    **{f"attuned-{n:02d}": normal("attuned") for n in range(1, 12)},
    **{f"fixer-{n:02d}": normal("fixer") for n in range(1, 10)},
    "deleted-cells": deleted_cells,
    "edited-locked": edited_locked,
    "skip-tagged": skip_tagged,
    "renamed": renamed,
    "submitted-twice": submitted_twice,
    "garbage-log": garbage_log,
    "no-log": no_log,
    "log-folder": log_folder,
    "untouched": untouched,
    "torn-log": torn_log,
    "shuffled-log": shuffled_log,
}
assert len(CASES) >= 30


def _item_scores(persona: str) -> dict[str, float | None]:
    """Expected autograded score per grade cell id for a trainee who worked as ``persona``."""
    want: dict[str, float | None] = {expected.grade_id(i): s for i, s in expected.persona_item_scores(persona).items()}
    want.update({r: None for r in (*REFLECTIONS, *OWN_WORDS)})  # written work awaits the instructor
    return want


def _all_zero() -> dict[str, float | None]:
    return {gid: (None if gid in (*REFLECTIONS, *OWN_WORDS) else 0.0) for gid in _item_scores("attuned")}


def _expected(student: str) -> dict[str, float | None]:
    if student.startswith("attuned-") or student in ("submitted-twice", "shuffled-log"):
        return _item_scores("attuned")
    if student.startswith("fixer-") or student in ("edited-locked", "skip-tagged"):
        return _item_scores("fixer")
    if student in ("garbage-log", "no-log", "log-folder"):
        return _all_zero()
    if student == "untouched":  # nbgrader scores an unchanged answer cell 0 (no manual grading needed)
        return {gid: (None if gid in OWN_WORDS else 0.0) for gid in _all_zero()}
    if student == "deleted-cells":
        want = _item_scores("attuned")
        want["m2-tomas-score"] = None  # deleted grade cell: awaits manual grading (nbgrader default)
        return want
    if student == "torn-log":
        want = _item_scores("attuned")
        want["m2-kc-brain-layers-score"] = 0.0  # the attuned persona's last event is this check
        return want
    if student == "renamed":
        return {gid: None for gid in _item_scores("attuned")}  # nbgrader could not autograde them
    raise KeyError(student)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    import os

    os.environ.pop("ATTUNED_RESPONSES", None)  # kernels must write beside their notebook
    work = tmp_path_factory.mktemp("cohort")
    worked = WorkedFolders(tmp_path_factory.mktemp("worked"))
    started = time.perf_counter()
    result = run_cycle(expected.REPO, work=work, modules=[MODULE], students=tuple(CASES),
                       answer=lambda folder, student, keys: CASES[student](worked, folder, student, keys))
    elapsed = time.perf_counter() - started
    print(f"\ncohort of {len(CASES)} trainees through nbgrader on {MODULE}: {elapsed:.0f} s "
          f"(kernel runs: {worked.kernel_runs})")
    return result, elapsed, worked


def test_kernels_ran_once_per_persona(cohort):
    """Held: the real kernel worked the notebook once per persona; all other folders are copies."""
    _result, _elapsed, worked = cohort
    assert sorted(worked.kernel_runs) == ["attuned", "fixer"], worked.kernel_runs


def test_autograde_finished_for_everyone_nbgrader_could_read(cohort):
    """Tried: 30 submissions incl. deleted cells, edited locked cells, garbage/missing/folder logs, a
    renamed notebook. Held: nbgrader's autograde graded all but the renamed notebook, which run_cycle
    reports with nbgrader's reason instead of aborting; feedback exists for every graded trainee."""
    result, elapsed, _worked = cohort
    reason = "No notebooks found, did you forget to run 'nbgrader generate_assignment'?"
    assert result.autograde_failures == {MODULE: {"renamed": reason}}, result.autograde_failures
    for student in CASES:
        graded = (result.course / "autograded" / student / MODULE / NOTEBOOK).exists()
        assert graded == (student != "renamed"), f"{student}: autograded notebook present = {graded}"
        if student != "renamed":
            assert MODULE in result.feedback[student], f"{student}: no feedback HTML"
    print(f"cohort cycle took {elapsed:.0f} s for {len(CASES)} trainees")


@pytest.mark.parametrize("student", list(CASES))
def test_each_trainee_gets_exactly_the_expected_score_per_item(cohort, student):
    """Held: per grade cell, exactly the score derived from the content's ratings for what this trainee
    did (see the module docstring for each case); None means awaiting manual grading."""
    result, _elapsed, _worked = cohort
    got = {gid: score for gid, (score, _max) in result.scores[student][MODULE].items()}
    assert got == _expected(student), f"{student}: got {got}"


def test_skip_tagged_grade_cells_still_ran(cohort):
    """Tried: grade cells tagged ``skip-execution`` (unrun in a kernel, they would earn full points).
    Held: every grade cell, tagged or not, has its record and its score as the cell's output."""
    result, _elapsed, _worked = cohort
    nb = nbformat.read(result.course / "autograded" / "skip-tagged" / MODULE / NOTEBOOK, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert graded and any("skip-execution" in c.metadata.get("tags", []) for c in graded)  # the attempt is there
    assert all([o.output_type for o in c.outputs] == ["display_data", "execute_result"] for c in graded), \
        [_gid(c) for c in graded if not c.outputs]


def test_edited_locked_cells_were_restored_before_grading(cohort):
    """Tried: a fixer who rewrote every grade cell to print full marks and set points to 100. Held: the
    autograded notebook runs the original grade cells, max points are the original ones."""
    result, _elapsed, _worked = cohort
    nb = nbformat.read(result.course / "autograded" / "edited-locked" / MODULE / NOTEBOOK, as_version=4)
    cells = {_gid(c): c for c in nb.cells}
    assert cells["m2-tomas-score"].source.startswith('vignette_result("m2.tomas"'), cells["m2-tomas-score"].source
    assert "full marks, please" not in "".join(c.source for c in nb.cells)
    assert {gid: m for gid, (_s, m) in result.scores["edited-locked"][MODULE].items()} == \
        {gid: m for gid, (_s, m) in result.scores["attuned-01"][MODULE].items()}


def test_second_submission_is_the_one_graded(cohort):
    """Tried: two submissions one after the other (fixer work, then attuned work). Held: two copies reached
    the exchange; collect kept the later one (its log is the attuned log) and that is what was graded."""
    result, _elapsed, worked = cohort
    inbound = sorted((result.work / "exchange" / COURSE_ID / "inbound").glob(f"submitted-twice+{MODULE}+*"))
    assert len(inbound) == 2, inbound
    collected = (result.course / "submitted" / "submitted-twice" / MODULE / "responses.jsonl").read_bytes()
    assert collected == (worked.done["attuned"] / "responses.jsonl").read_bytes()
    latest = max((p / "timestamp.txt").read_text().strip() for p in inbound)
    assert (result.course / "submitted" / "submitted-twice" / MODULE / "timestamp.txt").read_text().strip() == latest


def test_unreadable_logs_explain_themselves_in_the_feedback(cohort):
    """Held: trainees whose log is garbage, missing, a folder or torn read a one-line reason in their
    feedback HTML, never a traceback."""
    result, _elapsed, _worked = cohort
    reasons = {
        "garbage-log": "some of its lines could not be read",
        "no-log": "No committed response for m2.tomas in responses.jsonl",
        "log-folder": "is a folder, not a response log",
        "untouched": "No committed answer for m2.kc-insight",
        "torn-log": "incomplete last line (an interrupted save?) skipped",
    }
    for student, reason in reasons.items():
        html = result.feedback[student][MODULE].read_text(encoding="utf-8")
        assert reason in html, f"{student}: feedback does not say {reason!r}"
        assert "most recent call last" not in html, f"{student}: feedback shows a traceback"


def test_the_renamed_notebooks_answers_were_not_lost(cohort):
    """Tried: the instructor renames the notebook back in submitted/ and re-runs autograde for that one
    trainee. Held: exactly the attuned scores (the log and the notebook were kept by submit/collect)."""
    result, _elapsed, _worked = cohort
    folder = result.course / "submitted" / "renamed" / MODULE
    assert (folder / "responses.jsonl").exists() and (folder / "Untitled.ipynb").exists()
    (folder / "Untitled.ipynb").rename(folder / NOTEBOOK)
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", MODULE, "--student=renamed", "--force",
                           f"--CourseDirectory.course_id={COURSE_ID}"], cwd=result.course, env=nbgrader_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    again = type(result)(work=result.work, course=result.course, modules=[MODULE], students=["renamed"])
    read_scores(again)
    got = {gid: score for gid, (score, _max) in again.scores["renamed"][MODULE].items()}
    assert got == _item_scores("attuned"), got


def test_grades_csv_lists_every_trainee(cohort):
    """Held: nbgrader export wrote one row per trainee for the module, the renamed one included."""
    import csv

    result, _elapsed, _worked = cohort
    with open(result.grades_csv, newline="") as fh:
        students = [row["student_id"] for row in csv.DictReader(fh) if row["assignment"] == MODULE]
    assert sorted(students) == sorted(CASES), students


def test_item_analysis_on_the_cohort_matches_numbers_worked_by_hand(cohort):
    """Issue 10.6: difficulty and corrected item-total discrimination per item, on this cohort.

    By hand for m2.kc-insight: 15 trainees answered like the attuned persona (11 attuned,
    submitted-twice, shuffled-log, deleted-cells, torn-log) and score 1; 11 fixers (9, edited-locked,
    skip-tagged) and the 4 with no usable log score 0. The renamed notebook has no score, unless the
    test above renamed it back and regraded it (then it scores 1 like the attuned): 15/30, or 16/31.
    Discrimination is checked against the standard library's Pearson r over the expected scores.
    """
    import statistics

    from attuned.reports.cohort_report import scores_frame
    from attuned.reports.item_analysis import item_statistics

    result, _elapsed, _worked = cohort
    read_scores(result)  # the gradebook as it is now, after any regrading above
    regraded = result.scores["renamed"][MODULE]["m2-kc-insight-score"][0] is not None
    stats = item_statistics(scores_frame(result.course)).set_index("item")
    row = stats.loc["m2-kc-insight-score"]
    assert row.trainees == 30 + regraded and row.difficulty == pytest.approx((15 + regraded) / (30 + regraded))
    expected_scores = {s: _expected(s) for s in CASES}
    if regraded:
        expected_scores["renamed"] = _item_scores("attuned")
    for item in ("m2-kc-insight-score", "m2-tomas-score", "m2-linh-score", "m2-kc-brain-layers-score"):
        people = [s for s, scores in expected_scores.items() if scores[item] is not None]
        maximum = result.scores[people[0]][MODULE][item][1]
        xs = [expected_scores[s][item] / maximum for s in people]
        rest = [sum(v for k, v in expected_scores[s].items() if k != item and v is not None) for s in people]
        assert stats.loc[item].trainees == len(people)
        assert stats.loc[item].difficulty == pytest.approx(statistics.mean(xs), abs=1e-6)
        assert stats.loc[item].discrimination == pytest.approx(statistics.correlation(xs, rest), abs=1e-6), item
    assert "m2-tomas-own-words" not in stats.index, "ungraded written work has no item statistics yet"
