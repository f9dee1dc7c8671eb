"""Attuned's changes to nbgrader's autograde pipeline (attuned.autograde_steps) and what exercise
cells show while nbgrader runs a notebook (attuned.headless).

The end-to-end checks run nbgrader for real: tests/test_cohort.py (a trainee who tagged their grade
cells ``skip-execution`` gets exactly the fixer's scores) and the shared full cycle (every
persona's scores, feedback without keys).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.converters.autograde import Autograde
from nbgrader.nbgraderformat import MetadataValidator as NbgraderValidator
from nbgrader.nbgraderformat import ValidationError
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheck
from nbgrader.preprocessors import Execute as NbgraderExecute
from nbgrader.preprocessors import OverwriteCells as NbgraderOverwrite
from nbgrader.preprocessors import SaveAutoGrades as NbgraderSave

from attuned.autograde_steps import (
    CheckCellMetadata,
    Execute,
    MetadataValidator,
    OverwriteCells,
    RunEveryCell,
    SaveAutoGrades,
    autograde_pipeline,
    checks_privacy,
    draws_only,
    runs_in_kernel,
)

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted(REPO.glob("source/[0-9][0-9]-*/*.ipynb"))


def test_the_pipeline_is_nbgraders_own_with_four_steps_swapped_and_two_added():
    sanitize, autograde = autograde_pipeline()
    ours = {NbgraderCheck: CheckCellMetadata, NbgraderExecute: Execute, NbgraderOverwrite: OverwriteCells,
            NbgraderSave: SaveAutoGrades}
    default_sanitize = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    default_autograde = list(Autograde.class_traits()["autograde_preprocessors"].default())
    expected_sanitize = [ours.get(s, s) for s in default_sanitize]
    expected_sanitize.insert(expected_sanitize.index(OverwriteCells) + 1, RunEveryCell)
    from nbgrader.preprocessors import DeduplicateIds

    from attuned.answer_repair import RepairAnswerCells  # before DeduplicateIds: see attuned/answer_repair.py

    expected_sanitize.insert(expected_sanitize.index(DeduplicateIds), RepairAnswerCells)
    assert sanitize == expected_sanitize
    assert autograde == [ours.get(s, s) for s in default_autograde]
    assert {NbgraderOverwrite, NbgraderCheck} <= set(default_sanitize)  # each swap replaced something
    assert {NbgraderExecute, NbgraderSave, NbgraderCheck} <= set(default_autograde)


def test_the_course_config_uses_that_pipeline_and_stops_kernels_at_once():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    sanitize, autograde = autograde_pipeline()
    assert list(config.Autograde.sanitize_preprocessors) == sanitize
    assert list(config.Autograde.autograde_preprocessors) == autograde
    assert config.Execute.shutdown_kernel == "immediate"
    assert config.NotebookExporter.optimistic_validation is True
    from nbconvert.exporters import NotebookExporter  # the class nbgrader's converters export with

    assert NotebookExporter(config=config).optimistic_validation is True
    # our Execute is configured by the same section as nbgrader's (same class name)
    assert Execute(config=config).shutdown_kernel == "immediate"


def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def test_only_locked_ungraded_exercise_calls_are_left_unrun():
    left_out = 0
    for path in SOURCES:
        for cell in _cells(path):
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") or meta.get("solution") or cell.cell_type != "code":
                assert not draws_only(cell), f"{path.name}: {meta.get('grade_id')}"
            elif draws_only(cell):
                left_out += 1
                assert cell.source.split("(")[0] in {"Vignette", "KnowledgeCheck", "CheckIn", "TeachingModel"}
            else:  # setup, privacy check: they run
                assert cell.source.startswith(("from attuned", "import")), cell.source
    assert left_out >= 7 * 5, left_out
    cell = nbformat.v4.new_code_cell('Vignette("m1.maribel")')
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "grade_id": "x"}
    assert draws_only(cell)
    for source in ('Vignette("m1.maribel"); print(1)', 'vignette_result("m1.maribel", points=4)',
                   'Vignette("m1.maribel")\nimport os', "Vignette(item)"):
        assert not draws_only(nbformat.v4.new_code_cell(source, metadata=cell.metadata)), source
    unlocked = copy.deepcopy(cell)
    unlocked.metadata["nbgrader"]["locked"] = False
    graded = copy.deepcopy(cell)
    graded.metadata["nbgrader"].update(grade=True, points=1)
    assert not draws_only(unlocked) and not draws_only(graded)
    del cell.metadata["nbgrader"]
    assert not draws_only(cell)


def test_each_module_has_one_privacy_cell_and_only_its_exact_source_counts():
    for path in SOURCES:
        cells = _cells(path)
        found = [c for c in cells if checks_privacy(c)]
        assert len(found) == 1, path.name
        assert not runs_in_kernel(found[0]) and not draws_only(found[0])
        setup = next(c for c in cells if c.cell_type == "code")
        assert runs_in_kernel(setup) and not checks_privacy(setup)
    cell = found[0]
    for source in (cell.source + "\nprint(1)", cell.source.replace("()", "('/tmp')"), "show_privacy_check()"):
        assert not checks_privacy(nbformat.v4.new_code_cell(source, metadata=cell.metadata)), source
    unlocked = copy.deepcopy(cell)
    unlocked.metadata["nbgrader"]["locked"] = False
    assert not checks_privacy(unlocked) and runs_in_kernel(unlocked)


def _privacy_notebook(folder: Path, answer: str) -> Path:
    """A module 01 release notebook cut to its privacy cell and its first answer cell, answered."""
    nb = nbformat.read(next(REPO.glob("release/01-*/*.ipynb")), as_version=4)
    privacy = next(c for c in nb.cells if checks_privacy(c))
    answer_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")
                       and c.cell_type == "markdown")
    answer_cell.source = answer
    nb.cells = [answer_cell, privacy]
    path = folder / "01-relationship-and-technique.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("answer", ["I once sat with Daniel Okafor, who rang me on 07700 900123.",
                                    "A composite case; every detail is invented."])
def test_the_privacy_cell_run_in_process_prints_what_the_kernel_prints(tmp_path, answer):
    """Held: our Execute writes, without a kernel round trip, the same output a kernel gives that cell."""
    from nbconvert.preprocessors import ExecutePreprocessor

    path = _privacy_notebook(tmp_path, answer)
    resources = {"metadata": {"path": str(tmp_path)}}
    in_kernel, _ = ExecutePreprocessor(timeout=120).preprocess(nbformat.read(path, as_version=4), resources)
    ours, _ = Execute(timeout=120).preprocess(nbformat.read(path, as_version=4), copy.deepcopy(resources))
    expected = [{"output_type": o.output_type, "name": o.name, "text": o.text} for o in in_kernel.cells[1].outputs]
    assert [dict(o) for o in ours.cells[1].outputs] == expected
    assert "Checking the saved version of: 01-relationship-and-technique.ipynb" in expected[0]["text"]
    flagged = "Daniel" in answer
    assert ("possible identifying detail" in expected[0]["text"]) is flagged
    assert ("No likely identifying details found" in expected[0]["text"]) is not flagged


def test_run_every_cell_removes_the_skip_tag_and_says_where(caplog):
    nb = nbformat.read(SOURCES[0], as_version=4)
    for cell in nb.cells:
        cell.metadata["tags"] = ["skip-execution", "mine"]
    step = RunEveryCell()
    with caplog.at_level("WARNING"):
        nb, _ = step.preprocess(nb, {"nbgrader": {"student": "t1", "assignment": "01", "notebook": "01"}})
    assert all(cell.metadata["tags"] == ["mine"] for cell in nb.cells)
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert len(caplog.records) == len(nb.cells)
    assert f"t1/01/01: removed the 'skip-execution' tag from {grade_ids[0]}" in caplog.records[0].getMessage()


def _corruptions():
    """(label, change) pairs, each breaking one cell's nbgrader metadata in its own way."""
    def meta(cell):
        return cell.metadata["nbgrader"]
    return [
        ("old schema", lambda c: meta(c).update(schema_version=2)),
        ("new schema", lambda c: meta(c).update(schema_version=4)),
        ("points as text", lambda c: meta(c).update(points="four")),
        ("no points", lambda c: meta(c).pop("points")),
        ("empty grade id", lambda c: meta(c).update(grade_id="")),
        ("locked as text", lambda c: meta(c).update(locked="yes")),
        ("unknown key", lambda c: meta(c).update(colour="red")),
    ]


