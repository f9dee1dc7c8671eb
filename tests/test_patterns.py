"""First-response patterns: which stance a trainee chose first, per run, across module logs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from attuned.model.course import get_course
from attuned.notebook.first_responses import COLUMNS, find_course_logs, first_responses
from attuned.notebook.responses import ResponseLog

M2 = "02-experience-over-explanation"


def test_importing_patterns_does_not_import_pandas():
    import subprocess

    code = ("import sys, attuned.notebook.first_responses, attuned.notebook.teaching_models.pattern; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fixture_ids_exist_in_the_course():
    course = get_course()
    tomas, linh = course.vignette("m2.tomas"), course.vignette("m2.linh")
    assert tomas.scene("opening").option("invite").stance == "attuned"
    assert tomas.scene("opening").option("explain").stance == "explain"
    assert tomas.scene("flat").option("repair").stance == "repair"
    assert linh.scene("opening").option("interpret").stance == "interpret"
    assert linh.scene("opening").option("back-to-plan").stance == "fix"
    assert tomas.module == M2


def _module_log(root: Path, folder: str = M2) -> ResponseLog:
    (root / folder).mkdir(parents=True, exist_ok=True)
    return ResponseLog(root / folder / "responses.jsonl")


def test_graded_and_practice_runs_each_give_their_first_step(tmp_path):
    log = _module_log(tmp_path)
    # Graded run for Tomás: a weak first response, then a repair in the rupture scene.
    log.append("m2.tomas", "commit", "explain", scene="opening", run="g1")
    log.append("m2.tomas", "commit", "repair", scene="flat", run="g1")
    # Two practice runs, interleaved in the file: only each run's first step counts.
    log.append("m2.tomas", "practice", "invite", scene="opening", run="p1")
    log.append("m2.tomas", "practice", "reassure", scene="opening", run="p2")
    log.append("m2.tomas", "practice", "stay", scene="window", run="p1")
    log.append("m2.tomas", "practice", "push-on", scene="flat", run="p2")
    # Other kinds in the same log are not vignette runs and are ignored.
    log.append("m2.kc-insight", "check", ["b"])
    log.append("m2.checkin-before", "self_report", {"activation": 3})

    df = first_responses([log.path])

    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 3
    assert df.attrs["skipped"] == 0
    graded = df[df["graded"]]
    assert len(graded) == 1
    row = graded.iloc[0]
    assert (row["module"], row["item"], row["client"]) == (M2, "m2.tomas", "Tomás")
    assert (row["stance"], row["family"]) == ("explain", "fix")  # the repair later in the run is not a first step
    practice = df[~df["graded"]].sort_values("stance")
    assert practice["stance"].tolist() == ["attuned", "reassure"]
    assert practice["family"].tolist() == ["attuned", "reassure"]
    assert df["graded"].dtype == bool
    assert all(isinstance(at, str) and at.endswith("Z") for at in df["at"])


def test_two_vignettes_and_several_logs(tmp_path):
    log = _module_log(tmp_path)
    log.append("m2.linh", "commit", "interpret", scene="opening", run="a")
    log.append("m2.linh", "commit", "repair", scene="brisk", run="a")
    log.append("m2.linh", "practice", "back-to-plan", scene="opening", run="b")
    other = _module_log(tmp_path, "03-someone-elses-module")
    other.append("m2.tomas", "commit", "invite", scene="opening", run="c")

    df = first_responses([log.path, other.path])

    by_item = {(r.item, r.graded): (r.stance, r.family) for r in df.itertuples()}
    assert by_item == {
        ("m2.linh", True): ("interpret", "interpret"),
        ("m2.linh", False): ("fix", "fix"),
        ("m2.tomas", True): ("attuned", "attuned"),
    }
    assert set(df["client"]) == {"Linh", "Tomás"}


def test_only_the_first_run_is_graded(tmp_path):
    log = _module_log(tmp_path)
    log.append("m2.linh", "commit", "notice", scene="opening", run="first")
    log.append("m2.linh", "commit", "reflect", scene="tin", run="first")
    # A stray commit from another run (the player never writes one) must not count as graded.
    log.append("m2.linh", "commit", "interpret", scene="opening", run="second")

    df = first_responses([log.path])

    assert df["graded"].tolist().count(True) == 1
    assert df.loc[df["graded"], "stance"].item() == "attuned"
    assert df.loc[~df["graded"], "stance"].item() == "interpret"


def test_unknown_items_scenes_and_options_are_skipped_and_counted(tmp_path):
    log = _module_log(tmp_path)
    log.append("m9.nobody", "commit", "x", scene="opening", run="r1")  # no such vignette: 1 run
    log.append("m9.nobody", "practice", "x", scene="opening", run="r2")  # ... and a 2nd run
    log.append("m2.tomas", "commit", "renamed-option", scene="opening", run="r3")  # unknown option
    log.append("m2.tomas", "practice", "invite", scene="no-such-scene", run="r4")  # unknown scene
    log.append("m2.linh", "practice", "notice", scene="opening", run="r5")  # fine
    with open(log.path, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")

    df = first_responses([log.path])

    assert df.attrs["skipped"] == 4
    assert len(df) == 1
    assert df.iloc[0]["item"] == "m2.linh"
    assert len(df.attrs["problems"]) == 1


def test_missing_or_empty_logs_give_an_empty_frame_with_columns(tmp_path):
    df = first_responses([tmp_path / "nowhere" / "responses.jsonl"])
    assert df.empty
    assert list(df.columns) == list(COLUMNS)
    assert df.attrs["skipped"] == 0
    assert first_responses([]).empty


def test_find_course_logs_finds_sibling_module_folders(tmp_path):
    for folder in (M2, "04-moving-past-fixing", "07-supervision-and-reflective-practice"):
        _module_log(tmp_path, folder).append("m2.tomas", "commit", "invite", scene="opening", run="r")
    (tmp_path / "05-no-log-yet").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "responses.jsonl").write_text("")  # not a module folder
    here = tmp_path / "07-supervision-and-reflective-practice"

    found = find_course_logs(here)

    assert found[0] == here / "responses.jsonl"
    assert [p.parent.name for p in found] == [
        "07-supervision-and-reflective-practice",
        M2,
        "04-moving-past-fixing",
    ]
    assert len(found) == len(set(found))


def test_find_course_logs_includes_own_log_in_a_non_module_folder(tmp_path):
    here = tmp_path / "scratch"
    here.mkdir()
    ResponseLog(here / "responses.jsonl").append("m2.tomas", "commit", "invite", scene="opening", run="r")
    _module_log(tmp_path).append("m2.linh", "commit", "notice", scene="opening", run="r")
    assert [p.parent.name for p in find_course_logs(here)] == ["scratch", M2]
    lonely = tmp_path / "elsewhere" / "01-relationship-and-technique"
    lonely.mkdir(parents=True)
    assert find_course_logs(lonely) == []


def test_summary_and_counts(tmp_path):
    from attuned.notebook.teaching_models.pattern import counts_by_module, summary_text

    log = _module_log(tmp_path)
    log.append("m2.tomas", "commit", "invite", scene="opening", run="a")
    log.append("m2.linh", "commit", "back-to-plan", scene="opening", run="b")
    log.append("m2.linh", "practice", "notice", scene="opening", run="c")
    log.append("m9.gone", "practice", "x", scene="opening", run="d")
    df = first_responses(find_course_logs(tmp_path / M2))

    text = summary_text(df)
    assert "In 1 of 2 graded first responses you chose an attuned response" in text
    assert "1 fix" in text
    assert "In 1 of 1 practice first response" in text
    assert "1 run could not be matched" in text
    table = counts_by_module(df, graded=True)
    assert table.loc[M2].to_dict() == {"attuned": 1, "fix": 1, "interpret": 0, "reassure": 0, "other": 0}
    assert summary_text(df.iloc[0:0]).startswith("No vignette responses found yet")


def test_view_builds_with_and_without_logs(tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    import matplotlib

    matplotlib.use("Agg")
    from attuned.notebook.teaching_models.pattern import FirstResponsePattern

    empty = FirstResponsePattern(tmp_path / "07-supervision-and-reflective-practice")
    assert 'role="status"' in empty.summary.value
    assert "No response logs found yet" in empty.summary.value

    log = _module_log(tmp_path)
    log.append("m2.tomas", "commit", "explain", scene="opening", run="a")
    log.append("m2.tomas", "practice", "invite", scene="opening", run="b")
    monkeypatch.chdir(tmp_path / M2)
    view = FirstResponsePattern()
    assert view.folder == tmp_path / M2
    assert "In 0 of 1 graded first response you chose an attuned response" in view.summary.value
    assert "<table" in view.practice.value and "Practice runs" in view.practice.value
