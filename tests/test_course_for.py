"""attuned.model.course.course_for: grade cells load only their own module's content, and get exactly
what the whole course would have given them (the same items, the same reasons when broken)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from attuned.model.course import CONTENT_ROOT, check_course, course_for, get_course, module_course

MODULES = sorted(p.name for p in CONTENT_ROOT.iterdir() if p.is_dir() and p.name[:2].isdigit())


@pytest.mark.parametrize("folder", MODULES)
def test_one_modules_content_is_the_whole_courses_for_that_module(folder):
    whole = get_course()
    number = int(folder[:2])
    part = module_course(number)
    assert part is not None and list(part.modules) == [folder] and part.problems == []
    assert part.modules[folder] == whole.modules[folder]
    prefix = f"m{number}."
    for table in ("vignettes", "checks", "checkins", "reflections"):
        theirs = {k: v for k, v in getattr(whole, table).items() if k.startswith(prefix)}
        assert getattr(part, table) == theirs, table
        assert theirs or table == "reflections", f"{folder} has no {table}?"
    assert part.rubric == whole.rubric and part.response_rubric == whole.response_rubric


def test_a_broken_file_elsewhere_does_not_touch_a_module_and_its_own_is_reported_the_same(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    broken = sorted((root / MODULES[1] / "vignettes").glob("*.yaml"))[0]
    broken.write_text("schema: attuned.vignette/1\nid: [not, text]\n", encoding="utf-8")
    _whole, everything = check_course(root)
    first = module_course(int(MODULES[0][:2]), root)
    second = module_course(int(MODULES[1][:2]), root)
    assert first is not None and first.problems == []
    assert second is not None and second.problems
    about_it = [p for p in everything if broken.name in p.file]
    assert about_it and [p for p in second.problems if broken.name in p.file] == about_it


def test_an_id_naming_no_single_module_gets_the_whole_course(tmp_path):
    assert course_for("not-a-module-id") is get_course()
    assert course_for("m99.nothing") is get_course()  # no module 99: the whole course explains
    assert module_course(99) is None and module_course(1, tmp_path / "missing") is None


def test_where_the_whole_course_is_loaded_grade_cells_use_it():
    get_course()
    assert course_for("m1.maribel") is get_course()


def test_a_kernel_grading_a_module_never_loads_the_other_six(tmp_path):
    """What an autograde kernel does: the setup cell, then grade cells for one module's items."""
    code = (
        "from attuned.model.course import course_for, get_course\n"
        "course = course_for('m1.maribel')\n"
        "assert course.vignette('m1.maribel').id == 'm1.maribel'\n"
        "assert course_for('m1.kc-variance') is course\n"
        "print(get_course.cache_info().currsize, sorted(course.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split()[0] == "0" and MODULES[0] in out.stdout and MODULES[1] not in out.stdout