@pytest.mark.parametrize("label,change", _corruptions(), ids=[c[0] for c in _corruptions()])
def test_metadata_checks_agree_with_nbgraders_own(label, change):
    nb = nbformat.read(SOURCES[0], as_version=4)
    grade_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    change(grade_cell)

    def outcome(validator):
        try:
            validator.validate_nb(copy.deepcopy(nb))
        except Exception as exc:  # noqa: BLE001 - comparing what each raises
            return type(exc), str(exc).splitlines()[0]
        return None

    theirs = outcome(NbgraderValidator())
    assert outcome(MetadataValidator()) == theirs, label
    if theirs is not None:  # the preprocessors: the same exception type, e.g. SchemaTooOldError
        for step in (NbgraderCheck(), CheckCellMetadata()):
            with pytest.raises(theirs[0]) as raised:
                step.preprocess(copy.deepcopy(nb), {})
            if issubclass(theirs[0], ValidationError):
                assert "nbgrader metadata may be corrupted" in str(raised.value)


def test_every_source_notebook_passes_the_metadata_check():
    for path in SOURCES:
        MetadataValidator().validate_nb(nbformat.read(path, as_version=4))


def _run_in_kernel_like_process(code: str, env_extra: dict[str, str]) -> dict:
    import os

    env = {**os.environ, **env_extra}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


