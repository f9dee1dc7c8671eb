"""The response log under attack: what a trainee can do to ``responses.jsonl`` by accident or on purpose.

Each test names the attack and what held. Three promises are checked throughout:
- reading never raises, and every skipped line is reported once, in one line;
- grading awards points only for what the log really holds; anything unreadable scores 0 with
  a one-line reason (nbgrader scores a grade cell that raises as 0);
- a failed save is reported *in the widget* as "Not saved" and nothing advances, and a save that
  returned is never lost, not even to ``kill -9``.

How "no permission" is produced: as root (CI) a writer subprocess drops privileges to ``nobody``
with ``os.setuid`` (root ignores file modes); as a normal user the file is made read-only with
chmod. The widget tests inject ``OSError(EACCES)`` into ``os.open``. Disk full: a real 64 KiB
tmpfs when ``mount`` is allowed (root with CAP_SYS_ADMIN; skipped, and reported so, elsewhere),
and always an injected ``OSError(ENOSPC)`` raised half-way through ``os.write``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import attuned
from attuned.model.course import get_course
from attuned.notebook import grading, responses
from attuned.notebook.responses import KINDS, LogWriteError, ResponseLog
from attuned.pipeline.notebook_builder import load_keys
from attuned.simulation.personas import act
from tests import expected_scores as expected

REPO = Path(__file__).resolve().parent.parent
ITEMS_M2 = ["m2.checkin-before", "m2.tomas", "m2.linh", "m2.checkin-after",
            "m2.kc-insight", "m2.kc-reconsolidation", "m2.kc-brain-layers"]
KEYS = expected.keys()
POINTS = expected.module_points()
HYPO = settings(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# -- helpers -------------------------------------------------------------------------------
@contextlib.contextmanager
def log_env(path: Path):
    """Point grading (``default_path``) at ``path`` for the duration, as ATTUNED_RESPONSES does."""
    old = os.environ.get(responses.ENV_OVERRIDE)
    os.environ[responses.ENV_OVERRIDE] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(responses.ENV_OVERRIDE, None)
        else:
            os.environ[responses.ENV_OVERRIDE] = old


def grade_item(item: str) -> tuple[float | None, str, str, str]:
    """Run the grade cell's code for ``item`` in-process: (score or None, one-line error, stdout, stderr)."""
    kind, points = POINTS[item]
    out, err = io.StringIO(), io.StringIO()
    score, problem = None, ""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if kind == "vignette":
                score = grading.vignette_result(item, points=points)
            elif kind == "checkin":
                score = grading.checkin_result(item, points=points)
            else:
                score = grading.committed_check(item).score(key=KEYS[item], points=points)
        except grading.GradingProblem as exc:
            rendered = exc._render_traceback_()
            assert len(rendered) == 1 and "\n" not in rendered[0], f"{item}: error is not one line: {rendered}"
            problem = rendered[0]
    return score, problem, out.getvalue(), err.getvalue()


def persona_log(path: Path, persona: str = "attuned") -> bytes:
    """Work module 02's widgets in-process as a persona (the code a click runs); return the log bytes."""
    log = ResponseLog(path)
    widgets = []
    for item in ITEMS_M2:
        kind = POINTS[item][0]
        build = {"vignette": attuned.Vignette, "check": attuned.KnowledgeCheck, "checkin": attuned.CheckIn}[kind]
        widgets.append(build(item, log))
    with log_env(path):
        act(persona, widgets, load_keys(REPO / "instructor" / "keys", get_course()))
    return path.read_bytes()


@pytest.fixture(scope="module")
def attuned_log_bytes(tmp_path_factory) -> bytes:
    return persona_log(tmp_path_factory.mktemp("persona") / "responses.jsonl")


def answer_lines(log_bytes: bytes) -> int:
    """Lines of a log that are answers: all but the option-order seed (not an event; responses.py)."""
    return log_bytes.count(b"\n") - log_bytes.count(b'"kind":"seed"')


def assert_scores(path: Path, want: dict[str, float], why: str) -> None:
    with log_env(path):
        for item, score in want.items():
            got, problem, _out, err = grade_item(item)
            assert err == "", f"{why}: {item} wrote to stderr (nbgrader would score 0): {err!r}"
            assert got == score, f"{why}: {item} scored {got} ({problem or 'no error'}), expected {score}"


