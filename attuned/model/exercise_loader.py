"""Validate ``exercises.yaml`` (schema ``attuned.exercises/1``) and the shared ``rubric.yaml``."""

from __future__ import annotations

import re
from pathlib import Path

from attuned.model.exercise import (
    CheckIn,
    CheckOption,
    KnowledgeCheck,
    ReflectionPrompt,
    ResponseCriterion,
    ResponseRubric,
    Rubric,
    RubricCriterion,
)
from attuned.model.fields import FieldChecker, join, read_document
from attuned.model.problems import Problem

SCHEMA = "attuned.exercises/1"
RUBRIC_SCHEMA = "attuned.rubric/1"
RESPONSE_RUBRIC_SCHEMA = "attuned.response-rubric/1"
ITEM_ID = re.compile(r"^m[1-9]\.[a-z][a-z0-9-]*$")
OPTION_ID = re.compile(r"^[a-z]$")


class Exercises:
    """Everything one module's ``exercises.yaml`` defines, by id."""

    def __init__(self) -> None:
        self.checks: dict[str, KnowledgeCheck] = {}
        self.checkins: dict[str, CheckIn] = {}
        self.reflections: dict[str, ReflectionPrompt] = {}


def check_exercises(path: Path, display: str, module_number: int) -> tuple[Exercises, list[Problem]]:
    out = Exercises()
    c, top = read_document(path, display, SCHEMA, {"schema", "checks", "checkins", "reflections"})
    if top is None:
        return out, c.problems
    prefix = f"m{module_number}."

    def items(key: str) -> list[tuple[str, dict]]:
        raw = top.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            c.add(key, "expected a list")
            return []
        found = []
        for i, entry in enumerate(raw):
            path = join(key, i)
            data = c.mapping(entry, path)
            if data is None:
                continue
            item_id = c.text(data, "id", path, max_len=60)
            if item_id and not ITEM_ID.match(item_id):
                c.add(join(path, "id"), f"'{item_id}' should look like '{prefix}name'")
            elif item_id and not item_id.startswith(prefix):
                c.add(join(path, "id"), f"'{item_id}' must start with '{prefix}' in this module")
            found.append((path, data))
        return found

    for path, data in items("checks"):
        c.only_keys(data, path, {"id", "kind", "prompt", "options"})
        options = []
        seen: set[str] = set()
        for opath, od in c.entries(data, "options", path, "needs a list of at least two options", least=2):
            c.only_keys(od, opath, {"id", "text"})
            oid = c.text(od, "id", opath, max_len=1)
            if oid and not OPTION_ID.match(oid):
                c.add(join(opath, "id"), "option ids are single lowercase letters (a, b, c, ...)")
            if oid in seen:
                c.add(join(opath, "id"), f"duplicate option id '{oid}'")
            seen.add(oid)
            options.append(CheckOption(oid, c.text(od, "text", opath, max_len=600)))
        check = KnowledgeCheck(
            id=data.get("id", ""),
            kind=c.choice(data, "kind", path, {"single", "multiple"}, default="single"),
            prompt=c.text(data, "prompt", path, max_len=1500),
            options=tuple(options),
        )
        _add_unique(c, out.checks, check.id, check, path)

    for path, data in items("checkins"):
        c.only_keys(data, path, {"id", "moment", "prompt"})
        checkin = CheckIn(
            id=data.get("id", ""),
            moment=c.choice(data, "moment", path, {"before", "after"}, default="before"),
            prompt=c.text(data, "prompt", path, max_len=800),
        )
        _add_unique(c, out.checkins, checkin.id, checkin, path)

    for path, data in items("reflections"):
        c.only_keys(data, path, {"id", "title", "prompt", "composite_alternative"})
        reflection = ReflectionPrompt(
            id=data.get("id", ""),
            title=c.text(data, "title", path, max_len=120),
            prompt=c.text(data, "prompt", path, max_len=2000),
            composite_alternative=c.text(data, "composite_alternative", path, max_len=1500),
        )
        _add_unique(c, out.reflections, reflection.id, reflection, path)
    return out, c.problems


def _add_unique(c: FieldChecker, table: dict, item_id: str, item: object, path: str) -> None:
    if not isinstance(item_id, str) or not item_id:
        return
    if item_id in table:
        c.add(join(path, "id"), f"duplicate id '{item_id}'")
    table[item_id] = item


def check_rubric(path: Path, display: str) -> tuple[Rubric | None, list[Problem]]:
    c, top = read_document(path, display, RUBRIC_SCHEMA, {"schema", "points", "criteria", "ethics_gate"})
    if top is None:
        return None, c.problems
    points = c.integer(top, "points", "", 1, 100)
    criteria = []
    for path_i, d in c.entries(top, "criteria", "", "needs a list of criteria"):
        c.only_keys(d, path_i, {"id", "name", "levels"})
        levels = c.text_list(d, "levels", path_i, required=True)
        if len(levels) != 4:
            c.add(join(path_i, "levels"), f"needs exactly four levels (0–3), found {len(levels)}")
            levels = tuple([*list(levels), "", "", "", ""])[:4]
        criteria.append(RubricCriterion(c.text(d, "id", path_i), c.text(d, "name", path_i), levels))  # type: ignore[arg-type]
    gate = c.text_list(top, "ethics_gate", "", required=True)
    if c.problems:
        return None, c.problems
    return Rubric(tuple(criteria), gate, points), []


def check_response_rubric(path: Path, display: str) -> tuple[ResponseRubric | None, list[Problem]]:
    """The own-words rubric: 2–8 criteria, each with what earns its 1 point and what earns 0."""
    c, top = read_document(path, display, RESPONSE_RUBRIC_SCHEMA, {"schema", "title", "purpose", "criteria", "ethics_gate"})
    if top is None:
        return None, c.problems
    title = c.text(top, "title", "", max_len=120)
    purpose = c.text(top, "purpose", "", max_len=1200)
    gate = c.text(top, "ethics_gate", "", max_len=600)
    criteria = []
    seen: set[str] = set()
    for path_i, d in c.entries(top, "criteria", "", "needs a list of 2 to 8 criteria", least=2, most=8):
        c.only_keys(d, path_i, {"id", "name", "earns_1", "earns_0"})
        cid = c.text(d, "id", path_i, max_len=10)
        if cid in seen:
            c.add(join(path_i, "id"), f"duplicate criterion id '{cid}'")
        seen.add(cid)
        criteria.append(ResponseCriterion(cid, c.text(d, "name", path_i, max_len=80),
                                          c.text(d, "earns_1", path_i, max_len=600),
                                          c.text(d, "earns_0", path_i, max_len=600)))
    if c.problems:
        return None, c.problems
    return ResponseRubric(title, purpose, tuple(criteria), gate), []
