"""The one settings resolver (``attuned.pipeline.settings``) and the commands that use it.

Held here: the gradebook URL each command reads is the one nbgrader itself reads in that course
folder (compared with nbgrader's own config loading and ``CourseDirectory``, in a fresh process),
in the documented order — a config file's ``c.CourseDirectory.db_url``, then ``$ATTUNED_DB_URL``,
then ``gradebook.db``; a course whose config would leave nbgrader on another database than the
variable names is refused in one sentence. Every course command takes ``--course`` with one help
text, and run from another folder none of them reads the source checkout. ``ATTUNED_DEBUG=1`` and
``--debug`` show the traceback behind a one-line error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from attuned.pipeline.settings import DB_URL_VARIABLE, SettingsError, course_settings

REPO = Path(__file__).resolve().parent.parent
ENV_URL = "postgresql+psycopg://from-variable@127.0.0.1:5999/attuned"
USER_URL = "postgresql+psycopg://from-home@127.0.0.1:5998/attuned"
COURSE_URL = "postgresql+psycopg://from-course@127.0.0.1:5997/attuned"
COURSE_COMMANDS = ("validate", "build", "demo", "release", "autograde", "try", "doctor", "report", "export",
                   "course-map", "portfolio", "item-stats")


def _course(tmp_path: Path, db_url_line: str = "") -> Path:
    """A course folder with the checkout's nbgrader_config.py, optionally naming a gradebook itself."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    text = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    marker = 'c.CourseDirectory.course_id = "attuned"\n'
    (course / "nbgrader_config.py").write_text(text.replace(marker, marker + db_url_line), encoding="utf-8")
    return course


@pytest.fixture
def jupyter_home(tmp_path, monkeypatch) -> Path:
    """An empty ~/.jupyter of our own (JUPYTER_CONFIG_DIR), and no ATTUNED_DB_URL."""
    home = tmp_path / "jupyter-home"
    home.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(home))
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    return home


