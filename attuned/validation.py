"""Tools the content loaders share: safe YAML reading and field checks that collect problems.

Loaders never stop at the first mistake: an author fixing a file wants the whole list, each
entry as `file: field.path: reason`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from attuned.problems import Problem

MAX_CONTENT_BYTES = 512 * 1024  # a vignette is a page or two; anything bigger is a mistake
#: Real content nests about 6 levels. libyaml's composer recurses in C without a depth check, so
#: a 200 KB file of ``[[[[…`` crashed the whole process (SIGSEGV) in the validator or a kernel.
MAX_NESTING = 50


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that refuses duplicate keys (PyYAML would silently keep the last one)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, f"unusable key {key!r}", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping_plain(node, deep=deep)


_StrictLoader.construct_mapping_plain = yaml.constructor.SafeConstructor.construct_mapping  # type: ignore[attr-defined]
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Read a YAML file; return (data, problems). Never raises for bad input."""
    try:
        if path.is_dir():
            return None, [Problem(display, "", "is a folder, expected a YAML file")]
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES:
            return None, [
                Problem(display, "", f"file is {size // 1024} KiB; content files are limited to "
                        f"{MAX_CONTENT_BYTES // 1024} KiB")
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, "", f"cannot read file ({exc.strerror or exc})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, "", f"not UTF-8 text (byte {exc.start})")]
    try:
        deepest = _nesting_problem(text)
        if deepest:
            return None, [Problem(display, "", deepest)]
        return yaml.load(text, Loader=_StrictLoader), []  # noqa: S506 - strict SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(display, "", f"invalid YAML at {where}: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display, "", f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [Problem(display, "", "invalid YAML: nested too deeply")]


def _nesting_problem(text: str) -> str:
    """Say so if collections nest deeper than MAX_NESTING, checked on the parser's flat event
    stream (no recursion) *before* anything builds the nested data."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                return (f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: lists or mappings "
                        f"nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return ""


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
