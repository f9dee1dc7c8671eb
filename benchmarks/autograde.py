"""Autograde cost per submission: each module's cohort against the same cohort of a one-cell notebook.

A real nbgrader course in a temporary folder (the checkout's ``nbgrader_config.py``, the source
notebooks, nbgrader's SQLite gradebook), a roster of ``cohort`` trainees, ``generate_assignment``
for every module plus a floor assignment ``00-floor`` whose notebook is a single autograded cell.
Each module's release is worked once per persona in a real kernel through the widget API
(``attuned.simulation.cycle.work_notebook``, as the pipeline tests do), then copied into
``submitted/<trainee>/<module>/`` with a ``timestamp.txt``: exactly what ``nbgrader collect``
leaves there, without timing 30 × 8 submit/collect commands that are not being measured.

Timed: one ``nbgrader autograde <assignment> --force`` for the whole cohort, floor and modules
interleaved within each run, so load drift hits both alike. Per submission = wall time / cohort
(nbgrader's fixed start-up is shared by the cohort, as on a real course).

The references are graded by **nbgrader as it ships** (its default pipeline, a kernel per
submission), in a second course folder beside ours whose config names only the course id: the
floor is nbgrader's own one-cell cost. A second reference per module, ``00-shape-<NN>``: the
module's own notebook with every code cell made ``1.0`` (same cells, same grade cells and points,
same markdown): what nbgrader itself costs for a notebook of that shape, a round trip to the
kernel per cell and the gradebook rows per grade cell. Since Attuned's autograde starts no kernel
(``attuned.pipeline.autograde_steps.GradeWithoutKernel``), a module is expected to cost well below both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import REPO, Row, median, python_env, row, wall

FLOOR = "00-floor"
PERSONAS = ("attuned", "fixer", "silent", "longest")  # a cohort mixes complete, wrong and empty work
TIMESTAMP = "2025-01-06 10:00:00.000000 UTC"
TARGET = 1.0  # below nbgrader's own one-cell floor: no kernel is started for a submission


def _nbgrader(args: list[str], course: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=python_env(),
                          capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:  # autograde included: every benchmark submission must be gradable
        raise RuntimeError(f"nbgrader {' '.join(args)} failed: {proc.stderr[-800:]}")


def _floor_notebook(folder: Path) -> None:
    import nbformat

    cell = nbformat.v4.new_code_cell("1.0")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "floor-score", "locked": True, "points": 1,
                                 "schema_version": 3, "solution": False, "task": False}
    folder.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / f"{FLOOR}.ipynb")


def shape_name(module: str) -> str:
    return f"00-shape-{module[:2]}"


def _shape_notebook(course: Path, reference: Path, module: str) -> None:
    """The module's source notebook, every code cell made ``1.0``, in the reference course."""
    import nbformat

    source = next((course / "source" / module).glob("*.ipynb"))
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = "1.0"
    folder = reference / "source" / shape_name(module)
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{shape_name(module)}.ipynb")


def build_course(work: Path, modules: list[str], cohort: int) -> tuple[Path, Path, list[str]]:
    """The course, and nbgrader's reference course, with ``cohort`` submissions per assignment;
    returns (course folder, reference course folder, trainee ids)."""
    from attuned.model.course import load_course
    from attuned.pipeline.notebook_builder import load_keys
    from attuned.simulation.cycle import prepare_course, work_notebook

    course = prepare_course(REPO, work, modules)
    reference = work / "nbgrader-as-shipped"
    reference.mkdir()
    (reference / "nbgrader_config.py").write_text('c = get_config()  # noqa: F821\nc.CourseDirectory.course_id = "attuned"\n',
                                                  encoding="utf-8")
    _floor_notebook(reference / "source" / FLOOR)
    for module in modules:
        _shape_notebook(course, reference, module)
    students = [f"t{i:03d}" for i in range(cohort)]
    (work / "roster.csv").write_text("id\n" + "\n".join(students) + "\n", encoding="utf-8")
    references = [FLOOR, *(shape_name(m) for m in modules)]
    for folder, assignments in ((course, modules), (reference, references)):
        _nbgrader(["db", "student", "import", str(work / "roster.csv")], folder)
        for assignment in assignments:
            _nbgrader(["generate_assignment", assignment, "--force"], folder)
    keys = load_keys(REPO / "instructor" / "keys", load_course())
    templates = work / "templates"

    def worked(persona: str, module: str) -> None:
        folder = templates / persona / module
        shutil.copytree(course / "release" / module, folder)
        work_notebook(folder, persona, keys)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for job in [pool.submit(worked, p, m) for m in modules for p in PERSONAS]:
            job.result()
    for index, student in enumerate(students):
        for assignment in [*references, *modules]:
            persona = PERSONAS[index % len(PERSONAS)]
            home = reference if assignment in references else course
            template = home / "release" / assignment if assignment in references else templates / persona / assignment
            target = home / "submitted" / student / assignment
            shutil.copytree(template, target)
            (target / "timestamp.txt").write_text(TIMESTAMP, encoding="utf-8")
    return course, reference, students


PROGRESS = REPO / "test-artifacts" / "bench-autograde-progress.json"


def measure(course: Path, reference: Path, modules: list[str], cohort: int, runs: int) -> dict[str, list[float]]:
    """Per-submission seconds for each assignment, one list entry per run. Each figure is also
    written to ``test-artifacts/bench-autograde-progress.json`` as it comes (a full run is long)."""
    order = [FLOOR, *(a for m in modules for a in (shape_name(m), m))]
    per: dict[str, list[float]] = {a: [] for a in order}
    PROGRESS.parent.mkdir(exist_ok=True)
    for _ in range(runs):
        for assignment in order:
            home = course if assignment in modules else reference
            per[assignment].append(wall(lambda a=assignment, h=home: _nbgrader(["autograde", a, "--force"], h)) / cohort)
            PROGRESS.write_text(json.dumps({"cohort": cohort, "per_submission": per}, indent=1), encoding="utf-8")
    return per


def run(modules: list[str] | None = None, cohort: int = 30, runs: int = 3, keep: Path | None = None) -> list[Row]:
    modules = modules or sorted(p.name for p in (REPO / "source").glob("[0-9][0-9]-*") if p.is_dir())
    work = Path(tempfile.mkdtemp(prefix="attuned-bench-autograde-"))
    try:
        course, reference, _students = build_course(work, modules, cohort)
        per = measure(course, reference, modules, cohort, runs)
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    floor = median(per[FLOOR])
    rows = [row("autograde", f"{FLOOR} (one cell), per submission", floor, runs=runs, note=f"cohort {cohort}")]
    for module in modules:
        value, shape = median(per[module]), median(per[shape_name(module)])
        rows.append(row("autograde", f"{shape_name(module)} (module {module[:2]}'s cells, each `1.0`), per submission",
                        shape, floor="one-cell notebook", floor_value=floor, runs=runs,
                        note="what nbgrader costs for a notebook of this shape"))
        rows.append(row("autograde", f"{module}, per submission", value, floor="one-cell notebook",
                        floor_value=floor, target=f"≤ {TARGET}× floor", met=value / floor <= TARGET, runs=runs,
                        note=f"cohort {cohort}; {value / shape:.2f}× its shape reference; "
                             f"runs {json.dumps([round(v, 3) for v in per[module]])}"))
    return rows


if __name__ == "__main__":
    from benchmarks.common import markdown_table

    print(markdown_table(run(modules=sys.argv[1:] or None, cohort=10, runs=1)))
