"""Cohort analytics for instructors: nbgrader's gradebook + the collected response logs → pandas.

Three questions an instructor asks of a cohort, each one DataFrame:
- ``scores_frame``: who earned what, per trainee, module and item (nbgrader's gradebook);
- ``qualities_frame``: on which of the five qualities each trainee's graded vignette steps were
  strong or weak, per module;
- ``first_response_frame``: how often first responses were fix / interpret / reassure versus
  attuned, across modules (the urge-to-fix pattern Module 04 teaches).
``write_report`` turns them into CSV files, PNG charts (labelled and hatched, never colour alone)
and one HTML page. pandas and matplotlib are imported here only, never by ``import attuned``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from attuned.model.vignette import VignetteEngine
from attuned.model.vocab import QUALITIES
from attuned.notebook.responses import LogContents, ResponseLog
from attuned.pipeline.cell_ids import graded_kind
from attuned.reports.pages import render
from attuned.reports.tables import table_html

if TYPE_CHECKING:
    from markupsafe import Markup

HATCHES = ["//", "..", "xx", "\\\\", "oo", "--", "++"]


def scores_frame(course_dir: Path):
    """One row per trainee × module × graded cell: score (NaN while awaiting manual grading).

    Rows in the Gradebook API's order: assignments, notebooks, cells, then trainees by last and
    first name; a trainee without a submission has no rows. Read by the one gradebook reader
    (:func:`attuned.pipeline.gradebook.read_gradebook`: plain SQL, no nbgrader import, writes nothing).
    """
    import pandas as pd

    from attuned.pipeline.gradebook import read_gradebook

    columns = ["trainee", "module", "item", "kind", "score", "max_score"]
    gradebook = read_gradebook(course_dir, submissions=False)
    if gradebook is None:
        return pd.DataFrame([], columns=columns)
    from attuned.model.course import get_course

    course = get_course()  # what each cell is for: its grade id looked up in the course (attuned.pipeline.cell_ids)
    cells = {cell_id: (c.rank, c.module, c.name, graded_kind(course, c.module, c.name), c.max_score)
             for cell_id, c in gradebook.cells.items()}
    order = {sid: rank for rank, (sid, _first, _last) in enumerate(gradebook.students)}
    graded = [(cells[cell_id], order[student], student, score) for cell_id, student, score in gradebook.grades
              if cell_id in cells and student in order]
    if not graded:
        return pd.DataFrame([], columns=columns)
    graded.sort(key=lambda row: (row[0][0], row[1]))  # cell rank, then trainee rank: unique per row
    cell, _rank, trainee, score = zip(*graded, strict=True)
    _rank, module, item, kind, max_score = zip(*cell, strict=True)
    # Lists, so pandas infers each column's dtype as it did from one dict per row (None → NaN).
    return pd.DataFrame({"trainee": list(trainee), "module": list(module), "item": list(item), "kind": list(kind),
                         "score": list(score), "max_score": list(max_score)}, columns=columns)


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

    ``logs`` (from :func:`read_collected_logs`) saves reading them again. Each distinct graded
    run is replayed once: a cohort walks the same few paths (1,000 trainees: 14,000 runs, ~300
    paths), and a replay depends only on the vignette and the logged steps. The long table
    (~150,000 rows for 1,000 trainees) is built column by column, not as one dict per row."""
    import pandas as pd

    from attuned.model.course import get_course

    course = get_course()
    columns = ["trainee", "module", "item", "quality", "rating"]
    table: dict[str, list] = {column: [] for column in columns}
    replayed: dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple]] = {}
    logs = read_collected_logs(course_dir) if logs is None else logs
    for (trainee, module), contents in logs.items():
        for item in {e.item for e in contents.events}:
            if item not in course.vignettes:
                continue
            key = (item, tuple((e.scene, str(e.value)) for e in contents.graded_run(item)))
            if key not in replayed:
                engine, _notes = VignetteEngine.from_log(course.vignette(item), list(key[1]))
                replayed[key] = [tuple(step.option.ratings[q] for q in QUALITIES) for step in engine.steps]
            for ratings in replayed[key]:
                table["trainee"] += [trainee] * len(QUALITIES)
                table["module"] += [module] * len(QUALITIES)
                table["item"] += [item] * len(QUALITIES)
                table["quality"] += QUALITIES
                table["rating"] += ratings
    if not table["rating"]:
        return pd.DataFrame([], columns=columns).groupby(["trainee", "module", "quality"]).rating.mean().reset_index()
    df = pd.DataFrame(table, columns=columns)
    return df.groupby(["trainee", "module", "quality"], as_index=False).rating.mean()


