"""The README's instructor commands work exactly as written, in a new shell, after ``make lab``.

A newcomer once typed ``attuned report`` after ``make lab`` and got "command not found": the
README never said the tools live in ``.venv``. Here the README's instructor block is taken from
the README itself and run by ``bash -e`` in a fresh copy of the checkout, the way a newcomer would:

- **The checkout**: every file git tracks (or would track) copied to a temporary folder, so
  whatever the commands write lands there, not in this checkout.
- **What ``make lab`` leaves**: ``.venv/`` in the copy, holding an editable install of the copy
  (so ``attuned`` there works on the copy). To stay fast and offline its *dependencies* come
  read-only from the project's venv through a path line in a .pth file, as in
  tests/test_install.py; the console scripts pip would have written for them (``nbgrader``,
  ``jupyter``, ``alembic``) are written from their entry points. Then ``make lab-ready`` runs in
  the copy: everything ``make lab`` does before it starts JupyterLab (which would block); a test
  below holds the ``lab`` recipe to exactly that plus the ``jupyter lab`` line.
- **A new shell**: ``bash`` with a bare PATH (no venv on it), a fresh HOME and no VIRTUAL_ENV.

The block runs as written, line for line, except its one comment line where trainees fetch, work
and submit: there two simulated trainees do just that, through nbgrader's own fetch and submit
commands in homes of their own and the course's personas in real kernels. Formgrader's manual
grading (another comment line) is left undone, so reflections stay "to grade", which the report,
export and portfolio must handle.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.pipeline

REPO = Path(__file__).resolve().parent.parent
PY = f"python{sys.version_info.major}.{sys.version_info.minor}"
SECTION = "## For instructors: the shortest path"
TRAINEE_LINE = "# trainees fetch it in the Assignments tab, work it and submit"
TRAINEES = (("ana", "attuned"), ("ben", "fixer"))

TRAINEE_SCRIPT = '''
"""Trainees fetch, work and submit MODULE, each in a home of their own, as the Assignments tab would."""
import subprocess
import sys
from pathlib import Path

from attuned.model.course import load_course
from attuned.pipeline.notebook_builder import load_keys
from attuned.simulation.cycle import work_notebook

course, module, homes = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
keys = load_keys(course / "instructor" / "keys", load_course())
common = [f"--Exchange.root={course / 'exchange'}", "--CourseDirectory.course_id=attuned",
          "--ExchangeFactory.submit=attuned.pipeline.exchange.PrivateSubmit"]
for pair in sys.argv[4:]:
    student, persona = pair.split(":")
    home = homes / student
    home.mkdir(parents=True)
    subprocess.run(["nbgrader", "fetch_assignment", module, *common], cwd=home, check=True)
    work_notebook(home / module, persona, keys)
    subprocess.run(["nbgrader", "submit", module, f"--student={student}", *common], cwd=home, check=True)
'''


def instructor_block() -> str:
    """The one bash block of the README's instructor section, exactly as the README has it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme, f"README.md has no section {SECTION!r}"
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```bash\n(.*?)^```", section, flags=re.S | re.M)
    assert len(blocks) == 1, f"the instructor section should hold one bash block, not {len(blocks)}"
    return blocks[0]


def _tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                         capture_output=True, text=True, check=True).stdout
    return [name for name in out.split("\0") if name and (REPO / name).is_file()]


def _console_script(bindir: Path, name: str, target: str) -> None:
    module, _, func = target.partition(":")
    script = bindir / name
    script.write_text(f"#!{bindir / 'python'}\nimport sys\nfrom {module} import {func}\nsys.exit({func}())\n")
    script.chmod(0o755)


