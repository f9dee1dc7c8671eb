"""``attuned portfolio``: one self-contained HTML page per trainee, for supervision sessions.

A supervisor preparing to meet a trainee wants everything the trainee produced across the course
in one place, in words: every reflection (as collected and autograded by nbgrader), the trainee's
own first words to each client, the committed path through each vignette with the supervisor
ratings and comments, and the grader's scores and comments. Sources, all instructor-side:
- nbgrader's gradebook (scores, manual comments) through its ``Gradebook`` API;
- ``autograded/<trainee>/<module>/*.ipynb`` for the reflections' text;
- the response log nbgrader collected (``submitted/<trainee>/<module>/responses.jsonl``) for own
  words and paths, replayed with the same engine the grade cells use.
The page has no scripts, no external files and no colour-only meaning; it is meant to be printed
or opened offline. It holds personal reflective writing: keep it where the trainee's grades are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from attuned.model.vignette import VignetteEngine
from attuned.notebook.responses import ResponseLog


class PortfolioError(Exception):
    """A one-line reason the portfolio cannot be written (unknown trainee, no gradebook...)."""


@dataclass
class ModuleRecord:
    module: str
    title: str
    scores: list[tuple[str, float | None, float, str]] = field(default_factory=list)  # item, score, max, comment
    reflections: list[tuple[str, str]] = field(default_factory=list)  # title, text ('' when not answered)
    vignettes: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_graded: bool = False  # autograde failed for this submission (attuned.pipeline.autograde_record)

    def shown_scores(self) -> list[tuple[str, str, str]]:
        """(item, score in words, grader's comment) for each score, as the portfolio's table shows it."""
        rows = []
        for item, score, maximum, comment in self.scores:
            if self.not_graded:
                shown = "not graded (autograde failed)"
            else:
                shown = "awaiting grading" if score is None else f"{score:g} of {maximum:g}"
            rows.append((item, shown, comment))
        return rows


def trainees(course_dir: Path) -> list[str]:
    """Every trainee id in the course's gradebook (raises PortfolioError if there is none)."""
    return sorted(sid for sid, _first, _last in _gradebook(course_dir).students)


def _gradebook(course_dir: Path, student: str | None = None):
    """The course's gradebook through the one reader (PortfolioError while there is none)."""
    from attuned.pipeline.gradebook import read_gradebook
    from attuned.pipeline.settings import course_settings

    settings = course_settings(course_dir)
    if settings.sqlite_file is not None and not settings.sqlite_file.exists():
        raise PortfolioError(f"no gradebook at {settings.sqlite_file}: run nbgrader in {course_dir} first")
    found = read_gradebook(settings.db_url, student=student, comments=student is not None)
    if found is None:
        raise PortfolioError("the gradebook has no trainees yet: add them (nbgrader db student add) and "
                             "collect some work first")
    return found


def _reflection_texts(notebook: Path) -> dict[str, str]:
    """grade id → text of each manually graded answer cell in an autograded notebook ('' when the
    cell holds only nbgrader's "YOUR ANSWER HERE" stub or nothing: not answered)."""
    from attuned.pipeline.answer_repair import answer_text

    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    out = {}
    for cell in nb.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if meta.get("solution") and meta.get("grade") and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            out[str(meta.get("grade_id"))] = answer_text("".join(source) if isinstance(source, list) else str(source))
    return out


def _reflection_title(course, module: str, grade_id: str) -> str:
    """The title of the reflection whose answer cell is ``grade_id`` (looked up in the course's
    cells, :mod:`attuned.pipeline.cell_ids`), or the grade id for a cell the course does not list."""
    from attuned.pipeline.cell_ids import graded_cell

    cell = graded_cell(course, module, grade_id)
    return course.reflections[cell.item].title if cell is not None and cell.role == "answer" else grade_id


def collect(course_dir: Path, student: str) -> list[ModuleRecord]:
    """Everything the portfolio shows for one trainee, module by module (gradebook order)."""
    from attuned.model.course import get_course
    from attuned.pipeline.autograde_record import NOT_GRADED, read_failures

    gradebook = _gradebook(course_dir, student)
    if not gradebook.students:
        known = trainees(course_dir)
        if not known:
            raise PortfolioError("the gradebook has no trainees yet: add them (nbgrader db student add) and "
                                 "collect some work first")
        shown = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
        raise PortfolioError(f"no trainee '{student}' in the gradebook (known: {shown})")
    course = get_course()
    failures = read_failures(course_dir)
    records = []
    grades = {cell_id: score for cell_id, sid, score in gradebook.grades if sid == student}
    for name in sorted(gradebook.modules):
        module = course.modules.get(name)
        record = ModuleRecord(name, module.title if module else name)
        if (student, name) not in gradebook.submissions:
            record.notes.append("No submission collected for this module.")
            records.append(record)
            continue
        failed = failures.get(name, {}).get(student)
        record.not_graded = failed is not None
        if failed is not None:
            record.notes.append(f"This module is {NOT_GRADED}: {failed}. Its scores are not 0; they await autograde.")
        notebooks: dict[str, list] = {}
        for cell_id, cell in gradebook.cells.items():
            if cell.module == name:
                notebooks.setdefault(cell.notebook, []).append((cell_id, cell))
        for notebook in sorted(notebooks):
            for cell_id, cell in notebooks[notebook]:
                # A missing grade, like one nobody has scored, awaits grading; a grader's comment is
                # shown whatever the grade (nbgrader stores none for an autograded cell).
                score = None if failed is not None else grades.get(cell_id)
                text = gradebook.comments.get((student, name, notebook, cell.name), "")
                record.scores.append((cell.name, score, cell.max_score, text))
            graded = course_dir / "autograded" / student / name / f"{notebook}.ipynb"
            for gid, text in _reflection_texts(graded).items():
                record.reflections.append((_reflection_title(course, name, gid), text))
        log = course_dir / "submitted" / student / name / "responses.jsonl"
        record.vignettes, notes = _vignettes(course, module, log)
        record.notes += notes
        records.append(record)
    return records


def _vignettes(course, module, log_path: Path) -> tuple[list[dict], list[str]]:
    if module is None:
        return [], []
    if not log_path.is_file():
        return [], ["No response log was collected, so no vignette answers can be shown."]
    contents = ResponseLog(log_path).read()
    if not contents.events and not contents.problems:  # e.g. only the option-order seed: opened, never answered
        return [], ["The response log holds no answers, so no vignette answers can be shown."]
    out = []
    for vid in module.items("vignette"):
        vignette = course.vignette(vid)
        words = contents.own_words(vid)
        steps = contents.graded_run(vid)
        engine, _notes = VignetteEngine.from_log(vignette, [(e.scene, str(e.value)) for e in steps])
        out.append({
            "title": vignette.title, "client": vignette.client.name, "own_words": words.value if words else None,
            "steps": [(s.scene.client_says, s.option.stance, s.option.text, s.option.reaction,
                       s.option.ratings_in_words(), s.option.comment) for s in engine.steps],
            "finished": engine.finished, "score": engine.score_fraction(),
        })
    notes = [f"Some log lines could not be read: {p}" for p in contents.problems]
    return out, notes


def render(student: str, records: list[ModuleRecord]) -> str:
    """The portfolio page (template ``portfolio.html.j2``; every text escaped)."""
    from attuned.reports.pages import render as render_page

    return render_page("portfolio.html.j2", student=student, records=records)


def write_portfolio(course_dir: Path, student: str, out: Path) -> Path:
    """Write ``out/portfolio-<trainee>.html``; return its path."""
    records = collect(course_dir, student)
    out.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in student)
    path = out / f"portfolio-{safe}.html"
    path.write_text(render(student, records), encoding="utf-8")
    return path
