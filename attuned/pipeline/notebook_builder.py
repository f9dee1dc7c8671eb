"""Build each module's nbgrader *source* notebook from its content files and the answer keys.

Why generate rather than hand-edit notebooks: nbgrader's cell metadata (grade ids, points,
locks, hidden tests) is easy to get subtly wrong by hand, and seven modules must stay alike.
The notebook stays thin — every code cell is one call into the package. ``make source`` writes
``source/NN-slug/NN-slug.ipynb``; a test rebuilds and fails if the committed file differs.

Answer keys (``instructor/keys/NN-slug.yaml``) are checked against the questions here but never
written into a notebook: autograde scores every grade cell in nbgrader's own process from the
trainee's response log and the key files (:mod:`attuned.pipeline.autograde_steps`), so no key is ever in a
file a trainee receives or a kernel runs. Cell ids come from :mod:`attuned.pipeline.cell_ids`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from attuned.model.course import CONTENT_ROOT, Course, Module, load_course
from attuned.model.fields import FieldChecker, read_yaml
from attuned.model.problems import ContentError, Problem
from attuned.model.vocab import own_words_rule
from attuned.notebook.headless import PRIVACY_CALL
from attuned.notebook.lab_settings import answer_how_to_markdown
from attuned.pipeline.cell_ids import draw_id, own_words_id, privacy_id, score_id, setup_id, slug

KEYS_SCHEMA = "attuned.keys/1"
SHARED_TEXT_FIELDS = ("title", "how_to_work", "privacy", "scope", "privacy_check", "record_intro", "before_submit",
                      "vignette_steps", "answer_how_to")


@dataclass(frozen=True)
class SharedText:
    title: str
    how_to_work: str
    privacy: str
    scope: str
    privacy_check: str
    record_intro: str
    before_submit: str
    vignette_steps: str  # above every vignette: own words first; {client} and {own_words_rule} filled in
    answer_how_to: str  # ends every reflection prompt: how to edit the answer cell below it

    def vignette_steps_for(self, client: str) -> str:
        return self.vignette_steps.replace("{client}", client).replace("{own_words_rule}", own_words_rule())


def load_shared_text(path: Path = CONTENT_ROOT / "course.yaml") -> SharedText:
    """The text every module notebook shares, from ``course.yaml``; ContentError (one line per
    problem, naming the file and field) if it is not a mapping of those fields."""
    data, problems = read_yaml(path, str(path.name))
    if problems:
        raise ContentError(problems)
    c = FieldChecker(path.name)
    top = c.mapping(data, "")
    values = {}
    if top is not None:
        c.only_keys(top, "", {"schema", *SHARED_TEXT_FIELDS})
        values = {f: c.text(top, f, "", max_len=5000) for f in SHARED_TEXT_FIELDS}
    if c.problems:
        raise ContentError(c.problems)
    return SharedText(**values)


def check_keys_file(path: Path, display: str, course: Course, keys: dict[str, list[str]]) -> list[Problem]:
    """Check one key file against the course's questions, adding its keys to ``keys``."""
    data, problems = read_yaml(path, display)
    if problems:
        return problems
    c = FieldChecker(display)
    top = c.document(data, KEYS_SCHEMA, {"schema", "keys"})
    if top is None:
        return c.problems
    entries = c.mapping(top.get("keys"), "keys") or {}
    for item, value in entries.items():
        where = f"keys.{item}"
        if item not in course.checks:
            c.add(where, "no knowledge check with this id")
            continue
        check = course.checks[item]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            c.add(where, "expected a list of option ids, e.g. [b]")
            continue
        unknown = [v for v in value if v not in {o.id for o in check.options}]
        if unknown:
            c.add(where, f"options {unknown} do not exist in the question")
        if check.kind == "single" and len(value) != 1:
            c.add(where, "a single-choice question needs exactly one key")
        if item in keys:
            c.add(where, "key given twice")
        keys[item] = list(value)
    return c.problems