def _nbgrader_sees(course: Path) -> tuple[str, str]:
    """(db_url, course_id) as nbgrader's own app loads the config in ``course``, in a fresh process."""
    code = ("import logging\n"
            "from nbgrader.apps.baseapp import NbGrader\n"
            "from nbgrader.coursedir import CourseDirectory\n"
            "app = NbGrader(); app.log_level = logging.CRITICAL; app.raise_config_file_errors = True\n"
            "app.load_config_file()\n"
            "d = CourseDirectory(config=app.config)\n"
            "print(d.db_url); print(d.course_id)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=course, env=dict(os.environ), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    url, course_id = proc.stdout.strip().splitlines()[-2:]
    return url, course_id


def test_the_order_config_file_then_variable_then_gradebook_db_and_nbgrader_agrees(tmp_path, jupyter_home,
                                                                                    monkeypatch):
    """Held, each step compared with nbgrader's own answer in that folder: no setting → gradebook.db in
    the course folder; $ATTUNED_DB_URL alone → it; ~/.jupyter naming db_url beats the variable; the
    course's own nbgrader_config.py naming db_url beats both. The course id is the config's."""
    course = _course(tmp_path)
    settings = course_settings(course)
    assert settings.db_url == f"sqlite:///{course / 'gradebook.db'}" and settings.course_id == "attuned"
    assert settings.keys == course / "instructor" / "keys"
    assert _nbgrader_sees(course) == (settings.db_url, "attuned")

    monkeypatch.setenv(DB_URL_VARIABLE, f" {ENV_URL}\n")
    settings = course_settings(course)
    assert settings.db_url == ENV_URL and DB_URL_VARIABLE in settings.db_url_from
    assert _nbgrader_sees(course)[0] == ENV_URL

    (jupyter_home / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.db_url = {USER_URL!r}\n")
    settings = course_settings(course)
    assert settings.db_url == USER_URL and "c.CourseDirectory.db_url" in settings.db_url_from
    assert _nbgrader_sees(course)[0] == USER_URL

    course = _course(tmp_path / "second", f"c.CourseDirectory.db_url = {COURSE_URL!r}\n")
    assert course_settings(course).db_url == COURSE_URL
    assert _nbgrader_sees(course)[0] == COURSE_URL


def test_a_config_that_hides_the_variable_from_nbgrader_is_refused_in_one_sentence(tmp_path, jupyter_home,
                                                                                     monkeypatch):
    """Held: a course config that names no gradebook and does not pass $ATTUNED_DB_URL on would have
    nbgrader grade into gradebook.db while the variable names another database: refused, naming the
    file, rather than the report silently reading a different gradebook than nbgrader writes."""
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "ours"\n')
    monkeypatch.setenv(DB_URL_VARIABLE, ENV_URL)
    assert _nbgrader_sees(course) == (f"sqlite:///{course / 'gradebook.db'}", "ours")
    with pytest.raises(SettingsError) as raised:
        course_settings(course)
    message = str(raised.value)
    assert str(course / "nbgrader_config.py") in message and DB_URL_VARIABLE in message and "\n" not in message
    proc = _attuned("export", "--format", "csv", "--course", str(course), cwd=tmp_path, **{DB_URL_VARIABLE: ENV_URL})
    assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [f"attuned export: {message}"], proc.stderr


def test_reading_the_settings_does_not_import_nbgrader(tmp_path, jupyter_home):
    """Held: the report's settings come from the course's config without its grading steps, which
    import nbgrader (~1.5 s); nbgrader and `attuned doctor` still get the whole config."""
    course = _course(tmp_path)
    code = ("import sys; from attuned.pipeline.settings import course_settings, nbgrader_config\n"
            f"s = course_settings({str(course)!r})\n"
            "assert 'nbgrader' not in sys.modules, sorted(m for m in sys.modules if m.startswith('nbgrader'))\n"
            "assert 'sanitize_preprocessors' not in s.config.Autograde\n"
            f"full = nbgrader_config(__import__('pathlib').Path({str(course)!r}), grading=True)\n"
            "assert 'sanitize_preprocessors' in full.Autograde and full.GradeWithoutKernel.keys_dir\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _attuned(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in (DB_URL_VARIABLE, "ATTUNED_DEBUG")}
    return subprocess.run([sys.executable, "-m", "attuned", *args], cwd=cwd, env={**full_env, **env},
                          capture_output=True, text=True, timeout=600)


def test_every_course_command_takes_course_with_one_help_text(capsys):
    """Held: each subcommand that works on a course has --course, default the current folder (None:
    resolved by attuned.pipeline.settings.course_folder), documented in the same words in --help."""
    import argparse

    from attuned.commands.cli import COURSE_HELP, build_parser, main

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in COURSE_COMMANDS:
        course = [a for a in sub.choices[name]._actions if "--course" in a.option_strings]
        assert len(course) == 1 and course[0].default is None, name
        assert "default: the current folder" in course[0].help, (name, course[0].help)
        with pytest.raises(SystemExit):
            main([name, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert "--course COURSE" in shown and "default: the current folder" in shown, (name, shown)
    assert sum(COURSE_HELP in a.help for n in COURSE_COMMANDS for a in sub.choices[n]._actions
               if "--course" in a.option_strings) >= len(COURSE_COMMANDS) - 1  # course-map: its README's folder


@pytest.mark.parametrize("command", [
    ("build",), ("release",), ("autograde", "01-relationship-and-technique"), ("try",), ("demo",)])
def test_nbgrader_commands_refuse_a_folder_that_is_not_a_course_in_one_sentence(tmp_path, command):
    """Held: run outside any course (not the checkout) with no --course, and with --course naming a
    plain folder, each names that folder, in one line, and never works on the checkout."""
    for args in ((), ("--course", str(tmp_path))):
        proc = _attuned(*command, *args, cwd=tmp_path)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 1 and len(lines) == 1 and "Traceback" not in proc.stderr, (command, proc.stderr)
        assert f"{tmp_path} is not a course folder" in lines[0] and str(REPO) not in proc.stdout + proc.stderr


def test_from_another_folder_nothing_reads_the_checkout(tmp_path):
    """Held: in a folder that is not the checkout, the readers look there (or at --course), never at
    the checkout's gradebook, keys or README; with a course folder given, its keys are used."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _attuned("report", cwd=elsewhere)
    assert proc.returncode == 1 and f"no gradebook at {elsewhere / 'gradebook.db'}" in proc.stderr, proc.stderr
    proc = _attuned("export", "--format", "csv", cwd=elsewhere)
    assert proc.returncode == 1 and f"no gradebook at {elsewhere / 'gradebook.db'}" in proc.stderr, proc.stderr
    proc = _attuned("portfolio", "--all", cwd=elsewhere)
    assert proc.returncode == 1 and f"no gradebook at {elsewhere / 'gradebook.db'}" in proc.stderr, proc.stderr
    proc = _attuned("course-map", "--check", cwd=elsewhere)
    assert proc.returncode == 1 and f"there is no {elsewhere / 'docs' / 'course-map.md'}" in proc.stderr, proc.stderr
    assert str(REPO) not in proc.stdout + proc.stderr

    # validate: the content always (it ships in the package); the keys only of the course folder named.
    without_keys = _attuned("validate", cwd=elsewhere)
    course = tmp_path / "course"
    shutil.copytree(REPO / "instructor" / "keys", course / "instructor" / "keys")
    with_keys = _attuned("validate", "--course", str(course), cwd=elsewhere)
    assert without_keys.returncode == with_keys.returncode == 0, without_keys.stderr + with_keys.stderr
    keys = len(list((REPO / "instructor" / "keys").glob("*.yaml")))
    count = lambda out: int(out.split("All ")[1].split()[0])  # noqa: E731 - "All N content files are valid."
    assert count(with_keys.stdout) == count(without_keys.stdout) + keys
    assert "no answer keys" in without_keys.stderr and str(elsewhere) in without_keys.stderr


@pytest.mark.parametrize("how", ["variable", "flag"])
def test_debug_shows_the_traceback_behind_the_one_line_error(tmp_path, how):
    plain = _attuned("report", "--course", str(tmp_path), cwd=tmp_path)
    assert plain.returncode == 1 and len(plain.stderr.strip().splitlines()) == 1 and "Traceback" not in plain.stderr
    if how == "variable":
        debug = _attuned("report", "--course", str(tmp_path), cwd=tmp_path, ATTUNED_DEBUG="1")
    else:
        debug = _attuned("--debug", "report", "--course", str(tmp_path), cwd=tmp_path)
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
    assert "ReportError" in debug.stderr and "write_report" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == plain.stderr.strip(), "the same sentence, last"
