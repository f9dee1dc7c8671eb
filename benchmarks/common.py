"""What every benchmark job shares: medians, percentiles, and one row format for the table.

A row is a plain dict so that ``results.json`` stays readable without this code:
``{"job", "case", "value", "unit", "floor", "floor_value", "ratio", "target", "met", "runs", "note"}``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
Row = dict[str, Any]


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (no interpolation: with few samples it is an observed value)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))]


def wall(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def python_env(**extra: str) -> dict[str, str]:
    """The environment a child interpreter or nbgrader command gets: this venv's bin first."""
    env = dict(os.environ, **extra)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYTHONWARNINGS"] = "ignore"
    return env


def run_python(code: str, env: dict[str, str]) -> float:
    """Wall time of a fresh interpreter running ``code`` (start-up included, as a kernel pays it)."""
    return wall(lambda: subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True))


def row(job: str, case: str, value: float, unit: str = "s", *, floor: str = "", floor_value: float | None = None,
        target: str = "", met: bool | None = None, runs: int = 0, note: str = "") -> Row:
    ratio = round(value / floor_value, 3) if floor_value else None
    return {"job": job, "case": case, "value": round(value, 4), "unit": unit, "floor": floor,
            "floor_value": None if floor_value is None else round(floor_value, 4), "ratio": ratio,
            "target": target, "met": met, "runs": runs, "note": note}


def markdown_table(rows: list[Row]) -> str:
    lines = ["| Job | Case | Median | Floor (same run) | Ratio | Target | Met |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        value = f"{r['value']:.3f} {r['unit']}" if r["unit"] in ("s", "ms") else f"{r['value']:g} {r['unit']}"
        floor = (f"{r['floor']}: {r['floor_value']:.3f} {r['unit']}" if r["floor_value"] is not None
                 else (r["floor"] or "—"))
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[r["met"]]
        lines.append(f"| {r['job']} | {r['case']} | {value} | {floor} | {ratio} | {r['target'] or '—'} | {met} |")
    return "\n".join(lines)
