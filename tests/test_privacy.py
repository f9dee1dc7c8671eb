"""`attuned check-privacy`: does it find identifying details in reflections, and only there?

Measured on three labelled sets of synthetic reflections (tests/fixtures/privacy/): the required
set (70 texts, half identifying), a harder set written to find blind spots, and a fresh set
never used for tuning. The method and the numbers are in docs/privacy-evaluation.md.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from attuned.notebook import privacy
from attuned.notebook.privacy import check_notebook, check_text, show_privacy_check

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "privacy"
RELEASE_NB = REPO / "release" / "02-experience-over-explanation" / "02-experience-over-explanation.ipynb"
ANSWER_IDS = ("m2-reflect-insight-answer", "m2-reflect-invitation-answer")


def score(name: str) -> tuple[float, float, list[str]]:
    """(precision, recall, mistakes) of 'any finding' as the prediction of 'identifying'."""
    items = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))["items"]
    tp = fp = fn = 0
    mistakes = []
    for number, item in enumerate(items):
        findings = check_text(item["text"])
        if findings and item["identifying"]:
            tp += 1
        elif findings:
            fp += 1
            mistakes.append(f"false alarm #{number}: {[f.snippet for f in findings]}")
        elif item["identifying"]:
            fn += 1
            mistakes.append(f"missed #{number} ({item['kinds']}): {item['text'][:70]}…")
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), mistakes


def test_labelled_set_is_big_enough_and_balanced():
    items = yaml.safe_load((FIXTURES / "labelled.yaml").read_text(encoding="utf-8"))["items"]
    positives = sum(1 for i in items if i["identifying"])
    assert len(items) >= 60 and positives == len(items) // 2, (len(items), positives)


def test_precision_and_recall_on_the_labelled_set():
    """Held: recall >= 0.95 and precision >= 0.8 on the 70 labelled reflections (printed with -s)."""
    precision, recall, mistakes = score("labelled.yaml")
    print(f"\nlabelled set (70): precision {precision:.3f}, recall {recall:.3f}; " + "; ".join(mistakes))
    assert recall >= 0.95, mistakes
    assert precision >= 0.8, mistakes


@pytest.mark.parametrize(("name", "min_precision", "min_recall"), [("heldout.yaml", 0.9, 0.9),
                                                                    ("fresh.yaml", 0.9, 0.8)])
def test_harder_sets_do_not_regress(name, min_precision, min_recall):
    """The two later sets, printed; floors at their current values so a change that loses ground fails."""
    precision, recall, mistakes = score(name)
    print(f"\n{name}: precision {precision:.3f}, recall {recall:.3f}; " + "; ".join(mistakes))
    assert precision >= min_precision and recall >= min_recall, mistakes


@pytest.mark.parametrize(("text", "kind", "snippet"), [
    ("I met my client Sarah on Monday.", "name", "Sarah"),
    ("Daniel Okafor cancelled again.", "name", "Daniel Okafor"),
    ("Mrs K. asked if I liked her.", "name", "Mrs K."),
    ("Client J.M. was late.", "initials", "Client J.M."),
    ("She wrote from jo.b@example.org last night.", "email", "jo.b@example.org"),
    ("Call 0161 496 0732 if needed.", "phone", "0161 496 0732"),
    ("It happened on 14 March 2023.", "date", "14 March 2023"),
    ("It happened on the twelfth of March.", "date", "twelfth of March"),
    ("A 47-year-old teacher from Hartlepool.", "age_place", "47-year-old teacher from Hartlepool"),
    ("His NHS number 943 476 5919 was on the letter.", "id", "NHS number 943 476 5919"),
    ("She lives at 27 Albion Road now.", "address", "27 Albion Road"),
    ("He started at St Bartholomew's Primary School.", "institution", "St Bartholomew's Primary School"),
    ("Her handle is @lila.draws.daily on there.", "handle", "@lila.draws.daily"),
    ("As the only Sikh firefighter in the county he stands out.", "rare", None),
    ("i saw sarah again and she was quiet.", "name", "sarah"),
    ("Since 2024 her father Stanisław has been ill.", "name", "Stanisław"),
])
def test_each_kind_of_detail_is_found(text, kind, snippet):
    findings = check_text(text)
    assert any(f.kind == kind and (snippet is None or f.snippet == snippet) for f in findings), findings


@pytest.mark.parametrize("text", [
    "In the Tomás vignette I chose the explanation first.",
    "Sofía's reaction in the vignette surprised me.",
    "Rogers (1957) described empathy as sensing the client's world.",
    "Carl Rogers described congruence; John Bowlby's theory helps too.",
    "A man in his forties came after a break-up; I trained in Manchester.",
    "In March I noticed I am more directive on Mondays.",
    "Session 6 of 12: the alliance rating was 7 out of 10, PHQ-9 of 14.",
    "For her, the Prophet Muhammad is a model of patience.",
    "Grace under pressure is something I admire.",
])
def test_course_material_and_ordinary_prose_are_not_flagged(text):
    """Vignette characters in a course context, cited authors, coarse ages, months, scores, honorifics."""
    assert check_text(text) == []


@pytest.mark.parametrize("text", ["My client Priya said she was tired.", "Priya Sharma missed her session.",
                                  "A patient called Linh rang the office."])
def test_a_vignette_name_used_for_a_real_person_is_flagged(text):
    """The exemption for fictional vignette clients ends where the text treats the name as a real person."""
    assert [f.kind for f in check_text(text)] == ["name"], check_text(text)


# -- notebooks and the command line ------------------------------------------------------------
def make_notebook(tmp_path: Path, answers: dict[str, str], name: str = "02-experience-over-explanation.ipynb",
                  prompt_text: str | None = None) -> Path:
    nb = json.loads(RELEASE_NB.read_text(encoding="utf-8"))
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
        if prompt_text and grade_id == "m2-reflect-insight-prompt":
            cell["source"] = prompt_text
    path = tmp_path / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def run_cli(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attuned", "check-privacy", *map(str, paths)],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def test_cli_prints_one_line_per_finding_and_exits_1(tmp_path):
    path = make_notebook(tmp_path, {
        ANSWER_IDS[0]: "My client Sarah told me on 14 March 2023 that she felt unseen.",
        ANSWER_IDS[1]: "I would invite her gently. Email me at a.b@example.org if unsure.",
    })
    proc = run_cli(path)
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    assert proc.stdout.splitlines() == [
        f'{path}: cell {ANSWER_IDS[0]}: a personal name ("Sarah")',
        f'{path}: cell {ANSWER_IDS[0]}: an exact date ("14 March 2023")',
        f'{path}: cell {ANSWER_IDS[1]}: an e-mail address ("a.b@example.org")',
    ]


def test_cli_clean_notebook_exits_0(tmp_path):
    clean = make_notebook(tmp_path, {ANSWER_IDS[0]: "Composite case (invented): a woman in her thirties."},
                          prompt_text="Describe Sarah Jones, born 14 March 2023 (in a LOCKED cell: not an answer).")
    proc = run_cli(clean, RELEASE_NB)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "No likely identifying details found."


def test_cli_unreadable_notebook_says_so_without_a_traceback(tmp_path):
    junk = tmp_path / "junk.ipynb"
    junk.write_bytes(b"\x00\xff not json")
    proc = run_cli(junk, tmp_path / "missing.ipynb")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2 and "Traceback" not in output, output
    assert f"{junk}: is not a notebook" in proc.stderr and "missing.ipynb: cannot be read" in proc.stderr


def test_only_answer_cells_are_checked(tmp_path):
    path = make_notebook(tmp_path, {}, prompt_text="Mrs Smith from 27 Albion Road, born 14 March 2023.")
    assert check_notebook(path) == []


def test_nothing_is_sent_anywhere(tmp_path):
    """Tried: the whole CLI with every socket constructor and DNS lookup replaced by one that fails.
    Held: the check runs normally, and no networking client library was even imported."""
    path = make_notebook(tmp_path, {ANSWER_IDS[0]: "My client Sarah."})
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise SystemExit('NETWORK USED')\n"
        "socket.socket = socket.create_connection = socket.getaddrinfo = refuse\n"
        "from attuned.notebook.privacy import main\n"
        f"code = main([{str(path)!r}])\n"
        "bad = [m for m in ('requests', 'urllib3', 'http.client', 'httpx', 'aiohttp') if m in sys.modules]\n"
        "print('IMPORTED', bad)\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert "NETWORK USED" not in proc.stdout + proc.stderr
    assert proc.returncode == 1 and "IMPORTED []" in proc.stdout, proc.stdout + proc.stderr


# -- the notebook helper ------------------------------------------------------------------------
def test_show_privacy_check_reports_findings_on_stdout_only(tmp_path, capsys):
    make_notebook(tmp_path, {ANSWER_IDS[0]: "I worked with Daniel Okafor in Leeds."})
    show_privacy_check(tmp_path)
    out, err = capsys.readouterr()
    assert err == ""
    assert f'cell {ANSWER_IDS[0]}: a full name ("Daniel Okafor")' in out and "1 possible identifying detail" in out
    assert "Nothing leaves this computer" in out


def test_show_privacy_check_clean_and_empty_folders(tmp_path, capsys, monkeypatch):
    make_notebook(tmp_path, {ANSWER_IDS[0]: "Composite case, details invented."})
    monkeypatch.chdir(tmp_path)
    show_privacy_check()  # no argument: the notebook's own folder (the kernel's cwd)
    out, err = capsys.readouterr()
    assert "No likely identifying details found" in out and err == ""
    empty = tmp_path / "empty"
    empty.mkdir()
    show_privacy_check(empty)
    out, err = capsys.readouterr()
    assert "No saved notebook found" in out and err == ""


@pytest.mark.parametrize("trouble", ["corrupt-notebook", "names-file-missing", "checker-crashes", "noisy-warnings"])
def test_show_privacy_check_never_raises_and_never_writes_stderr(tmp_path, capsys, monkeypatch, trouble):
    """Tried: a corrupt notebook beside a good one, the names file gone, the checker itself raising,
    warnings fired during the check. Held: no exception, nothing on stderr, a readable line on stdout."""
    make_notebook(tmp_path, {ANSWER_IDS[0]: "My client Sarah."})
    if trouble == "corrupt-notebook":
        (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    elif trouble == "names-file-missing":
        monkeypatch.setattr(privacy, "NAMES_FILE", tmp_path / "nope.yaml")
        privacy._name_lists.cache_clear()
        privacy._public_figures.cache_clear()
    elif trouble == "checker-crashes":
        monkeypatch.setattr(privacy, "check_notebook", lambda path: 1 / 0)
    else:
        import warnings

        real = privacy.check_text

        def noisy(text):
            warnings.warn("something deprecated", DeprecationWarning, stacklevel=1)
            return real(text)

        monkeypatch.setattr(privacy, "check_text", noisy)
    try:
        show_privacy_check(tmp_path)
    finally:
        privacy._name_lists.cache_clear()
        privacy._public_figures.cache_clear()
    out, err = capsys.readouterr()
    assert err == "", err
    assert out.strip(), "nothing was printed"
    if trouble == "corrupt-notebook":
        assert "broken.ipynb: is not a notebook" in out and 'a personal name ("Sarah")' in out
    if trouble == "names-file-missing":
        assert 'a personal name ("Sarah")' in out, "the 'my client <Name>' rule works without the list"
    if trouble == "checker-crashes":
        assert "The privacy check could not run (ZeroDivisionError)" in out


def test_names_file_is_valid_content():
    assert privacy.check_names_file() == []


# -- the trainee's own words in the vignettes (issue 10) ------------------------------------------
def test_own_words_in_the_response_log_are_checked_too(tmp_path, capsys):
    from attuned.notebook.responses import ResponseLog

    make_notebook(tmp_path, {ANSWER_IDS[0]: "Composite case, details invented."})
    log = ResponseLog(tmp_path / "responses.jsonl")
    log.append("m2.tomas", "own_words", "Like my client Sarah, you sound exhausted.", scene="opening")
    log.append("m2.linh", "own_words", "Something touched you just then.", scene="opening")
    log.append("m2.tomas", "commit", "invite", scene="opening")
    show_privacy_check(tmp_path)
    out, err = capsys.readouterr()
    assert err == "" and 'responses.jsonl: cell own words for m2.tomas: a personal name ("Sarah")' in out
    assert "m2.linh" not in out and "1 possible identifying detail" in out
    proc = run_cli(tmp_path / "responses.jsonl")
    assert proc.returncode == 1 and "own words for m2.tomas" in proc.stdout, proc.stdout + proc.stderr
