"""Where the gradebook lives (``attuned.pipeline.gradebook``), and the optional PostgreSQL driver kept in sync."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from attuned.pipeline.gradebook import DB_URL_VARIABLE, gradebook_url

REPO = Path(__file__).resolve().parent.parent


def test_default_is_the_sqlite_file_in_the_course_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    assert gradebook_url(tmp_path) == f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert gradebook_url(Path(".")) == "sqlite:///gradebook.db"  # nbgrader's own default, relative to the course


def test_the_environment_variable_wins_and_a_blank_one_does_not(monkeypatch, tmp_path):
    url = "postgresql+psycopg://grader@127.0.0.1:5432/attuned"
    monkeypatch.setenv(DB_URL_VARIABLE, f"  {url}\n")
    assert gradebook_url(tmp_path) == url
    monkeypatch.setenv(DB_URL_VARIABLE, "   ")
    assert gradebook_url(tmp_path) == f"sqlite:///{tmp_path / 'gradebook.db'}"


def _nbgrader_db_url(course: Path, env: dict[str, str]) -> str:
    """What nbgrader's CourseDirectory makes of the course's nbgrader_config.py under ``env``."""
    import os
    import subprocess
    import sys

    code = ("from traitlets.config.loader import PyFileConfigLoader\n"
            "from nbgrader.coursedir import CourseDirectory\n"
            "config = PyFileConfigLoader('nbgrader_config.py', path='.').load_config()\n"
            "print(CourseDirectory(config=config).db_url)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=course, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.strip().splitlines()[-1]


def test_nbgrader_config_hands_the_same_url_to_nbgrader(tmp_path, monkeypatch):
    """Held: nbgrader, loading the course's nbgrader_config.py, uses ATTUNED_DB_URL when set and its own
    default gradebook.db in the course folder when not, the same answers gradebook_url gives."""
    import shutil

    shutil.copy(REPO / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    (tmp_path / "source").mkdir()
    url = "postgresql+psycopg://grader@127.0.0.1:5999/attuned"
    assert _nbgrader_db_url(tmp_path, {DB_URL_VARIABLE: url}) == url
    monkeypatch.setenv(DB_URL_VARIABLE, "")
    assert _nbgrader_db_url(tmp_path, {}) in (gradebook_url(tmp_path), gradebook_url(tmp_path.resolve()))


def test_postgres_extra_is_psycopg3_in_pyproject_environment_yml_and_the_test_extra():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    postgres = extras["postgres"]
    assert [d.split(">")[0].split("<")[0] for d in postgres] == ["psycopg[binary]"], postgres
    assert set(postgres) <= set(extras["test"]), "make test installs the test extra: it needs the driver too"
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert set(postgres) <= set(pip), "environment.yml must list pyproject's `postgres` extra under pip"


def test_the_postgresql_dialect_we_name_is_psycopg3():
    from sqlalchemy.engine import make_url

    dialect = make_url("postgresql+psycopg://grader@127.0.0.1/attuned").get_dialect()
    assert dialect.driver == "psycopg"
    assert dialect.import_dbapi().__name__ == "psycopg"


def test_one_definition_of_awaiting_manual_grading_in_report_export_portfolio_and_cycle(tmp_path, monkeypatch):
    """Held: on one real nbgrader gradebook (written through nbgrader.api), a grade nobody has scored
    awaits manual grading in every reader — NaN in the cohort report, None in the portfolio and the
    cycle's scores, the module listed as awaiting in the export, whose points count it as 0 as
    nbgrader's submission score does — and a grade a grader has scored awaits nowhere."""
    from nbgrader.api import Gradebook

    from attuned.pipeline.gradebook import awaiting_manual_grading, read_gradebook
    from attuned.reports.cohort_report import scores_frame
    from attuned.reports.export import read_cohort
    from attuned.reports.portfolio import collect
    from attuned.simulation.cycle import CycleResult, read_scores

    monkeypatch.delenv(DB_URL_VARIABLE, raising=False)
    module, notebook = "09-example", "09-example"
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        gb.add_assignment(module)
        gb.add_notebook(notebook, module)
        for name, kind, points in (("m9-v-score", "code", 2.0), ("m9-r-answer", "markdown", 3.0),
                                   ("m9-w-own-words", "markdown", 1.0)):
            gb.update_or_create_grade_cell(name, notebook, module, max_score=points, cell_type=kind)
            if kind == "markdown":
                gb.update_or_create_solution_cell(name, notebook, module)
        gb.add_student("ana", first_name="Ana", last_name="Reyes")
        gb.add_submission(module, "ana")
        gb.find_grade("m9-v-score", notebook, module, "ana").auto_score = 1.5  # autograded
        scored = gb.find_grade("m9-w-own-words", notebook, module, "ana")  # a grader scored it
        scored.manual_score = 1.0
        gb.db.commit()

    contents = read_gradebook(tmp_path)
    by_name = {contents.cells[cid].name: score for cid, _sid, score in contents.grades}
    assert by_name == {"m9-v-score": 1.5, "m9-r-answer": None, "m9-w-own-words": 1.0}
    assert awaiting_manual_grading(None, None) and not awaiting_manual_grading(0.0, None)
    assert not awaiting_manual_grading(None, 0.0)

    frame = scores_frame(tmp_path).set_index("item").score
    assert frame["m9-v-score"] == 1.5 and frame["m9-w-own-words"] == 1.0 and frame.isna()["m9-r-answer"]

    (row,) = read_cohort(tmp_path).trainees
    assert row.points == {module: 2.5} and row.awaiting_manual == [module]

    (record,) = collect(tmp_path, "ana")
    assert {item: score for item, score, _max, _comment in record.scores} == by_name

    result = CycleResult(work=tmp_path, course=tmp_path, modules=[module], students=["ana"])
    read_scores(result)
    assert result.scores == {"ana": {module: {"m9-v-score": (1.5, 2.0), "m9-r-answer": (None, 3.0),
                                              "m9-w-own-words": (1.0, 1.0)}}}
