"""Hostile submissions through nbgrader's real cycle: nothing a trainee adds runs at autograde.

Eight trainees submit module 02 with the SAME response log (the same answers); seven of them also
try to take the grades, the way a hostile trainee did on a hub (issue 22):

- ``reads``: a code cell added below the setup cell that reads the answer keys, the gradebook and
  ``$ATTUNED_DB_URL`` and prints them (and leaves a marker file if it ever runs);
- ``rewrites``: a cell that rewrites the gradebook through sqlite3 (every grade to full marks);
- ``patches``: a cell that monkeypatches the grading functions to award full marks;
- ``network``: a cell that opens a socket to a port this test listens on;
- ``shadow``: an ``attuned.py`` beside the notebook, which the setup cell would import first;
- ``edited``: the locked grade cell of a vignette edited to ``1.0``;
- ``retagged``: the builder's ``metadata["attuned"]`` tags forged (a knowledge check's grade cell
  tagged as the Tomás vignette's, the vignette's as a draw cell) and a code cell added with a
  grade cell's tag: autograde knows cells by grade id from the course, never by these tags.

Held for each: the autograded scores are exactly the honest trainee's, which are exactly what the
pure grading functions give for that log and the keys (no inflation); no marker file, no
connection; no key, gradebook path or database URL in any autograded notebook or feedback page;
the other trainees' submissions and the gradebook rows of the honest trainee unchanged; and the
added cell says it was not run (the edited one, that it was restored), in the notebook, the
feedback and nbgrader's log.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import socket
from pathlib import Path

import nbformat
import pytest

from attuned.simulation.cycle import CycleResult, run_cycle

REPO = Path(__file__).resolve().parents[1]
MODULE = "02-experience-over-explanation"
NOTEBOOK = f"{MODULE}.ipynb"
STUDENTS = ("honest", "reads", "rewrites", "patches", "network", "shadow", "edited", "retagged")
#: One log for everyone: an unfinished Tomás path, Linh unanswered, two checks right, one wrong.
EVENTS = [
    ("m2.checkin-before", "self_report", {"activation": 4, "steadiness": 6}, {}),
    ("m2.tomas", "own_words", "That sounds heavy. Can we stay with it a moment?", {}),
    ("m2.tomas", "commit", "explain", {"scene": "opening", "run": "r1"}),
    ("m2.tomas", "commit", "repair", {"scene": "flat", "run": "r1"}),
    ("m2.kc-insight", "check", ["b"], {}),
    ("m2.kc-reconsolidation", "check", ["a", "b"], {}),
    ("m2.kc-brain-layers", "check", ["a"], {}),
]


def _write_log(folder: Path) -> None:
    from attuned.notebook.responses import ResponseLog

    log = ResponseLog(folder / "responses.jsonl")
    for item, kind, value, extra in EVENTS:
        log.append(item, kind, value, **extra)


def _marker_code(attack: str, markers: Path, body: str) -> str:
    return (f"from pathlib import Path\nPath({str(markers / attack)!r}).write_text('ran')\n" + body)


def _attacks(markers: Path, port: int) -> dict[str, str]:
    read = ("import os, glob\n"
            "print(os.environ.get('ATTUNED_DB_URL'))\n"
            "for p in glob.glob('/**/instructor/keys/*.yaml', recursive=True)[:20]: print(open(p).read())\n"
            "for p in glob.glob('../../../gradebook.db'): print(open(p, 'rb').read()[:200])\n")
    rewrite = ("import os, sqlite3\n"
               "db = os.environ['ATTUNED_DB_URL'].split(':///', 1)[1]\n"
               "con = sqlite3.connect(db); con.execute('UPDATE grade SET manual_score = 99'); con.commit()\n")
    patch = ("import attuned.notebook.grading as g\n"
             "g.vignette_result = lambda *a, **k: 4.0\n"
             "g.checkin_result = lambda *a, **k: 1.0\n"
             "g.check_score = lambda *a, **k: 2.0\n"
             "g.vignette_record = g.check_record = g.checkin_record = None\n")
    network = f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'keys')\n"
    return {"reads": _marker_code("reads", markers, read), "rewrites": _marker_code("rewrites", markers, rewrite),
            "patches": _marker_code("patches", markers, patch), "network": _marker_code("network", markers, network)}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    secret = secrets.token_hex(8)
    db_dir = work / f"db-{secret}"
    db_dir.mkdir()
    markers = work / "markers"
    markers.mkdir()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    attacks = _attacks(markers, listener.getsockname()[1])

    def answer(folder: Path, student: str, keys: dict) -> None:
        _write_log(folder)
        path = folder / NOTEBOOK
        nb = nbformat.read(path, as_version=4)
        setup = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "m2-setup")
        if student in attacks:
            nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(attacks[student]))
        elif student == "edited":
            cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "m2-tomas-score")
            cell.source = "1.0"
        elif student == "retagged":
            forged = {"m2-kc-insight-score": {"role": "score", "kind": "vignette", "item": "m2.tomas"},
                      "m2-tomas-score": {"role": "draw", "kind": "vignette", "item": "m2.tomas"}}
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in forged:
                    cell.metadata["attuned"] = forged[grade_id]
            added = nbformat.v4.new_code_cell('vignette_result("m2.tomas", points=4)')
            added.metadata["attuned"] = {"role": "score", "kind": "vignette", "item": "m2.tomas"}
            nb.cells.insert(setup + 1, added)
        elif student == "shadow":
            (folder / "attuned.py").write_text(_marker_code("shadow", markers, "raise SystemExit"), encoding="utf-8")
        nbformat.write(nb, path)

    mp = pytest.MonkeyPatch()
    mp.setenv("ATTUNED_DB_URL", f"sqlite:///{db_dir / 'gradebook.db'}")
    try:
        result = run_cycle(REPO, work=work / "cycle", modules=[MODULE], students=STUDENTS, answer=answer)
    finally:
        mp.undo()
        pending = []
        try:
            pending.append(listener.accept())
        except BlockingIOError:
            pass
        listener.close()
    return result, secret, markers, pending


def _expected(folder: Path) -> dict[str, float]:
    """Each autograded item's score from the log and the keys, by the pure grading functions."""
    from attuned.model.course import load_course
    from attuned.notebook import grading
    from attuned.notebook.responses import ResponseLog
    from attuned.pipeline.cell_ids import score_id
    from attuned.pipeline.notebook_builder import load_keys

    course = load_course()
    keys = load_keys(REPO / "instructor" / "keys", course)
    _write_log(folder)
    contents = ResponseLog(folder / "responses.jsonl").read()
    module = course.modules[MODULE]
    out = {}
    for block in module.blocks:
        gid = score_id(block.value)
        if block.kind == "vignette":
            out[gid] = grading.vignette_record(block.value, block.points, contents).score or 0.0
        elif block.kind == "checkin":
            out[gid] = grading.checkin_record(block.value, block.points, contents).score or 0.0
        elif block.kind == "check":
            out[gid] = grading.check_record(block.value, block.points, contents, key=keys[block.value]).score or 0.0
    return out


