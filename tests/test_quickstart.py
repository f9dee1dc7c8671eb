"""`attuned quickstart`, `build --course` and `release`: a private course folder anywhere, clear refusals."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KEYS = REPO / "instructor" / "keys"


def attuned(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    # cwd is the checkout (python -m finds this package); the course folders are elsewhere
    return subprocess.run([sys.executable, "-m", "attuned", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("qs") / "course"
    proc = attuned("quickstart", str(target))  # keys default to the checkout's instructor/keys
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "attuned generate --course" in proc.stdout and "attuned doctor --course" in proc.stdout
    return target


def test_quickstart_writes_a_private_course_folder(course):
    from attuned.model.course import load_course

    assert (course / "nbgrader_config.py").read_text() == (REPO / "nbgrader_config.py").read_text()
    modules = sorted(m.folder for m in load_course().modules.values())
    assert sorted(p.name for p in (course / "source").iterdir()) == modules
    for module in modules:
        notebook = course / "source" / module / f"{module}.ipynb"
        assert notebook.read_text() == (REPO / "source" / module / f"{module}.ipynb").read_text()
        assert mode(notebook) == 0o600 and mode(notebook.parent) == 0o700
    assert mode(course) == mode(course / "source") == mode(course / "instructor") == mode(course / "instructor" / "keys") == 0o700
    keys = sorted((course / "instructor" / "keys").iterdir())
    assert [p.name for p in keys] == sorted(p.name for p in KEYS.glob("*.yaml"))
    assert all(mode(p) == 0o600 and p.read_bytes() == (KEYS / p.name).read_bytes() for p in keys)
    assert mode(course / "gradebook.db") == 0o600  # nbgrader stores every hidden test in it


def test_quickstart_refuses_a_folder_in_use_unless_forced_and_force_keeps_the_rest(course, tmp_path):
    proc = attuned("quickstart", str(course))
    assert proc.returncode == 1 and "already exists and is not empty; pass --force" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    (course / "release").mkdir(exist_ok=True)
    (course / "release" / "kept.txt").write_text("kept")
    notebook = next((course / "source").glob("*/*.ipynb"))
    notebook.write_text("edited")
    (course / "instructor" / "keys" / "stale.yaml").write_text("schema: attuned.keys/1\n")
    proc = attuned("quickstart", str(course), "--force", "--keys", str(KEYS))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (course / "release" / "kept.txt").read_text() == "kept"
    assert notebook.read_text() != "edited" and not (course / "instructor" / "keys" / "stale.yaml").exists()


def test_quickstart_checks_the_keys_before_writing_anything(tmp_path):
    bad = tmp_path / "keys"
    bad.mkdir()
    (bad / "01.yaml").write_text("schema: attuned.keys/1\nkeys:\n  m1.kc-variance: [z]\n")
    target = tmp_path / "course"
    proc = attuned("quickstart", str(target), "--keys", str(bad))
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert "keys/01.yaml: keys.m1.kc-variance: options ['z'] do not exist in the question" in proc.stderr
    assert "knowledge check has no answer key" in proc.stderr
    assert not target.exists()
    proc = attuned("quickstart", str(target), "--keys", str(tmp_path / "nowhere"))
    assert proc.returncode == 1 and "holds no answer key files" in proc.stderr and "--keys" in proc.stderr
    assert not target.exists()


def test_build_and_release_work_on_a_course_folder(course, tmp_path):
    notebook = next((course / "source").glob("*/*.ipynb"))
    notebook.write_text("stale")
    notebook.chmod(0o644)
    proc = attuned("build", "--course", str(course))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"wrote {notebook}" in proc.stdout and notebook.read_text() != "stale" and mode(notebook) == 0o600
    module = notebook.parent.name
    proc = attuned("generate", "--course", str(course), "--module", module)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    released = course / "release" / module / notebook.name
    assert released.is_file() and "BEGIN HIDDEN TESTS" not in released.read_text()
    assert f"generated {course / 'release' / module}" in proc.stdout and proc.stderr == ""
    # The old name still works, and says it only generates: handing out is nbgrader release_assignment.
    proc = attuned("release", "--course", str(course), "--module", module)
    assert proc.returncode == 0 and f"generated {course / 'release' / module}" in proc.stdout, proc.stdout + proc.stderr
    assert "old name of attuned generate" in proc.stderr and "nbgrader release_assignment" in proc.stderr
    proc = attuned("generate", "--course", str(course), "--module", "99-nothing")
    assert proc.returncode == 1 and "no module '99-nothing'" in proc.stderr and "Traceback" not in proc.stderr


def test_commands_name_a_missing_course_folder_in_one_sentence(tmp_path):
    for args in (("build", "--course", str(tmp_path / "nowhere")), ("demo", "--course", str(tmp_path)),
                 ("generate", "--course", str(tmp_path))):
        proc = attuned(*args)
        assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, args
        assert len(proc.stderr.strip().splitlines()) == 1 and "attuned quickstart" in proc.stderr, proc.stderr


def test_without_course_the_course_folder_is_the_current_folder_never_the_checkout(tmp_path, monkeypatch):
    """Issue 25: the checkout this package runs from is the course folder only when it is the
    current folder; anywhere else a command without --course works on (or refuses) that folder."""
    from attuned.commands.quickstart import CourseFolderError, course_folder, in_checkout

    assert in_checkout()  # these tests run from the checkout: the old fallback would have answered REPO
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CourseFolderError, match=f"{tmp_path} is not a course folder"):
        course_folder(None)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    assert course_folder(None) == tmp_path.resolve()
    monkeypatch.chdir(REPO)
    assert course_folder(None) == REPO
