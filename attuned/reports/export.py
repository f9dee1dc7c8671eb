"""``attuned export``: the gradebook's points per module as a file a learning platform imports.

The institution's learning platform keeps the grades of record; nbgrader keeps ours. This reads
nbgrader's gradebook (wherever ``attuned.pipeline.settings`` says nbgrader keeps it: SQLite or
PostgreSQL; read by ``attuned.pipeline.gradebook``) and writes one row per trainee, one column per
module and a total, in the import format each platform documents. A module's points are
nbgrader's own (the submission's score less any late penalty, never below 0; 0 with no
submission), as ``nbgrader export`` computes them.

canvas
    Canvas's Gradebook CSV import (Instructor Guide, "How do I import grades in the Gradebook?",
    https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807).
    Header ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment;
    the second row is ``Points Possible``, with each assignment's points. Canvas's importer
    (canvas-lms ``app/models/gradebook_importer.rb``) needs ``Student`` and ``ID`` first and
    ``Section`` last among the student columns, finds the trainee by ID, then SIS User ID, then
    SIS Login ID, then name, creates an assignment for a column title it does not know, and
    drops trailing read-only columns such as ``Final Points``: that is our total, for the
    instructor's eye (Canvas computes its own).
moodle
    Moodle's "Import grades from CSV file" (MoodleDocs, Grade import,
    https://docs.moodle.org/405/en/Grade_import). Any columns; at import the instructor maps one
    identifying column ("Map from") to a user field ("Map to": email address, username or ID
    number; ``gradeimport_csv_load_data`` in Moodle's ``grade/import/csv``), and each grade
    column to a grade item or "New grade item". We write the identifier columns the roster has
    (``Username``, ``ID number``, ``Email address``), one column per module and ``Course total``,
    which is for checking only: map it to "Ignore" (Moodle computes its own course total).
csv
    Plain: ``trainee``, one column per module (nbgrader's assignment id), ``total``.

Which modules: by default those autograded for at least one trainee. A module not yet taught has
no grades, and a 0 in its column would become a zero grade for everyone on import, so it is left
out; ``--modules`` names the modules instead (ids or their two-digit numbers), and the dry run
says which are in and which are left out. A trainee whose notebook ``attuned autograde`` could
not grade (``autograde-failures.json``) gets an empty cell there, which both platforms read as
"no grade", not 0, and a note names them.

``--roster FILE`` is a CSV with a ``trainee`` column (the nbgrader trainee id) and the platform's
identifiers (canvas: Student, ID, SIS User ID, SIS Login ID, Section; moodle: username, idnumber,
email, or Moodle's own labels). Without it, the trainee id is written as the SIS Login ID (Canvas)
or Username (Moodle): right when the hub's accounts are the institution's logins.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("canvas", "moodle", "csv")
CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "Points Possible"
CANVAS_TOTAL = "Final Points"  # a read-only column to Canvas's importer: shown, never imported
MOODLE_IDENTIFIERS = {  # our column label → names a roster may use for it (lower case)
    "Username": ("username",),
    "ID number": ("idnumber", "id number", "useridnumber"),
    "Email address": ("email", "email address", "useremail"),
}
MOODLE_TOTAL = "Course total"
PREVIEW_ROWS = 5


class ExportError(Exception):
    """A one-line reason nothing was written (no gradebook, empty cohort, roster gaps...)."""


@dataclass
class ModuleColumn:
    name: str  # nbgrader's assignment id, e.g. 02-experience-over-explanation
    title: str  # the column title on the platform, e.g. "02 Experience over explanation"
    max_score: float


@dataclass
class TraineeGrades:
    trainee: str
    first_name: str = ""
    last_name: str = ""
    points: dict[str, float | None] = field(default_factory=dict)  # module name → points; None: not graded
    awaiting_manual: list[str] = field(default_factory=list)  # modules with ungraded reflections
    not_submitted: list[str] = field(default_factory=list)
    autograde_failed: list[str] = field(default_factory=list)  # modules autograde could not grade

    @property
    def total(self) -> float | None:
        """The sum of the graded modules; None (an empty cell) when none of them is graded."""
        graded = [p for p in self.points.values() if p is not None]
        return sum(graded) if graded or not self.points else None


@dataclass
class Cohort:
    modules: list[ModuleColumn]
    trainees: list[TraineeGrades]
    left_out: list[str] = field(default_factory=list)  # modules in the gradebook not exported
    chosen: bool = False  # modules named with --modules (else: those autograded for anyone)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def read_cohort(course_dir: Path, chosen: list[str] | None = None) -> Cohort:
    """Every trainee's points per module from the gradebook (raises ExportError with the reason).

    ``chosen``: the modules to export (ids or two-digit numbers); by default every module that has
    been autograded for at least one trainee (see the module docstring)."""
    from attuned.pipeline.autograde_record import read_failures
    from attuned.pipeline.gradebook import read_gradebook, shown_url
    from attuned.pipeline.settings import course_settings

    settings = course_settings(course_dir)
    url = settings.db_url
    if settings.sqlite_file is not None and not settings.sqlite_file.is_file():
        raise ExportError(f"no gradebook at {settings.sqlite_file}: run nbgrader (generate_assignment, collect, "
                          f"autograde) in {course_dir} first, or name the gradebook in its nbgrader_config.py "
                          "(c.CourseDirectory.db_url)")
    try:
        gradebook = read_gradebook(url)
    except ModuleNotFoundError as exc:
        raise ExportError(f"cannot open the gradebook {shown_url(url)}: {_first_line(exc)} "
                          "(for PostgreSQL: install psycopg 3, the course's `postgres` extra: "
                          "pip install 'psycopg[binary]>=3.2,<4', and use postgresql+psycopg://)") from exc
    except Exception as exc:  # any database failure becomes one sentence
        raise ExportError(f"cannot open the gradebook {shown_url(url)}: {_first_line(exc)}") from exc
    if gradebook is None:
        raise ExportError(f"the gradebook {shown_url(url)} has no modules yet: run nbgrader generate_assignment first")
    names = sorted(gradebook.modules)
    modules = [ModuleColumn(name, name, gradebook.module_max(name)) for name in names]
    points = gradebook.module_points()
    failures = read_failures(course_dir)
    cohort = []
    for student, first, last in gradebook.students:
        row = TraineeGrades(student, first, last)
        for name in names:
            if (student, name) not in points:
                row.points[name] = 0.0
                row.not_submitted.append(name)
            elif student in failures.get(name, {}):
                row.points[name] = None
                row.autograde_failed.append(name)
            else:
                row.points[name], awaiting = points[(student, name)]
                if awaiting:
                    row.awaiting_manual.append(name)
        cohort.append(row)
    autograded = gradebook.autograded
    for module in modules:
        module.title = _title(module.name)
    if not modules:
        raise ExportError(f"the gradebook {shown_url(url)} has no modules yet: run nbgrader generate_assignment first")
    if not cohort:
        raise ExportError(f"the gradebook {shown_url(url)} has no trainees: nothing to export "
                          "(add them with nbgrader db student add/import, then collect and autograde)")
    if chosen:
        names = [m.name for m in modules]
        picked = []
        for want in chosen:
            found = [n for n in names if n == want or n[:2] == want]
            if len(found) != 1:
                raise ExportError(f"--modules: no module {want!r} in the gradebook (there are: {', '.join(names)})")
            picked.append(found[0])
        keep = set(picked)
    else:
        keep = autograded
        if not keep:
            raise ExportError(f"no module in the gradebook {shown_url(url)} has been autograded yet: nothing to export "
                              "(run `attuned autograde MODULE` first, or name modules with --modules)")
    left_out = [m.name for m in modules if m.name not in keep]
    modules = [m for m in modules if m.name in keep]
    for row in cohort:
        row.points = {m.name: row.points[m.name] for m in modules}
        for kind in ("awaiting_manual", "not_submitted", "autograde_failed"):
            setattr(row, kind, [m for m in getattr(row, kind) if m in keep])
    return Cohort(modules, sorted(cohort, key=lambda t: t.trainee), left_out, chosen=bool(chosen))


def _title(module: str) -> str:
    from attuned.model.course import get_course

    found = get_course().modules.get(module)
    return f"{module[:2]} {found.title}" if found and module[:2].isdigit() else (found.title if found else module)


def _number(value: float | None) -> str:
    """Points as the platforms read them: 13.33, 46 (no exponent, no trailing zeros); '' for no grade."""
    if value is None:
        return ""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# -- the roster ------------------------------------------------------------------------------
def read_roster(path: Path) -> dict[str, dict[str, str]]:
    """trainee id → {lower-case column name: value}, from a CSV with a ``trainee`` column."""
    if not path.is_file():
        raise ExportError(f"roster {path} does not exist")
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheets often add a byte-order mark
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"roster {path} cannot be read as UTF-8 text: {_first_line(exc)}") from exc
    reader = csv.DictReader(io.StringIO(text))
    columns = {(name or "").strip().lower(): name for name in (reader.fieldnames or [])}
    if "trainee" not in columns:
        found = ", ".join(repr(c) for c in columns if c) or "none"
        raise ExportError(f"roster {path} has no 'trainee' column (the nbgrader trainee id); its columns: {found}")
    roster: dict[str, dict[str, str]] = {}
    try:
        for row in reader:
            values = {key: (row.get(name) or "").strip() for key, name in columns.items() if key}
            trainee = values.pop("trainee")
            if trainee:  # blank: e.g. the "Points Possible" row of a Canvas export used as a roster
                roster[trainee] = values
    except csv.Error as exc:
        raise ExportError(f"roster {path} is not valid CSV: {_first_line(exc)}") from exc
    return roster


def _check_roster(roster: dict[str, dict[str, str]], path: Path, trainees: Iterable[str], fmt: str) -> None:
    missing = [t for t in trainees if t not in roster]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        raise ExportError(f"roster {path} has no row for trainee{'s' if len(missing) > 1 else ''} {shown} "
                          "(add a row with their nbgrader id in the 'trainee' column)")
    if fmt == "canvas":
        keys, named = ("id", "sis user id", "sis login id"), "Canvas ID, SIS User ID or SIS Login ID"
    elif fmt == "moodle":
        keys, named = tuple(a for aliases in MOODLE_IDENTIFIERS.values() for a in aliases), "username, idnumber or email"
    else:
        return
    blank = [t for t in trainees if not any(roster[t].get(k) for k in keys)]
    if blank:
        many = len(blank) > 1
        raise ExportError(f"roster {path}: trainee{'s' if many else ''} {', '.join(blank[:10])} "
                          f"{'have' if many else 'has'} no {named} there, so the platform could not match "
                          f"{'them' if many else 'it'}")


# -- the formats -----------------------------------------------------------------------------
def rows(cohort: Cohort, fmt: str, roster: dict[str, dict[str, str]] | None = None) -> tuple[list[list[str]], int]:
    """The file's rows, and how many of the first rows are headers (header, Points Possible)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    modules = cohort.modules
    grades = [[_number(t.points[m.name]) for m in modules] + [_number(t.total)] for t in cohort.trainees]
    if fmt == "csv":
        out = [["trainee", *(m.name for m in modules), "total"]]
        out += [[t.trainee, *g] for t, g in zip(cohort.trainees, grades, strict=True)]
        return out, 1
    if fmt == "canvas":
        out = [[*CANVAS_STUDENT_COLUMNS, *(m.title for m in modules), CANVAS_TOTAL],
               [CANVAS_POINTS_ROW, "", "", "", "", *(_number(m.max_score) for m in modules),
                _number(sum(m.max_score for m in modules))]]
        for trainee, g in zip(cohort.trainees, grades, strict=True):
            entry = (roster or {}).get(trainee.trainee)
            if entry is None:
                name = ", ".join(p for p in (trainee.last_name, trainee.first_name) if p) or trainee.trainee
                ids = [name, "", "", trainee.trainee, ""]
            else:
                ids = [entry.get(c.lower(), "") for c in CANVAS_STUDENT_COLUMNS]
                ids[0] = ids[0] or ", ".join(p for p in (trainee.last_name, trainee.first_name) if p) or trainee.trainee
            out.append([*ids, *g])
        return out, 2
    # moodle: the identifier columns the roster has (every roster row has every column)
    columns = set(next(iter(roster.values()), {})) if roster else set()
    labels = [label for label, aliases in MOODLE_IDENTIFIERS.items() if columns & set(aliases)] or ["Username"]
    out = [[*labels, *(m.title for m in modules), MOODLE_TOTAL]]
    for trainee, g in zip(cohort.trainees, grades, strict=True):
        entry = (roster or {}).get(trainee.trainee)
        if entry is None:
            ids = [trainee.trainee]
        else:
            ids = [next((entry[a] for a in MOODLE_IDENTIFIERS[label] if entry.get(a)), "") for label in labels]
        out.append([*ids, *g])
    return out, 1