def first_response_frame(course_dir: Path, logs: dict[tuple[str, str], LogContents] | None = None):
    """Every run's first response, per trainee (graded and practice), with its stance family.

    Rows in log order (trainee, then module), each log's rows by module and time, as
    :func:`attuned.notebook.first_responses.first_responses` sorts one log; built as one DataFrame, not one per
    log (7,000 small frames took most of a 1,000-trainee report). ``logs`` as for qualities (the
    logs are found once: ``collected_logs`` globs and sorts 7,000 paths for 1,000 trainees).
    """
    import pandas as pd

    from attuned.notebook.first_responses import COLUMNS, first_response_rows

    logs = read_collected_logs(course_dir) if logs is None else logs
    if not logs:
        out = pd.DataFrame(columns=["trainee", "module", "family"])
        out.attrs["problems"] = []
        return out
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    for (trainee, _module), contents in logs.items():
        found, _skipped, notes = first_response_rows(contents.path, contents)
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
    """One hatched, labelled bar series per column (never colour alone), values printed on the bars.

    A bare ``Figure``, not pyplot, and no ``matplotlib.use``: ``savefig`` draws it with Agg while the
    backend of whoever called (the cohort dashboard's, a notebook's inline one) is left as it was."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.8))
    ax = fig.subplots()
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


@dataclass
class Section:
    """One section of the report page; its words are in the template, chosen by ``key``.

    ``table`` is the section's table (None: the template says there is nothing to list); ``image``
    a chart beside it, ``alt`` the chart's text (default: the title, pointing to the table);
    ``checked`` what the test-wise strategies ran over."""

    key: str
    title: str
    table: Markup | None = None
    image: str | None = None
    alt: str | None = None
    checked: str = ""


class ReportError(Exception):
    """Nothing to report (no gradebook, nothing graded yet); the message is one sentence."""


def _check_gradebook(course_dir: Path, scores) -> None:
    """Refuse to write a report that would read as "all graded" when nothing is."""
    from attuned.pipeline.gradebook import shown_url
    from attuned.pipeline.settings import course_settings

    settings = course_settings(course_dir)
    sqlite_file = settings.sqlite_file
    if sqlite_file is not None and not sqlite_file.is_file():
        raise ReportError(f"no gradebook at {sqlite_file}: run nbgrader (generate_assignment, collect) and "
                          "`attuned autograde MODULE` in that course folder first, or name the gradebook in its "
                          "nbgrader_config.py (c.CourseDirectory.db_url)")
    if scores.empty or not scores.score.notna().any():
        where = sqlite_file or f"the gradebook {shown_url(settings.db_url)} ({settings.db_url_from})"
        raise ReportError(f"no submission in {where} has been graded yet: collect, then `attuned autograde MODULE`")


def _without_failed(scores, failures: dict[str, dict[str, str]]):
    """The scores less the rows of submissions autograde could not grade: nbgrader left them
    unscored, and counted as 0 or as "awaiting grading" they would say something untrue."""
    failed = {(trainee, module) for module, trainees in failures.items() for trainee in trainees}
    if not failed or scores.empty:
        return scores
    keep = [(t, m) not in failed for t, m in zip(scores.trainee, scores.module, strict=True)]
    return scores[keep]


def write_report(course_dir: Path, out: Path, keys: dict[str, list[str]] | None = None) -> Path:
    """Write CSVs, PNG charts and ``report.html`` into ``out``; return the HTML path.

    ``keys`` (the instructor's knowledge-check keys) lets the test-wise list cover checks too.
    Raises :class:`ReportError`, before writing anything, when there is no gradebook or nothing in
    it has been graded. Submissions ``attuned autograde`` could not grade are listed as such and
    left out of every score.
    """
    from attuned.pipeline.autograde_record import NOT_GRADED, read_failures

    scores = scores_frame(course_dir)
    _check_gradebook(course_dir, scores)
    failures = read_failures(course_dir)
    scores = _without_failed(scores, failures)
    out.mkdir(parents=True, exist_ok=True)
    logs = read_collected_logs(course_dir)
    qualities = qualities_frame(course_dir, logs)
    firsts = first_response_frame(course_dir, logs)
    scores.to_csv(out / "scores.csv", index=False)
    qualities.to_csv(out / "qualities.csv", index=False)
    firsts.drop(columns=[c for c in ("at",) if c in firsts.columns]).to_csv(out / "first_responses.csv", index=False)

    sections: list[Section] = []
    if failures:
        import pandas as pd

        failed = pd.DataFrame([(t, m, reason) for m, ts in sorted(failures.items()) for t, reason in sorted(ts.items())],
                              columns=["trainee", "module", "reason"])
        sections.append(Section("failed", f"Submissions {NOT_GRADED}", table_html(
            failed, "Submissions autograde could not grade, and why", index=False)))
    auto = scores[~scores.kind.isin(["reflection", "own_words"])]
    if not auto.empty:
        per = auto.groupby(["trainee", "module"]).agg(score=("score", "sum"), max_score=("max_score", "sum"))
        per["percent"] = (100 * per.score / per.max_score).round(1)
        table = per.percent.unstack("trainee")
        table.index = [m[:2] for m in table.index]
        _bar_chart(*_per_trainee_or_quartiles(table, "Autograded exercises: percent of points, per module"),
                   "% of points", out / "autograded.png", (0, 105))
        sections.append(Section("autograded", "Autograded exercises (formative)", table_html(
            per.reset_index(), "Autograded points per trainee and module: score, maximum and percent", index=False),
            "autograded.png"))
    pending = scores[scores.kind.isin(["reflection", "own_words"]) & scores.score.isna()]
    sections.append(Section("pending", "Written work awaiting manual grading (reflections, own words)", table_html(
        pending[["trainee", "module", "item", "max_score"]], "Reflection and own-words cells not graded yet",
        index=False) if len(pending) else None))
    if not qualities.empty:
        q = qualities.groupby(["trainee", "quality"]).rating.mean().unstack("trainee").reindex(list(QUALITIES))
        _bar_chart(*_per_trainee_or_quartiles(q, "Mean supervisor rating on the five qualities (graded vignette steps)"),
                   "0–2", out / "qualities.png", (0, 2.2))
        sections.append(Section("qualities", "The five qualities", table_html(
            q.round(2), "Mean supervisor rating (0–2) per quality (rows) and trainee (columns)"), "qualities.png"))
    graded = firsts[firsts.get("graded", False) == True] if not firsts.empty else firsts  # noqa: E712
    if not graded.empty:
        fam = graded.groupby(["trainee", "family"]).size().unstack("family", fill_value=0)
        share = (100 * fam.div(fam.sum(axis=1), axis=0)).round(0)
        title = "First responses in graded runs, by stance family (% of vignettes)"
        if len(share.index) > MAX_TRAINEE_SERIES:
            _bar_chart(*_per_trainee_or_quartiles(share.T.fillna(0), title), "%", out / "first_responses.png", (0, 105))
        else:
            _bar_chart(share, title, "%", out / "first_responses.png", (0, 105))
        sections.append(Section("first_responses", "First responses: fix, interpret, reassure or attuned?", table_html(
            fam, "First responses in graded runs: count per trainee (rows) and stance family (columns)"),
            "first_responses.png"))
    sections += _item_analysis_sections(scores, out, keys)
    page = out / "report.html"
    page.write_text(render("cohort_report.html.j2", sections=sections, notes=firsts.attrs.get("problems", [])),
                    encoding="utf-8")
    return page


def _item_analysis_sections(scores, out: Path, keys: dict[str, list[str]] | None) -> list[Section]:
    """Item statistics (difficulty, discrimination) with a chart, and the test-wise list."""
    from attuned.model.course import get_course
    from attuned.reports.item_analysis import item_chart, item_statistics, testwise_items

    stats = item_statistics(scores)
    stats.to_csv(out / "item_analysis.csv", index=False)
    sections: list[Section] = []
    if not stats.empty:
        alt = item_chart(stats, out / "item_analysis.png")
        shown = stats.assign(difficulty=stats.difficulty.round(2), discrimination=stats.discrimination.round(2))
        sections.append(Section("item_analysis", "Item analysis: difficulty and discrimination", table_html(
            shown, "Difficulty and discrimination per item (— where it cannot be computed)", index=False, na_rep="—"),
            "item_analysis.png", alt))
    testwise = testwise_items(get_course(), keys)
    testwise.to_csv(out / "testwise_items.csv", index=False)
    checked = "vignettes and knowledge checks" if keys else "vignettes (knowledge checks need the instructor's keys)"
    sections.append(Section("testwise", "Items a test-wise trainee answers as well as the attuned one", table_html(
        testwise, "Items and the surface strategies that pass them", index=False) if len(testwise) else None,
        checked=checked))
    return sections
