"""Notebooks: generated source in sync, nbgrader's release in sync, and every notebook runs (nbval)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODULES = sorted(p.name for p in (REPO / "source").glob("[0-9][0-9]-*"))
MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", "BEGIN MARK SCHEME")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_source_notebooks_match_the_content_they_are_built_from(tmp_path):
    from attuned.pipeline.notebook_builder import build_all

    for built in build_all(REPO, tmp_path):
        committed = REPO / "source" / built.relative_to(tmp_path)
        assert committed.exists(), f"{committed} missing: run `make source`"
        assert committed.read_text(encoding="utf-8") == built.read_text(encoding="utf-8"), (
            f"{committed} is out of date with attuned/content: run `make source` then `make release`")


def test_source_holds_no_response_log_and_no_outputs():
    logs = list((REPO / "source").rglob("responses.jsonl")) + list((REPO / "source").rglob("responses.json"))
    assert logs == [], f"a response log in source/ would be released to every trainee: {logs}"
    for nb in (REPO / "source").rglob("*.ipynb"):
        assert all(not c.get("outputs") for c in _cells(nb) if c["cell_type"] == "code"), f"{nb} has outputs"


def test_release_matches_a_fresh_generate_assignment_and_holds_no_markers(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    shutil.copytree(REPO / "source", course / "source")
    # One command for every module (nbgrader globs the assignment id): each start-up costs seconds.
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "[0-9][0-9]-*", "--force",
                    "--log-level=ERROR"], cwd=course, check=True, capture_output=True)
    assert sorted(p.name for p in (course / "release").iterdir()) == MODULES
    fresh = sorted(p.relative_to(course / "release") for p in (course / "release").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(REPO / "release") for p in (REPO / "release").rglob("*") if p.is_file())
    assert fresh == committed, "release/ has different files than nbgrader generates: run `make release`"
    for rel in fresh:
        new = (course / "release" / rel).read_bytes()
        assert (REPO / "release" / rel).read_bytes() == new, f"release/{rel} is stale: run `make release`"
        text = new.decode("utf-8")
        assert not any(m in text for m in MARKERS), f"release/{rel} contains a solution or hidden-test marker"


def _copies_with_key_logs(kind: str, tmp_path: Path, keys) -> Path:
    """Each notebook in its own folder beside a key log written by the attuned persona's widgets."""
    from attuned.simulation.personas import write_persona_log

    root = tmp_path / kind
    for module in MODULES:
        folder = root / module
        shutil.copytree(REPO / kind / module, folder)
        write_persona_log(module, folder / "responses.jsonl", "attuned", keys)
    return root


@pytest.mark.parametrize("kind", ["source", "release"])
def test_every_notebook_runs_under_nbval(kind, tmp_path, keys):
    root = _copies_with_key_logs(kind, tmp_path, keys)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider", "--rootdir", str(root),
         "-c", "/dev/null", str(root)],
        cwd=root, capture_output=True, text=True, timeout=1200,
    )
    tail = proc.stdout[-3000:]
    assert proc.returncode == 0, tail
    code_cells = sum(1 for nb in root.rglob("*.ipynb") for c in _cells(nb) if c["cell_type"] == "code")
    import re

    passed = re.search(r"(\d+) passed", tail)
    assert passed and int(passed.group(1)) == code_cells, f"nbval ran {passed and passed.group(1)} of {code_cells} cells"


def test_ungraded_notebooks_run_under_nbval(tmp_path):
    root = tmp_path / "course" / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider",
                           "-c", "/dev/null", str(root)], cwd=root, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    names = {p.name for p in root.glob("*.ipynb")}
    assert {"practice-room.ipynb", "vignette-preview.ipynb", "cohort-dashboard.ipynb", "instructor-guide.ipynb"} <= names


def test_committed_ungraded_notebooks_have_no_outputs():
    for nb in (REPO / "notebooks").glob("*.ipynb"):
        assert all(not c.get("outputs") for c in _cells(nb) if c["cell_type"] == "code"), nb.name
