"""``make demo``: watch nbgrader's whole cycle run on a throwaway copy of the course.

Simulated trainees (four classic personas, six test-wise ones) work every module through the
widget API in real kernels; the demo prints a per-trainee table and leaves grades.csv, every trainee's feedback HTML and a cohort
report in one output folder, which it names at the end.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def run_demo(repo: Path, out: Path, modules: list[str] | None = None) -> int:
    from attuned.reports.cohort_report import write_report
    from attuned.simulation.cycle import PERSONA_IDS, TABLE_LEGEND, run_cycle, table
    from attuned.simulation.personas import PERSONAS

    print("Simulated trainees:")
    for persona in PERSONA_IDS:
        print(f"  {persona:<15} {PERSONAS[persona]}")
    with tempfile.TemporaryDirectory(prefix="attuned-demo-") as work:
        result = run_cycle(repo, work=Path(work), modules=modules, progress=True)
        out = out.resolve()
        if out.exists():
            shutil.rmtree(out)
        (out / "feedback").mkdir(parents=True)
        shutil.copy(result.grades_csv, out / "grades.csv")
        for student, files in result.feedback.items():
            for module, path in files.items():
                target = out / "feedback" / student / module / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
        report = write_report(result.course, out / "report")
        print()
        print(table(result))
        print()
        print(TABLE_LEGEND)
    print()
    print(f"Output folder: {out}")
    print("  grades.csv          nbgrader's export (reflections count once an instructor grades them)")
    print("  feedback/           what each trainee receives, per module")
    print(f"  report/{report.name}  the cohort report (scores, five qualities, first-response patterns)")
    return 0