def load_keys(keys_dir: Path, course: Course) -> dict[str, list[str]]:
    """Read every key file; check each key against its question. Raise with every problem."""
    keys: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for path in sorted(keys_dir.glob("*.yaml")):
        problems += check_keys_file(path, f"{keys_dir.name}/{path.name}", course, keys)
    for item in course.checks:
        if item not in keys:
            problems.append(Problem(keys_dir.name, item, "knowledge check has no answer key"))
    if problems:
        raise ContentError(problems)
    return keys


# -- cells ---------------------------------------------------------------------------------
def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = True,
          points: int | None = None, task: bool = False) -> dict:
    nb = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
          "solution": solution, "task": task}
    if points is not None:
        nb["points"] = points
    return {"nbgrader": nb}


class _Cells:
    def __init__(self) -> None:
        self.cells: list[dict] = []
        self.ids: set[str] = set()

    def _id(self, grade_id: str) -> str:
        if grade_id in self.ids:
            raise ValueError(f"duplicate grade id {grade_id}")
        self.ids.add(grade_id)
        return grade_id

    def markdown(self, grade_id: str, text: str, **meta) -> None:
        gid = self._id(grade_id)
        self.cells.append({"cell_type": "markdown", "id": gid, "metadata": _meta(gid, **meta),
                           "source": text.strip("\n")})

    def code(self, grade_id: str, code: str, **meta) -> None:
        gid = self._id(grade_id)
        self.cells.append({"cell_type": "code", "execution_count": None, "id": gid,
                           "metadata": _meta(gid, **meta), "outputs": [], "source": code.strip("\n")})


def rubric_markdown(course: Course) -> str:
    rubric = course.rubric
    assert rubric is not None
    rows = ["| Criterion (0–3 points) | 0 | 1 | 2 | 3 |", "|---|---|---|---|---|"]
    for c in rubric.criteria:
        rows.append(f"| **{c.id}** {c.name} | " + " | ".join(c.levels) + " |")
    gate = "\n".join(f"- {g}" for g in rubric.ethics_gate)
    return (f"**Rubric ({rubric.points} points, graded by your instructor).**\n\n" + "\n".join(rows)
            + f"\n\n**Ethics gate (pass/fail):**\n{gate}")


def response_rubric_markdown(course: Course, client: str, points: int) -> str:
    """The task cell an instructor scores in Formgrader: the trainee's own first words to a client.

    A *task* cell, not an answer cell: the words live in the response log (written before the
    options appeared), and the record cell just above prints them. nbgrader gives a task cell a
    manual score box and never auto-scores it, whereas an untouched answer cell would score 0.
    """
    rubric = course.response_rubric
    assert rubric is not None
    rows = ["| Criterion (1 point each) | Earns 1 | Earns 0 |", "|---|---|---|"]
    for c in rubric.criteria:
        rows.append(f"| **{c.id}** {c.name} | {c.earns_1} | {c.earns_0} |")
    return (f"**{rubric.title}: {client}** ({points} points, graded by your instructor). Your words, as you "
            f"saved them before the options appeared, are printed in the record just above.\n\n"
            + "\n".join(rows) + f"\n\n*{rubric.ethics_gate}*")