# -- strategies ----------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
items = st.sampled_from([*ITEMS_M2, "m9.unknown-item", "x", "m2.tomas "])
valid_events = st.fixed_dictionaries(
    {"item": items, "kind": st.sampled_from(KINDS), "value": json_values, "at": st.text(max_size=30)},
    optional={"path": st.lists(st.text(max_size=10), max_size=3), "run": st.text(max_size=12),
              "scene": st.text(max_size=12)},
)
wrong_shapes = st.one_of(
    json_values.filter(lambda v: not isinstance(v, dict)),                       # a list, number, text...
    st.fixed_dictionaries({"kind": st.sampled_from(KINDS), "value": json_values, "at": st.just("t")}),  # no item
    st.fixed_dictionaries({"item": st.just(""), "kind": st.just("check"), "value": st.just(1), "at": st.just("t")}),
    st.fixed_dictionaries({"item": items, "kind": st.text(max_size=8).filter(lambda k: k not in KINDS),
                           "value": json_values, "at": st.just("t")}),            # unknown kind
    st.fixed_dictionaries({"item": items, "kind": st.sampled_from(KINDS), "value": json_values,
                           "at": st.integers()}),                                 # timestamp not text
    st.fixed_dictionaries({"item": items, "kind": st.sampled_from(KINDS), "at": st.just("t")}),  # no value
    st.fixed_dictionaries({"item": items, "kind": st.sampled_from(KINDS), "value": st.just(1), "at": st.just("t"),
                           "path": st.one_of(st.text(), st.lists(st.integers(), min_size=1))}),  # bad path
    st.fixed_dictionaries({"item": items, "kind": st.sampled_from(KINDS), "value": st.just(1), "at": st.just("t"),
                           "run": st.integers()}),                                # bad run
)


def encode(event: object) -> bytes:
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


junk_lines = st.one_of(
    st.binary(min_size=1, max_size=80).map(lambda b: b"\xff" + b.replace(b"\n", b"")),  # bytes, never UTF-8
    valid_events.map(encode).flatmap(lambda line: st.integers(1, len(line) - 1).map(lambda n: line[:n])),  # torn
    wrong_shapes.map(encode),
    st.text(min_size=1, max_size=40).map(lambda t: ("#" + t).replace("\n", " ").encode()),
)
log_lines = st.lists(st.one_of(valid_events.map(lambda e: ("ok", e)), junk_lines.map(lambda j: ("junk", j))),
                     max_size=25)


# -- reading -------------------------------------------------------------------------------
@settings(HYPO, max_examples=300)
@given(raw=st.binary(max_size=4000))
def test_reading_arbitrary_bytes_never_raises_and_reports_in_one_line(tmp_path, raw):
    """Tried: any bytes at all as responses.jsonl. Held: read() returns; each note is one line naming the file."""
    path = tmp_path / "responses.jsonl"
    path.write_bytes(raw)
    contents = ResponseLog(path).read()
    for event in contents.events:
        assert isinstance(event.item, str) and event.item and event.kind in KINDS, f"bad event let through: {event}"
    for problem in contents.problems:
        assert "\n" not in problem and problem.startswith("responses.jsonl: "), f"note is not one line: {problem!r}"
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw  # a BOM is not a line
    non_blank = [c for c in body.split(b"\n") if c.strip()]
    assert len(contents.events) + len(contents.problems) == len(non_blank), "a non-blank line was neither read nor noted"


@settings(HYPO, max_examples=250)
@given(lines=log_lines, bom=st.booleans(), trailing_newline=st.booleans())
def test_reader_keeps_exactly_the_valid_events_in_order(tmp_path, lines, bom, trailing_newline):
    """Tried: valid events mixed with torn lines, non-UTF-8 bytes, wrong-shape JSON, unknown kinds and
    items, a byte-order mark. Held: exactly the valid events come back, in file order, and each bad
    line gets exactly one note; an unterminated bad last line is called an incomplete last line."""
    body = b"\n".join(encode(x) if tag == "ok" else x for tag, x in lines)
    if lines and trailing_newline:
        body += b"\n"
    path = tmp_path / "responses.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body)
    contents = ResponseLog(path).read()
    want = [x for tag, x in lines if tag == "ok"]
    got = [e.to_json() for e in contents.events]
    for event, raw in zip(got, want, strict=False):
        assert event["item"] == raw["item"] and event["kind"] == raw["kind"] and event["value"] == raw["value"]
    assert len(got) == len(want), f"kept {len(got)} events, {len(want)} were valid; notes: {contents.problems}"
    junk = [i for i, (tag, _x) in enumerate(lines) if tag == "junk"]
    assert len(contents.problems) == len(junk), f"{len(junk)} bad lines, notes: {contents.problems}"
    if junk and junk[-1] == len(lines) - 1 and not trailing_newline:
        assert "incomplete last line" in contents.problems[-1]


