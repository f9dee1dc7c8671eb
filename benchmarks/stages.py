"""Time one stage of ``make test`` and record it: ``python -m benchmarks.stages NAME -- CMD...``.

``make test`` runs lint, the parallel pytest stage and the serial (browser + hub) stage through
this wrapper, so every run leaves ``test-artifacts/make-test-stages.json``: the stage names, wall
seconds and exit codes of the latest run. ``benchmarks/test_suite.py`` reports them. The command's
output passes through untouched and its exit code is returned, so ``make`` still stops on failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RECORD = Path("test-artifacts") / "make-test-stages.json"


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m benchmarks.stages NAME -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    name, command = argv[0], argv[2:]
    started = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - started
    record = {"stages": []}
    if RECORD.is_file():
        try:
            record = json.loads(RECORD.read_text(encoding="utf-8"))
        except ValueError:
            pass
    stages = [s for s in record.get("stages", []) if s.get("stage") != name]
    if name == "lint":  # the first stage: a new run starts a new record
        stages = []
    stages.append({"stage": name, "seconds": round(seconds, 1), "exit": code, "command": " ".join(command),
                   "finished": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count()})
    RECORD.parent.mkdir(exist_ok=True)
    RECORD.write_text(json.dumps({"stages": stages}, indent=1) + "\n", encoding="utf-8")
    print(f"[make test] stage {name}: {seconds:.1f} s (exit {code})", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
