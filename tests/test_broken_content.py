"""Broken content must be reported, never crash: the real ``attuned validate FILE`` on 38 broken
vignettes (tests/fixtures/broken_content/) plus a generated 600 KiB one, and the course's widgets
and grade cells facing a broken or missing vignette.

For every file: exit status 1, every stdout line has the shape ``file: field.path: reason``, one
line names the field we broke and says why, and "Traceback" appears nowhere in the output.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import attuned
from attuned.model import course as course_module
from attuned.model.course import check_course
from attuned.model.problems import Problem
from attuned.notebook import grading

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "broken_content"

#: file -> (the field the problem must name, a phrase the reason must contain)
EXPECTED: dict[str, tuple[str, str]] = {
    "01-bad-indentation.yaml": ("(top level)", "invalid YAML at line 14, column 1"),
    "02-unclosed-quote.yaml": ("(top level)", "invalid YAML at line"),
    "03-empty.yaml": ("(top level)", "the file is empty"),
    "04-binary-junk.yaml": ("(top level)", "not UTF-8 text"),
    "05-top-level-list.yaml": ("(top level)", "expected a mapping of fields (schema, id, title, ...), found a list"),
    "06-wrong-schema-version.yaml": ("schema", "expected 'attuned.vignette/1', found 'attuned.vignette/2'"),
    "07-no-schema.yaml": ("schema", "is required (one of: attuned.vignette/1"),
    "08-unknown-schema.yaml": ("schema", "unknown content schema 'attuned.lesson/1'"),
    "09-bad-id.yaml": ("id", "'Broken Vignette' should look like 'm2.tomas'"),
    "10-age-is-text.yaml": ("client.age", "expected a whole number 5–110, found text"),
    "11-age-out-of-range.yaml": ("client.age", "340 is out of range 5–110"),
    "12-missing-client.yaml": ("client", "expected a mapping, found nothing"),
    "13-start-names-no-scene.yaml": ("start", "names scene 'beginning', which does not exist"),
    "14-unknown-option-target.yaml": ("scenes.opening.options[0].next", "names scene 'ghost', which does not exist"),
    "15-unreachable-scene.yaml": ("scenes.island", "cannot be reached from the start scene 'opening'"),
    "16-cycle-without-exit.yaml": ("scenes.middle.options[0].next", "leads back to 'opening' (opening → middle → opening)"),
    "17-missing-ratings.yaml": ("scenes.opening.options[1].ratings", "expected a mapping, found nothing"),
    "18-rating-out-of-range.yaml": ("scenes.opening.options[0].ratings.attunement", "3 is out of range 0–2"),
    "19-rating-missing-quality.yaml": ("scenes.opening.options[0].ratings.presence", "is required"),
    "20-unknown-quality.yaml": ("scenes.opening.options[0].ratings.empathy", "unknown field"),
    "21-duplicate-option-id.yaml": ("scenes.opening.options[1].id", "duplicate option id 'a'"),
    "22-duplicate-key.yaml": ("(top level)", "duplicate key 'opening' (first on line 13)"),
    "23-unknown-stance.yaml": ("scenes.opening.options[0].stance", "'hug' is not one of"),
    "24-one-option.yaml": ("scenes.opening.options", "needs at least two response options"),
    "25-no-options.yaml": ("scenes.opening.options", "a scene without options is a dead end"),
    "26-misspelt-field.yaml": (
        "titel", "unknown field (allowed: client, content_note, difficulty, id, scenes, schema, start, title)"),
    "27-rupture-without-repair.yaml": ("scenes.opening", "is a rupture but offers no option with stance 'repair'"),
    "28-text-is-a-number.yaml": ("scenes.opening.client_says", "expected text, found a number"),
    "29-scenes-as-list.yaml": ("scenes", "expected a mapping, found a list"),
    "30-bad-scene-id.yaml": ("scenes.Opening Scene", "scene ids are lowercase words"),
    "31-next-is-a-list.yaml": ("scenes.opening.options[0].next", "expected a scene id or nothing"),
    "32-text-too-long.yaml": ("scenes.opening.client_says", "the limit is 1200"),
    "33-python-tag.yaml": ("(top level)", "could not determine a constructor for the tag"),
    "34-alias-bomb.yaml": ("title", "expected text, found a list"),
    "35-deeply-nested.yaml": ("(top level)", "nested more than 50 levels deep"),
    "36-age-is-true.yaml": ("client.age", "expected a whole number 5–110, found true/false"),
    "37-option-is-text.yaml": ("scenes.opening.options[1]", "expected a mapping, found text"),
    "38-null-scene.yaml": ("scenes.closing", "expected a mapping, found nothing"),
}
LINE = re.compile(r"^(?P<file>[^:]+\.ya?ml): (?P<field>[^:]+|\(top level\)): (?P<reason>.+)$")


def validate(path: Path) -> subprocess.CompletedProcess:
    """The real command-line tool in a subprocess, as an author runs it."""
    return subprocess.run([sys.executable, "-m", "attuned", "validate", str(path)], capture_output=True,
                          text=True, timeout=120, cwd=REPO)


def assert_reported(path: Path, field: str, reason: str) -> None:
    proc = validate(path)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, f"{path.name}: traceback in output:\n{output}"
    assert proc.returncode == 1, f"{path.name}: exit {proc.returncode} (expected 1):\n{output}"
    lines = proc.stdout.splitlines()
    assert lines, f"{path.name}: no problem printed"
    parsed = []
    for line in lines:
        match = LINE.match(line)
        assert match and match["file"] == str(path), f"{path.name}: line not 'file: field.path: reason': {line!r}"
        parsed.append((match["field"], match["reason"]))
    assert any(f == field and reason in r for f, r in parsed), \
        f"{path.name}: expected '{field}: …{reason}…', got:\n" + "\n".join(lines)
    assert re.fullmatch(r"\d+ problems? in 1 file\.\n", proc.stderr), proc.stderr


def test_there_are_at_least_25_broken_files_and_each_has_an_expectation():
    files = sorted(p.name for p in FIXTURES.glob("*.yaml"))
    assert len(files) >= 25 and files == sorted(EXPECTED), set(files) ^ set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_names_the_broken_field_and_exits_1(name):
    """Tried: one broken vignette file. Held: `attuned validate FILE` exits 1 and prints
    `file: field.path: reason` lines, one of them naming the broken field; no traceback."""
    field, reason = EXPECTED[name]
    assert_reported(FIXTURES / name, field, reason)


def test_a_huge_file_is_refused_by_size(tmp_path):
    """Tried: a 600 KiB vignette (generated; not committed). Held: refused up front by size, exit 1."""
    path = tmp_path / "huge.yaml"
    text = (FIXTURES / "09-bad-id.yaml").read_text(encoding="utf-8")
    path.write_text(text + "# " + "padding " * (600 * 1024 // 8) + "\n", encoding="utf-8")
    assert_reported(path, "(top level)", "content files are limited to 512 KiB")


def test_a_valid_file_passes(tmp_path):
    """Control: a real vignette from the course validates with exit 0 (so the failures above are earned)."""
    proc = validate(REPO / "attuned" / "content" / "02-experience-over-explanation" / "vignettes" / "tomas.yaml")
    assert proc.returncode == 0 and "valid" in proc.stdout, proc.stdout + proc.stderr


# -- the course facing a broken or missing vignette ------------------------------------------
def _shown(obj) -> list:
    """What a notebook cell would display for ``obj`` (captured instead of sent to a frontend)."""
    import IPython.display

    shown: list = []
    original = IPython.display.display
    IPython.display.display = lambda *objs, **_kw: shown.extend(objs)
    try:
        obj._ipython_display_()
    finally:
        IPython.display.display = original
    return shown


def test_an_unknown_vignette_shows_a_readable_error_box():
    """Tried: Vignette("m2.nonexistent") in a notebook cell. Held: no exception; the cell displays an
    alert box saying the exercise cannot be shown and why, and that the rest of the notebook works."""
    widget = attuned.Vignette("m2.nonexistent")
    assert isinstance(widget, attuned.Unavailable)
    [box] = _shown(widget)
    html = box.value
    assert 'role="alert"' in html and "This exercise cannot be shown." in html
    assert "there is no vignette called &#x27;m2.nonexistent&#x27; in the course content" in html, html
    assert "the rest of the notebook still works" in html


@pytest.fixture()
def broken_course(tmp_path, monkeypatch):
    """A copy of attuned/content in which Linh's vignette lost an option's ratings; the widgets are
    pointed at it the way get_course() serves the installed content, and grade cells the way
    course_for() does (only the item's own module, read from the copy)."""
    root = tmp_path / "attuned" / "content"
    shutil.copytree(REPO / "attuned" / "content", root)
    linh = root / "02-experience-over-explanation" / "vignettes" / "linh.yaml"
    text = linh.read_text(encoding="utf-8")
    broken = re.sub(r"\n(\s+)ratings: \{[^}]*\}\n", "\n", text, count=1)
    assert broken != text
    linh.write_text(broken, encoding="utf-8")
    course, problems = check_course(root)
    monkeypatch.setattr(course_module, "get_course", lambda: course)
    monkeypatch.setattr(grading, "course_for",
                        lambda item: course_module.module_course(int(item[1:item.index(".")]), root))
    return course, problems


def test_one_broken_vignette_is_reported_and_the_others_still_load(broken_course):
    """Tried: check_course on a copy of the content with linh.yaml broken. Held: the problem names the
    file and field (`…linh.yaml: scenes.<scene>.options[i].ratings: …`); every other vignette loads."""
    course, problems = broken_course
    installed = set(check_course()[0].vignettes)
    linh_problems = [p for p in problems if p.file.endswith("linh.yaml")]
    assert linh_problems, problems
    assert all(re.fullmatch(r"scenes\.[a-z_-]+\.options\[\d\]\.ratings", p.field) for p in linh_problems), linh_problems
    assert set(course.vignettes) == installed - {"m2.linh"}, "other vignettes must still load"
    # module.yaml still names m2.linh, so the cross-check says so too, precisely:
    assert problems == [
        Problem("attuned/content/02-experience-over-explanation/vignettes/linh.yaml",
                "scenes.opening.options[0].ratings", "expected a mapping, found nothing"),
        Problem("attuned/content/02-experience-over-explanation/module.yaml", "blocks[5].vignette",
                "no vignette called 'm2.linh' in this course"),
    ], problems


def test_the_broken_vignettes_widget_and_grade_cell_explain_in_one_line(broken_course):
    """Held: Vignette("m2.linh") shows an error box quoting the author-facing problem; Tomás still
    renders as a player; the Linh grade cell fails in ONE line (nbgrader scores it 0) instead of a traceback."""
    widget = attuned.Vignette("m2.linh")
    assert isinstance(widget, attuned.Unavailable)
    [box] = _shown(widget)
    assert "vignette &#x27;m2.linh&#x27; cannot be shown" in box.value and "linh.yaml" in box.value, box.value
    assert "ratings" in box.value
    from attuned.notebook.vignette_widget import VignettePlayer

    assert isinstance(attuned.Vignette("m2.tomas"), VignettePlayer)
    with pytest.raises(grading.GradingProblem) as caught:
        grading.vignette_result("m2.linh", points=4)
    rendered = caught.value._render_traceback_()
    assert len(rendered) == 1 and "m2.linh" in rendered[0] and "\n" not in rendered[0], rendered


def test_a_vignette_id_used_twice_across_the_course_is_reported(tmp_path):
    """Tried: a copy of tomas.yaml saved beside it under another file name (same id m2.tomas). Held:
    check_course names the second file and says which file already uses the id; the first still loads."""
    root = tmp_path / "attuned" / "content"
    shutil.copytree(REPO / "attuned" / "content", root)
    folder = root / "02-experience-over-explanation" / "vignettes"
    shutil.copy(folder / "tomas.yaml", folder / "tomas2.yaml")
    course, problems = check_course(root)
    assert problems == [Problem("attuned/content/02-experience-over-explanation/vignettes/tomas2.yaml", "id",
                                "'m2.tomas' is already used by "
                                "attuned/content/02-experience-over-explanation/vignettes/tomas.yaml")], problems
    assert course.vignettes["m2.tomas"].source_file.endswith("/tomas.yaml")


@pytest.mark.parametrize(("text", "found"), [("- title: a list\n- of fields\n", "a list"),
                                             ("just a sentence\n", "text"),
                                             ("42\n", "a number")])
def test_a_course_yaml_that_is_not_a_mapping_is_one_line_naming_the_file(tmp_path, text, found):
    """Tried: course.yaml (the text every notebook shares) as a list, a sentence, a number. Held: the
    notebook builder raises ContentError with one line naming the file, not UnboundLocalError."""
    from attuned.model.problems import ContentError
    from attuned.pipeline.notebook_builder import load_shared_text

    path = tmp_path / "course.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_shared_text(path)
    assert str(caught.value) == f"course.yaml: (top level): expected a mapping, found {found}"