def test_byte_order_mark_does_not_cost_the_first_event(tmp_path, attuned_log_bytes):
    """Tried: the log saved by an editor that adds a UTF-8 BOM. Held: no line is lost, scores unchanged.
    (Bug found: the BOM made line 1 invalid JSON, so the first event vanished and the whole
    check-in scored 0.)"""
    path = tmp_path / "responses.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + attuned_log_bytes)
    contents = ResponseLog(path).read()
    assert contents.problems == [], contents.problems
    assert_scores(path, expected.persona_item_scores("attuned"), "log with a BOM")


def test_a_50_mb_log_is_read_and_graded(tmp_path, attuned_log_bytes):
    """Tried: a 50 MB log (the trainee's real answers, then ~50 MB of practice lines and junk).
    Held: reading returns every event, grading gives the exact scores, appending stays instant."""
    practice = encode({"item": "m2.tomas", "kind": "practice", "value": "explain", "scene": "opening",
                       "path": ["opening:explain"], "run": "p" * 12, "at": "2026-01-01T00:00:00.000Z"}) + b"\n"
    junk = b"\x00\xff not json at all\n"
    block = practice * 99 + junk
    count = 50 * 2**20 // len(block)
    path = tmp_path / "responses.jsonl"
    path.write_bytes(attuned_log_bytes + block * count)
    assert path.stat().st_size >= 50 * 10**6
    started = time.perf_counter()
    contents = ResponseLog(path).read()
    read_seconds = time.perf_counter() - started
    assert len(contents.problems) == count, "each junk line must be noted once"
    assert len(contents.events) == answer_lines(attuned_log_bytes) + 99 * count
    started = time.perf_counter()
    assert_scores(path, {"m2.tomas": expected.vignette_score("m2.tomas", "attuned", 4)}, "50 MB log")
    grade_seconds = time.perf_counter() - started
    started = time.perf_counter()
    ResponseLog(path).append("m2.kc-insight", "practice", ["a"])
    append_seconds = time.perf_counter() - started
    print(f"50 MB log: read {read_seconds:.1f} s, one grade cell {grade_seconds:.1f} s, append {append_seconds:.3f} s")
    assert append_seconds < 1.0, "append must not depend on the log's size"
    assert grade_seconds < 60, "a grade cell must finish well inside nbgrader's 120 s cell timeout"


def test_a_log_over_the_read_limit_is_read_up_to_the_limit_with_a_note(tmp_path, monkeypatch):
    """Tried: a log bigger than MAX_READ_BYTES (shrunk to 4 KiB here). Held: the start is read,
    the cut is at a line boundary (no false torn line), and a note says only the start was read."""
    monkeypatch.setattr(responses, "MAX_READ_BYTES", 4096)
    path = tmp_path / "responses.jsonl"
    log = ResponseLog(path)
    for n in range(200):
        log.append("m2.kc-insight", "practice", [str(n)])
    contents = log.read()
    assert contents.problems and "only the start was read" in contents.problems[0]
    assert len(contents.problems) == 1, contents.problems
    assert [e.value for e in contents.events] == [[str(n)] for n in range(len(contents.events))]


def test_deeply_nested_json_lines_are_skipped_not_crashing(tmp_path, attuned_log_bytes):
    """Tried: a line of 1,000,000 nested lists, and an event whose value nests 100,000 deep. Held: both
    skipped with a note (no RecursionError, no crash), the real events around them still graded."""
    path = tmp_path / "responses.jsonl"
    path.write_bytes(b"[" * 10**6 + b"]" * 10**6 + b"\n" + attuned_log_bytes
                     + b'{"item":"m2.tomas","kind":"practice","value":' + b"[" * 10**5 + b"]" * 10**5 + b',"at":"t"}\n')
    contents = ResponseLog(path).read()
    last = attuned_log_bytes.count(b"\n") + 2  # the log's lines include the option-order seed
    assert contents.problems == ["responses.jsonl: line 1: not valid JSON; skipped",
                                 f"responses.jsonl: line {last}: not valid JSON; skipped"], contents.problems
    assert len(contents.events) == answer_lines(attuned_log_bytes), "the real events must survive"
    assert_scores(path, expected.persona_item_scores("attuned"), "deeply nested lines")