def _auto(result: CycleResult, student: str) -> dict[str, float | None]:
    return {gid: s for gid, (s, _m) in result.scores[student][MODULE].items() if gid.endswith("-score")}


def test_the_honest_trainee_scores_exactly_what_the_log_and_keys_give(hostile, tmp_path):
    result, *_ = hostile
    expected = _expected(tmp_path)
    assert _auto(result, "honest") == pytest.approx(expected)
    assert 0 < sum(expected.values()) < sum(m for gid, (_s, m) in result.scores["honest"][MODULE].items()
                                            if gid.endswith("-score")), "a partial score, so inflation would show"


@pytest.mark.parametrize("student", STUDENTS[1:])
def test_a_hostile_submission_scores_exactly_the_same_answers(hostile, student):
    result, *_ = hostile
    assert result.autograde_failures[MODULE] == {}
    assert _auto(result, student) == _auto(result, "honest")
    manual = {gid: s for gid, (s, _m) in result.scores[student][MODULE].items() if not gid.endswith("-score")}
    assert all(s in (None, 0.0) for s in manual.values()), manual  # nobody's gradebook rows were rewritten


def test_no_code_from_any_submission_ran(hostile):
    _result, _secret, markers, pending = hostile
    assert sorted(p.name for p in markers.iterdir()) == []
    assert pending == [], "a submission opened a connection during autograde"


def _published(result: CycleResult) -> dict[str, str]:
    files = {}
    for student in STUDENTS:
        files[f"autograded/{student}"] = (result.course / "autograded" / student / MODULE / NOTEBOOK).read_text(encoding="utf-8")
        files[f"feedback/{student}"] = result.feedback[student][MODULE].read_text(encoding="utf-8")
    return files


def test_no_key_path_or_database_url_in_any_autograded_notebook_or_feedback(hostile):
    """The trainee's own cell text is theirs to see; what autograde WROTE must hold no secret."""
    import re

    result, secret, _markers, _pending = hostile
    key_line = re.compile(r"m\d\.kc-[a-z0-9-]+:\s*\[")  # how a key file spells a key
    for name, text in _published(result).items():
        assert secret not in text and "attuned.keys/1" not in text and not key_line.search(text), name
        if name.startswith("autograded/"):
            outputs = json.dumps([c.get("outputs", []) for c in json.loads(text)["cells"]])
            assert "gradebook.db" not in outputs and "sqlite:" not in outputs and "instructor/keys" not in outputs, name


def test_added_cells_are_listed_as_not_run_and_the_edited_cell_as_restored(hostile):
    from attuned.pipeline.autograde_steps import NOT_RUN, RESTORED_NOTE

    result, *_ = hostile
    for student in ("reads", "rewrites", "patches", "network", "retagged"):
        nb = nbformat.read(result.course / "autograded" / student / MODULE / NOTEBOOK, as_version=4)
        added = [c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata]
        assert len(added) == 1 and [o.get("text", "").strip() for o in added[0].outputs] == [NOT_RUN], student
        assert "Not run: autograde runs no code" in result.feedback[student][MODULE].read_text(encoding="utf-8")
    nb = nbformat.read(result.course / "autograded" / "edited" / MODULE / NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "m2-tomas-score")
    assert cell.source.startswith('vignette_result("m2.tomas"') and cell.outputs[0]["text"].strip() == RESTORED_NOTE


def test_every_submission_is_graded_as_submitted_and_left_untouched(hostile):
    """What was collected is byte for byte what each trainee submitted, after autograde ran over all."""
    result, *_ = hostile

    def files(folder: Path) -> dict[str, str]:
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
                if p.is_file() and p.name not in ("timestamp.txt", "submission_secret.txt")
                and ".ipynb_checkpoints" not in p.parts}

    for student in STUDENTS:
        submitted = files(result.course / "submitted" / student / MODULE)
        assert submitted == files(result.work / "trainees" / student / MODULE), student
    assert "attuned.py" in files(result.course / "submitted" / "shadow" / MODULE)
    log = (result.course / "submitted" / "honest" / MODULE / "responses.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["item"] for line in log.splitlines()] == [e[0] for e in EVENTS]
