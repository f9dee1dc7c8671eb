"""The nbgrader code Attuned copies is the code it was copied from: fingerprints, and one pinned release.

Four of nbgrader's method bodies are copied into attuned/pipeline/autograde_steps.py with one
class changed (``OverwriteCells.preprocess``, ``SaveAutoGrades.preprocess``,
``CheckCellMetadata.preprocess``, ``BaseMetadataValidator.validate_cell``), and four of the
Gradebook's queries are answered from rows read once in attuned/pipeline/autograde_gradebook.py
(``find_source_cell``, ``find_graded_cell``, ``find_grade``, ``find_comment``). A new nbgrader whose
versions differ would leave the copies quietly out of date, so the exact release they match is
pinned in pyproject.toml and environment.yml, and each upstream function's source is fingerprinted
here: an upgrade fails this test, naming the function to compare, until the copy is brought up to
date and its fingerprint renewed.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from attuned.pipeline.autograde_steps import NBGRADER_COPIED

REPO = Path(__file__).resolve().parents[1]

#: upstream function -> (where Attuned copies or re-implements it, sha256 of its source, first 16 hex digits)
FINGERPRINTS: dict[str, tuple[str, str]] = {
    "nbgrader.preprocessors.overwritecells:OverwriteCells.preprocess":
        ("attuned.pipeline.autograde_steps:OverwriteCells.preprocess", "3a94b453d8e53bee"),
    "nbgrader.preprocessors.saveautogrades:SaveAutoGrades.preprocess":
        ("attuned.pipeline.autograde_steps:SaveAutoGrades.preprocess", "edef3c387d5c104a"),
    "nbgrader.preprocessors.checkcellmetadata:CheckCellMetadata.preprocess":
        ("attuned.pipeline.autograde_steps:CheckCellMetadata.preprocess", "f8dfe8c496d03e52"),
    "nbgrader.nbgraderformat.common:BaseMetadataValidator.validate_cell":
        ("attuned.pipeline.autograde_steps:_SchemaCheckedOnce.validate_cell", "e5f97f45a9aba510"),
    "nbgrader.api:Gradebook.find_source_cell":
        ("attuned.pipeline.autograde_gradebook:NotebookGradebook.find_source_cell", "0d0ef04711fab86a"),
    "nbgrader.api:Gradebook.find_graded_cell":
        ("attuned.pipeline.autograde_gradebook:NotebookGradebook.find_graded_cell", "68291d97eb3cd85b"),
    "nbgrader.api:Gradebook.find_grade":
        ("attuned.pipeline.autograde_gradebook:NotebookGradebook.find_grade", "b1a48e74233391ce"),
    "nbgrader.api:Gradebook.find_comment":
        ("attuned.pipeline.autograde_gradebook:NotebookGradebook.find_comment", "bcb9b4f7da3c0752"),
}


def _resolve(name: str):
    module, qualname = name.split(":")
    found = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def _nbgrader_requirement(lines: list) -> str:
    [line] = [d for d in lines if isinstance(d, str) and d.replace(" ", "").lower().startswith("nbgrader")]
    return line.replace(" ", "")


def test_nbgrader_is_pinned_to_the_release_the_copies_match_and_that_release_is_installed():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    conda = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))["dependencies"]
    assert _nbgrader_requirement(deps) == f"nbgrader=={NBGRADER_COPIED}", "pyproject.toml must pin nbgrader exactly"
    assert _nbgrader_requirement(conda) == f"nbgrader=={NBGRADER_COPIED}", "environment.yml must pin the same nbgrader"
    assert version("nbgrader") == NBGRADER_COPIED, "the installed nbgrader is not the pinned one: make install"


@pytest.mark.parametrize("upstream", sorted(FINGERPRINTS))
def test_each_copied_nbgrader_function_is_unchanged_upstream(upstream):
    ours, fingerprint = FINGERPRINTS[upstream]
    copy = _resolve(ours)
    assert copy.__qualname__ == ours.split(":")[1], f"{ours} must define its own copy"
    source = inspect.getsource(_resolve(upstream))
    got = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    assert got == fingerprint, (
        f"nbgrader {version('nbgrader')}'s {upstream} is not the one {ours} was copied from "
        f"(nbgrader {NBGRADER_COPIED}): compare the two, update the copy, then its fingerprint here "
        f"({got}) and NBGRADER_COPIED")


def test_a_changed_upstream_function_would_fail_the_fingerprint():
    """Control: the fingerprint tells sources apart (one changed character changes it)."""
    source = inspect.getsource(_resolve("nbgrader.api:Gradebook.find_grade"))
    changed = source.replace("No such grade", "No such grades")
    assert hashlib.sha256(changed.encode()).hexdigest()[:16] != FINGERPRINTS["nbgrader.api:Gradebook.find_grade"][1]
