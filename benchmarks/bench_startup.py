"""How much does Attuned add to a notebook's start? Ratios against floors measured in this run.

Absolute seconds vary between machines and with load; a ratio against a floor measured moments
earlier in the same process environment does not (much). Each measurement is the median of
several fresh interpreter runs.

    python benchmarks/bench_startup.py            # prints a table
    python benchmarks/bench_startup.py --json     # machine-readable

Floors: a bare interpreter, and `import ipywidgets` (which every widget notebook pays anyway).
Measured: `import attuned` (should stay near the bare floor: no widgets, pandas or plots at
import), building one vignette player (course load + widgets, compared with the ipywidgets
floor), and grading one vignette from a log (what every autograde cell pays).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 5

CASES = {
    "floor: bare python": "pass",
    "floor: import ipywidgets": "import ipywidgets",
    "import attuned": "import attuned",
    "vignette player (course + widgets)": "import attuned; attuned.Vignette('m2.tomas')",
    "grade one vignette from a log": (
        "import os; from attuned.responses import ResponseLog; "
        "log = ResponseLog(os.environ['ATTUNED_RESPONSES']); "
        "log.append('m2.tomas', 'commit', 'invite', scene='opening', run='r') if not log.read().events else None; "
        "from attuned.grading import vignette_result; import contextlib, io; "
        "f = io.StringIO();\nwith contextlib.redirect_stdout(f): vignette_result('m2.tomas', points=4)"
    ),
}


def measure(code: str, env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    import os

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ATTUNED_RESPONSES=os.path.join(tmp, "responses.jsonl"))
        results = {name: measure(code, env) for name, code in CASES.items()}
    bare, widgets = results["floor: bare python"], results["floor: import ipywidgets"]
    rows = [
        {"case": name, "median_s": round(t, 3), "x_bare": round(t / bare, 2), "x_ipywidgets": round(t / widgets, 2)}
        for name, t in results.items()
    ]
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
    else:
        print(f"{'case':<38} {'median s':>9} {'× bare':>8} {'× ipywidgets':>13}")
        for r in rows:
            print(f"{r['case']:<38} {r['median_s']:>9.3f} {r['x_bare']:>8.2f} {r['x_ipywidgets']:>13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
