"""Attuned's changes to nbgrader's autograde pipeline (attuned.pipeline.autograde_steps) and what exercise
cells show while nbgrader runs a notebook (attuned.notebook.headless).

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

from attuned.pipeline.autograde_steps import (
    NOT_RUN,
    CheckCellMetadata,
    GradeWithoutKernel,
    MetadataValidator,
    OverwriteCells,
    SaveAutoGrades,
    autograde_pipeline,
    module_of,
)
from attuned.pipeline.cell_ids import module_cells

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted(REPO.glob("source/[0-9][0-9]-*/*.ipynb"))


def test_the_pipeline_is_nbgraders_own_with_four_steps_swapped_and_one_added():
    sanitize, autograde = autograde_pipeline()
    ours = {NbgraderCheck: CheckCellMetadata, NbgraderExecute: GradeWithoutKernel, NbgraderOverwrite: OverwriteCells,
            NbgraderSave: SaveAutoGrades}
    default_sanitize = list(Autograde.class_traits()["sanitize_preprocessors"].default())
    default_autograde = list(Autograde.class_traits()["autograde_preprocessors"].default())
    expected_sanitize = [ours.get(s, s) for s in default_sanitize]
    from nbgrader.preprocessors import DeduplicateIds

    from attuned.pipeline.answer_repair import RepairAnswerCells  # before DeduplicateIds: see attuned/pipeline/answer_repair.py

    expected_sanitize.insert(expected_sanitize.index(DeduplicateIds), RepairAnswerCells)
    assert sanitize == expected_sanitize
    assert autograde == [ours.get(s, s) for s in default_autograde]
    assert {NbgraderOverwrite, NbgraderCheck} <= set(default_sanitize)  # each swap replaced something
    assert {NbgraderExecute, NbgraderSave, NbgraderCheck} <= set(default_autograde)
    assert not any(issubclass(step, NbgraderExecute) for step in sanitize + autograde), "no step may start a kernel"


def test_the_course_config_grades_without_a_kernel_and_renders_trainee_text_safely():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    sanitize, autograde = autograde_pipeline()
    assert list(config.Autograde.sanitize_preprocessors) == sanitize
    assert list(config.Autograde.autograde_preprocessors) == autograde
    assert GradeWithoutKernel(config=config).keys_dir == str(REPO / "instructor" / "keys")
    assert config.HTMLExporter.sanitize_html is True
    assert "attuned.pipeline.safe_html.SanitizeTraineeMarkdown" in config.HTMLExporter.preprocessors
    assert config.ExchangeFactory.collect == "attuned.pipeline.exchange.OwnerCheckedCollect"
    assert config.Execute.shutdown_kernel == "immediate"  # nbgrader validate, the trainee's own kernel
    assert config.NotebookExporter.optimistic_validation is True
    from nbconvert.exporters import NotebookExporter  # the class nbgrader's converters export with

    assert NotebookExporter(config=config).optimistic_validation is True


def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def test_every_code_cell_of_the_course_is_known_by_its_grade_id():
    """The builder writes exactly the code cells cell_ids.module_cells reads back, by role."""
    calls = {"vignette": "Vignette", "check": "KnowledgeCheck", "checkin": "CheckIn", "teaching_model": "TeachingModel"}
    scorers = {"vignette": "vignette_result", "check": "committed_check", "checkin": "checkin_result"}
    for path in SOURCES:
        _course, module = module_of(path.stem)
        known = module_cells(module)
        code = [c for c in _cells(path) if c.cell_type == "code"]
        assert sorted(c.metadata["nbgrader"]["grade_id"] for c in code) == sorted(known), path.name
        for cell in code:
            ours = known[cell.metadata["nbgrader"]["grade_id"]]
            assert cell.metadata["nbgrader"]["locked"] is True
            if ours.role == "draw":
                assert cell.source == f'{calls[ours.kind]}("{ours.item}")'
            elif ours.role == "score":
                assert cell.metadata["nbgrader"]["grade"] is True
                assert cell.source.startswith(f'{scorers[ours.kind]}("{ours.item}"'), cell.source
                assert "HIDDEN" not in cell.source and "key" not in cell.source
            else:
                assert not cell.metadata["nbgrader"]["grade"]


class _NoKernels:
    """Fails any attempt to start a kernel while in use."""

    def __enter__(self):
        from jupyter_client import KernelManager

        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(KernelManager, "start_kernel", lambda *a, **k: pytest.fail("a kernel was started"))
        return self

    def __exit__(self, *exc):
        self.patch.undo()


def _grade(nb, folder: Path, assignment: str = "02-experience-over-explanation"):
    resources = {"metadata": {"path": str(folder)}, "nbgrader": {"student": "t1", "assignment": assignment,
                                                                 "notebook": assignment}}
    with _NoKernels():
        return GradeWithoutKernel(keys_dir=str(REPO / "instructor" / "keys")).preprocess(nb, resources)[0]


def test_grade_cells_are_scored_in_process_and_added_code_is_not_run(tmp_path, caplog):
    from attuned.notebook import grading
    from attuned.notebook.responses import ResponseLog

    log = ResponseLog(tmp_path / "responses.jsonl")
    log.append("m2.tomas", "commit", "explain", scene="opening", run="r")
    log.append("m2.kc-reconsolidation", "check", ["a", "b", "c"])
    nb = nbformat.read(next(REPO.glob("source/02-*/*.ipynb")), as_version=4)
    added = nbformat.v4.new_code_cell("import os; os.system('id')")
    unlocked = copy.deepcopy(next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "m2-linh-score"))
    unlocked.metadata["nbgrader"].update(locked=False, grade_id="m2-linh-copy")
    tagged = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "m2-tomas-score")
    tagged.metadata["tags"] = ["skip-execution"]  # means nothing here: nothing is executed
    nb.cells[2:2] = [added, unlocked]
    with caplog.at_level("WARNING"):
        graded = _grade(nb, tmp_path)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in graded.cells}
    assert [o.text.strip() for o in graded.cells[2].outputs] == [NOT_RUN]
    assert [o.text.strip() for o in by_id["m2-linh-copy"].outputs] == [NOT_RUN]
    assert sum("not run" in r.getMessage() for r in caplog.records) == 2
    contents = log.read()
    tomas = grading.vignette_record("m2.tomas", 4, contents)
    shown, result = by_id["m2-tomas-score"].outputs
    assert shown.data["text/plain"] == tomas.text() and shown.data["text/html"] == tomas.html()
    assert float(result.data["text/plain"]) == tomas.score == 0.4  # one step of two, rated 0.2: (0.2 + 0) / 2 * 4
    kc = by_id["m2-kc-reconsolidation-score"].outputs
    assert float(kc[1].data["text/plain"]) == pytest.approx(0.67)  # key [a, b, d]: (2 right - 1 wrong) / 3 * 2
    assert "key" not in kc[0].data["text/plain"].lower()  # the record shows the answer and its score, not the key
    unanswered = by_id["m2-linh-score"].outputs
    assert float(unanswered[1].data["text/plain"]) == 0.0 and "Not answered yet" in unanswered[0].data["text/html"]
    assert all(o.output_type != "error" for c in graded.cells for o in c.get("outputs", []))


def test_a_missing_key_file_stops_the_submission_with_one_line(tmp_path):
    from attuned.model.problems import ContentError

    nb = nbformat.read(next(REPO.glob("source/02-*/*.ipynb")), as_version=4)
    resources = {"metadata": {"path": str(tmp_path)}, "nbgrader": {"assignment": "02-experience-over-explanation"}}
    with pytest.raises(ContentError, match=r"02-experience-over-explanation\.yaml: m2\.kc-insight: answer key file not found"):
        GradeWithoutKernel(keys_dir=str(tmp_path)).preprocess(nb, resources)


def _privacy_notebook(folder: Path, answer: str) -> Path:
    """A module 01 release notebook cut to its privacy cell and its first answer cell, answered."""
    nb = nbformat.read(next(REPO.glob("release/01-*/*.ipynb")), as_version=4)
    privacy = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "m1-privacy-check")
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
    """Held: autograde writes, without a kernel, the same output a kernel gives that cell."""
    from nbconvert.preprocessors import ExecutePreprocessor

    path = _privacy_notebook(tmp_path, answer)
    resources = {"metadata": {"path": str(tmp_path)}}
    in_kernel, _ = ExecutePreprocessor(timeout=120).preprocess(nbformat.read(path, as_version=4), resources)
    ours = _grade(nbformat.read(path, as_version=4), tmp_path, "01-relationship-and-technique")
    expected = [{"output_type": o.output_type, "name": o.name, "text": o.text} for o in in_kernel.cells[1].outputs]
    assert [dict(o) for o in ours.cells[1].outputs] == expected
    assert "Checking the saved version of: 01-relationship-and-technique.ipynb" in expected[0]["text"]
    flagged = "Daniel" in answer
    assert ("possible identifying detail" in expected[0]["text"]) is flagged
    assert ("No likely identifying details found" in expected[0]["text"]) is not flagged


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