def _new_shell_env(home: Path) -> dict[str, str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    if "TMPDIR" in os.environ:
        env["TMPDIR"] = os.environ["TMPDIR"]
    return env


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A fresh copy of this checkout with ``.venv`` as ``make lab`` leaves it, after ``make lab-ready``."""
    from importlib.metadata import entry_points

    copy = tmp_path_factory.mktemp("clone") / "attuned"
    for name in _tracked_files():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, copy / name)
    venv = copy / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = venv / "lib" / PY / "site-packages"
    (site / "_attuned_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    for name in ("nbgrader", "jupyter", "alembic"):
        _console_script(venv / "bin", name, scripts[name])
    share = venv / "share" / "jupyter"
    share.mkdir(parents=True)
    (share / "nbconvert").symlink_to(Path(sys.prefix) / "share" / "jupyter" / "nbconvert")  # feedback templates
    env = _new_shell_env(tmp_path_factory.mktemp("home"))
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                           "--no-build-isolation", "--disable-pip-version-check", "-e", str(copy)],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (venv / ".installed").touch()  # `make install`'s stamp: newer than pyproject.toml, so make leaves the venv be
    proc = subprocess.run(["make", "lab-ready"], cwd=copy, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    which = subprocess.run([str(venv / "bin" / "python"), "-c", "import attuned; print(attuned.__file__)"],
                           cwd="/", env=env, capture_output=True, text=True, check=True).stdout
    assert Path(which.strip()).is_relative_to(copy), f"the copy's venv imports attuned from {which}"
    return copy


def test_make_lab_is_lab_ready_then_only_jupyter_lab():
    """What the fixture runs (``make lab-ready``) is all of ``make lab`` but the blocking server."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lab:(.*)\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert recipe and recipe.group(1).split() == ["lab-ready"], "make lab must depend on lab-ready alone"
    lines = [line.strip() for line in recipe.group(2).splitlines()]
    assert len(lines) == 1 and lines[0].startswith("jupyter lab "), lines


def test_the_readme_block_activates_the_venv_first_and_has_its_trainee_step():
    lines = [line for line in instructor_block().splitlines() if line.strip()]
    assert lines[0].split("#")[0].strip() == "source .venv/bin/activate", lines[0]
    assert [line.strip() for line in lines].count(TRAINEE_LINE) == 1, "the trainee step moved or changed"
    commands = [line.split("#")[0].split()[0] for line in lines if not line.lstrip().startswith("#")]
    assert set(commands) <= {"source", "attuned", "nbgrader"}, commands


def test_the_readme_instructor_commands_work_as_written_in_a_new_shell(checkout, tmp_path):
    module = "02-experience-over-explanation"
    block = instructor_block()
    assert module in block
    helper = tmp_path / "trainees.py"
    helper.write_text(TRAINEE_SCRIPT, encoding="utf-8")
    pairs = " ".join(f"{student}:{persona}" for student, persona in TRAINEES)
    trainee_step = f"{checkout / '.venv' / 'bin' / 'python'} {helper} {checkout} {module} {tmp_path / 'homes'} {pairs}"
    script = "\n".join(trainee_step if line.strip() == TRAINEE_LINE else line for line in block.splitlines())
    proc = subprocess.run(["bash", "-e", "-x", "-c", script], cwd=checkout, env=_new_shell_env(tmp_path / "home"),
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, f"a README command failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr[-4000:]}"
    assert "command not found" not in proc.stderr and "Traceback" not in proc.stdout + proc.stderr

    # What each step was for is there, in the copy (not in this checkout).
    assert (checkout / "release" / module / f"{module}.ipynb").is_file()
    assert (checkout / "trial" / module / f"{module}.ipynb").is_file()
    assert (checkout / "exchange" / "attuned" / "outbound" / module).is_dir()
    for student, _persona in TRAINEES:
        assert (checkout / "submitted" / student / module / "responses.jsonl").is_file(), student
        assert (checkout / "autograded" / student / module / f"{module}.ipynb").is_file(), student
        assert list((checkout / "feedback" / student / module).glob("*.html")), student
        assert (checkout / "portfolios" / f"portfolio-{student}.html").is_file(), student
    assert list((checkout / "exchange" / "attuned" / "feedback").glob("*.html")), "release_feedback released nothing"
    assert (checkout / "report" / "report.html").is_file()
    grades = (checkout / "grades-csv.csv").read_text(encoding="utf-8").splitlines()
    assert grades[0].startswith("trainee") and module in grades[0], grades
    rows = {line.split(",")[0]: line.split(",") for line in grades[1:]}
    assert set(rows) == {student for student, _ in TRAINEES}, grades
    column = grades[0].split(",").index(module)
    assert float(rows["ana"][column]) > float(rows["ben"][column]) > 0, "the attuned trainee outscores the fixer"


def test_make_dist_writes_the_wheel_and_sdist_the_instructor_guide_installs(checkout, tmp_path):
    """The guide's "Installing the course as a package" starts from `make dist`; its files are these."""
    proc = subprocess.run(["make", "dist"], cwd=checkout, env=_new_shell_env(tmp_path / "home"),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = sorted(p.name for p in (checkout / "dist").iterdir())
    guide = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    assert len(built) == 2 and all(f"./dist/{name}" in guide for name in built), built
