"""Item analysis for the cohort report, the way quiz statistics work in common learning platforms.

Per graded item, over the trainees who have a score for it:
- **difficulty** (the "facility index"): the mean fraction of the item's points earned, 0..1.
  High means easy. An item everyone passes teaches, but it no longer tells trainees apart.
- **discrimination**: the *corrected* item–total correlation — Pearson's r between the item's
  fraction and the trainee's total on the *other* scored items of the same module (the item is
  left out of the total so it does not correlate with itself). Near 0 or negative: the item does
  not separate trainees who do well on the rest of the module from those who do not — often a
  sign that it rewards something other than the skill (or that everyone answered alike).
It is left empty (NaN) when fewer than three trainees have a score, or when either side has no
spread (a correlation is undefined then), and the report says so rather than printing 0.

Which items a **test-wise** trainee answers as well as the attuned one comes from the content,
not the cohort: each vignette is walked with the surface-only strategies of ``attuned.reports.surface``
and, where the instructor's keys are available, each knowledge check is answered by them too.
pandas is imported inside the functions only (``import attuned`` stays light).
"""

from __future__ import annotations

import math

MIN_TRAINEES = 3


def _pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < MIN_TRAINEES:
        return math.nan
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return math.nan
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def item_statistics(scores):
    """One row per module × item: trainees, difficulty, discrimination (see the module docstring).

    ``scores`` is :func:`attuned.reports.cohort_report.scores_frame`'s table (trainee, module, item, kind,
    score, max_score); rows awaiting manual grading (score NaN) are left out of every figure.
    """
    import pandas as pd

    columns = ["module", "item", "kind", "trainees", "difficulty", "discrimination"]
    scored = scores.dropna(subset=["score"])
    scored = scored[scored.max_score > 0]
    if scored.empty:
        return pd.DataFrame(columns=columns)
    scored = scored.assign(fraction=scored.score / scored.max_score)
    rows = []
    for module, group in scored.groupby("module", sort=True):
        totals = group.groupby("trainee").score.sum()
        for item, item_rows in group.groupby("item", sort=True):
            indexed = item_rows.set_index("trainee")  # once per item: per trainee it was O(n²) for a cohort
            fractions = indexed.fraction
            rest = [float(r) for r in totals.loc[indexed.index].to_numpy() - indexed.score.to_numpy()]
            rows.append({
                "module": module, "item": item, "kind": item_rows.kind.iloc[0], "trainees": len(fractions),
                "difficulty": float(fractions.mean()),
                "discrimination": _pearson([float(f) for f in fractions], rest),
            })
    return pd.DataFrame(rows, columns=columns)


def testwise_items(course, keys: dict[str, list[str]] | None = None):
    """Items that a surface-only strategy answers at least as well as the attuned trainee.

    One row per (item, strategy) that does: the fraction each earns. Vignettes always; knowledge
    checks only when the keys are given (they are the instructor's, never in the package).
    """
    import pandas as pd

    from attuned.model.exercise import check_score
    from attuned.reports import surface

    rows = []
    for module in course.modules.values():
        for vid in module.items("vignette"):
            vignette = course.vignette(vid)
            best = surface.walk(vignette, surface.pick_best).score_fraction()
            for name, chooser in surface.TESTWISE.items():
                got = surface.walk(vignette, chooser).score_fraction()
                if got >= best - 1e-9:
                    rows.append({"module": module.folder, "item": vid, "kind": "vignette", "strategy": name,
                                 "testwise": round(got, 3), "attuned": round(best, 3)})
        for cid in module.items("check") if keys else []:
            if cid not in keys:
                continue
            check = course.check(cid)
            for name, chooser in surface.TESTWISE.items():
                got = check_score([chooser(check).id], keys[cid], 1.0)
                if got >= 1.0:
                    rows.append({"module": module.folder, "item": cid, "kind": "check", "strategy": name,
                                 "testwise": got, "attuned": 1.0})
    return pd.DataFrame(rows, columns=["module", "item", "kind", "strategy", "testwise", "attuned"])


def item_chart(stats, path) -> str:
    """Scatter of difficulty against discrimination, one marker shape per kind (never colour alone).

    Returns the alt text, which names the items in the weak corner so a screen reader gets the
    finding, not just "a chart". A bare ``Figure`` saved with Agg: the caller's backend is left alone.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4.2))
    ax = fig.subplots()
    markers = {"vignette": "o", "check": "s", "checkin": "^", "reflection": "D", "own_words": "P"}
    plotted = stats.dropna(subset=["discrimination"])
    for kind, group in plotted.groupby("kind"):
        ax.scatter(group.difficulty, group.discrimination, marker=markers.get(kind, "x"), facecolors="none",
                   edgecolors="black", label=kind, s=40)
        for _i, row in group.iterrows():
            ax.annotate(str(row["item"]).split(".")[-1][:14], (row.difficulty, row.discrimination), fontsize=6,
                        xytext=(3, 3), textcoords="offset points")
    ax.axhline(0.2, linestyle="--", color="black", linewidth=0.8)
    ax.text(0.01, 0.22, "discrimination 0.2", fontsize=7)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("difficulty (mean fraction of points; higher = easier)")
    ax.set_ylabel("discrimination (corrected item–total r)")
    ax.set_title("Item analysis: which graded items tell trainees apart")
    if len(plotted):
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    weak = plotted[plotted.discrimination < 0.2]
    undefined = len(stats) - len(plotted)
    return (f"Scatter of {len(plotted)} items by difficulty and discrimination; "
            + (f"{len(weak)} below 0.2: {', '.join(weak['item'].astype(str))}" if len(weak) else "none below 0.2")
            + (f"; {undefined} items without a defined discrimination (no spread or too few trainees)"
               if undefined else "") + ". The table below has every number.")
