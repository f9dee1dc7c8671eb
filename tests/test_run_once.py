"""xdist's run-once pattern (tests/run_once.py), tried with real xdist workers on a small suite.

``make test`` runs ``-n auto --dist loadfile``; ``full_cycle`` is used by five test files that land on
different workers, and must still be built once. The same mechanism is checked here on a suite whose
expensive fixture is cheap, so it runs in seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CONFTEST = '''
import os
from pathlib import Path

import pytest

from tests.run_once import run_once


@pytest.fixture(scope="session")
def expensive(tmp_path_factory):
    def build(folder):
        (folder / "built").write_text(os.environ.get("PYTEST_XDIST_WORKER", "main"))
        return {"folder": folder, "answer": 42}

    return run_once(tmp_path_factory, "expensive", build)
'''

TEST = '''
import os
from pathlib import Path

from tests.run_once import runs


def test_uses_the_fixture(expensive, tmp_path_factory):
    assert expensive["answer"] == 42 and (expensive["folder"] / "built").is_file()
    assert len(runs(tmp_path_factory, "expensive")) == 1
    with open(os.environ["USERS_FILE"], "a") as users:
        users.write(os.environ.get("PYTEST_XDIST_WORKER", "main") + "\\n")
'''


def test_a_session_fixture_used_on_several_workers_is_built_once(tmp_path):
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    for n in range(4):
        (suite / f"test_file_{n}.py").write_text(TEST, encoding="utf-8")
    users = tmp_path / "users.txt"
    basetemp = tmp_path / "basetemp"
    env = {**os.environ, "PYTHONPATH": str(REPO), "USERS_FILE": str(users)}
    env.pop("PYTEST_XDIST_WORKER", None)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile", "-p", "no:randomly",
                           "-p", "no:cacheprovider", f"--basetemp={basetemp}", str(suite)],
                          cwd=suite, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout, proc.stdout
    workers = users.read_text().split()
    assert len(workers) == 4 and set(workers) == {"gw0", "gw1"}, f"the fixture was not shared by two workers: {workers}"
    built = (basetemp / "expensive.runs").read_text().split()
    assert len(built) == 1, f"the expensive fixture was built {len(built)} times: {built}"
