"""How much does Attuned add to a notebook's start? Ratios against floors measured in this run.

Each case is a fresh interpreter (what a kernel pays), the median of ``runs`` runs, cases
interleaved so that load drift hits floors and cases alike. Floors: a bare interpreter, and
``import ipywidgets`` (which every widget notebook pays anyway). Measured: ``import attuned``
(no widgets, pandas or plots at import), the module's setup cell (the package and the grade
functions), the first vignette cell's render (course load + the player's widgets, built as the
cell builds them; sending them to a browser is the front end's cost), and one grade cell from a log.
"""

from __future__ import annotations

import os
import tempfile

from benchmarks.common import Row, median, python_env, row, run_python

SETUP = ("from attuned import CheckIn, KnowledgeCheck, TeachingModel, Vignette; "
         "from attuned.notebook.grading import checkin_result, committed_check, vignette_result")
CASES = {
    "floor: bare python": "pass",
    "floor: import ipywidgets": "import ipywidgets",
    "import attuned": "import attuned; import sys; assert 'ipywidgets' not in sys.modules and 'pandas' not in sys.modules",
    "setup cell (package + grade functions)": SETUP,
    "first vignette cell (setup + Vignette('m1.maribel'))": f"{SETUP}; Vignette('m1.maribel')",
    "setup + one grade cell from a log": (
        f"{SETUP}; import os, io, contextlib; from attuned.notebook.responses import ResponseLog; "
        "log = ResponseLog(os.environ['ATTUNED_RESPONSES']); "
        "log.read().events or log.append('m1.maribel', 'commit', 'hold', scene='opening', run='r'); "
        "f = io.StringIO()\nwith contextlib.redirect_stdout(f):\n    try: vignette_result('m1.maribel', points=4)\n"
        "    except Exception: pass"
    ),
}
TARGET_OVER_WIDGETS = 0.15


def run(runs: int = 7) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        env = python_env(ATTUNED_RESPONSES=os.path.join(tmp, "responses.jsonl"))
        for code in CASES.values():  # warm the file cache and the parsed-content copy once
            run_python(code, env)
        times: dict[str, list[float]] = {name: [] for name in CASES}
        for _ in range(runs):
            for name, code in CASES.items():
                times[name].append(run_python(code, env))
    t = {name: median(values) for name, values in times.items()}
    bare, widgets = t["floor: bare python"], t["floor: import ipywidgets"]
    first = "first vignette cell (setup + Vignette('m1.maribel'))"
    rows = [row("startup", "floor: bare python", bare, runs=runs),
            row("startup", "floor: import ipywidgets", widgets, floor="bare python", floor_value=bare, runs=runs)]
    for name in CASES:
        if name.startswith("floor"):
            continue
        over = t[name] - widgets
        target = met = None
        if name in ("import attuned", first):
            target, met = f"≤ +{TARGET_OVER_WIDGETS:g} s over import ipywidgets", over <= TARGET_OVER_WIDGETS
        rows.append(row("startup", name, t[name], floor="import ipywidgets", floor_value=widgets,
                        target=target or "", met=met, runs=runs, note=f"{over:+.3f} s over import ipywidgets"))
    return rows


if __name__ == "__main__":
    from benchmarks.common import markdown_table

    print(markdown_table(run()))
