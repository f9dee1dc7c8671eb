"""Cohort analytics for instructors: nbgrader's gradebook + the collected response logs → pandas.

Three questions an instructor asks of a cohort, each one DataFrame:
- ``scores_frame``: who earned what, per trainee, module and item (nbgrader's Gradebook API);
- ``qualities_frame``: on which of the five qualities each trainee's graded vignette steps were
  strong or weak, per module;
- ``first_response_frame``: how often first responses were fix / interpret / reassure versus
  attuned, across modules (the urge-to-fix pattern Module 04 teaches).
``write_report`` turns them into CSV files, PNG charts (labelled and hatched, never colour alone)
and one HTML page. pandas and matplotlib are imported here only, never by ``import attuned``.
"""

from __future__ import annotations

import html
from pathlib import Path

from attuned.responses import LogContents, ResponseLog
from attuned.vignettes.model import VignetteEngine
from attuned.vocab import QUALITIES

HATCHES = ["//", "..", "xx", "\\\\", "oo", "--", "++"]


def _kind_of(grade_id: str) -> str:
    if grade_id.endswith("-answer"):
        return "reflection"
    if grade_id.endswith("-own-words"):
        return "own_words"
    if "-kc-" in grade_id:
        return "check"
    if "-checkin-" in grade_id:
        return "checkin"
    return "vignette"


