"""An instructor's first cohort, end to end, from the wheel, outside the repository (issue 23).

The wheel is built from this checkout (hatchling's PEP 517 hook, what ``python -m build`` calls)
and installed into a fresh venv in a temp folder, whose dependencies come read-only from the
project's venv (tests/test_install.py's ``make_venv``; attuned itself only from the wheel). Every
command then runs there, as an instructor would: ``attuned quickstart``, ``attuned generate``; the
instructor tries module 02 (``attuned try``: a log and outputs are written, in trial/); the old
trap, that trial's log copied into release/, is refused by plain ``nbgrader release_assignment``;
the clean module is released; four trainees fetch it: one works it normally, one works it and
then mangles it the way command-mode typing does (both answer cells turned raw, a pasted copy of
an answer cell with more words, an empty inserted cell), one submits it blank, one renames the
notebook; collect; ``attuned report`` before autograde refuses; ``attuned autograde`` grades
everyone it can (the mangled one after repairs, its words kept) and names the renamed one and why;
feedback (no config warning), report, export (only module 02; the renamed trainee empty, not 0)
and portfolio (autograded scores shown; blank reflections "not answered"; the renamed trainee
"not graded"). Every fetched copy is checked: nobody else's log, outputs or answers.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from attuned.pipeline.release_guard import release_problems
from tests.test_install import installed_package, make_venv, pip_install, run

pytestmark = pytest.mark.install

REPO = Path(__file__).resolve().parent.parent
KEYS = REPO / "instructor" / "keys"
MODULE = "02-experience-over-explanation"
NOTEBOOK = f"{MODULE}.ipynb"
INSIGHT, INVITATION = "m2-reflect-insight-answer", "m2-reflect-invitation-answer"
TRAINEES = ("normal", "mangled", "blank", "renamed")
MORE_WORDS = "Second thoughts, typed into a pasted copy of the cell: I rushed to explain. [mangled-7c1]"

#: The simulated-trainee harness of attuned.simulation.cycle, run by the venv's Python so that the kernels it
#: starts import attuned from the wheel: fetch and submit as the Assignments tab does, work a
#: notebook as a persona through the widgets in a real kernel.
DRIVER = """
import sys
from pathlib import Path
from attuned.model.course import load_course
from attuned.simulation.cycle import trainee_step, work_notebook
from attuned.pipeline.notebook_builder import load_keys

action = sys.argv[1]
if action == "work":
    folder, persona, keys = sys.argv[2:5]
    work_notebook(Path(folder), persona, load_keys(Path(keys), load_course()))
else:
    module, student, home, exchange = sys.argv[2:6]
    trainee_step(action, module, student, Path(home), Path(exchange))
