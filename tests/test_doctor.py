"""`attuned doctor`: one plain sentence per check, ✔ ok / ✖ FAIL, exit 1 on any failure, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def doctor(course: Path, *, env: dict | None = None) -> tuple[int, list[str], str]:
    proc = subprocess.run([sys.executable, "-m", "attuned", "doctor", "--course", str(course)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, env=env)
    out = proc.stdout + proc.stderr
    return proc.returncode, [line for line in proc.stdout.splitlines() if line.startswith(("✔", "✖"))], out


def quickstart(target: Path, exchange: Path | None = None) -> Path:
    from attuned.commands.quickstart import quickstart as make

    make(target)
    if exchange is not None:  # as a hub's instructor does: the shared exchange, set in the course's config
        with (target / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    return target


def failures(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("✖")]


@pytest.fixture
def shared_tmp():
    """A folder other accounts can reach (pytest's tmp_path sits under a 0700 folder, and the doctor
    rightly reports an exchange there as unreachable for trainees)."""
    base = Path(tempfile.mkdtemp(prefix="attuned-doctor-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    for path in [base, *base.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)


def test_a_healthy_course_with_a_shared_exchange_passes_every_check(shared_tmp):
    exchange = shared_tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)  # nbgrader's docs: readable and writable by every account; the sticky bit on top
    course = quickstart(shared_tmp / "course", exchange)
    code, lines, out = doctor(course)
    assert code == 0 and failures(lines) == [] and "Traceback" not in out, out
    assert all(line.startswith("✔ ok") for line in lines) and out.rstrip().endswith(f"All {len(lines)} checks passed.")
    for sentence in ("nbgrader 0.9", "nbgrader's server extensions are enabled",
                     "The JupyterLab extension @jupyter/nbgrader", "The JupyterLab extension anywidget",
                     f"The exchange folder {exchange} exists and your account", "Trainee accounts can fetch and submit",
                     "with the sticky bit", "The gradebook sqlite:///", "The course content is valid",
                     "source notebooks match", "The answer keys are private", "The answer-cell shortcuts are installed"):
        assert any(sentence in line for line in lines), (sentence, out)


def test_a_jupyterlab_without_the_answer_cell_shortcuts_is_a_sentence_and_exit_1(tmp_path):
    """JUPYTERLAB_DIR points JupyterLab (and the doctor) at an app folder Attuned was never installed into."""
    lab = tmp_path / "lab-app"
    code, lines, out = doctor(quickstart(tmp_path / "course"), env={**os.environ, "JUPYTERLAB_DIR": str(lab)})
    assert code == 1 and "Traceback" not in out, out
    missing = lab / "settings" / "overrides.d" / "attuned.json"
    assert [line for line in failures(lines) if str(missing) in line and "reinstall Attuned" in line], out
    missing.parent.mkdir(parents=True)
    missing.write_text("{}\n", encoding="utf-8")
    code, lines, out = doctor(tmp_path / "course", env={**os.environ, "JUPYTERLAB_DIR": str(lab)})
    assert code == 1 and [line for line in failures(lines) if "is out of date" in line], out


def test_the_one_account_layout_passes_and_says_what_a_hub_needs(tmp_path):
    code, lines, out = doctor(quickstart(tmp_path / "course"))
    assert code == 0, out
    assert any("One-account setup" in line and "chmod 1777" in line for line in lines), out


def test_a_missing_exchange_is_a_sentence_and_exit_1(tmp_path):
    missing = tmp_path / "no-exchange"
    code, lines, out = doctor(quickstart(tmp_path / "course", missing))
    assert code == 1 and "Traceback" not in out, out
    assert failures(lines) == [f"✖ FAIL  The exchange folder {missing} does not exist, so modules cannot be released "
                               f"or submitted: create it with `mkdir -p {missing} && chmod 1777 {missing}` (nbgrader's "
                               "docs: readable and writable by every account), or set c.Exchange.root in "
                               "nbgrader_config.py."], out
    assert "1 of" in out and "checks failed" in out


def test_an_exchange_trainees_cannot_write_to_is_a_failure(shared_tmp):
    exchange = shared_tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o755)
    code, lines, out = doctor(quickstart(shared_tmp / "course", exchange))
    assert code == 1 and "Traceback" not in out, out
    assert [line for line in failures(lines) if "exchange" in line] == [
        f"✖ FAIL  Trainee accounts cannot submit to {exchange}: its mode is 0755, and nbgrader needs the exchange "
        f"readable and writable by every account. Run `chmod 1777 {exchange}` (the sticky bit stops one trainee "
        "deleting another's files)."], out


def _unprivileged_python() -> list[str] | None:
    """A command that runs this checkout's code as `nobody`, when the tests run as root (root may
    write anywhere, so an unwritable folder can only be shown to another account)."""
    setpriv, python = shutil.which("setpriv"), shutil.which(f"python{sys.version_info.major}.{sys.version_info.minor}",
                                                             path="/usr/bin:/usr/local/bin")
    if not setpriv or not python:
        return None
    probe = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python, "-c",
                            "import nbgrader, attuned"], env=_nobody_env(), capture_output=True, timeout=60,
                           cwd="/")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", python] if probe.returncode == 0 else None


def _nobody_env() -> dict[str, str]:
    return {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
            "PYTHONPATH": f"{REPO}{os.pathsep}{sysconfig.get_paths()['purelib']}", "PYTHONDONTWRITEBYTECODE": "1",
            "JUPYTER_PLATFORM_DIRS": "1"}


def test_an_exchange_your_account_cannot_write_to_is_a_sentence_and_exit_1(shared_tmp):
    """As a normal user a 0555 folder is unwritable; root may write anywhere, so as root the doctor
    runs as `nobody` against a folder root owns."""
    import pwd

    as_root = os.geteuid() == 0
    command = _unprivileged_python() if as_root else [sys.executable]
    if command is None:
        pytest.skip("no setpriv or no system Python of this version to run the doctor as another account")
    exchange = shared_tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o755 if as_root else 0o555)
    course = quickstart(shared_tmp / "course", exchange)
    if as_root:  # let `nobody` read the course (the config also wants its exchange/ to exist)
        (course / "exchange").mkdir(exist_ok=True)
        for path in [course, *course.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    proc = subprocess.run([*command, "-m", "attuned", "doctor", "--course", str(course)], cwd="/" if as_root else REPO,
                          env=_nobody_env() if as_root else None, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    user, owner = ("nobody", "root") if as_root else (pwd.getpwuid(os.geteuid()).pw_name,) * 2
    assert proc.returncode == 1 and "Traceback" not in out, out
    assert (f"✖ FAIL  The exchange folder {exchange} is not writable by your account ({user}; mode "
            f"{'0755' if as_root else '0555'}, owner {owner}), so you cannot release modules or collect "
            f"submissions: ask {owner} to run `chmod 1777 {exchange}`." in proc.stdout.splitlines()), out


def test_keys_readable_by_others_fail_the_privacy_check(shared_tmp):
    course = quickstart(shared_tmp / "course")
    keys = course / "instructor" / "keys"
    keys.chmod(0o755)
    next(keys.iterdir()).chmod(0o644)
    course.chmod(0o755)
    (course / "gradebook.db").chmod(0o644)
    code, lines, out = doctor(course)
    assert code == 1 and "Traceback" not in out, out
    failed = failures(lines)
    assert any("The answer keys are not private: keys (0755)" in line and "chmod 700" in line for line in failed), out
    assert any("can be read by other accounts (e.g. gradebook.db" in line and f"chmod 700 {course}" in line
               for line in failed), out


def test_a_broken_course_config_is_a_sentence(tmp_path):
    course = quickstart(tmp_path / "course")
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.Exchange.root = undefined_name\n")
    code, lines, out = doctor(course)
    assert code == 1 and "Traceback" not in out, out
    assert any("nbgrader_config.py" in line and "cannot be loaded" in line and "undefined_name" in line
               for line in failures(lines)), out


@pytest.mark.parametrize("undo, says", [
    ("c.Autograde.autograde_preprocessors = ['nbgrader.preprocessors.Execute', "
     "'nbgrader.preprocessors.SaveAutoGrades']", "Autograde would run each submission's code in a kernel"),
    ("from nbgrader.converters.autograde import Autograde\n"
     "c.Autograde.autograde_preprocessors = Autograde.class_traits()['autograde_preprocessors'].default()",
     "Autograde would run each submission's code in a kernel"),
    ("c.HTMLExporter.sanitize_html = False", "would show trainees' HTML as it is"),
    ("c.HTMLExporter.preprocessors = []", "would show trainees' HTML as it is"),
    ("c.ExchangeFactory.collect = 'nbgrader.exchange.default.collect.ExchangeCollect'",
     "Collect would take a submission made in another trainee's name"),
    ("c.GradeWithoutKernel.keys_dir = '/nonexistent'", "which holds no key file"),
])
def test_a_config_that_undoes_the_grading_safeguards_is_reported(shared_tmp, undo, says):
    exchange = shared_tmp / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    course = quickstart(shared_tmp / "course", exchange)
    code, lines, out = doctor(course)
    assert code == 0 and any("Autograde runs no code from submissions" in line for line in lines), out
    assert any("Collect takes a submission only from the account it names" in line for line in lines), out
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\n" + undo + "\n")
    code, lines, out = doctor(course)
    assert code == 1 and [line for line in failures(lines) if says in line], out


def test_the_doctor_says_plainly_that_the_response_log_needs_posix(monkeypatch):
    """The log uses fcntl, O_NONBLOCK and pread; on another system the doctor's first line says so."""
    import platform

    from attuned.commands.doctor import check_posix, checks

    [here] = list(check_posix())
    assert here.ok and "POSIX" in here.sentence, here
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(platform, "system", lambda: "Windows")
    first = next(checks(None, "no course folder: none given"))
    assert not first.ok
    assert first.sentence.startswith("Attuned needs a POSIX system") and "Windows" in first.sentence, first.sentence
    assert "response log" in first.sentence and "fcntl" in first.sentence, first.sentence


def test_the_package_declares_posix():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "Operating System :: POSIX" in project["classifiers"]