def _csv_text(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue()


@dataclass
class ExportResult:
    text: str  # what was written, or what a dry run shows
    notes: list[str]  # sentences for the instructor (stderr)
    written: Path | None


def export_grades(course_dir: Path, fmt: str, out: Path | None = None, roster_path: Path | None = None,
                  dry_run: bool = False, preview_rows: int = PREVIEW_ROWS, modules: list[str] | None = None,
                  trainees: list[str] | None = None) -> ExportResult:
    """Write (or, with ``dry_run``, preview) the export; raise ExportError before writing anything.

    ``trainees``: only these trainee ids (``nbgrader export --student``); default every trainee."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    cohort = read_cohort(course_dir, modules)
    if trainees:
        known = {t.trainee for t in cohort.trainees}
        missing = [t for t in trainees if t not in known]
        if missing:
            raise ExportError(f"no trainee {', '.join(map(repr, missing))} in the gradebook")
        cohort.trainees = [t for t in cohort.trainees if t.trainee in set(trainees)]
    roster = None
    if roster_path is not None:
        roster = read_roster(roster_path)
        _check_roster(roster, roster_path, [t.trainee for t in cohort.trainees], fmt)
    table, headers = rows(cohort, fmt, roster)
    notes = _notes(cohort, fmt, roster_path)
    out = out or Path(f"grades-{fmt}.csv")
    if dry_run:
        shown = table[: headers + preview_rows]
        more = len(table) - len(shown)
        text = (f"Dry run: would write {len(cohort.trainees)} trainee{'s' if len(cohort.trainees) != 1 else ''} × "
                f"{len(cohort.modules)} module{'s' if len(cohort.modules) != 1 else ''} ({fmt}) to {out}. "
                f"First rows:\n" + _csv_text(shown) + (f"… and {more} more row{'s' if more != 1 else ''}\n" if more else ""))
        return ExportResult(text, notes, None)
    text = _csv_text(table)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or _first_line(exc)}") from exc
    return ExportResult(text, notes, out)


def _notes(cohort: Cohort, fmt: str, roster_path: Path | None) -> list[str]:
    notes = [f"note: modules exported: {', '.join(m.name for m in cohort.modules)}"
             + (f"; left out{'' if cohort.chosen else ', not yet autograded for anyone'}: {', '.join(cohort.left_out)}"
                if cohort.left_out else "")
             + " (--modules chooses)"]
    failed = [t for t in cohort.trainees if t.autograde_failed]
    if failed:
        notes.append("note: not graded (autograde failed), left empty rather than 0: "
                     + ", ".join(f"{t.trainee} in {', '.join(t.autograde_failed)}" for t in failed)
                     + " (see autograde-failures.json; run attuned autograde again once fixed)")
    pending = [t for t in cohort.trainees if t.awaiting_manual]
    if pending:
        cells = sum(len(t.awaiting_manual) for t in pending)
        notes.append(f"note: {len(pending)} trainee{'s have' if len(pending) > 1 else ' has'} work awaiting manual "
                     f"grading in {cells} module submission{'s' if cells > 1 else ''} "
                     f"({', '.join(t.trainee for t in pending[:5])}{' …' if len(pending) > 5 else ''}): "
                     "those points count only what is graded so far")
    absent = [t for t in cohort.trainees if t.not_submitted]
    if absent:
        notes.append(f"note: {len(absent)} trainee{'s' if len(absent) > 1 else ''} did not submit every module "
                     f"({', '.join(t.trainee for t in absent[:5])}{' …' if len(absent) > 5 else ''}): 0 points there, "
                     "as nbgrader export counts it")
    if roster_path is None and fmt != "csv":
        where = "SIS Login ID" if fmt == "canvas" else "Username"
        notes.append(f"note: no --roster, so each nbgrader trainee id is written as the {where}; "
                     "pass --roster FILE if the platform knows the trainees by other identifiers")
    return notes