def test_a_folder_where_the_log_should_be(tmp_path):
    """Tried: responses.jsonl is a folder. Held: reading notes it, writing says NOT saved, grading
    scores 0 with a one-line reason that points at the note."""
    path = tmp_path / "responses.jsonl"
    path.mkdir()
    contents = ResponseLog(path).read()
    assert contents.events == [] and "is a folder" in contents.problems[0]
    with pytest.raises(LogWriteError, match="NOT saved"):
        ResponseLog(path).append("m2.kc-insight", "check", ["b"])
    with log_env(path):
        for item in ITEMS_M2:
            score, problem, out, err = grade_item(item)
            assert score is None and "No committed" in problem and "could not be read" in problem, (item, problem)
            assert "is a folder" in out and err == ""


@pytest.mark.parametrize("special", ["fifo", "dev-zero", "dangling-symlink", "link-to-secret"])
def test_special_files_named_responses_jsonl_never_block_or_crash(tmp_path, special):
    """Tried: a FIFO, a symlink to /dev/zero, a dangling symlink, a symlink to another file (at
    autograde, the instructor's key file) in place of the log. Held: read and append return at once
    (checked in a subprocess with a timeout) with a note / NOT saved; a link is never read through.
    (Bug found: a FIFO made read() block forever, hanging the kernel and the autograde run.)"""
    path = tmp_path / "responses.jsonl"
    secret = tmp_path / "secret.jsonl"
    secret.write_text('{"item": "m2.kc-insight", "kind": "check", "value": ["SECRET-b"], "at": "x"}\n', encoding="utf-8")
    if special == "fifo":
        os.mkfifo(path)
    elif special == "dev-zero":
        path.symlink_to("/dev/zero")
    elif special == "link-to-secret":
        path.symlink_to(secret)
    else:
        path.symlink_to(tmp_path / "missing" / "nowhere.jsonl")
    code = (
        "import sys; from attuned.notebook.responses import ResponseLog, LogWriteError\n"
        f"log = ResponseLog({str(path)!r})\n"
        "print('READ', log.read().problems)\n"
        "try:\n    log.append('m2.kc-insight', 'check', ['b']); print('WROTE')\n"
        "except LogWriteError as exc:\n    print('REFUSED', exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, cwd=REPO)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "REFUSED" in proc.stdout and "NOT saved" in proc.stdout, proc.stdout
    if special == "fifo":
        assert "not a regular file" in proc.stdout, proc.stdout
    else:
        assert "it is a symbolic link, not the log itself" in proc.stdout and "SECRET" not in proc.stdout, proc.stdout


def test_torn_last_line_is_skipped_with_a_note_and_the_next_save_starts_clean(tmp_path, attuned_log_bytes):
    """Tried: the log cut mid-line (a crash during a save). Held: the torn line is skipped with an
    'incomplete last line' note, the next append starts on a fresh line, both sides parse, and only
    the torn event's item loses its points."""
    path = tmp_path / "responses.jsonl"
    last_start = attuned_log_bytes.rstrip(b"\n").rfind(b"\n") + 1
    torn = attuned_log_bytes[: last_start + 25]
    path.write_bytes(torn)
    contents = ResponseLog(path).read()
    assert len(contents.problems) == 1 and "incomplete last line" in contents.problems[0]
    torn_item = json.loads(attuned_log_bytes[last_start:])["item"]
    want = expected.persona_item_scores("attuned")
    want[torn_item] = None
    with log_env(path):
        for item, score in want.items():
            got, problem, _out, _err = grade_item(item)
            assert got == score, f"{item}: got {got} ({problem}); only {torn_item} may lose points"
    ResponseLog(path).append("m2.kc-insight", "practice", ["a"])
    after = ResponseLog(path).read()
    assert after.events[-1].value == ["a"] and len(after.problems) == 1
    assert "incomplete last line" not in after.problems[0], "the torn line is now mid-file and noted as such"


# -- duplicated and out-of-order events ----------------------------------------------------
@settings(HYPO, max_examples=60)
@given(data=st.data())
def test_duplicated_and_reordered_events_do_not_change_any_score(tmp_path, attuned_log_bytes, data):
    """Tried: the attuned trainee's log with lines shuffled and some duplicated (a retried save, a
    merge, a hand edit). Held: every item scores exactly as the clean log.
    (Bug found: one duplicated vignette line cut the graded path, 3.8 → 1.8; reversed lines scored 0.)"""
    lines = attuned_log_bytes.splitlines(keepends=True)
    doubled = data.draw(st.lists(st.sampled_from(range(len(lines))), max_size=8), label="duplicated lines")
    mixed = lines + [lines[i] for i in doubled]
    order = data.draw(st.permutations(range(len(mixed))), label="order")
    path = tmp_path / "responses.jsonl"
    path.write_bytes(b"".join(mixed[i] for i in order))
    assert_scores(path, expected.persona_item_scores("attuned"), "shuffled and duplicated log")


def test_unknown_items_and_practice_noise_are_ignored(tmp_path, attuned_log_bytes):
    """Tried: events for items no module has, and practice events placed *before* the real answers.
    Held: exact scores; the first graded event of each item still decides."""
    noise = b"".join(encode({"item": item, "kind": kind, "value": "zzz", "scene": "opening", "run": "n",
                             "at": "2000-01-01T00:00:00Z"}) + b"\n"
                     for item in ["m9.nope", "m2.tomas", "m2.kc-insight"] for kind in ("practice",))
    path = tmp_path / "responses.jsonl"
    path.write_bytes(noise + attuned_log_bytes)
    assert_scores(path, expected.persona_item_scores("attuned"), "practice noise first")


@settings(HYPO, max_examples=120)
@given(values=st.fixed_dictionaries({item: json_values for item in ITEMS_M2}),
       kinds=st.fixed_dictionaries({item: st.sampled_from(KINDS) for item in ITEMS_M2}))
def test_wrong_shaped_answers_score_zero_or_fail_in_one_line(tmp_path, values, kinds):
    """Tried: every item committed with a value of any JSON shape and any kind (a hand-edited log).
    Held: each grade cell returns a score within 0..points or raises a ONE-line GradingProblem, and
    never writes to stderr (which nbgrader would also score 0, silently)."""
    path = tmp_path / "responses.jsonl"
    path.write_bytes(b"".join(encode({"item": item, "kind": kinds[item], "value": values[item], "scene": "opening",
                                      "run": "r", "at": "2026-01-01T00:00:00Z"}) + b"\n" for item in ITEMS_M2))
    with log_env(path):
        for item in ITEMS_M2:
            score, problem, _out, err = grade_item(item)
            assert err == "", f"{item}: stderr {err!r}"
            points = POINTS[item][1]
            assert (score is not None and 0 <= score <= points) or problem, f"{item}: {score!r} {problem!r}"


def test_garbage_log_scores_zero_everywhere_with_one_line_reasons(tmp_path):
    """Tried: the 'garbled' trainee's log (random bytes). Held: every item fails in one line naming the
    log and saying lines could not be read; nothing is awarded."""
    rng = random.Random(11)
    path = tmp_path / "responses.jsonl"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    with log_env(path):
        for item in ITEMS_M2:
            score, problem, out, err = grade_item(item)
            assert score is None and "responses.jsonl" in problem and "could not be read" in problem, problem
            assert err == "" and out.startswith("Note: responses.jsonl: line ")


# -- writing failures, reported in the widget -----------------------------------------------
def _widgets(path: Path):
    log = ResponseLog(path)
    return (attuned.Vignette("m2.tomas", log), attuned.KnowledgeCheck("m2.kc-insight", log),
            attuned.CheckIn("m2.checkin-before", log))


def _click_everything(player, check, checkin) -> None:
    """What the trainee's mouse does: type, select, then press the button. A press arrives in the kernel
    as one message carrying what the page shows (attuned/notebook/controls/form.js), so that is what is sent."""
    def press(form, event: str, **values) -> None:
        form._on_front_end_message(form, {"event": event, "values": values}, [])

    if player.needs_own_words:
        press(player.own_words_form, "save", words="That sounds hard. Can we slow down?")
    if not player.needs_own_words:  # the options appear only once the words are saved
        press(player.choice, "respond", response=player.engine.current.options[0].id)
    press(check.form, "submit", answer="b")
    press(checkin.form, "record", activation=4, urge_to_fix=5)


def _assert_not_saved(player, check, checkin, before: bytes | None, path: Path, reason: str) -> None:
    for name, widget in (("vignette", player), ("knowledge check", check), ("check-in", checkin)):
        assert "Not saved" in widget.status.value and "NOT saved" in widget.status.value, \
            f"{name} status must say the answer was not saved: {widget.status.value}"
        assert reason in widget.status.value, f"{name} status must say why ({reason}): {widget.status.value}"
    assert player.engine.steps == [] and player.engine.current_id == player.vignette.start, "vignette advanced"
    assert player.transcript.children == (), "a step was shown as if it were saved"
    assert check.graded_value is None and checkin.graded_value is None, "an exercise believes it was saved"
    if before is not None:
        assert path.read_bytes() == before, "a failed save changed the log"


def _assert_saved(player, check, checkin, path: Path) -> None:
    assert "Saved" in player.status.value and len(player.engine.steps) == 1
    assert "Saved your answer" in check.status.value and check.graded_value == ["b"]
    assert "Saved your check-in" in checkin.status.value
    contents = ResponseLog(path).read()
    assert contents.problems == [], contents.problems
    assert [e.kind for e in contents.events] == ["own_words", "commit", "check", "self_report"]


def test_permission_denied_is_shown_as_not_saved_in_every_widget(tmp_path, monkeypatch):
    """Tried: os.open raising EACCES (injected) when the trainee clicks Respond / Submit / Record.
    Held: each widget's status says 'Not saved … permission denied … NOT saved', the vignette did not
    advance, the log is untouched; once writable again, the same clicks save as graded."""
    path = tmp_path / "responses.jsonl"
    path.write_bytes(b"")
    widgets = _widgets(path)
    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if str(file) == str(path) and flags & os.O_APPEND:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    opened = path.read_bytes()  # the option-order seed the widgets wrote on opening (attuned.notebook.option_order)
    assert ResponseLog(path).read().seed is not None and ResponseLog(path).read().events == []
    monkeypatch.setattr(responses.os, "open", denied)
    _click_everything(*widgets)
    _assert_not_saved(*widgets, opened, path, "permission denied")
    monkeypatch.setattr(responses.os, "open", real_open)
    _click_everything(*widgets)
    _assert_saved(*widgets, path)


def test_disk_full_half_way_through_a_write_leaves_no_trace_and_says_not_saved(tmp_path, monkeypatch):
    """Tried: os.write writing half the line, then ENOSPC (injected), on every widget. Held: 'Not saved …
    the disk is full', the log is byte-for-byte as before (the half line is cut off again, so no torn
    line and no hidden duplicate), and after space returns the next saves parse cleanly.
    (Bug found: the half-written line stayed in the log.)"""
    path = tmp_path / "responses.jsonl"
    ResponseLog(path).append("m2.kc-brain-layers", "check", ["b"])
    widgets = _widgets(path)
    before = path.read_bytes()  # after opening: the widgets wrote the option-order seed then
    real_write = os.write

    def half_then_full(fd, data):
        if b'"item"' not in bytes(data):  # only the log's lines hit the full disk
            return real_write(fd, data)
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(responses.os, "write", half_then_full)
    _click_everything(*widgets)
    _assert_not_saved(*widgets, before, path, "the disk is full")
    monkeypatch.setattr(responses.os, "write", real_write)
    _click_everything(*widgets)
    contents = ResponseLog(path).read()
    assert contents.problems == [] and len(contents.events) == 5, contents.problems


def test_fsync_failure_is_not_reported_as_saved_and_leaves_no_duplicate(tmp_path, monkeypatch):
    """Tried: fsync failing with EIO after the bytes were written. Held: LogWriteError (NOT saved) and
    the bytes are removed again, so the trainee's retry is the only copy in the log."""
    path = tmp_path / "responses.jsonl"
    log = ResponseLog(path)

    real_fsync = os.fsync

    def broken_fsync(fd):
        if os.readlink(f"/proc/self/fd/{fd}") != str(path):
            return real_fsync(fd)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(responses.os, "fsync", broken_fsync)
    with pytest.raises(LogWriteError, match="NOT saved"):
        log.append("m2.kc-insight", "check", ["a"])
    assert path.read_bytes() == b""
    monkeypatch.undo()
    log.append("m2.kc-insight", "check", ["b"])
    assert [e.value for e in log.read().events] == [["b"]]


def test_an_oversized_answer_says_not_saved():
    """Tried: an answer too large for one log line. Held: refused before writing, message says NOT saved."""
    with pytest.raises(LogWriteError, match="NOT saved"):
        ResponseLog(Path(tempfile.gettempdir()) / "never-written.jsonl").append(
            "m2.kc-insight", "practice", ["x" * (responses.MAX_LINE_BYTES + 1)])


def _nobody_can_traverse(directory: Path) -> None:
    for part in [directory, *directory.parents]:
        mode = part.stat().st_mode
        if not mode & stat.S_IXOTH:
            pytest.fail(f"{part} is not traversable by others; cannot run the unprivileged writer")


def test_real_permission_denied_from_an_unprivileged_writer():
    """Tried: a log file the writer may not write, for real (as root: a subprocess that drops to user
    'nobody' with os.setuid, since root ignores file modes; otherwise chmod 0444). Held: the append
    raises LogWriteError 'permission denied … NOT saved' and the file is unchanged."""
    work = Path(tempfile.mkdtemp(prefix="attuned-perm-"))
    try:
        os.chmod(work, 0o755)
        path = work / "responses.jsonl"
        path.write_bytes(b'{"item":"m2.kc-insight","kind":"check","value":["b"],"at":"t"}\n')
        os.chmod(path, 0o444)
        before = path.read_bytes()
        code = (
            "import os, sys, fcntl\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            "from attuned.notebook.responses import ResponseLog, LogWriteError\n"
            "# Code is loaded first (this Python's stdlib sits in a root-only folder), then privileges go.\n"
            "if os.geteuid() == 0:\n    os.setgroups([]); os.setgid(65534); os.setuid(65534)\n"
            "assert os.geteuid() != 0\n"
            f"log = ResponseLog({str(path)!r})\n"
            "assert log.read().events, 'reading must still work'\n"
            "try:\n    log.append('m2.kc-insight', 'practice', ['a']); print('WROTE')\n"
            "except LogWriteError as exc:\n    print('REFUSED:', exc)\n"
        )
        _nobody_can_traverse(work)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert "REFUSED:" in proc.stdout and "permission denied" in proc.stdout and "NOT saved" in proc.stdout, \
            proc.stdout + proc.stderr
        assert path.read_bytes() == before
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture()
def tiny_tmpfs():
    """A real 64 KiB tmpfs, so the disk really fills. Needs mount rights (root with CAP_SYS_ADMIN)."""
    mount_point = Path(tempfile.mkdtemp(prefix="attuned-full-"))
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        mount_point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}); the injected-ENOSPC test covers this")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)
        mount_point.rmdir()


