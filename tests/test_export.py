"""``attuned export``: grades out to Canvas, Moodle or plain CSV, from the session's real nbgrader cycle.

The columns are checked against what each platform documents (see attuned/reports/export.py for the pages):
Canvas's gradebook import wants ``Student, ID, SIS User ID, SIS Login ID, Section`` first, then one
column per assignment, and a second row ``Points Possible``; its importer drops trailing read-only
columns such as ``Final Points``. Moodle's CSV import maps one identifier column (username, ID number
or email) and one column per grade item. The numbers are checked against nbgrader's own export
(grades.csv), which the cycle wrote independently.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from attuned.commands.cli import main
from attuned.reports.export import CANVAS_STUDENT_COLUMNS

pytestmark = pytest.mark.pipeline

# canvas-lms app/models/gradebook_importer.rb: trailing columns it never imports
CANVAS_READ_ONLY = re.compile(r"Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade")


@pytest.fixture(autouse=True)
def _sqlite_gradebook(monkeypatch):
    monkeypatch.delenv("ATTUNED_DB_URL", raising=False)  # the session cycle's gradebook.db


def _nbgrader_scores(cycle) -> dict[tuple[str, str], float]:
    """(trainee, module) → score from nbgrader's own grades.csv."""
    with open(cycle.grades_csv, newline="", encoding="utf-8") as fh:
        return {(r["student_id"], r["assignment"]): float(r["score"]) for r in csv.DictReader(fh)}


def _max_scores(cycle) -> dict[str, float]:
    with open(cycle.grades_csv, newline="", encoding="utf-8") as fh:
        return {r["assignment"]: float(r["max_score"]) for r in csv.DictReader(fh)}


def _titles(modules: list[str]) -> list[str]:
    from attuned.model.course import get_course

    course = get_course()
    return [f"{m[:2]} {course.modules[m].title}" for m in modules]


def _read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _roster(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # as a spreadsheet saves it, BOM and all
        csv.writer(fh).writerows([header, *rows])
    return path


def test_canvas_file_has_the_documented_columns_points_possible_row_and_nbgraders_numbers(full_cycle, tmp_path, capsys):
    """Held: header Student, ID, SIS User ID, SIS Login ID, Section, one column per module (its title),
    then Final Points; row 2 is Points Possible with each module's points; one row per trainee with
    exactly nbgrader's score per module, and the sum as total; without a roster, the trainee id is
    the SIS Login ID. Canvas's importer rules hold: Student and ID first, Section last of the student
    columns, the total a read-only column it drops."""
    out = tmp_path / "canvas.csv"
    code, stdout, err = _run(capsys, "--format", "canvas", "--course", str(full_cycle.course), "--out", str(out))
    assert code == 0, err
    assert f"written to {out}" in stdout
    table = _read(out)
    header, points, trainees = table[0], table[1], table[2:]
    modules = full_cycle.modules
    assert header == [*CANVAS_STUDENT_COLUMNS, *_titles(modules), "Final Points"]
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert re.search("Student", header[0]) and re.search("ID", header[1]) and re.search("Section", header[4])
    assert CANVAS_READ_ONLY.search(header[-1]) and not any(CANVAS_READ_ONLY.search(h) for h in header[5:-1])
    maxima = _max_scores(full_cycle)
    assert points[0] == "Points Possible" and points[1:5] == ["", "", "", ""]
    assert [float(p) for p in points[5:-1]] == [maxima[m] for m in modules]
    assert float(points[-1]) == pytest.approx(sum(maxima.values()))
    scores = _nbgrader_scores(full_cycle)
    assert sorted(r[3] for r in trainees) == sorted(full_cycle.students)
    for row in trainees:
        trainee = row[3]
        assert row[1] == row[2] == row[4] == ""
        assert [float(v) for v in row[5:-1]] == pytest.approx([scores[(trainee, m)] for m in modules], abs=0.005)
        assert float(row[-1]) == pytest.approx(sum(scores[(trainee, m)] for m in modules), abs=0.01)
    assert "no --roster" in err and "SIS Login ID" in err


def test_canvas_identifiers_come_from_the_roster(full_cycle, tmp_path, capsys):
    students = sorted(full_cycle.students)
    roster = _roster(tmp_path / "roster.csv", ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "trainee"],
                     [[f"Trainee, {s.title()}", str(1000 + i), f"S{i:04d}", f"{s}@uni.example", "Cohort A", s]
                      for i, s in enumerate(students)])
    out = tmp_path / "canvas.csv"
    code, _stdout, err = _run(capsys, "--format", "canvas", "--course", str(full_cycle.course), "--roster", str(roster),
                              "--out", str(out))
    assert code == 0, err
    rows = {r[1]: r[:5] for r in _read(out)[2:]}
    assert rows["1000"] == [f"Trainee, {students[0].title()}", "1000", "S0000", f"{students[0]}@uni.example", "Cohort A"]
    assert len(rows) == len(students)
    assert "no --roster" not in err