def build_module_notebook(course: Course, module: Module, keys: dict[str, list[str]], shared: SharedText) -> dict:
    cells = _Cells()
    n = module.number
    graded = [b for b in module.blocks if b.points]
    auto = sum(b.points for b in graded if b.kind != "reflection")
    manual = module.manual_points
    objectives = "\n".join(f"- {o}" for o in module.objectives)
    cells.markdown(f"m{n}-header", f"""
# Module {n}: {module.title}

*{shared.title}* · about {module.minutes} minutes · **{module.total_points} points**
({auto} autograded from your exercises, {manual} from your written words — reflections and your own
first words in each vignette — graded by your instructor)

**The principle.** {module.principle}

**By the end you can:**
{objectives}

{shared.how_to_work}

{shared.privacy}

{shared.scope}
""")
    cells.code(setup_id(n), "from attuned import CheckIn, KnowledgeCheck, TeachingModel, Vignette\n"
                            "from attuned import checkin_result, committed_check, vignette_result")
    record: list[tuple[str, str, int]] = []  # (grade id, code or task markdown, points)
    tasks: set[str] = set()  # the grade ids in record that are task cells (markdown), not code
    counts: dict[str, int] = {}
    calls = {"vignette": "Vignette", "check": "KnowledgeCheck", "checkin": "CheckIn", "teaching_model": "TeachingModel"}
    for block in module.blocks:
        counts[block.kind] = counts.get(block.kind, 0) + 1
        k = counts[block.kind]
        if block.kind == "reading":
            cells.markdown(f"m{n}-reading-{k}", block.value)
        elif block.kind == "content_note":
            cells.markdown(f"m{n}-content-note-{k}", f"> **Content note.** {block.value}")
        elif block.kind in calls:
            if block.kind == "vignette":  # own words come first: said right above the vignette
                cells.markdown(f"{slug(block.value)}-steps",
                               shared.vignette_steps_for(course.vignette(block.value).client.name))
            cells.code(draw_id(block.kind, block.value, n), f'{calls[block.kind]}("{block.value}")')
        if block.kind == "vignette":
            record.append((score_id(block.value), f'vignette_result("{block.value}", points={block.points})', block.points))
            if module.own_words_points:
                client = course.vignette(block.value).client.name
                tasks.add(own_words_id(block.value))
                record.append((own_words_id(block.value), response_rubric_markdown(course, client, module.own_words_points),
                               module.own_words_points))
        elif block.kind == "checkin":
            record.append((score_id(block.value), f'checkin_result("{block.value}", points={block.points})', block.points))
        elif block.kind == "check":
            # No key here: autograde scores this cell from the log and instructor/keys, in its own process.
            record.append((score_id(block.value), f'committed_check("{block.value}")', block.points))
        elif block.kind == "reflection":
            prompt = course.reflection(block.value)
            gid = slug(block.value)
            cells.markdown(f"{gid}-prompt", f"""
### Reflection: {prompt.title} ({block.points} points)

{prompt.prompt}

*If you prefer not to use personal or clinical material:* {prompt.composite_alternative}

{rubric_markdown(course)}

{answer_how_to_markdown(shared.answer_how_to)}
""")
            cells.markdown(f"{gid}-answer", "YOUR ANSWER HERE", grade=True, solution=True, locked=False,
                           points=block.points)
    cells.markdown(f"m{n}-privacy-check-intro", shared.privacy_check)
    cells.code(privacy_id(n), PRIVACY_CALL)
    cells.markdown(f"m{n}-record-intro", shared.record_intro)
    for gid, code, points in record:
        if gid in tasks:
            cells.markdown(gid, code, task=True, points=points)
        else:
            cells.code(gid, code, grade=True, points=points)
            # Trainees read the record, not the call that prints it: the input starts collapsed
            # (JupyterLab's and nbconvert's `jupyter.source_hidden`); a click shows it.
            cells.cells[-1]["metadata"]["jupyter"] = {"source_hidden": True}
    cells.markdown(f"m{n}-before-submit", shared.before_submit)
    return {
        "cells": cells.cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_text(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build_all(repo: Path, out_dir: Path | None = None) -> list[Path]:
    """Write every module's source notebook; return the paths written."""
    course = load_course()
    keys = load_keys(repo / "instructor" / "keys", course)
    shared = load_shared_text()
    out_dir = out_dir or repo / "source"
    written = []
    for module in course.modules.values():
        nb = build_module_notebook(course, module, keys, shared)
        path = out_dir / module.folder / f"{module.folder}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_text(nb), encoding="utf-8")
        written.append(path)
    return written