def test_real_disk_full_on_a_tiny_tmpfs(tiny_tmpfs):
    """Tried: a log on a 64 KiB tmpfs filled to the last byte. Held: every widget says 'Not saved … the disk
    is full', nothing advanced, the log is unchanged; after freeing space the clicks save as graded."""
    path = tiny_tmpfs / "responses.jsonl"
    path.write_bytes(b"")
    filler = tiny_tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for chunk in (4096, 1):  # pages first, then byte by byte: not one byte is left
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    widgets = _widgets(path)
    _click_everything(*widgets)
    _assert_not_saved(*widgets, b"", path, "the disk is full")
    filler.unlink()
    _click_everything(*widgets)
    _assert_saved(*widgets, path)


# -- two windows on one notebook -----------------------------------------------------------
def test_a_second_window_cannot_silently_claim_the_graded_run(tmp_path):
    """Tried: the same vignette and check open in two windows before anything was saved; window A
    answers first, then window B. Held: B's step is saved and labelled PRACTICE in B's status, and the
    grade is A's path / A's answer."""
    path = tmp_path / "responses.jsonl"
    a_player, a_check = attuned.Vignette("m2.tomas", ResponseLog(path)), attuned.KnowledgeCheck("m2.kc-insight",
                                                                                                  ResponseLog(path))
    b_player, b_check = attuned.Vignette("m2.tomas", ResponseLog(path)), attuned.KnowledgeCheck("m2.kc-insight",
                                                                                                  ResponseLog(path))
    best = [option for _scene, option, _total in expected.vignette_path("m2.tomas", "attuned")]
    a_player.save_own_words("Knowing it and feeling it are different things.")
    b_player.save_own_words("You know the story, and it still floods you.")
    a_player.choose(best[0])
    a_player.commit()
    a_check.choose("b")
    a_check.commit()
    b_player.choose("explain")
    b_player.commit()
    b_check.choose("a")
    b_check.commit()
    assert "PRACTICE" in b_player.status.value, b_player.status.value
    assert "Saved as practice" in b_check.status.value, b_check.status.value
    a_player.choose(best[1])
    a_player.commit()
    kinds = [(e.item, e.kind) for e in ResponseLog(path).read().events if e.kind != "own_words"]
    assert kinds == [("m2.tomas", "commit"), ("m2.kc-insight", "check"), ("m2.tomas", "practice"),
                     ("m2.kc-insight", "practice"), ("m2.tomas", "commit")], kinds
    assert_scores(path, {"m2.tomas": expected.vignette_score("m2.tomas", "attuned", 4), "m2.kc-insight": 1.0},
                  "two windows")


