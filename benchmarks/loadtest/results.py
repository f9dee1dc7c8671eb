"""What a run found: every trainee's grade against tests/expected_scores.py, every saved answer
against the collected log, and the figures (medians, p95s, ratios to the floor)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.loadtest import content, measure
from benchmarks.loadtest.setup import MODULE
from tests import expected_scores as expected
from tests.hub.harness import Cohort

if TYPE_CHECKING:
    from benchmarks.loadtest.trainee import TraineeRun


def grade(course: Path, cohort: Cohort, runs: list[TraineeRun]) -> dict[str, Any]:
    """Every trainee's autograded scores against tests/expected_scores.py, and every saved answer
    against the log nbgrader collected."""
    result = content.CycleResult(work=course.parent, course=course, modules=[MODULE], students=list(cohort.trainees))
    content.read_gradebook(result)
    mismatches, lost, saved_total = [], [], 0
    for r in runs:
        got = {grade: score for grade, (score, _max) in result.scores[r.user][MODULE].items()}
        want = {expected.grade_id(item): score for item, score in expected.persona_item_scores(r.persona, MODULE).items()}
        for grade, score in want.items():
            if got.get(grade) is None or abs(got[grade] - score) > 0.005:
                mismatches.append({"user": r.user, "grade": grade, "want": score, "got": got.get(grade)})
        collected = course / "submitted" / r.user / MODULE / "responses.jsonl"
        lines = set(collected.read_text(encoding="utf-8").splitlines()) if collected.exists() else set()
        saved_total += len(r.saved_lines)
        lost += [{"user": r.user, "line": line} for line in r.saved_lines if line not in lines]
    return {"trainees": len(runs), "graded_exactly": len(runs) - len({m["user"] for m in mismatches}),
            "mismatches": mismatches, "saved_answers": saved_total, "lost_answers": lost}



def figures(memory_peaks: dict[str, tuple[float, float]], runs: list[TraineeRun], results: dict[str, Any]
            ) -> dict[str, Any]:
    calm = [p for r in runs for p in r.presses if p.saved and not p.fault]
    floor = results.get("floor", {})
    pss = [v[0] for v in memory_peaks.values()]
    uss = [v[1] for v in memory_peaks.values()]
    cpu = {r.user: r.timings.get("cpu_s") for r in runs}
    out: dict[str, Any] = {
        "login_to_kernel_ready_s": measure.summary([r.timings["login_to_kernel_ready_s"] for r in runs]),
        "press_to_log_line_ms": measure.summary([p.disk_ms for p in calm if p.disk_ms is not None]),
        "press_to_reaction_ms": measure.summary([p.reaction_ms for p in calm]),
        "press_to_kernel_idle_ms": measure.summary([p.idle_ms for p in calm]),
        "presses": {"total": sum(len(r.presses) for r in runs), "timed": len(calm),
                    "during_faults": sum(1 for r in runs for p in r.presses if p.fault),
                    "not_saved": sum(1 for r in runs for p in r.presses if not p.saved)},
        "websocket_reconnects": sum(r.reconnects for r in runs),
        # What trainees met and got past: a submit refused by the full disk, a press lost while the
        # page reconnected, a server that lost its port in a burst of starts (trainee.py says how).
        "trainee_incidents": {key: sum(int(r.outcomes.get(key, 0)) for r in runs)
                              for key in sorted({k for r in runs for k in r.outcomes})},
        "peak_pss_per_trainee_mb": measure.summary(pss),
        "peak_uss_per_trainee_mb": measure.summary(uss),
        "session_s": measure.summary([r.timings["session_s"] for r in runs]),
        "trainee_cpu_s": {k: v for k, v in cpu.items() if v is not None},
        # CPU time of the trainee's server and kernel up to the submit (a culled server's is lost).
        "cpu_per_trainee_s": measure.summary([v for v in cpu.values() if v is not None]),
        "cores_per_trainee_while_working": measure.summary(
            [r.timings["cpu_s"] / r.timings["session_s"] for r in runs if r.timings.get("cpu_s")], 3),
    }
    if floor.get("cpu_s"):
        out["cpu_ratio_to_floor"] = {k: (round(v / floor["cpu_s"], 2) if v is not None else None)
                                     for k, v in out["cpu_per_trainee_s"].items() if k in ("median", "p95")}
    if floor.get("pss_mb"):
        out["pss_ratio_to_floor"] = {k: (round(v / floor["pss_mb"], 2) if v is not None else None)
                                     for k, v in out["peak_pss_per_trainee_mb"].items() if k in ("median", "p95")}
    if results.get("autograde_idle_s"):
        out["autograde_ratio_load_to_idle"] = round(results["autograde_under_load_s"] / results["autograde_idle_s"], 2)
    return out