def test_moodle_file_has_the_roster_identifiers_one_column_per_module_and_a_total(full_cycle, tmp_path, capsys):
    """Held: the identifier columns the roster has (Username, ID number, Email address), one column per
    module (its title) and Course total; values are nbgrader's scores."""
    students = sorted(full_cycle.students)
    roster = _roster(tmp_path / "roster.csv", ["trainee", "username", "idnumber", "email"],
                     [[s, f"u-{s}", f"N{i}", f"{s}@uni.example"] for i, s in enumerate(students)])
    out = tmp_path / "moodle.csv"
    code, _stdout, err = _run(capsys, "--format", "moodle", "--course", str(full_cycle.course), "--roster", str(roster),
                              "--out", str(out))
    assert code == 0, err
    table = _read(out)
    modules = full_cycle.modules
    assert table[0] == ["Username", "ID number", "Email address", *_titles(modules), "Course total"]
    scores = _nbgrader_scores(full_cycle)
    assert len(table) == 1 + len(students)
    for row in table[1:]:
        trainee = row[0].removeprefix("u-")
        assert row[2] == f"{trainee}@uni.example"
        assert [float(v) for v in row[3:-1]] == pytest.approx([scores[(trainee, m)] for m in modules], abs=0.005)


def test_moodle_without_a_roster_identifies_trainees_by_username(full_cycle, tmp_path, capsys):
    out = tmp_path / "moodle.csv"
    code, _stdout, err = _run(capsys, "--format", "moodle", "--course", str(full_cycle.course), "--out", str(out))
    assert code == 0, err
    table = _read(out)
    assert table[0][0] == "Username" and table[0][-1] == "Course total"
    assert sorted(r[0] for r in table[1:]) == sorted(full_cycle.students)


