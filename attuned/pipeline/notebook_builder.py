"""Build each module's nbgrader *source* notebook from its content files and the answer keys.

Why generate rather than hand-edit notebooks: nbgrader's cell metadata (grade ids, points,
locks, hidden tests) is easy to get subtly wrong by hand, and seven modules must stay alike.
The notebook stays thin — every code cell is one call into the package. ``make source`` writes
``source/NN-slug/NN-slug.ipynb``; a test rebuilds and fails if the committed file differs.

Answer keys (``instructor/keys/NN-slug.yaml``) are checked against the questions here but never
written into a notebook: autograde scores every grade cell in nbgrader's own process from the
trainee's response log and the key files (:mod:`attuned.pipeline.autograde_steps`), so no key is ever in a
file a trainee receives or a kernel runs.

What cells a module has, their grade ids, and the call each exercise kind makes (widget, grade
cell, points) are defined once in :mod:`attuned.pipeline.cell_ids` (``notebook_cells``,
``EXERCISE_CALLS``); each cell is tagged there with what it is (``metadata["attuned"]``). The
longer Markdown is written in ``templates/*.md.j2`` (Jinja2) around the text every notebook shares
(``attuned/content/course.yaml``). Cells are made with ``nbformat.v4`` and the notebook is checked
with ``nbformat.validate`` before it is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from attuned.model.course import CONTENT_ROOT, Course, Module, load_course
from attuned.model.fields import FieldChecker, read_yaml
from attuned.model.problems import ContentError, Problem
from attuned.model.vocab import own_words_rule
from attuned.notebook.headless import PRIVACY_CALL
from attuned.notebook.lab_settings import answer_how_to_markdown
from attuned.pipeline.cell_ids import EXERCISE_CALLS, GRADED_ROLES, TAG, CourseCell, notebook_cells

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
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: What every code cell the builder writes imports: each widget and grade-cell call of the table.
SETUP_CALL = ("from attuned import " + ", ".join(sorted(c.widget for c in EXERCISE_CALLS.values())) + "\n"
              "from attuned import " + ", ".join(sorted(c.result for c in EXERCISE_CALLS.values() if c.result)))
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@cache
def _templates() -> Any:
    """The Markdown templates (``templates/*.md.j2``). Only HTML templates would be autoescaped (we
    have none): these write Markdown from the course's own validated content, whose ``&`` and ``<``
    must reach the notebook as written, and the notebook's renderers do the HTML. A missing
    variable fails the build rather than printing nothing."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=jinja2.select_autoescape(("html", "htm", "xml"), default=False),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


def render(template: str, **values: Any) -> str:
    """``templates/<template>.md.j2`` filled in with ``values``."""
    return _templates().get_template(f"{template}.md.j2").render(**values)


def _source(course: Course, module: Module, cell: CourseCell, shared: SharedText) -> str:
    """The text of ``cell``: a call from :data:`EXERCISE_CALLS`, a template, or course.yaml's text."""
    block = module.blocks[cell.block] if cell.block is not None else None
    calls = EXERCISE_CALLS.get(cell.kind)
    role = cell.role
    if role == "header":
        auto = sum(b.points for b in module.blocks if b.points and b.kind != "reflection")
        return render("header", module=module, shared=shared, auto_points=auto)
    if role == "setup":
        return SETUP_CALL
    if role == "reading" and block is not None:
        return block.value
    if role == "content_note" and block is not None:
        return render("content_note", text=block.value)
    if role == "steps":
        return shared.vignette_steps_for(course.vignette(cell.item).client.name)
    if role == "draw" and calls is not None:
        return f'{calls.widget}("{cell.item}")'
    if role == "prompt" and block is not None:
        return render("reflection_prompt", prompt=course.reflection(cell.item), points=block.points,
                      rubric=course.rubric, answer_how_to=answer_how_to_markdown(shared.answer_how_to))
    if role == "answer":
        return "YOUR ANSWER HERE"
    if role == "score" and calls is not None and calls.result:
        points = f", points={cell.points}" if calls.points_in_call else ""
        return f'{calls.result}("{cell.item}"{points})'
    if role == "own_words":
        return response_rubric_markdown(course, course.vignette(cell.item).client.name, cell.points)
    if role == "privacy":
        return PRIVACY_CALL
    text = {"privacy_intro": shared.privacy_check, "record_intro": shared.record_intro,
            "before_submit": shared.before_submit}.get(role)
    if text is None:
        raise ValueError(f"{module.folder}: no text for cell {cell.grade_id} ({role})")
    return text


def _nbgrader(cell: CourseCell) -> dict[str, Any]:
    """nbgrader's metadata for ``cell`` (schema 3): every cell locked and known by its grade id;
    grade cells and reflection answers carry points, an answer is an unlocked solution cell, an
    own-words cell is a task cell an instructor scores."""
    meta: dict[str, Any] = {"grade": cell.role in ("score", "answer"), "grade_id": cell.grade_id,
                            "locked": cell.role != "answer", "schema_version": 3,
                            "solution": cell.role == "answer", "task": cell.role == "own_words"}
    if cell.role in GRADED_ROLES:
        meta["points"] = cell.points
    return meta


def build_cell(course: Course, module: Module, cell: CourseCell, shared: SharedText) -> Any:
    """One notebook cell (``nbformat.v4``), tagged with what it is (``metadata["attuned"]``)."""
    source = _source(course, module, cell, shared).strip("\n")
    metadata: dict[str, Any] = {"nbgrader": _nbgrader(cell), TAG: cell.tag()}
    if cell.cell_type == "markdown":
        return nbformat.v4.new_markdown_cell(source, id=cell.grade_id, metadata=metadata)
    if cell.role == "score":
        # Trainees read the record, not the call that prints it: the input starts collapsed
        # (JupyterLab's and nbconvert's `jupyter.source_hidden`); a click shows it.
        metadata["jupyter"] = {"source_hidden": True}
    return nbformat.v4.new_code_cell(source, id=cell.grade_id, metadata=metadata)


def rubric_markdown(course: Course) -> str:
    """The reflection rubric as every prompt shows it (also shown in notebooks/instructor-guide.ipynb)."""
    assert course.rubric is not None
    return render("rubric", rubric=course.rubric)


def response_rubric_markdown(course: Course, client: str, points: int) -> str:
    """The task cell an instructor scores in Formgrader: the trainee's own first words to a client.

    A *task* cell, not an answer cell: the words live in the response log (written before the
    options appeared), and the record cell just above prints them. nbgrader gives a task cell a
    manual score box and never auto-scores it, whereas an untouched answer cell would score 0.
    """
    assert course.response_rubric is not None
    return render("own_words_task", rubric=course.response_rubric, client=client, points=points)


def build_module_notebook(course: Course, module: Module, keys: dict[str, list[str]], shared: SharedText) -> Any:
    """The module's source notebook: the cells :func:`attuned.pipeline.cell_ids.notebook_cells` lists,
    each written by :func:`build_cell`; checked against the notebook format before it is returned."""
    cells = notebook_cells(module)
    duplicates = sorted({c.grade_id for c in cells if [d.grade_id for d in cells].count(c.grade_id) > 1})
    if duplicates:
        raise ValueError(f"{module.folder}: duplicate grade ids {duplicates}")
    nb = nbformat.v4.new_notebook(cells=[build_cell(course, module, cell, shared) for cell in cells],
                                  metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nb


def notebook_text(nb: Any) -> str:
    """The file's text: nbformat's JSON layout (one-space indent, sorted keys), sources kept whole."""
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
