"""``python -m benchmarks`` (``make bench``): run the jobs, write ``results.json``, print the table.

    python -m benchmarks                         # every job, full size (~25 min on 2 cores)
    python -m benchmarks --jobs startup,widget_step
    python -m benchmarks --quick                 # smaller cohort and gradebook: a rough pass

The machine and its load average before and after go into ``results.json`` beside the rows: a
table measured on a busy machine says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime

from benchmarks.common import REPO, markdown_table

JOBS = ("startup", "widget_step", "report", "autograde", "test_suite")
#: The page that quotes the table of a real run, between the bench-table markers.
PERFORMANCE_DOC = "docs/performance.md"


def _machine() -> dict[str, object]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--jobs", default=",".join(JOBS), help=f"comma-separated, from: {', '.join(JOBS)}")
    parser.add_argument("--quick", action="store_true", help="cohort 5 on module 01, 200 trainees, fewer steps")
    parser.add_argument("--cohort", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is reported)")
    parser.add_argument("--modules", default="", help="comma-separated module folders (default: all)")
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results.json"))
    parser.add_argument("--merge", action="store_true", help="keep the other jobs' rows already in --out")
    parser.add_argument("--docs", action="store_true",
                        help=f"run nothing: put the table from --out into {PERFORMANCE_DOC} between the bench-table markers")
    args = parser.parse_args(argv)
    if args.docs:
        return write_docs_table(args.out)
    jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    unknown = sorted(set(jobs) - set(JOBS))
    if unknown:
        parser.error(f"unknown job(s): {', '.join(unknown)}")
    modules = [m for m in args.modules.split(",") if m] or None
    if args.quick:
        modules = modules or ["01-relationship-and-technique"]
    started, before = time.perf_counter(), _machine()
    rows = []
    for job in jobs:
        print(f"[bench] {job} ...", file=sys.stderr, flush=True)
        if job == "startup":
            from benchmarks import startup
            rows += startup.run(runs=max(args.runs, 5))
        elif job == "widget_step":
            from benchmarks import widget_step
            rows += widget_step.run(steps=100 if args.quick else 300)
        elif job == "report":
            from benchmarks import report
            rows += report.run(trainees=200 if args.quick else report.TRAINEES, runs=args.runs)
        elif job == "autograde":
            from benchmarks import autograde
            rows += autograde.run(modules=modules, cohort=5 if args.quick else args.cohort, runs=args.runs)
        elif job == "test_suite":
            from benchmarks import test_suite
            rows += test_suite.run(runs=args.runs)
    if args.merge and os.path.exists(args.out):
        with open(args.out, encoding="utf-8") as fh:
            kept = [r for r in json.load(fh).get("rows", []) if r["job"] not in {r["job"] for r in rows}]
        rows = kept + rows
    result = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "seconds": round(time.perf_counter() - started),
              "machine_before": before, "machine_after": _machine(), "quick": args.quick, "rows": rows}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(markdown_table(rows))
    print(f"\n{before['cpus']} CPUs, load average {before['load_average']} before and "
          f"{result['machine_after']['load_average']} after; written to {args.out}")
    return 0


def write_docs_table(results: str) -> int:
    """docs/performance.md quotes the table of a real run; regenerate it here rather than by hand."""
    with open(results, encoding="utf-8") as fh:
        data = json.load(fh)
    page = REPO / PERFORMANCE_DOC
    text = page.read_text(encoding="utf-8")
    begin, end = "<!-- bench-table:begin -->", "<!-- bench-table:end -->"
    head, rest = text.split(begin, 1)
    _old, tail = rest.split(end, 1)
    machine = data["machine_before"]
    note = (f"\n\nMeasured {data['when'][:10]} on {machine['cpus']} CPUs ({machine['platform']}, Python "
            f"{machine['python']}), load average {machine['load_average']} at the start of the last job.\n")
    page.write_text(f"{head}{begin}\n{markdown_table(data['rows'])}{note}{end}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
