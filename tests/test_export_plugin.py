"""``nbgrader export --exporter=attuned.reports.export_plugin.AttunedExport``: nbgrader's own command,
its config and filters, writing what ``attuned export`` writes.

Run on the fixed course state of the golden pages (tests/golden/course: four trainees, two
modules, one failed autograde) with the course's real ``nbgrader_config.py``; every command is a
real ``nbgrader`` or ``attuned`` process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden.pages import COURSE, REPO, restore_gradebook

EXPORTER = "attuned.reports.export_plugin.AttunedExport"
M2, M4 = "02-experience-over-explanation", "04-moving-past-fixing"


@pytest.fixture
def course(tmp_path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(COURSE, folder)
    restore_gradebook(folder)
    shutil.copy(REPO / "nbgrader_config.py", folder / "nbgrader_config.py")
    return folder


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ATTUNED_DB_URL"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    return env


def nbgrader_export(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", "export", f"--exporter={EXPORTER}", *args],
                          cwd=course, env=_env(), capture_output=True, text=True, timeout=300)


def attuned_export(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attuned", "export", "--course", str(course), *args],
                          cwd=course, env=_env(), capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("fmt", ["canvas", "moodle", "csv"])
def test_nbgrader_export_writes_what_attuned_export_writes(course, fmt):
    ours = attuned_export(course, "--format", fmt, "--out", str(course / "ours.csv"))
    assert ours.returncode == 0, ours.stderr
    theirs = nbgrader_export(course, f"--AttunedExport.format={fmt}", f"--to={course / 'theirs.csv'}")
    assert theirs.returncode == 0, theirs.stderr
    text = (course / "theirs.csv").read_text(encoding="utf-8")
    assert text == (course / "ours.csv").read_text(encoding="utf-8")
    assert "garbled" in text and "autograde failed" in theirs.stderr, "the notes reach nbgrader's log"


def test_nbgraders_assignment_and_student_filters_choose_modules_and_trainees(course):
    proc = nbgrader_export(course, "--AttunedExport.format=csv", f"--to={course / 'some.csv'}",
                           f"--assignment=['{M2}']", "--student=['attuned', 'fixer']")
    assert proc.returncode == 0, proc.stderr
    lines = (course / "some.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"trainee,{M2},total"
    assert [line.split(",")[0] for line in lines[1:]] == ["attuned", "fixer"]
    ours = attuned_export(course, "--format", "csv", "--modules", M2, "--out", str(course / "ours.csv"))
    full = (course / "ours.csv").read_text(encoding="utf-8").splitlines()
    assert ours.returncode == 0 and lines[1:] == [line for line in full[1:] if line.split(",")[0] in ("attuned", "fixer")]


def test_config_file_options_are_read_like_any_nbgrader_option(course):
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(f"\nc.ExportApp.plugin_class = {EXPORTER!r}\nc.AttunedExport.format = 'moodle'\n"
                 f"c.ExportPlugin.to = {str(course / 'from-config.csv')!r}\n")
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "export"], cwd=course, env=_env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    header = (course / "from-config.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Username,02 ") and header.endswith(",Course total")


def test_a_bad_filter_is_one_error_line_and_exit_1(course):
    proc = nbgrader_export(course, f"--to={course / 'x.csv'}", "--student=['nobody']")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "no trainee 'nobody' in the gradebook" in proc.stderr
    assert not (course / "x.csv").exists()


def test_a_gradebook_attuned_would_not_read_is_refused(course, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(course / "gradebook.db", other)
    proc = nbgrader_export(course, f"--db=sqlite:///{other}", f"--to={course / 'x.csv'}")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"nbgrader opened the gradebook sqlite:///{other} but attuned reads" in proc.stderr
    assert not (course / "x.csv").exists()