def test_plain_csv_is_trainee_module_ids_and_total(full_cycle, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    code, _stdout, err = _run(capsys, "--format", "csv", "--course", str(full_cycle.course), "--out", str(out))
    assert code == 0, err
    table = _read(out)
    assert table[0] == ["trainee", *full_cycle.modules, "total"]
    scores = _nbgrader_scores(full_cycle)
    for row in table[1:]:
        assert [float(v) for v in row[1:-1]] == pytest.approx([scores[(row[0], m)] for m in full_cycle.modules], abs=0.005)


def test_dry_run_previews_the_first_rows_and_writes_nothing(full_cycle, tmp_path, capsys):
    out = tmp_path / "canvas.csv"
    code, stdout, err = _run(capsys, "--format", "canvas", "--course", str(full_cycle.course), "--out", str(out),
                             "--dry-run")
    assert code == 0, err
    assert not out.exists()
    lines = stdout.splitlines()
    n = len(full_cycle.students)
    assert lines[0] == f"Dry run: would write {n} trainees × {len(full_cycle.modules)} modules (canvas) to {out}. First rows:"
    shown = list(csv.reader(io.StringIO("\n".join(lines[1:8]))))
    assert shown[0][:5] == list(CANVAS_STUDENT_COLUMNS) and shown[1][0] == "Points Possible"
    assert len(shown) == 7  # header, Points Possible, the first five trainees
    assert [r[3] for r in shown[2:]] == sorted(full_cycle.students)[:5]
    assert lines[-1] == f"… and {n - 5} more rows"


def test_a_trainee_missing_from_the_roster_is_named_in_one_line_and_nothing_is_written(full_cycle, tmp_path, capsys):
    students = sorted(full_cycle.students)
    missing = "fixer"
    roster = _roster(tmp_path / "roster.csv", ["trainee", "SIS Login ID"], [[s, s] for s in students if s != missing])
    out = tmp_path / "canvas.csv"
    code, stdout, err = _run(capsys, "--format", "canvas", "--course", str(full_cycle.course), "--roster", str(roster),
                             "--out", str(out))
    assert code == 1
    assert not out.exists() and stdout == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(roster) in lines[0] and f"trainee {missing}" in lines[0], lines[0]
    assert "Traceback" not in err


def test_roster_problems_are_sentences(full_cycle, tmp_path, capsys):
    course = str(full_cycle.course)
    no_column = _roster(tmp_path / "no-trainee.csv", ["Student", "ID"], [["A", "1"]])
    code, _out, err = _run(capsys, "--format", "canvas", "--course", course, "--roster", str(no_column), "--dry-run")
    assert code == 1 and "no 'trainee' column" in err and str(no_column) in err
    code, _out, err = _run(capsys, "--format", "moodle", "--course", course, "--roster", str(tmp_path / "nope.csv"))
    assert code == 1 and "does not exist" in err
    blank = _roster(tmp_path / "blank.csv", ["trainee", "email"], [[s, ""] for s in full_cycle.students])
    code, _out, err = _run(capsys, "--format", "moodle", "--course", course, "--roster", str(blank), "--dry-run")
    assert code == 1 and "no username, idnumber or email" in err
    for text in (err,):
        assert "Traceback" not in text


def test_no_gradebook_empty_gradebook_and_no_trainees_are_sentences(tmp_path, capsys):
    """Tried: a folder with no gradebook (and it must not be created), a gradebook with no modules, one
    with modules but no trainees. Held: exit 1, one line naming the problem, no traceback, no file."""
    from nbgrader.api import Gradebook

    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = _run(capsys, "--format", "canvas", "--course", str(empty))
    assert code == 1 and "no gradebook at" in err, err
    assert not (empty / "gradebook.db").exists(), "export must not create an empty gradebook"

    with Gradebook(f"sqlite:///{empty / 'gradebook.db'}"):
        pass
    code, _out, err = _run(capsys, "--format", "moodle", "--course", str(empty))
    assert code == 1 and "has no modules" in err, err

    with Gradebook(f"sqlite:///{empty / 'gradebook.db'}") as gb:
        gb.add_assignment("02-experience-over-explanation")
    out = tmp_path / "out.csv"
    code, _out, err = _run(capsys, "--format", "csv", "--course", str(empty), "--out", str(out))
    assert code == 1 and "has no trainees" in err, err
    assert not out.exists()
    assert "Traceback" not in err


def test_an_unknown_format_is_refused_without_a_traceback(tmp_path, capsys):
    from attuned.reports.export import ExportError, export_grades

    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "blackboard", "--course", str(tmp_path)])
    _out, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert "invalid choice: 'blackboard'" in err and "Traceback" not in err
    with pytest.raises(ExportError, match="unknown format 'blackboard'"):
        export_grades(tmp_path, "blackboard")


def test_an_unreachable_database_is_one_sentence_without_the_password(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ATTUNED_DB_URL", "postgresql+psycopg://grader:s3cret@127.0.0.1:1/attuned")
    code, _out, err = _run(capsys, "--format", "csv", "--course", str(tmp_path))
    assert code == 1 and "cannot open the gradebook" in err, err
    assert "s3cret" not in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