# -- kill -9 during a burst of appends -------------------------------------------------------
WRITER = """
import os, sys
sys.path.insert(0, {repo!r})
from attuned.notebook.responses import ResponseLog
log = ResponseLog({log!r})
side = os.open({side!r}, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
pad = "x" * {pad}
seq = 0
while True:
    log.append("m2.tomas", "practice", {{"writer": {writer}, "seq": seq, "pad": pad}}, scene="opening", run="w{writer}")
    os.write(side, f"{{seq}}\\n".encode())  # recorded only AFTER append returned
    os.fsync(side)
    seq += 1
"""


def _recorded(side: Path) -> list[int]:
    raw = side.read_bytes() if side.exists() else b""
    complete = raw[: raw.rfind(b"\n") + 1]  # the side file itself may be torn by the kill
    return [int(x) for x in complete.split()]


@pytest.mark.parametrize("round_", range(20))
def test_kill_9_during_concurrent_appends_loses_no_completed_event(tmp_path, round_):
    """Tried: two processes appending as fast as they can (lines of 0.1-60 KiB, up to 15 pages), SIGKILLed at a random
    moment (seeded). Held: every event whose append had returned (recorded in the writer's side file
    after return) is in the log and parses; each writer's events are 0..n with no gap; at most one
    torn line per writer, and only ever skipped with a note."""
    rng = random.Random(1000 + round_)
    log = tmp_path / "responses.jsonl"
    procs, sides = [], []
    for writer in (1, 2):
        side = tmp_path / f"side-{writer}.txt"
        code = WRITER.format(repo=str(REPO), log=str(log), side=str(side), pad=rng.randrange(100, 60000), writer=writer)
        procs.append(subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE))
        sides.append(side)
    target = rng.randrange(3, 60)
    deadline = time.monotonic() + 30
    while min(len(_recorded(s)) for s in sides) < target:
        assert time.monotonic() < deadline, "writers did not get going"
        assert all(p.poll() is None for p in procs), [p.stderr.read() for p in procs if p.poll() is not None]
        time.sleep(0.002)
    time.sleep(rng.random() * 0.02)
    for proc in procs:
        os.kill(proc.pid, signal.SIGKILL)
    for proc in procs:
        proc.wait(timeout=10)
        proc.stderr.close()
    contents = ResponseLog(log).read()
    assert len(contents.problems) <= 2, contents.problems
    for problem in contents.problems:
        assert "incomplete last line" in problem or "not valid JSON" in problem, problem
    for writer, side in zip((1, 2), sides, strict=True):
        logged = [e.value["seq"] for e in contents.events if e.value["writer"] == writer]
        recorded = _recorded(side)
        assert set(recorded) <= set(logged), f"writer {writer}: completed events missing: {set(recorded) - set(logged)}"
        assert logged == list(range(len(logged))), f"writer {writer}: gap or disorder in {logged[:5]}…"
