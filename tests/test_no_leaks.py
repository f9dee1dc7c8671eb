"""No answer key, hidden test or instructor-only text reaches a trainee.

What a trainee can see: release/ (what nbgrader hands out), the installed package (the notebook
imports it; anything ``importlib.resources`` can open ships with it) and their feedback HTML.
What must never be in any of them:
- a knowledge-check key statement, in any spelling (``key=["b"]``, ``key=['b']``, compact JSON,
  the instructor file's ``m2.kc-insight: [b]`` or ``"m2.kc-insight": ["b"]``);
- the hidden-test markers and every line between them (taken from the source notebooks);
- the text of instructor/ files (their comments, schema and key lines).
Since autograde scores knowledge checks in nbgrader's own process from instructor/keys, no notebook
holds a key or a hidden test at all, the instructor's source/ and autograded copies included.
A control test proves the detector is not vacuous: it finds every key, spelled as a hidden test
once held it, in a notebook and a feedback page planted with them.
"""

from __future__ import annotations

import html
import importlib.resources
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def _keys() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((REPO / "instructor" / "keys").glob("*.yaml")):
        out.update(yaml.safe_load(path.read_text(encoding="utf-8"))["keys"])
    return out


KEYS = _keys()


def _hidden_lines() -> set[str]:
    """Every line inside a hidden-test block of every source notebook."""
    lines: set[str] = set()
    for path in sorted((REPO / "source").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            inside = False
            for line in source.splitlines():
                if MARKERS[0] in line:
                    inside = True
                elif MARKERS[1] in line:
                    inside = False
                elif inside and line.strip():
                    lines.add(line.strip())
    return lines


def _instructor_lines() -> set[str]:
    """Distinctive text of every instructor/ file: comment sentences, schema and key lines."""
    lines: set[str] = set()
    for path in sorted((REPO / "instructor").rglob("*")):
        if not path.is_file():
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = raw.strip().lstrip("#").strip()
            if len(text) >= 12 and text not in ("keys:",):
                lines.add(text)
    return lines


def _key_statements() -> set[str]:
    """Each key as code or data could spell it (only non-trivial spellings, to avoid false hits)."""
    found: set[str] = set()
    for item, key in KEYS.items():
        for spelled in (json.dumps(key), json.dumps(key, separators=(",", ":")), repr(key), str(key).replace("'", "")):
            found.add(f"key={spelled}")
            found.add(f"key = {spelled}")
        found.add(f"{item}: [{', '.join(key)}]")
        found.add(f'"{item}": {json.dumps(key)}')
        found.add(f"'{item}': {key!r}")
    return found


HIDDEN = _hidden_lines()
INSTRUCTOR = _instructor_lines()
KEY_STATEMENTS = _key_statements()


def _visible_text(path: Path) -> str:
    """Text as a reader would find it: JSON strings decoded, HTML tags stripped and entities decoded."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    texts = [raw]
    if path.suffix == ".ipynb":
        with_strings: list[str] = []

        def walk(node):
            if isinstance(node, str):
                with_strings.append(node)
            elif isinstance(node, list):
                for x in node:
                    walk(x)
            elif isinstance(node, dict):
                for k, v in node.items():
                    with_strings.append(str(k))
                    walk(v)

        walk(json.loads(raw))
        texts.append("\n".join(with_strings))
        texts.append("".join(with_strings))  # multi-line sources stored as lists of lines
    if path.suffix in (".html", ".htm"):
        texts.append(html.unescape(re.sub(r"<[^>]+>", "", raw)))
    return "\n".join(texts)


def leaks(path: Path, *, code: bool = False) -> list[str]:
    """What in ``path`` a trainee must not see. For Python source, only actual keys and instructor
    text count (the notebook builder legitimately writes the marker *strings*)."""
    text = _visible_text(path)
    squashed = re.sub(r"\s+", " ", text)
    hits = [f"key statement {s!r}" for s in sorted(KEY_STATEMENTS) if s in text or s in squashed]
    hits += [f"instructor text {s!r}" for s in sorted(INSTRUCTOR) if s in text or s in squashed]
    if not code:
        hits += [f"hidden-test marker {m!r}" for m in MARKERS if m in text]
        hits += [f"hidden-test line {s!r}" for s in sorted(HIDDEN) if s in text or s in squashed]
    return hits


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
            yield path


def _planted(folder: Path) -> list[Path]:
    """A notebook and a feedback page holding every key the way a hidden test once spelled it."""
    import nbformat

    code = "\n".join(f'answer = committed_check("{item}")\n### {MARKERS[0]}\nanswer.score(key={json.dumps(key)}, '
                     f"points=1)\n### {MARKERS[1]}" for item, key in KEYS.items())
    notebook = folder / "planted.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), notebook)
    page = folder / "planted.html"
    page.write_text("<pre>" + html.escape(code) + "</pre>", encoding="utf-8")
    return [notebook, page]


def test_the_detector_finds_every_key_where_it_is_planted(tmp_path):
    """Control: a notebook and a page holding every key, as hidden tests did, are caught in full."""
    assert KEYS and INSTRUCTOR
    for path in _planted(tmp_path):
        hits = leaks(path)
        for item, key in KEYS.items():
            assert any(json.dumps(key) in h for h in hits), f"detector missed the key of {item} in {path.name}"
        assert any("hidden-test marker" in h for h in hits)


def test_source_notebooks_hold_no_key_or_hidden_test_either():
    """Autograde reads the keys from instructor/keys in its own process: no notebook needs them."""
    found = {str(p.relative_to(REPO)): leaks(p) for p in _files(REPO / "source")}
    assert {k: v for k, v in found.items() if v} == {}
    assert HIDDEN == set()


def test_release_holds_no_key_hidden_test_or_instructor_text():
    """Tried: every file nbgrader released (notebook JSON decoded). Held: no key, marker, hidden line
    or instructor text; and no responses.jsonl (a log shipped in release/ would hand out answers)."""
    files = list(_files(REPO / "release"))
    assert files, "release/ is empty"
    found = {str(p.relative_to(REPO)): leaks(p) for p in files}
    assert {k: v for k, v in found.items() if v} == {}
    assert not [p for p in files if p.name == "responses.jsonl"], "a response log is in release/"
    assert not list((REPO / "source").rglob("responses.jsonl")), "a response log in source/ would be released"


def test_installed_package_ships_no_key_or_instructor_material():
    """Tried: every file importlib.resources can open in the installed `attuned` package (content
    YAML, code, any data). Held: no key or instructor text anywhere; no hidden-test markers or lines
    in any data file; no file that is an answer-key file (schema attuned.keys/1)."""
    root = Path(str(importlib.resources.files("attuned")))
    files = list(_files(root))
    assert any(p.suffix == ".yaml" for p in files), "no content data found in the package"
    found = {}
    for path in files:
        hits = leaks(path, code=path.suffix == ".py")
        if path.suffix in (".yaml", ".yml") and "attuned.keys/" in path.read_text(encoding="utf-8", errors="replace"):
            hits.append("an answer-key file")
        if hits:
            found[str(path.relative_to(root))] = hits
    assert found == {}


@pytest.mark.pipeline
def test_feedback_html_shows_no_key_or_hidden_test(full_cycle):
    """Tried: the feedback HTML nbgrader generated for every trainee and module of the shared cycle
    (tests/conftest.py `full_cycle`: the attuned, fixer, silent and garbled trainees), HTML tags
    stripped and entities decoded. Held: no key statement, hidden-test marker or line, instructor text."""
    files = [p for per_module in full_cycle.feedback.values() for p in per_module.values()]
    assert len(files) >= len(full_cycle.students), "feedback missing"
    found = {str(p.relative_to(full_cycle.course)): leaks(p) for p in files}
    assert {k: v for k, v in found.items() if v} == {}
    # and the grade cells are still there, scored:
    sample = _visible_text(files[0])
    assert "committed_check(" in sample
    # the instructor's autograded copies hold no key either: autograde never writes one into a notebook
    autograded = sorted(full_cycle.course.glob("autograded/*/*/*.ipynb"))
    assert autograded and not any(leaks(p) for p in autograded)
