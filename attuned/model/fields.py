"""Tools the content loaders share: safe YAML reading and field checks that collect problems.

Loaders never stop at the first mistake: an author fixing a file wants the whole list, each
entry as `file: field.path: reason`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attuned.model.problems import Problem


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read a YAML file; return (data, problems). Never raises for bad input.

    While :func:`attuned.model.content_cache.cached_content` is active (the installed course, loaded by
    every kernel), an unchanged file comes from the parsed copy instead: parsing is most of what
    a notebook's first widget costs. PyYAML itself is imported only when a file must be parsed.
    """
    from attuned.model import content_cache

    cached = content_cache.lookup(path)
    if cached is not content_cache.MISS:
        return cached, []
    from attuned.model.yaml_reader import read_yaml_file

    data, problems = read_yaml_file(path, display)
    if not problems:
        content_cache.store(path, data)
    return data, problems


def read_document(path: Path, display: str, schema: str, allowed: set[str]) -> tuple[FieldChecker, dict | None]:
    """Read a content file and check its top (see :meth:`FieldChecker.document`): how every loader starts.

    The document is None when the file cannot be read or its top is wrong; the checker holds why.
    """
    data, problems = read_yaml(path, display)
    checker = FieldChecker(display)
    if problems:
        checker.problems.extend(problems)
        return checker, None
    return checker, checker.document(data, schema, allowed)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class FieldChecker:
    """Collects problems while pulling typed fields out of loosely-typed YAML data."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.file, path, reason))

    def mapping(self, value: Any, path: str) -> dict | None:
        if not isinstance(value, dict):
            self.add(path, f"expected a mapping, found {_kind(value)}")
            return None
        return value

    def document(self, data: Any, schema: str, allowed: set[str]) -> dict | None:
        """The top of a content file: a mapping, only ``allowed`` fields, ``schema`` as its schema.

        Every loader starts this way; None (with the problem recorded) if it is not a mapping.
        """
        top = self.mapping(data, "")
        if top is None:
            return None
        self.only_keys(top, "", allowed)
        if top.get("schema") != schema:
            self.add("schema", f"expected '{schema}', found {top.get('schema')!r}")
        return top

    def entries(self, data: dict, key: str, path: str, needs: str, *, least: int = 1,
                most: int | None = None) -> list[tuple[str, dict]]:
        """The mappings listed under ``key``, each with its path (``criteria[2]``).

        Not a list, or fewer than ``least`` / more than ``most`` entries: the one problem ``needs``
        says what is wanted, and no entries. An entry that is not a mapping is its own problem and
        is left out, so one bad entry does not hide the others' problems.
        """
        where = join(path, key)
        raw = data.get(key)
        if not isinstance(raw, list) or not least <= len(raw) <= (len(raw) if most is None else most):
            self.add(where, needs)
            return []
        found = []
        for i, entry in enumerate(raw):
            mapping = self.mapping(entry, join(where, i))
            if mapping is not None:
                found.append((join(where, i), mapping))
        return found

    def only_keys(self, data: dict, path: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                self.add(join(path, str(key)), f"unknown field (allowed: {', '.join(sorted(allowed))})")

    def text(
        self, data: dict, key: str, path: str, *, required: bool = True, max_len: int = 4000
    ) -> str:
        where = join(path, key)
        if key not in data or data[key] is None:
            if required:
                self.add(where, "is required")
            return ""
        value = data[key]
        if not isinstance(value, str):
            self.add(where, f"expected text, found {_kind(value)}")
            return ""
        value = value.strip()
        if required and not value:
            self.add(where, "must not be empty")
        if len(value) > max_len:
            self.add(where, f"is {len(value)} characters; the limit is {max_len}")
        return value

    def integer(self, data: dict, key: str, path: str, lo: int, hi: int, *, required: bool = True) -> int:
        where = join(path, key)
        if key not in data:
            if required:
                self.add(where, "is required")
            return lo
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"expected a whole number {lo}–{hi}, found {_kind(value)}")
            return lo
        if not lo <= value <= hi:
            self.add(where, f"{value} is out of range {lo}–{hi}")
            return max(lo, min(hi, value))
        return value

    def text_list(self, data: dict, key: str, path: str, *, required: bool = False) -> tuple[str, ...]:
        where = join(path, key)
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, "is required")
            return ()
        if not isinstance(value, list):
            self.add(where, f"expected a list of text, found {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add(join(where, i), f"expected non-empty text, found {_kind(item)}")
            else:
                out.append(item.strip())
        return tuple(out)

    def choice(self, data: dict, key: str, path: str, allowed: dict | set | tuple, *, required: bool = True,
               default: str = "") -> str:
        where = join(path, key)
        if key not in data:
            if required:
                self.add(where, "is required")
            return default
        value = data[key]
        if value not in allowed:
            self.add(where, f"'{value}' is not one of: {', '.join(sorted(allowed))}")
            return default
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
