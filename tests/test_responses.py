"""The response log: append-only, concurrent-safe, crash-tolerant, and honest when it can't save."""

import json
import multiprocessing
import os

import pytest

from attuned.notebook.responses import LogWriteError, ResponseLog


def test_append_then_read_round_trips_every_field(tmp_path):
    log = ResponseLog(tmp_path / "responses.jsonl")
    log.append("m2.tomas", "commit", "invite", scene="opening", path=["opening:invite"], run="r1")
    log.append("m2.kc-insight", "check", ["b"])
    contents = log.read()
    assert contents.problems == []
    first, second = contents.events
    assert (first.item, first.kind, first.value, first.scene, first.path, first.run) == (
        "m2.tomas", "commit", "invite", "opening", ("opening:invite",), "r1")
    assert second.value == ["b"] and second.at.endswith("Z")
    assert (tmp_path / "responses.jsonl").read_text().count("\n") == 2


def test_the_first_graded_event_wins_and_later_ones_are_practice(tmp_path):
    log = ResponseLog(tmp_path / "responses.jsonl")
    log.append("m2.kc-insight", "check", ["a"])
    log.append("m2.kc-insight", "practice", ["b"])
    log.append("m2.tomas", "commit", "explain", scene="opening", run="first")
    log.append("m2.tomas", "commit", "repair", scene="flat", run="first")
    log.append("m2.tomas", "practice", "invite", scene="opening", run="second")
    contents = log.read()
    assert contents.graded("m2.kc-insight").value == ["a"]
    assert [e.value for e in contents.graded_run("m2.tomas")] == ["explain", "repair"]


def test_a_torn_last_line_is_skipped_with_a_note_and_the_next_append_starts_clean(tmp_path):
    path = tmp_path / "responses.jsonl"
    log = ResponseLog(path)
    log.append("m2.tomas", "commit", "invite", scene="opening", run="r")
    with open(path, "ab") as fh:
        fh.write(b'{"item": "m2.tomas", "kind": "comm')  # a crash mid-write
    contents = log.read()
    assert len(contents.events) == 1
    assert contents.problems == ["responses.jsonl: line 2: incomplete last line (an interrupted save?) skipped"]
    log.append("m2.tomas", "commit", "stay", scene="window", run="r")
    contents = log.read()
    assert [e.value for e in contents.events] == ["invite", "stay"]
    assert len(contents.problems) == 1 and "line 2" in contents.problems[0]


def test_reading_a_missing_log_is_empty_and_silent(tmp_path):
    contents = ResponseLog(tmp_path / "responses.jsonl").read()
    assert contents.events == [] and contents.problems == []


def test_a_folder_where_the_log_should_be_is_reported_not_raised(tmp_path):
    (tmp_path / "responses.jsonl").mkdir()
    log = ResponseLog(tmp_path / "responses.jsonl")
    assert "is a folder" in log.read().problems[0]
    with pytest.raises(LogWriteError, match="NOT saved"):
        log.append("m2.tomas", "commit", "invite")


def test_unknown_kinds_are_refused_before_writing(tmp_path):
    with pytest.raises(ValueError):
        ResponseLog(tmp_path / "r.jsonl").append("m2.tomas", "graded", "x")
    assert not (tmp_path / "r.jsonl").exists()


def _writer(path: str, name: str, count: int) -> None:
    log = ResponseLog(path)
    for i in range(count):
        log.append(f"m2.{name}", "practice", {"seq": i, "pad": "x" * (i % 50)})


def test_two_processes_appending_500_events_each_lose_nothing(tmp_path):
    path = str(tmp_path / "responses.jsonl")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, name, 500)) for name in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    contents = ResponseLog(path).read()
    assert contents.problems == []
    for name in ("a", "b"):
        seqs = [e.value["seq"] for e in contents.events if e.item == f"m2.{name}"]
        assert seqs == list(range(500)), f"writer {name} lost or reordered events"
    with open(path, "rb") as fh:
        lines = fh.read().split(b"\n")
    assert lines[-1] == b"" and all(json.loads(line) for line in lines[:-1])


def test_write_failures_surface_as_log_write_error(tmp_path, monkeypatch):
    import errno

    log = ResponseLog(tmp_path / "responses.jsonl")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(LogWriteError, match="disk is full"):
        log.append("m2.tomas", "commit", "invite")
