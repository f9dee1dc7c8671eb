"""Strict, bounded YAML parsing for content files: the part of loading that needs PyYAML.

Kept apart from :mod:`attuned.model.fields` so that a kernel whose course comes from the parsed
copy (:mod:`attuned.model.content_cache`) never imports PyYAML at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from attuned.model.problems import Problem

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


def read_yaml_file(path: Path, display: str) -> tuple[Any, list[Problem]]:
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