def scores_frame(course_dir: Path):
    """One row per trainee × module × graded cell: score (NaN while awaiting manual grading).

    One query for every grade, not one ``find_grade`` per cell per trainee (a cohort of 1,000 made
    ~150,000 queries and took minutes). The rows, their order and the score (nbgrader's own
    ``Grade.score`` expression) are what the per-cell lookups gave: assignments, notebooks, cells
    and trainees in the Gradebook API's order; a trainee without a submission has no rows.
    """
    import pandas as pd
    from nbgrader.api import (
        Assignment,
        BaseCell,
        Grade,
        Gradebook,
        Notebook,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    from attuned.gradebook import gradebook_url

    columns = ["trainee", "module", "item", "kind", "score", "max_score"]
    with Gradebook(gradebook_url(course_dir)) as gb:
        cells: dict[str, tuple[tuple[int, int, int], str, str, float]] = {}
        for a_index, assignment in enumerate(gb.assignments):
            for n_index, notebook in enumerate(assignment.notebooks):
                for c_index, cell in enumerate([*notebook.grade_cells, *notebook.task_cells]):
                    cells.setdefault(cell.id, ((a_index, n_index, c_index), assignment.name, cell.name, cell.max_score))
        order = {student.id: index for index, student in enumerate(gb.students)}
        found = (
            gb.db.query(Grade.cell_id, SubmittedAssignment.student_id, Grade.auto_score, Grade.manual_score, Grade.score)
            .join(BaseCell, BaseCell.id == Grade.cell_id)
            .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
            .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
            .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
            .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
            .all()
        )
    keyed = []
    for cell_id, student, auto_score, manual_score, score in found:
        if cell_id not in cells or student not in order:
            continue
        position, module, item, max_score = cells[cell_id]
        awaiting = auto_score is None and manual_score is None
        keyed.append(((*position, order[student]), {"trainee": student, "module": module, "item": item,
                                                    "kind": _kind_of(item), "score": None if awaiting else score,
                                                    "max_score": max_score}))
    keyed.sort(key=lambda pair: pair[0])
    return pd.DataFrame([r for _, r in keyed], columns=columns)


def collected_logs(course_dir: Path) -> dict[tuple[str, str], Path]:
    """(trainee, module) → the response log nbgrader collected with the submission."""
    found = {}
    for path in sorted((course_dir / "submitted").glob("*/*/responses.jsonl")):
        found[(path.parent.parent.name, path.parent.name)] = path
    return found


def read_collected_logs(course_dir: Path) -> dict[tuple[str, str], LogContents]:
    """Every collected log, read once: the report's views share them (each view re-read 7,000
    logs for a cohort of 1,000)."""
    return {key: ResponseLog(path).read() for key, path in collected_logs(course_dir).items()}


def qualities_frame(course_dir: Path, logs: dict[tuple[str, str], LogContents] | None = None):
    """Mean rating (0–2) per trainee × module × quality over graded vignette steps.

    ``logs`` (from :func:`read_collected_logs`) saves reading them again."""
    import pandas as pd

    from attuned.course import get_course

    course = get_course()
    rows = []
    logs = read_collected_logs(course_dir) if logs is None else logs
    for (trainee, module), contents in logs.items():
        for item in {e.item for e in contents.events}:
            if item not in course.vignettes:
                continue
            steps = contents.graded_run(item)
            engine, _notes = VignetteEngine.from_log(course.vignette(item), [(e.scene, str(e.value)) for e in steps])
            for step in engine.steps:
                for quality in QUALITIES:
                    rows.append({"trainee": trainee, "module": module, "item": item, "quality": quality,
                                 "rating": step.option.ratings[quality]})
    df = pd.DataFrame(rows, columns=["trainee", "module", "item", "quality", "rating"])
    if df.empty:
        return df.groupby(["trainee", "module", "quality"]).rating.mean().reset_index()
    return df.groupby(["trainee", "module", "quality"], as_index=False).rating.mean()


def first_response_frame(course_dir: Path, logs: dict[tuple[str, str], LogContents] | None = None):
    """Every run's first response, per trainee (graded and practice), with its stance family.

    Rows in log order (trainee, then module), each log's rows by module and time, as
    :func:`attuned.patterns.first_responses` sorts one log; built as one DataFrame, not one per
    log (7,000 small frames took most of a 1,000-trainee report). ``logs`` as for qualities.
    """
    import pandas as pd

    from attuned.patterns import COLUMNS, first_response_rows

    paths = collected_logs(course_dir)
    if not paths:
        out = pd.DataFrame(columns=["trainee", "module", "family"])
        out.attrs["problems"] = []
        return out
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    for key, path in paths.items():
        trainee = key[0]
        found, _skipped, notes = first_response_rows(path, logs.get(key) if logs is not None else None)
        found.sort(key=lambda r: (r["module"], r["at"]))  # stable, like first_responses' sort
        rows += [{**r, "trainee": trainee} for r in found]
        problems += [f"{trainee}: {p}" for p in notes]
    out = pd.DataFrame(rows, columns=[*COLUMNS, "trainee"])
    out["graded"] = out["graded"].astype(bool)
    out.attrs["problems"] = problems
    return out


#: Up to this many trainees, charts show one bar series per trainee; beyond it a chart with a
#: legend entry per trainee is unreadable (and drawing 1,000 series took most of a minute), so it
#: shows the cohort's quartiles instead. The tables beside the charts always list every trainee.
MAX_TRAINEE_SERIES = 40


def _per_trainee_or_quartiles(table, title: str):
    """``table`` has one column per trainee: keep it, or for a large cohort summarise each row."""
    if len(table.columns) <= MAX_TRAINEE_SERIES:
        return table, title
    import pandas as pd

    summary = pd.DataFrame({"25th percentile": table.quantile(0.25, axis=1), "median": table.median(axis=1),
                            "75th percentile": table.quantile(0.75, axis=1)}, index=table.index)
    return summary, f"{title} — {len(table.columns)} trainees: quartiles"


def _bar_chart(table, title: str, ylabel: str, path: Path, ylim: tuple[float, float] | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.8))
    width = 0.8 / max(len(table.columns), 1)
    for i, column in enumerate(table.columns):
        xs = [x + i * width for x in range(len(table.index))]
        bars = ax.bar(xs, table[column].fillna(0), width, label=str(column), hatch=HATCHES[i % len(HATCHES)],
                      edgecolor="black")
        ax.bar_label(bars, fmt="{:.3g}", fontsize=7)
    ax.set_xticks([x + width * (len(table.columns) - 1) / 2 for x in range(len(table.index))])
    ax.set_xticklabels([str(i)[:14] for i in table.index], fontsize=8)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(*ylim)
    ax.legend(fontsize=7, ncols=min(len(table.columns), 4))
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_report(course_dir: Path, out: Path, keys: dict[str, list[str]] | None = None) -> Path:
    """Write CSVs, PNG charts and ``report.html`` into ``out``; return the HTML path.

    ``keys`` (the instructor's knowledge-check keys) lets the test-wise list cover checks too.
    """
    out.mkdir(parents=True, exist_ok=True)
    scores = scores_frame(course_dir)
    logs = read_collected_logs(course_dir)
    qualities = qualities_frame(course_dir, logs)
    firsts = first_response_frame(course_dir, logs)
    scores.to_csv(out / "scores.csv", index=False)
    qualities.to_csv(out / "qualities.csv", index=False)
    firsts.drop(columns=[c for c in ("at",) if c in firsts.columns]).to_csv(out / "first_responses.csv", index=False)

    sections = []
    auto = scores[~scores.kind.isin(["reflection", "own_words"])]
    if not auto.empty:
        per = auto.groupby(["trainee", "module"]).agg(score=("score", "sum"), max_score=("max_score", "sum"))
        per["percent"] = (100 * per.score / per.max_score).round(1)
        table = per.percent.unstack("trainee")
        table.index = [m[:2] for m in table.index]
        _bar_chart(*_per_trainee_or_quartiles(table, "Autograded exercises: percent of points, per module"),
                   "% of points", out / "autograded.png", (0, 105))
        sections.append(("Autograded exercises (formative)", "autograded.png", per.reset_index().to_html(index=False)))
    pending = scores[scores.kind.isin(["reflection", "own_words"]) & scores.score.isna()]
    sections.append(("Written work awaiting manual grading (reflections, own words)", None,
                     pending[["trainee", "module", "item", "max_score"]].to_html(index=False) if len(pending)
                     else "<p>None: every reflection and own-words cell has been graded.</p>"))
    if not qualities.empty:
        q = qualities.groupby(["trainee", "quality"]).rating.mean().unstack("trainee").reindex(list(QUALITIES))
        _bar_chart(*_per_trainee_or_quartiles(q, "Mean supervisor rating on the five qualities (graded vignette steps)"),
                   "0–2", out / "qualities.png", (0, 2.2))
        sections.append(("The five qualities", "qualities.png", q.round(2).to_html()))
    graded = firsts[firsts.get("graded", False) == True] if not firsts.empty else firsts  # noqa: E712
    if not graded.empty:
        fam = graded.groupby(["trainee", "family"]).size().unstack("family", fill_value=0)
        share = (100 * fam.div(fam.sum(axis=1), axis=0)).round(0)
        title = "First responses in graded runs, by stance family (% of vignettes)"
        if len(share.index) > MAX_TRAINEE_SERIES:
            _bar_chart(*_per_trainee_or_quartiles(share.T.fillna(0), title), "%", out / "first_responses.png", (0, 105))
        else:
            _bar_chart(share, title, "%", out / "first_responses.png", (0, 105))
        sections.append(("First responses: fix, interpret, reassure or attuned?", "first_responses.png",
                         fam.to_html()))
    sections += _item_analysis_sections(scores, out, keys)
    notes = firsts.attrs.get("problems", [])
    body = []
    for section in sections:
        title, image, table_html = section[:3]
        alt = section[3] if len(section) > 3 else f"{title} (chart; the table below has the same numbers)"
        img = f'<img src="{image}" alt="{html.escape(alt)}">' if image else ""
        body.append(f"<section><h2>{html.escape(title)}</h2>{img}{table_html}</section>")
    if notes:
        body.append("<section><h2>Log lines that could not be read</h2><ul>"
                    + "".join(f"<li>{html.escape(n)}</li>" for n in notes) + "</ul></section>")
    page = out / "report.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Attuned cohort report</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 6px}img{max-width:100%}</style></head><body>"
        "<h1>Attuned cohort report</h1><p>Vignette points are formative practice with feedback, not a ranking."
        " Reflections are graded by instructors.</p>" + "".join(body) + "</body></html>",
        encoding="utf-8",
    )
    return page


