"""``python -m benchmarks.loadtest --trainees 30 --out benchmarks/loadtest-results.json`` (``make loadtest``).

Writes the results as JSON (on failure too, with the error and the hub's log tail) and prints
the Markdown table. Needs root (it creates Unix accounts) and ``make hub-deps``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.loadtest.report import markdown
from benchmarks.loadtest.session import LoadTestFailed, Options, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest")
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between presses")
    parser.add_argument("--no-faults", action="store_true", help="no hub restart, kernel kill, full disk or culling")
    parser.add_argument("--prior", type=int, default=3, help="module-01 submissions the instructor autogrades")
    parser.add_argument("--ramp", type=float, default=60.0,
                        help="the trainees arrive evenly over this many seconds (0: all at once)")
    parser.add_argument("--cull-timeout", type=int, default=90,
                        help="the idle culler's timeout in the run (above the longest hub restart; see docs/deployment.md)")
    parser.add_argument("--out", default="benchmarks/loadtest-results.json")
    parser.add_argument("--hub-log", default="", help="keep a copy of the hub's whole log here")
    args = parser.parse_args(argv)
    options = Options(trainees=args.trainees, think=args.think, faults=not args.no_faults, prior=args.prior, ramp=args.ramp,
                      cull_timeout=args.cull_timeout,
                      keep_hub_log=Path(args.hub_log) if args.hub_log else None)
    code = 0
    try:
        results = run(options)
    except LoadTestFailed as err:
        results, code = err.results, 1
    Path(args.out).write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(markdown(results))
    if code:
        print(f"\nFAILED: {results.get('error')}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