"""


def _ok(proc: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"{what}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, f"{what}:\n{proc.stderr}"
    return proc


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))


def _answer_cells(nb: dict) -> dict[str, dict]:
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"]
            if (c["metadata"].get("nbgrader") or {}).get("solution")}


def _mangle(path: Path) -> None:
    """What command-mode typing did in the issue: both answer cells turned raw (``r``), a pasted
    second copy of one (``c``, ``v``) that the trainee typed more words into, an inserted cell (``b``)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    answers = _answer_cells(nb)
    for cell in answers.values():
        cell["cell_type"] = "raw"
    pasted = copy.deepcopy(answers[INSIGHT])
    pasted["source"] = MORE_WORDS
    nb["cells"].insert(nb["cells"].index(answers[INSIGHT]) + 1, pasted)
    nb["cells"].insert(3, {"cell_type": "code", "id": "inserted-b", "metadata": {}, "source": "", "outputs": [],
                           "execution_count": None})
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def test_an_instructors_first_cohort_from_the_wheel(tmp_path):
    # -- install ------------------------------------------------------------------------------
    dist = tmp_path / "dist"
    code = "import sys; from hatchling.build import build_wheel; build_wheel(sys.argv[1])"
    _ok(subprocess.run([sys.executable, "-c", code, str(dist)], cwd=REPO, capture_output=True, text=True,
                       timeout=300), "build the wheel")
    wheel = next(dist.glob("attuned_course-*-py3-none-any.whl"))
    venv = make_venv(tmp_path / "venv")
    pip_install(venv, wheel, tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    assert installed_package(venv, work).is_relative_to(venv), "attuned must come from the wheel"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    exchange = tmp_path / "exchange"

    def attuned(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        proc = run(venv, ["attuned", *map(str, args)], work)
        return _ok(proc, f"attuned {args[0]}") if ok else proc

    def nbgrader(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        proc = run(venv, ["python", "-m", "nbgrader", *map(str, args), f"--Exchange.root={exchange}"], course)
        return _ok(proc, f"nbgrader {args[0]}") if ok else proc

    def trainee(*args: object) -> None:
        _ok(run(venv, ["python", str(driver), *map(str, args)], work), f"trainee {args[:3]}")

    # -- the course folder and its release ----------------------------------------------------
    attuned("quickstart", "course", "--keys", KEYS)
    course = work / "course"
    released = attuned("generate", "--course", course).stdout
    assert f"generated {course / 'release' / MODULE}" in released
    release = course / "release" / MODULE

    # -- the instructor tries module 02, in trial/ -------------------------------------------
    tried = attuned("try", MODULE, "--course", course).stdout
    trial = course / "trial" / MODULE
    assert f"try: {trial / NOTEBOOK}" in tried
    trainee("work", trial, "attuned", course / "instructor" / "keys")
    assert (trial / "responses.jsonl").stat().st_size > 0, "the trial wrote a response log"
    tried_nb = json.loads((trial / NOTEBOOK).read_text(encoding="utf-8"))
    assert any(c.get("outputs") for c in tried_nb["cells"] if c["cell_type"] == "code"), "and saved outputs"
    assert release_problems(release) == [], "trying the course left release/ as generate_assignment wrote it"

    # The trap of issue 23: the trial's log in release/. Plain nbgrader refuses, in one line.
    shutil.copy(trial / "responses.jsonl", release / "responses.jsonl")
    refused = nbgrader("release_assignment", MODULE, ok=False)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    reason = [line for line in refused.stderr.splitlines() if "CRITICAL" in line]
    assert len(reason) == 1 and "responses.jsonl (a response log)" in reason[0], refused.stderr
    assert f"nbgrader generate_assignment {MODULE} --force" in reason[0]
    assert not (exchange / "attuned" / "outbound" / MODULE).exists()
    (release / "responses.jsonl").unlink()
    nbgrader("release_assignment", MODULE)

    # -- four trainees --------------------------------------------------------------------------
    homes = tmp_path / "homes"
    for student in TRAINEES:
        trainee("fetch", MODULE, student, homes / student, exchange)
        fetched = homes / student / MODULE
        assert sorted(p.name for p in fetched.iterdir()) == [NOTEBOOK], f"{student} fetched more than the notebook"
        assert release_problems(fetched) == [], f"{student}'s fetched copy holds someone's work"
        assert (fetched / NOTEBOOK).read_bytes() == (release / NOTEBOOK).read_bytes()
    for student in ("normal", "mangled"):
        trainee("work", homes / student / MODULE, "attuned", course / "instructor" / "keys")
    mangled_nb = homes / "mangled" / MODULE / NOTEBOOK
    own_words = "".join(_answer_cells(json.loads(mangled_nb.read_text(encoding="utf-8")))[INSIGHT]["source"])
    _mangle(mangled_nb)
    (homes / "renamed" / MODULE / NOTEBOOK).rename(homes / "renamed" / MODULE / "Untitled.ipynb")
    for student in TRAINEES:
        trainee("submit", MODULE, student, homes / student, exchange)
    nbgrader("collect", MODULE)

    # -- nothing graded yet: the report says so ----------------------------------------------
    early = attuned("report", "--course", course, "--out", work / "report", ok=False)
    assert early.returncode == 1 and len(early.stderr.strip().splitlines()) == 1, early.stderr
    assert "has been graded yet" in early.stderr and not (work / "report").exists()

    # -- autograde: everyone graded on their own ---------------------------------------------
    graded = attuned("autograde", MODULE, "--course", course, ok=False)
    assert graded.returncode == 1, graded.stdout + graded.stderr
    lines = graded.stdout.strip().splitlines()
    assert lines[0] == (f"graded mangled after repairs: answer cells changed type, restored: {INSIGHT} (was raw), "
                        f"{INVITATION} (was raw); pasted copies of answer cells merged, every word kept: {INSIGHT}; "
                        "1 empty inserted cell removed"), lines
    assert lines[1].startswith(f"NOT GRADED renamed: no {NOTEBOOK} in the submission (the notebook was renamed or "
                               f"removed): rename it back in submitted/renamed/{MODULE}/"), lines
    assert lines[2].startswith(f"{MODULE}: 3 of 4 trainees autograded; 1 not graded"), lines
    assert len(lines) == 3 and graded.stderr.strip() == "", graded.stderr
    failures = json.loads((course / "autograde-failures.json").read_text(encoding="utf-8"))
    assert list(failures) == [MODULE] and list(failures[MODULE]) == ["renamed"]
    autograded = json.loads((course / "autograded" / "mangled" / MODULE / NOTEBOOK).read_text(encoding="utf-8"))
    answers = _answer_cells(autograded)
    assert answers[INSIGHT]["cell_type"] == answers[INVITATION]["cell_type"] == "markdown"
    assert "".join(answers[INSIGHT]["source"]) == f"{own_words.strip()}\n\n{MORE_WORDS}", "every word kept"

    from nbgrader.api import Gradebook

    def auto_scores(student: str) -> dict[str, float]:
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            notebook = gb.find_submission_notebook(MODULE, MODULE, student)
            return {g.name: g.auto_score for g in notebook.grades if g.name.endswith("-score")}

    normal_scores = auto_scores("normal")
    assert normal_scores and sum(normal_scores.values()) > 10, normal_scores
    assert auto_scores("mangled") == normal_scores, "repaired, the mangled notebook earns what the same work earns"

    # -- feedback: no warning from the course's own config ------------------------------------
    feedback = nbgrader("generate_feedback", MODULE)
    assert "not recognized" not in feedback.stderr, feedback.stderr

    # -- report --------------------------------------------------------------------------------
    attuned("report", "--course", course, "--out", work / "report")
    report = _text(work / "report" / "report.html")
    assert "Submissions not graded (autograde failed)" in report and "renamed" in report
    with open(work / "report" / "scores.csv", encoding="utf-8") as fh:
        scored = {row["trainee"] for row in csv.DictReader(fh)}
    assert scored == {"normal", "mangled", "blank"} and "renamed" not in scored

    # -- export: only module 02; the renamed trainee empty, not 0 ----------------------------
    dry = attuned("export", "--format", "canvas", "--course", course, "--dry-run")
    assert dry.stdout.startswith("Dry run: would write 4 trainees × 1 module (canvas)"), dry.stdout
    others = [m for m in sorted(p.name for p in (course / "source").iterdir()) if m != MODULE]
    assert f"note: modules exported: {MODULE}; left out, not yet autograded for anyone: {', '.join(others)}" in dry.stderr
    assert "renamed in " + MODULE in dry.stderr
    attuned("export", "--format", "canvas", "--course", course, "--out", work / "canvas.csv")
    table = list(csv.reader(io.StringIO((work / "canvas.csv").read_text(encoding="utf-8"))))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "02 Experience over explanation",
                        "Final Points"]
    rows = {row[3]: row[5:] for row in table[2:]}
    assert rows["renamed"] == ["", ""], "not graded is empty (no grade), never 0"
    assert rows["normal"] == rows["mangled"] and float(rows["normal"][0]) == pytest.approx(sum(normal_scores.values()))
    assert rows["blank"][0] == "0"
    chosen = attuned("export", "--format", "csv", "--course", course, "--modules", "02,03", "--dry-run")
    assert chosen.stdout.splitlines()[1] == f"trainee,{MODULE},03-co-regulation,total", chosen.stdout
    rest = ", ".join(m for m in others if m != "03-co-regulation")
    assert f"note: modules exported: {MODULE}, 03-co-regulation; left out: {rest} (--modules chooses)" in chosen.stderr
    unknown = attuned("export", "--format", "csv", "--course", course, "--modules", "09", ok=False)
    assert unknown.returncode == 1 and unknown.stderr.startswith("attuned export: --modules: no module '09'")
    assert len(unknown.stderr.strip().splitlines()) == 1

    # -- portfolio -----------------------------------------------------------------------------
    attuned("portfolio", "--course", course, "--all", "--out", work / "portfolios")
    normal = _text(work / "portfolios" / "portfolio-normal.html")
    for item, score in normal_scores.items():
        assert f"{item} {score:g} of " in normal, item
    blank = _text(work / "portfolios" / "portfolio-blank.html")
    assert blank.count("Not answered.") == 2 and "YOUR ANSWER HERE" not in blank
    assert "m2-tomas-score 0 of 4" in blank
    renamed = _text(work / "portfolios" / "portfolio-renamed.html")
    assert "not graded (autograde failed)" in renamed and " 0 of " not in renamed

    # -- nobody received anyone else's work ---------------------------------------------------
    outbound = exchange / "attuned" / "outbound" / MODULE
    assert sorted(p.name for p in outbound.iterdir()) == [NOTEBOOK] and release_problems(outbound) == []