def _item_analysis_sections(scores, out: Path, keys: dict[str, list[str]] | None) -> list[tuple]:
    """Item statistics (difficulty, discrimination) with a chart, and the test-wise list."""
    from attuned.course import get_course
    from attuned.item_analysis import item_chart, item_statistics, testwise_items

    stats = item_statistics(scores)
    stats.to_csv(out / "item_analysis.csv", index=False)
    sections: list[tuple] = []
    if not stats.empty:
        alt = item_chart(stats, out / "item_analysis.png")
        shown = stats.assign(difficulty=stats.difficulty.round(2), discrimination=stats.discrimination.round(2))
        sections.append((
            "Item analysis: difficulty and discrimination", "item_analysis.png",
            "<p>Difficulty is the mean fraction of an item's points (higher is easier). Discrimination is the "
            "corrected item–total correlation within the module: near 0 or below, the item does not separate "
            "trainees who do well on the rest of the module from those who do not. Empty: no spread, or fewer "
            "than three trainees scored.</p>" + shown.to_html(index=False, na_rep="—"), alt))
    testwise = testwise_items(get_course(), keys)
    testwise.to_csv(out / "testwise_items.csv", index=False)
    checked = "vignettes and knowledge checks" if keys else "vignettes (knowledge checks need the instructor's keys)"
    sections.append((
        "Items a test-wise trainee answers as well as the attuned one", None,
        f"<p>Strategies that choose by surface alone (always the longest, shortest, softest or first option), "
        f"run over the {checked}. An item listed here can be passed without the skill it teaches.</p>"
        + (testwise.to_html(index=False) if len(testwise) else "<p>None.</p>")))
    return sections
