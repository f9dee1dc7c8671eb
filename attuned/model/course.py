"""The whole course as one validated object: modules, their blocks, and every item by id.

Content lives in ``attuned/content/NN-slug/`` (``module.yaml``, ``exercises.yaml``,
``vignettes/*.yaml``) plus the shared ``rubric.yaml``. Loading checks each file and then the
cross-references: a block naming an unknown item, an id used twice across the course, an item
defined but never used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from attuned.model.exercise import CheckIn, KnowledgeCheck, ReflectionPrompt, ResponseRubric, Rubric
from attuned.model.exercise_loader import check_exercises, check_response_rubric, check_rubric
from attuned.model.fields import join, read_document
from attuned.model.problems import ContentError, Problem
from attuned.model.vignette import VignetteScript
from attuned.model.vignette_loader import check_vignette

CONTENT_ROOT = Path(__file__).resolve().parents[1] / "content"
MODULE_SCHEMA = "attuned.module/1"
FOLDER = re.compile(r"^(\d\d)-([a-z][a-z0-9-]*)$")
TEACHING_MODELS = {"insight-vs-experience", "co-regulation", "first-response-pattern"}
DEFAULT_POINTS = {"vignette": 4, "check": 1, "checkin": 1}
BLOCK_KINDS = {"reading", "content_note", "checkin", "vignette", "check", "reflection", "teaching_model"}


@dataclass(frozen=True)
class Block:
    kind: str
    value: str  # markdown for reading/content_note, an item id, or a teaching model's name
    points: int = 0


@dataclass(frozen=True)
class Module:
    folder: str  # e.g. "02-experience-over-explanation"
    number: int
    title: str
    principle: str
    objectives: tuple[str, ...]
    minutes: int
    blocks: tuple[Block, ...]
    references: tuple[str, ...]
    #: Manually graded points for the trainee's own first words, per vignette (the response rubric).
    own_words_points: int = 0

    @property
    def total_points(self) -> int:
        return sum(b.points for b in self.blocks) + self.own_words_points * len(self.items("vignette"))

    @property
    def manual_points(self) -> int:
        """Points an instructor grades: reflections and the own-words cells."""
        reflections = sum(b.points for b in self.blocks if b.kind == "reflection")
        return reflections + self.own_words_points * len(self.items("vignette"))

    def items(self, kind: str) -> list[str]:
        return [b.value for b in self.blocks if b.kind == kind]


@dataclass
class Course:
    modules: dict[str, Module] = field(default_factory=dict)
    vignettes: dict[str, VignetteScript] = field(default_factory=dict)
    checks: dict[str, KnowledgeCheck] = field(default_factory=dict)
    checkins: dict[str, CheckIn] = field(default_factory=dict)
    reflections: dict[str, ReflectionPrompt] = field(default_factory=dict)
    rubric: Rubric | None = None
    response_rubric: ResponseRubric | None = None
    problems: list[Problem] = field(default_factory=list)

    def vignette(self, item_id: str) -> VignetteScript:
        return _lookup(self.vignettes, item_id, "vignette", self.problems)

    def check(self, item_id: str) -> KnowledgeCheck:
        return _lookup(self.checks, item_id, "knowledge check", self.problems)

    def checkin(self, item_id: str) -> CheckIn:
        return _lookup(self.checkins, item_id, "check-in", self.problems)

    def reflection(self, item_id: str) -> ReflectionPrompt:
        return _lookup(self.reflections, item_id, "reflection prompt", self.problems)


class UnknownItem(KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def _lookup(table: dict, item_id: str, what: str, problems: list[Problem]):
    try:
        return table[item_id]
    except KeyError:
        pass
    # The item may exist but have failed validation: quote the author-facing reason if we can.
    name = item_id.split(".", 1)[-1]
    related = [p for p in problems if name in p.file or p.field == item_id or item_id in p.reason]
    if related:
        raise UnknownItem(f"{what} '{item_id}' cannot be shown: {related[0]}") from None
    raise UnknownItem(f"there is no {what} called '{item_id}' in the course content") from None


def check_course(root: Path = CONTENT_ROOT, only: str | None = None) -> tuple[Course, list[Problem]]:
    """Load everything under ``root``; return the course and every problem found.

    With ``only`` (a module folder's name), load the rubrics and that one module, and check it
    as the whole course is checked (what :func:`course_for` gives grade cells).
    """
    course = Course()
    problems: list[Problem] = []

    def show(path: Path) -> str:
        try:
            return str(path.relative_to(root.parent.parent))
        except ValueError:
            return str(path)

    rubric_path = root / "rubric.yaml"
    course.rubric, found = check_rubric(rubric_path, show(rubric_path))
    problems += found
    response_rubric_path = root / "response_rubric.yaml"
    course.response_rubric, found = check_response_rubric(response_rubric_path, show(response_rubric_path))
    problems += found
    if not root.is_dir():
        return course, [Problem(str(root), "", "content folder not found")]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if only is not None and folder.name != only:
            continue
        match = FOLDER.match(folder.name)
        if not match:
            problems.append(Problem(show(folder), "", "module folders are named NN-slug, e.g. 02-experience-over-explanation"))
            continue
        number = int(match.group(1))
        exercises, found = check_exercises(folder / "exercises.yaml", show(folder / "exercises.yaml"), number)
        problems += found
        for table, new in (
            (course.checks, exercises.checks),
            (course.checkins, exercises.checkins),
            (course.reflections, exercises.reflections),
        ):
            table.update(new)
        for vpath in sorted((folder / "vignettes").glob("*.yaml")):
            vignette, found = check_vignette(vpath, module=folder.name, display=show(vpath))
            problems += found
            if vignette is None:
                continue
            if vignette.id in course.vignettes:
                other = course.vignettes[vignette.id].source_file
                problems.append(Problem(show(vpath), "id", f"'{vignette.id}' is already used by {other}"))
                continue
            course.vignettes[vignette.id] = vignette
        module, found = check_module(folder / "module.yaml", show(folder / "module.yaml"), folder.name, number,
                                      course.rubric, course.response_rubric)
        problems += found
        if module is not None:
            course.modules[folder.name] = module
    problems += _cross_check(course, lambda m: show(root / m / "module.yaml"))
    course.problems = problems
    return course, problems


def check_module(
    path: Path, display: str, folder: str, number: int, rubric: Rubric | None,
    response_rubric: ResponseRubric | None = None,
) -> tuple[Module | None, list[Problem]]:
    c, top = read_document(path, display, MODULE_SCHEMA,
                           {"schema", "title", "principle", "objectives", "minutes", "blocks", "references"})
    if top is None:
        return None, c.problems
    blocks: list[Block] = []
    for path_i, d in c.entries(top, "blocks", "", "needs a list of blocks (reading, vignette, check, ...)"):
        kinds = [k for k in d if k in BLOCK_KINDS]
        c.only_keys(d, path_i, BLOCK_KINDS | {"points"})
        if len(kinds) != 1:
            c.add(path_i, f"each block has exactly one of: {', '.join(sorted(BLOCK_KINDS))}")
            continue
        kind = kinds[0]
        value = c.text(d, kind, path_i, max_len=20000)
        points = 0
        if kind in DEFAULT_POINTS:
            points = c.integer(d, "points", path_i, 1, 50, required=False) if "points" in d else DEFAULT_POINTS[kind]
        elif kind == "reflection":
            points = rubric.points if rubric else 0
            if "points" in d:
                c.add(join(path_i, "points"), "reflection points come from rubric.yaml")
        elif "points" in d:
            c.add(join(path_i, "points"), f"a {kind} block carries no points")
        if kind == "teaching_model" and value not in TEACHING_MODELS:
            c.add(join(path_i, kind), f"'{value}' is not one of: {', '.join(sorted(TEACHING_MODELS))}")
        blocks.append(Block(kind, value, points))
    module = Module(
        folder=folder,
        number=number,
        title=c.text(top, "title", "", max_len=120),
        principle=c.text(top, "principle", "", max_len=600),
        objectives=c.text_list(top, "objectives", "", required=True),
        minutes=c.integer(top, "minutes", "", 10, 600),
        blocks=tuple(blocks),
        references=c.text_list(top, "references", "", required=True),
        own_words_points=response_rubric.points if response_rubric else 0,
    )
    return (None, c.problems) if c.problems else (module, [])


def _cross_check(course: Course, show) -> list[Problem]:
    problems: list[Problem] = []
    tables = {
        "vignette": course.vignettes,
        "check": course.checks,
        "checkin": course.checkins,
        "reflection": course.reflections,
    }
    used: dict[str, str] = {}
    for module in course.modules.values():
        display = show(module.folder)
        for i, block in enumerate(module.blocks):
            if block.kind not in tables:
                continue
            where = f"blocks[{i}].{block.kind}"
            if block.value not in tables[block.kind]:
                problems.append(Problem(display, where, f"no {block.kind} called '{block.value}' in this course"))
            elif not block.value.startswith(f"m{module.number}."):
                problems.append(Problem(display, where, f"'{block.value}' belongs to another module"))
            if block.value in used:
                problems.append(Problem(display, where, f"'{block.value}' is already used in {used[block.value]}"))
            used[block.value] = module.folder
        tiers = [course.vignettes[v].difficulty for v in module.items("vignette") if v in course.vignettes]
        # Judged only when every vignette loaded: a broken file's own problem is the one to report.
        if tiers and len(tiers) == len(module.items("vignette")) and max(tiers) < 2:
            problems.append(Problem(display, "blocks", "every module needs at least one vignette of difficulty 2 or 3 "
                                                       f"(found only tier 1: {', '.join(module.items('vignette'))})"))
    all_ids: dict[str, str] = {}
    for kind, table in tables.items():
        for item_id in table:
            if item_id in all_ids:
                problems.append(Problem("attuned/content", item_id, f"id used by both a {all_ids[item_id]} and a {kind}"))
            all_ids[item_id] = kind
            if item_id not in used:
                problems.append(Problem("attuned/content", item_id, f"{kind} is defined but no module.yaml uses it"))
    return problems


def load_course(root: Path = CONTENT_ROOT) -> Course:
    course, problems = check_course(root)
    if problems:
        raise ContentError(problems)
    return course


@lru_cache(maxsize=1)
def get_course() -> Course:
    """The installed course, loaded once per process (widgets and grade cells share it).

    Lenient on purpose: one broken file must not stop a trainee working the other items. What
    loaded is usable; ``course.problems`` says what did not, and widgets quote it. Unchanged files
    come from the parsed copy (:mod:`attuned.model.content_cache`); the checks run on them all the same.
    """
    from attuned.model.content_cache import cached_content

    with cached_content(CONTENT_ROOT):
        course, _ = check_course()
    return course


ITEM_MODULE = re.compile(r"^m(\d{1,2})\.")  # "m1.maribel" belongs to module 01 (the cross-check's rule)


@cache
def module_course(number: int, root: Path = CONTENT_ROOT) -> Course | None:
    """Module ``number``'s content and the rubrics, checked as :func:`get_course` checks the whole
    course; None unless exactly one folder under ``root`` is that module's."""
    from attuned.model.content_cache import cached_content

    if not root.is_dir():
        return None
    folders = [p.name for p in root.iterdir() if p.is_dir() and p.name[:2] == f"{number:02d}" and FOLDER.match(p.name)]
    if len(folders) != 1:
        return None
    with cached_content(root):
        course, _ = check_course(root, only=folders[0])
    return course


def course_for(item_id: str) -> Course:
    """The content a grade cell needs for ``item_id``: only its own module's, loaded once.

    Every autograded submission starts a new kernel, and checking all seven modules there cost
    ~8 ms of its first grade cell; one module is ~1.5 ms. Where the whole course is already
    loaded (a trainee's session, whose widgets use it), or the id names no single module folder,
    this is :func:`get_course`: the same items either way, and the same reasons when one is broken.
    """
    match = ITEM_MODULE.match(item_id)
    if get_course.cache_info().currsize or match is None:
        return get_course()
    return module_course(int(match.group(1))) or get_course()
