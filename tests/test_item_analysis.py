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
