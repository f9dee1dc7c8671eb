"""The cohort report (``attuned report``) over a synthetic gradebook of 1,000 trainees × 7 modules.

The gradebook is nbgrader's own: ``generate_assignment`` for every module writes the assignments,
notebooks and cells; trainees, submissions and grades are then inserted in bulk through
nbgrader's SQLAlchemy tables (autograding 7,000 notebooks would take hours and is measured by
``benchmarks/autograde.py``). Each submission gets a response log walked through the real
vignettes (random choices, seeded), so the qualities and first-response views have work to do.

Floor: the irreducible reading. One SQL query that returns every grade row into a DataFrame, plus
reading every log file and parsing each line as JSON. Measured: ``write_report`` (CSV, PNG, HTML).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, Row, median, python_env, row, wall

TRAINEES = 1000
TARGET_S = 5.0


def build_gradebook(work: Path, trainees: int, seed: int = 12) -> Path:
    """A course folder whose gradebook and submitted/ logs look like a finished cohort."""
    from nbgrader.api import Grade, Gradebook, Student, SubmittedAssignment, SubmittedNotebook
    from sqlalchemy import insert

    from attuned.model.course import get_course
    from attuned.pipeline.gradebook import gradebook_url
    from attuned.simulation.cycle import prepare_course

    modules = sorted(p.name for p in (REPO / "source").glob("[0-9][0-9]-*") if p.is_dir())
    course = prepare_course(REPO, work, modules)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "*", "--force"], cwd=course,
                   env=python_env(), check=True, capture_output=True)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    content = get_course()
    students, submissions, notebooks, grades = [], [], [], []
    with Gradebook(gradebook_url(course)) as gb:
        layout = [(a, [(nb, [*nb.grade_cells, *nb.task_cells]) for nb in a.notebooks]) for a in gb.assignments]
        for t in range(trainees):
            student = f"t{t:04d}"
            students.append({"id": student, "first_name": "Trainee", "last_name": f"{t:04d}"})
            skill = rng.random()
            for assignment, nbs in layout:
                sub_id = f"s{t:04d}{assignment.name[:2]}"
                submissions.append({"id": sub_id, "assignment_id": assignment.id, "student_id": student})
                for nb, cells in nbs:
                    snb_id = f"n{t:04d}{assignment.name[:2]}{nb.name[-4:]}"
                    notebooks.append({"id": snb_id, "assignment_id": sub_id, "notebook_id": nb.id})
                    for cell in cells:
                        manual = cell.name.endswith(("-answer", "-own-words"))
                        auto = None if manual else round(min(1.0, skill + rng.uniform(-0.3, 0.3)) * cell.max_score, 2)
                        graded = manual and rng.random() < 0.5
                        grades.append({"id": f"g{len(grades):09d}", "notebook_id": snb_id, "cell_id": cell.id,
                                       "auto_score": max(0.0, auto) if auto is not None else None,
                                       "manual_score": round(rng.random() * cell.max_score) if graded else None,
                                       "needs_manual_grade": manual and not graded})
        for table, rows in ((Student, students), (SubmittedAssignment, submissions),
                            (SubmittedNotebook, notebooks), (Grade, grades)):
            gb.db.execute(insert(table.__table__), rows)
        gb.db.commit()
    for t in range(trainees):
        for module in modules:
            folder = course / "submitted" / f"t{t:04d}" / module
            folder.mkdir(parents=True)
            (folder / "responses.jsonl").write_text(_log(content, content.modules[module], rng), encoding="utf-8")
    return course


def _log(content, module, rng: random.Random) -> str:
    """A plausible log: each vignette walked once (graded), sometimes replayed as practice."""
    lines = []
    for item in module.items("vignette"):
        vignette = content.vignette(item)
        for kind in ("commit", "practice") if rng.random() < 0.3 else ("commit",):
            engine, run = vignette.engine(), f"{rng.getrandbits(48):012x}"
            while not engine.finished:
                scene = engine.current
                option = rng.choice(scene.options)
                lines.append(json.dumps({"item": item, "kind": kind, "value": option.id, "scene": scene.id,
                                         "path": [*engine.path(), f"{scene.id}:{option.id}"], "run": run,
                                         "at": "2026-01-05T10:00:00.000Z"}, separators=(",", ":")))
                engine.take(option.id)
    return "\n".join(lines) + "\n"


def floor(course: Path) -> None:
    """Every grade row in one query, and every log's lines parsed as JSON: what any report must read."""
    import pandas as pd
    from sqlalchemy import create_engine

    from attuned.pipeline.gradebook import gradebook_url

    engine = create_engine(gradebook_url(course))
    with engine.connect() as conn:
        pd.read_sql("SELECT grade.auto_score, grade.manual_score, base_cell.name, submitted_assignment.student_id "
                    "FROM grade JOIN base_cell ON base_cell.id = grade.cell_id "
                    "JOIN submitted_notebook ON submitted_notebook.id = grade.notebook_id "
                    "JOIN submitted_assignment ON submitted_assignment.id = submitted_notebook.assignment_id", conn)
    engine.dispose()
    for path in (course / "submitted").glob("*/*/responses.jsonl"):
        for line in path.read_bytes().splitlines():
            json.loads(line)


def _report(course: Path, out: Path) -> None:
    """``attuned report`` in a fresh interpreter, as an instructor runs it (imports included)."""
    subprocess.run([sys.executable, "-m", "attuned", "report", "--course", str(course), "--out", str(out)],
                   env=python_env(), check=True, capture_output=True, timeout=3600)


def _floor_process(course: Path) -> None:
    code = (f"import sys, pathlib; sys.path.insert(0, {str(REPO)!r}); from benchmarks.report import floor; "
            f"floor(pathlib.Path({str(course)!r}))")
    subprocess.run([sys.executable, "-c", code], env=python_env(), check=True, capture_output=True)


def run(trainees: int = TRAINEES, runs: int = 3) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="attuned-bench-report-"))
    try:
        started = time.perf_counter()
        course = build_gradebook(work, trainees)
        built = time.perf_counter() - started
        floors, reports = [], []
        for i in range(runs):
            floors.append(wall(lambda: _floor_process(course)))
            reports.append(wall(lambda i=i: _report(course, work / f"report-{i}")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    value, base = median(reports), median(floors)
    return [
        row("report", f"floor: read {trainees} × 7 gradebook rows and logs", base, runs=runs,
            note=f"synthetic gradebook built in {built:.0f} s"),
        row("report", f"attuned report, {trainees} trainees × 7 modules", value, floor="read gradebook + logs",
            floor_value=base, target=f"≤ {TARGET_S:g} s", met=value <= TARGET_S, runs=runs,
            note=f"runs {[round(r, 2) for r in reports]}"),
    ]


if __name__ == "__main__":
    from benchmarks.common import markdown_table

    print(markdown_table(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100, runs=1)))