EXERCISES = ("Vignette('m1.maribel')", "KnowledgeCheck('m1.kc-variance')", "CheckIn('m1.checkin-before')",
             "TeachingModel('first-response-pattern')")


def _exercises_code(describe: str) -> str:
    """A script that builds each exercise, describes it with ``describe`` and reports the imports."""
    return (
        "import json, sys\n"
        "from attuned import CheckIn, KnowledgeCheck, TeachingModel, Vignette\n"
        f"shown = [{describe}(x) for x in ({', '.join(EXERCISES)})]\n"
        "missing = type(Vignette('m1.nobody')).__name__\n"
        "print(json.dumps({'shown': shown, 'missing': missing,\n"
        "                  'widgets': sorted(m for m in ('ipywidgets', 'anywidget', 'matplotlib') if m in sys.modules)}))\n"
    )


def test_exercise_cells_print_one_sentence_while_nbgrader_runs_the_notebook():
    """Held: under NBGRADER_EXECUTION no widget library is imported and each exercise says where its
    result is; an unknown item still gets the readable error; without it, the live controls."""
    headless = _run_in_kernel_like_process(_exercises_code("repr"), {"NBGRADER_EXECUTION": "autograde"})
    assert headless["widgets"] == []
    assert headless["missing"] == "Unavailable"
    assert "Vignette m1.maribel: interactive" in headless["shown"][0]
    assert all("printed in 'Your record' below" in s for s in headless["shown"][:3])
    assert "earns no points" in headless["shown"][3]
    live = _run_in_kernel_like_process(_exercises_code("(lambda x: type(x).__name__)"), {"NBGRADER_EXECUTION": ""})
    assert "ipywidgets" in live["widgets"] and live["missing"] == "Unavailable"
    assert live["shown"] == ["VignettePlayer", "KnowledgeCheckWidget", "CheckInWidget", "FirstResponsePattern"]
