"""Time one stage of ``make test`` and record it: ``python -m benchmarks.stages NAME -- CMD...``.

``make test`` runs lint, then the parallel pytest stage and the serial (browser + hub) stage side
by side, each through this wrapper, so every run leaves ``test-artifacts/make-test-stages.json``:
the stage names, start and finish times, wall seconds and exit codes of the latest run.
``benchmarks/test_suite.py`` reports them. Two stages may finish at once, so the record is
updated under a file lock. The command's output passes through untouched and its exit code is
returned, so ``make`` still stops on failure.
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
    began = datetime.now(UTC)
    started = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - started
    entry = {"stage": name, "seconds": round(seconds, 1), "exit": code, "command": " ".join(command),
             "started": began.isoformat(timespec="milliseconds"),
             "finished": datetime.now(UTC).isoformat(timespec="milliseconds"), "cpus": os.cpu_count()}
    _record(entry, fresh=name == "lint")  # the first stage: a new run starts a new record
    print(f"[make test] stage {name}: {seconds:.1f} s (exit {code})", file=sys.stderr)
    return code


def _record(entry: dict, fresh: bool) -> None:
    import fcntl

    RECORD.parent.mkdir(exist_ok=True)
    with open(RECORD.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record: dict = {"stages": []}
        if RECORD.is_file() and not fresh:
            try:
                record = json.loads(RECORD.read_text(encoding="utf-8"))
            except ValueError:
                pass
        stages = [s for s in record.get("stages", []) if s.get("stage") != entry["stage"]]
        stages.append(entry)
        RECORD.write_text(json.dumps({"stages": stages}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
