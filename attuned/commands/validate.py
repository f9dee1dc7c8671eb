"""``attuned validate``: check content files (one, several, or the whole course) for authors.

Given no paths, it checks the whole course: every file, the cross-references between them, the
shared notebook text and the instructor's answer keys. Given paths, it checks those files by
their kind (vignette, exercises, module, rubric, keys), so an author can check one file at a time.
"""

from __future__ import annotations

from pathlib import Path

from attuned.model.fields import read_yaml
from attuned.model.problems import ContentError, Problem


def _schema_kind(path: Path) -> str:
    """What a content file says it is by its ``schema`` line (``attuned.vignette/1`` -> ``vignette``)."""
    data, problems = read_yaml(path, str(path))
    if problems or not isinstance(data, dict):
        return "unknown"
    schema = str(data.get("schema", ""))
    return schema.split("/")[0].removeprefix("attuned.") if schema.startswith("attuned.") else "unknown"


def _check_file(path: Path, display: str) -> list[Problem]:
    from attuned.model.exercise_loader import check_exercises, check_response_rubric, check_rubric
    from attuned.model.vignette_loader import check_vignette

    data, problems = read_yaml(path, display)
    if problems:
        return problems
    kind = _schema_kind(path)
    module = path.parent.parent.name if path.parent.name == "vignettes" else path.parent.name
    number = int(module[:2]) if module[:2].isdigit() else 0
    if kind == "vignette":
        return check_vignette(path, module=module if number else "", display=display)[1]
    if kind == "exercises":
        return check_exercises(path, display, number or 1)[1]
    if kind == "rubric":
        return check_rubric(path, display)[1]
    if kind == "response-rubric":
        return check_response_rubric(path, display)[1]
    if kind == "privacy-names":
        from attuned.notebook.privacy import check_names_file

        return check_names_file(path, display)
    if kind in ("module", "keys", "course"):
        return _check_in_context(kind, path, display, module, number)
    known = ("attuned.vignette/1, attuned.exercises/1, attuned.module/1, attuned.rubric/1, attuned.response-rubric/1, "
             "attuned.keys/1, "
             "attuned.course/1, attuned.privacy-names/1")
    if data is None:
        return [Problem(display, "", "the file is empty; a content file is a mapping that starts with a schema "
                                     "line, e.g. 'schema: attuned.vignette/1'")]
    if not isinstance(data, dict):
        kind_found = "a list" if isinstance(data, list) else "text" if isinstance(data, str) else type(data).__name__
        return [Problem(display, "", f"expected a mapping of fields (schema, id, title, ...), found {kind_found}")]
    if "schema" not in data:
        return [Problem(display, "schema", f"is required (one of: {known})")]
    return [Problem(display, "schema", f"unknown content schema {data['schema']!r} (known: {known})")]


def _check_in_context(kind: str, path: Path, display: str, folder: str, number: int) -> list[Problem]:
    """Files whose meaning depends on the rest of the course: checked against the installed course."""
    from attuned.model.course import CONTENT_ROOT, check_module, get_course
    from attuned.model.exercise_loader import check_response_rubric, check_rubric
    from attuned.pipeline.notebook_builder import check_keys_file, load_shared_text

    course = get_course()
    if kind == "course":
        try:
            load_shared_text(path)
        except ContentError as exc:
            return [Problem(display, p.field, p.reason) for p in exc.problems]
        return []
    if kind == "keys":
        return check_keys_file(path, display, course, {})
    if not number:
        return [Problem(display, "", "a module.yaml lives in a folder named NN-slug, e.g. 02-experience-over-explanation")]
    rubric, _ = check_rubric(CONTENT_ROOT / "rubric.yaml", "rubric.yaml")
    response_rubric, _ = check_response_rubric(CONTENT_ROOT / "response_rubric.yaml", "response_rubric.yaml")
    module, problems = check_module(path, display, folder, number, rubric, response_rubric)
    if module is None:
        return problems
    tables = {"vignette": course.vignettes, "check": course.checks, "checkin": course.checkins,
              "reflection": course.reflections}
    for i, block in enumerate(module.blocks):
        if block.kind in tables and block.value not in tables[block.kind]:
            problems.append(Problem(display, f"blocks[{i}].{block.kind}",
                                    f"no {block.kind} called '{block.value}' in the course"))
    return problems


def validate_paths(paths: list[Path] | None, repo: Path) -> tuple[list[Problem], int]:
    """Return (problems, number of files checked)."""
    if not paths:
        return validate_course(repo)
    problems: list[Problem] = []
    checked = 0
    for path in paths:
        if not path.exists():
            problems.append(Problem(str(path), "", "no such file or folder"))
            continue
        files = sorted(path.rglob("*.yaml")) + sorted(path.rglob("*.yml")) if path.is_dir() else [path]
        for file in files:
            checked += 1
            problems += _check_file(file, str(file))
    return problems, checked


def validate_course(repo: Path) -> tuple[list[Problem], int]:
    from attuned.model.course import CONTENT_ROOT, check_course
    from attuned.notebook.privacy import NAMES_FILE, check_names_file
    from attuned.pipeline.notebook_builder import load_keys, load_shared_text

    course, problems = check_course()
    checked = len(list(CONTENT_ROOT.rglob("*.yaml")))
    problems += check_names_file(NAMES_FILE, str(NAMES_FILE.relative_to(CONTENT_ROOT.parent.parent)))
    try:
        load_shared_text()
    except ContentError as exc:
        problems += exc.problems
    keys_dir = repo / "instructor" / "keys"
    if keys_dir.is_dir():
        checked += len(list(keys_dir.glob("*.yaml")))
        if not problems:
            try:
                load_keys(keys_dir, course)
            except ContentError as exc:
                problems += exc.problems
    return problems, checked
