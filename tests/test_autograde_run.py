"""``attuned autograde``'s parts that need no cycle: causes in plain words, the failure record, the
report's refusal without anything graded, the demo table's one denominator per module.

The whole path (a broken, a renamed and a blank notebook through nbgrader's real autograde, then
report, export and portfolio) runs in tests/test_first_cohort.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attuned.commands.cli import main
from attuned.pipeline.autograde_record import read_failures, record_path, update_failures
from attuned.pipeline.autograde_run import AutogradeError, autograde_module, plain_reason, summary

MODULE = "02-experience-over-explanation"


@pytest.mark.parametrize(("log", "words"), [
    ("[ERROR] No notebooks found, did you forget to run 'nbgrader generate_assignment'?",
     f"no {MODULE}.ipynb in the submission (the notebook was renamed or removed): rename it back in "
     f"submitted/t1/{MODULE}/"),
    ("[ERROR] One or more notebooks in the assignment use an old version \nof the nbgrader metadata format.",
     "answer cells changed beyond repair"),
    ("[ERROR] nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{\"cells\": ['",
     f"the notebook in submitted/t1/{MODULE}/ is damaged"),
    ("[ERROR] nbclient.exceptions.CellTimeoutError: A cell timed out", "a cell ran past the time limit"),
    ("[ERROR] There was an error processing assignment: x\n[ERROR] Something nobody foresaw",
     "Something nobody foresaw"),
])
def test_causes_are_put_in_plain_words(log, words):
    assert plain_reason(log, "t1", MODULE).startswith(words)


def test_the_record_keeps_failures_until_a_trainee_is_graded(tmp_path):
    assert read_failures(tmp_path) == {}
    update_failures(tmp_path, MODULE, {"t1": "damaged", "t2": "renamed"}, ["t3"])
    assert read_failures(tmp_path) == {MODULE: {"t1": "damaged", "t2": "renamed"}}
    assert record_path(tmp_path).stat().st_mode & 0o077 == 0, "private, like the gradebook"
    update_failures(tmp_path, MODULE, {}, ["t1"])
    assert read_failures(tmp_path) == {MODULE: {"t2": "renamed"}}
    update_failures(tmp_path, MODULE, {}, ["t2"])
    assert json.loads(record_path(tmp_path).read_text()) == {}
    record_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert read_failures(tmp_path) == {}, "a damaged note must not stop a report"


def test_the_summary_names_each_repaired_and_failed_trainee():
    from attuned.pipeline.autograde_run import Outcome

    lines = summary(MODULE, [Outcome("ana", True), Outcome("ben", True, repairs=["1 empty inserted cell removed"]),
                             Outcome("cal", False, "the notebook is damaged")])
    assert lines == ["graded ben after repairs: 1 empty inserted cell removed",
                     "NOT GRADED cal: the notebook is damaged",
                     f"{MODULE}: 2 of 3 trainees autograded; 1 not graded (recorded in autograde-failures.json: "
                     "report, export and portfolio show them as not graded, not 0)"]


def test_autograde_without_module_or_submissions_is_one_line(tmp_path, capsys):
    (tmp_path / "nbgrader_config.py").write_text("", encoding="utf-8")
    (tmp_path / "source" / MODULE).mkdir(parents=True)
    with pytest.raises(AutogradeError, match="no module '09-x'"):
        autograde_module(tmp_path, "09-x")
    assert main(["autograde", MODULE, "--course", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"attuned autograde: no collected submissions of {MODULE}") and len(err.splitlines()) == 1


def test_report_without_a_gradebook_or_anything_graded_is_one_line_and_exit_1(tmp_path, capsys):
    from nbgrader.api import Gradebook

    assert main(["report", "--course", str(tmp_path), "--out", str(tmp_path / "report")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"attuned report: no gradebook at {tmp_path / 'gradebook.db'}") and len(err.splitlines()) == 1
    assert not (tmp_path / "gradebook.db").exists() and not (tmp_path / "report").exists()
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        gb.add_assignment(MODULE)
        gb.add_student("t1")
    assert main(["report", "--course", str(tmp_path), "--out", str(tmp_path / "report")]) == 1
    err = capsys.readouterr().err
    assert "has been graded yet" in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "report").exists()


def test_the_demo_table_keeps_one_denominator_per_module_and_explains_its_columns():
    from attuned.simulation.cycle import TABLE_LEGEND, CycleResult, table

    result = CycleResult(work=Path(), course=Path(), modules=[MODULE], students=["attuned", "silent"])
    items = {"m2-reflect-insight-answer": 15.0, "m2-tomas-score": 4.0, "m2-kc-insight-score": 1.0,
             "m2-tomas-own-words": 4.0}
    result.scores = {
        "attuned": {MODULE: {"m2-reflect-insight-answer": (None, 15.0), "m2-tomas-score": (3.8, 4.0),
                             "m2-kc-insight-score": (1.0, 1.0), "m2-tomas-own-words": (None, 4.0)}},
        # nbgrader scores a blank reflection 0 itself: it once made this trainee's maximum 20, not 5
        "silent": {MODULE: {gid: (None if gid.endswith("own-words") else 0.0, m) for gid, m in items.items()}},
    }
    rows = table(result).splitlines()
    assert "4.80/5" in rows[1] and "100%" in rows[1] and "19 pts to grade" in rows[1]
    assert "0.00/5" in rows[2] and "4 pts to grade, 15 blank" in rows[2]
    assert rows[-1] == f"Module points {MODULE}: 5 autograded + 19 written = 24"
    for column in ("autograded", "vignettes", "vs attuned", "written"):
        assert any(line.startswith(column) for line in TABLE_LEGEND.splitlines()), column


def test_code_a_trainee_added_is_listed_as_not_run(tmp_path):
    """Through nbgrader's own autograde for one trainee: the added cell is named in the summary."""
    import nbformat

    from attuned.notebook.responses import ResponseLog
    from attuned.pipeline.autograde_run import autograde_module
    from attuned.simulation.cycle import nbgrader_env, prepare_course, run_nbgrader

    course = prepare_course(Path(__file__).resolve().parents[1], tmp_path, [MODULE])
    env = nbgrader_env()
    run_nbgrader(["generate_assignment", MODULE, "--force"], course, env, "generate")
    folder = course / "submitted" / "zoe" / MODULE
    folder.mkdir(parents=True)
    nb = nbformat.read(next((course / "release" / MODULE).glob("*.ipynb")), as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("import os\nos.system('id')"))
    nbformat.write(nb, folder / f"{MODULE}.ipynb")
    ResponseLog(folder / "responses.jsonl").append("m2.kc-insight", "check", ["b"])
    (folder / "timestamp.txt").write_text("2026-12-05 09:00:00.000000 UTC", encoding="utf-8")
    outcomes = autograde_module(course, MODULE)
    assert [(o.trainee, o.graded, o.not_run) for o in outcomes] == [("zoe", True, ["cell 4"])]
    assert summary(MODULE, outcomes)[0] == ("zoe: added code cell not run (cell 4): autograde runs no code from a "
                                            "submission")
