"""``make test`` wall time, split by stage, from the latest run's record.

``make test`` runs each stage through ``benchmarks/stages.py``, which writes
``test-artifacts/make-test-stages.json`` (stage, seconds, exit code, when). Running the whole
suite again here would double ``make bench``'s time and fight the suite for the same two cores,
so this job reports the recorded run, and says when it finished. Floor, measured now: pytest's
start-up and collection of the same tests (``pytest --collect-only``), the cost no test pays
for itself. Target: the whole of ``make test`` ≤ 6 minutes on a clean clone. Since the parallel
and the browser stages run side by side, the total is the span from the first stage's start to
the last one's finish, not the sum of the stages.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.common import REPO, Row, median, python_env, row, wall

RECORD = REPO / "test-artifacts" / "make-test-stages.json"
TARGET_S = 360.0


def run(runs: int = 3) -> list[Row]:
    floor = median([wall(lambda: subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"], cwd=REPO,
        env=python_env(), capture_output=True, check=False)) for _ in range(runs)])
    rows = [row("make test", "floor: pytest start-up + collection", floor, runs=runs)]
    if not RECORD.is_file():
        return [*rows, row("make test", "no recorded run", 0.0, note="run `make test` first")]
    stages = json.loads(RECORD.read_text(encoding="utf-8"))["stages"]
    for stage in stages:
        rows.append(row("make test", f"stage {stage['stage']} (exit {stage['exit']})", stage["seconds"],
                        floor="collection", floor_value=floor, runs=1,
                        note=f"{stage['command']}; finished {stage['finished']}"))
    total, how = wall_time(stages)
    rows.append(row("make test", f"total ({how})", total, floor="collection", floor_value=floor,
                    target=f"≤ {TARGET_S:g} s", met=total <= TARGET_S, runs=1))
    return rows


def wall_time(stages: list[dict]) -> tuple[float, str]:
    """The run's wall time: first start to last finish (stages may overlap), else their sum."""
    from datetime import datetime

    if stages and all("started" in s for s in stages):
        began = min(datetime.fromisoformat(s["started"]) for s in stages)
        ended = max(datetime.fromisoformat(s["finished"]) for s in stages)
        return round((ended - began).total_seconds(), 1), "wall, first start to last finish"
    return sum(s["seconds"] for s in stages), "+".join(s["stage"] for s in stages)


if __name__ == "__main__":
    from benchmarks.common import markdown_table

    print(markdown_table(run()))
