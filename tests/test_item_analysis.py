"""Item analysis (difficulty, corrected item-total discrimination) on numbers worked by hand."""

import math

import pandas as pd
import pytest

from attuned.reports import item_analysis
from attuned.reports.item_analysis import item_statistics


def frame(rows):
    return pd.DataFrame(rows, columns=["trainee", "module", "item", "kind", "score", "max_score"])


def small_cohort():
    scores = {"i1": (1, [1, 1, 0, 0]), "i2": (2, [2, 1, 1, 0]), "i3": (4, [4, 2, 2, 0]), "flat": (1, [1, 1, 1, 1])}
    rows = [(t, "M", item, "check", s[n], mx) for item, (mx, s) in scores.items() for n, t in enumerate("ABCD")]
    rows.append(("E", "M", "i1", "reflection", None, 1))  # awaiting manual grading: left out everywhere
    return frame(rows)


def test_difficulty_and_discrimination_by_hand():
    stats = item_statistics(small_cohort()).set_index("item")
    # i1: fractions 1,1,0,0 -> difficulty .5. Rest of module (i2+i3+flat) = 7,4,4,1: deviations from
    # the means (.5 and 4) are ±.5 and 3,0,0,-3, so r = (1.5+1.5) / sqrt(1 * 18) = 0.7071.
    assert stats.loc["i1"].trainees == 4
    assert stats.loc["i1"].difficulty == pytest.approx(0.5)
    assert stats.loc["i1"].discrimination == pytest.approx(3 / math.sqrt(18))
    # i2: fractions 1,.5,.5,0; rest (i1+i3+flat) = 6,4,3,1: dx = .5,0,0,-.5; dy = 2.5,.5,-.5,-2.5
    # -> r = 2.5 / sqrt(.5 * 13) = 0.9806.
    assert stats.loc["i2"].difficulty == pytest.approx(0.5)
    assert stats.loc["i2"].discrimination == pytest.approx(2.5 / math.sqrt(6.5))
    # An item everyone passes has no spread: its discrimination is undefined, not 0.
    assert stats.loc["flat"].difficulty == 1.0 and math.isnan(stats.loc["flat"].discrimination)


def test_too_few_trainees_or_nothing_scored_gives_no_numbers():
    two = frame([("A", "M", "i", "check", 1, 1), ("B", "M", "i", "check", 0, 1), ("A", "M", "j", "check", 1, 1),
                 ("B", "M", "j", "check", 0, 1)])
    assert math.isnan(item_statistics(two).set_index("item").loc["i"].discrimination)
    assert item_statistics(frame([("A", "M", "i", "reflection", None, 15)])).empty


def test_the_testwise_list_names_items_a_surface_strategy_passes(course, keys):
    from attuned.reports import surface

    listed = item_analysis.testwise_items(course, keys)
    for row in listed.itertuples():
        if row.kind == "vignette":
            got = surface.walk(course.vignette(row.item), surface.TESTWISE[row.strategy]).score_fraction()
            assert got == pytest.approx(row.testwise) and row.testwise >= row.attuned - 1e-9
        else:
            assert surface.TESTWISE[row.strategy](course.check(row.item)).id in keys[row.item]
    assert set(listed.kind) <= {"vignette", "check"}
    assert "check" not in set(item_analysis.testwise_items(course, None).kind), "no keys, no checks"


def test_the_charts_leave_the_callers_matplotlib_backend_alone(tmp_path):
    """The cohort dashboard (or a notebook) chose its backend; drawing the report's charts must not
    switch it to Agg. Run in a fresh interpreter whose backend is set beforehand, as a dashboard's is."""
    import os
    import subprocess
    import sys

    code = f"""
import matplotlib, pandas as pd
from pathlib import Path
out = Path({str(tmp_path)!r})
import attuned.reports.cohort_report as cohort, attuned.reports.item_analysis as items
assert matplotlib.get_backend() == "svg", matplotlib.get_backend()
stats = pd.DataFrame({{"item": ["m1.a", "m1.b"], "kind": ["check", "vignette"], "difficulty": [0.5, 0.9],
                       "discrimination": [0.1, 0.6]}})
items.item_chart(stats, out / "items.png")
cohort._bar_chart(pd.DataFrame({{"A": [50.0, 80.0]}}, index=["01", "02"]), "t", "%", out / "bars.png", (0, 105))
print(matplotlib.get_backend())
"""
    env = {**os.environ, "MPLBACKEND": "svg"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "svg", "drawing a chart switched the caller's matplotlib backend"
    for name in ("items.png", "bars.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
