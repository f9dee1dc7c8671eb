"""JupyterHub with real Unix accounts: the nbgrader cycle as an instructor and three trainees.

What runs, all for real on this machine (about 40-60 s):

- Unix accounts ``att-instr`` (instructor) and ``att-t1``..``att-t3`` (trainees, in the group
  ``attuned-trainees``) with homes of mode 0700 and random passwords; removed at the end, on
  failure too. Accounts left by a crashed run are recognised by their comment and removed first.
- JupyterHub 6.1 from ``deploy/jupyterhub_config.py`` itself (PAM login, LocalProcessSpawner,
  PATH in ``Spawner.environment``, the shared exchange), with only throwaway paths, ports and an
  API token laid over it; configurable-http-proxy 5.3 from ``tests/hub/node_modules``; the venv
  made by ``make hub-deps`` with the system Python, with the course installed from this
  checkout (non-editable) so trainees' kernels import it.
- Every account's single-user server is started through the hub's REST API and must answer;
  one trainee logs in through the hub's login form with the Unix password (PAM).
- The instructor's nbgrader commands run as ``att-instr`` (``runuser``) in a course folder in
  that home; the formgrader runs in the instructor's own server (nbgrader's "one class, one
  grader" set-up) and must list the submissions; trainees' servers must not offer it.
- Each trainee fetches, submits and fetches feedback through nbgrader's Assignments extension in
  their own server (the HTTP calls the Assignments tab makes), as themselves, without
  ``--student``; between fetch and submit their notebook runs in a real kernel under their
  account, answered through the widgets by a persona (``attuned.simulation.cycle.work_notebook``).
- Asserted: autograded scores per item as tests/expected_scores.py derives them from the YAML
  (``silent`` earns 0); and, tried as the trainee's own Unix user, that nobody can list the
  exchange's inbound or feedback folders, find another trainee's submission, or read another
  trainee's home, the instructor's source notebooks (hidden tests hold the keys) or gradebook.

Not root: skipped with the reason (it creates accounts). In CI, which runs as root, it runs.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.cookiejar
import json
import os
import pwd
import re
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests import expected_scores as expected
from tests.hub import harness
from tests.hub.harness import COURSE_ID, HUB_VENV, REPO, Cohort, Hub
from tests.hub.harness import must as _must
from tests.hub.harness import run as _run

pytestmark = pytest.mark.hub

SQUATTER = "att-t3"  # makes the course's exchange folder before the hub starts
MODULE = "02-experience-over-explanation"  # the smallest module: 3 checks, 2 vignettes
INSTRUCTOR = "att-instr"
TRAINEES = {"att-t1": "attuned", "att-t2": "fixer", "att-t3": "silent"}
TRAINEE_GROUP = "attuned-trainees"
ACCOUNTS = (INSTRUCTOR, *TRAINEES)
COHORT = Cohort(instructor=INSTRUCTOR, trainees=tuple(TRAINEES), mark="Attuned hub test account (tests/hub)",
                group=TRAINEE_GROUP, service="attuned-hub-test")
WORK_PREFIX = "attuned-hub-"


def _timed(hub: Hub, label: str):
    @contextlib.contextmanager
    def timer():
        start = time.monotonic()
        yield
        hub.timings[label] = round(time.monotonic() - start, 1)
    return timer()


# --- the cycle -----------------------------------------------------------------------------

def _request_servers(hub: Hub) -> None:
    """Ask the hub to start every account's server; they come up while the instructor works."""
    status, body = hub.api("POST", "/users", {"usernames": list(TRAINEES)})  # the instructor is in allowed_users
    assert status in (201, 409), (status, body)
    for name in ACCOUNTS:
        status, body = hub.api("POST", f"/users/{name}/server")
        assert status in (201, 202), (name, status, body, hub.log_tail())


def _await_servers(hub: Hub) -> None:
    deadline = time.monotonic() + 180
    pending = set(ACCOUNTS)
    while pending and time.monotonic() < deadline:
        for name in sorted(pending):
            status, model = hub.api("GET", f"/users/{name}")
            server = (model or {}).get("servers", {}).get("")
            if server and server.get("ready"):
                pending.discard(name)
        time.sleep(0.5)
    assert not pending, f"servers not ready: {sorted(pending)}\n{hub.log_tail()}"
    for name in ACCOUNTS:
        status, body = hub.request("GET", f"/user/{name}/api/status")
        assert status == 200, (name, status, body[:300])
        status, model = hub.api("GET", f"/users/{name}")
        pid = model["servers"][""]["state"].get("pid")
        assert pid and Path(f"/proc/{pid}").stat().st_uid == pwd.getpwnam(name).pw_uid, \
            f"{name}'s server does not run as {name}"
        environ = dict(item.split("=", 1) for item in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in item)
        assert environ["PATH"].startswith(f"{HUB_VENV / 'bin'}:"), "Spawner.environment puts the venv first on PATH"
        assert environ["ATTUNED_EXCHANGE"] == str(hub.exchange)


def _login_with_password(hub: Hub, user: str) -> None:
    """The hub's own login form, with the account's Unix password (PAM), as a trainee would."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def attempt(password: str) -> tuple[int, str, str]:
        with opener.open(hub.url + "/hub/login", timeout=60) as resp:  # sets the _xsrf cookie
            xsrf = re.search(r'name="_xsrf" value="([^"]+)"', resp.read().decode())
        form = {"username": user, "password": password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
        try:
            with opener.open(hub.url + "/hub/login?next=%2Fhub%2Fhome", data=urllib.parse.urlencode(form).encode(),
                             timeout=60) as resp:
                return resp.status, resp.geturl(), resp.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.geturl(), err.read().decode()

    status, landed, page = attempt("wrong-" + hub.passwords[user])
    assert status == 403 and "Invalid username or password" in page, (status, landed)
    status, landed, page = attempt(hub.passwords[user])
    assert status == 200 and landed.endswith("/hub/home") and user in page, \
        f"PAM login as {user} failed ({status}, {landed}):\n{hub.log_tail(3000)}"


def _prepare_instructor(hub: Hub) -> Path:
    from attuned.simulation.cycle import prepare_course

    home = Path(f"/home/{INSTRUCTOR}")
    course = prepare_course(REPO, home, [MODULE])  # nbgrader_config.py and source/MODULE, in ~/course
    # As docs/instructor-guide.md tells instructors: the course's config names the hub's exchange.
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(f"\n# This hub's exchange (added by tests/hub).\nc.Exchange.root = {str(hub.exchange)!r}\n")
    # nbgrader's one-class-one-grader set-up: the formgrader finds the course through this file.
    (home / ".jupyter").mkdir()
    (home / ".jupyter" / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(course)!r}\n", encoding="utf-8")
    # The formgrader and course list, off in the venv for everyone, on for this account only
    # (the same file deploy/jupyterhub_config.py tells instructors to write; `jupyter server
    # extension enable --user` refuses extensions installed in the venv, and still exits 0).
    (home / ".jupyter" / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": True, "nbgrader.server_extensions.course_list": True}}}, indent=2))
    _must(_run(["chown", "-R", f"{INSTRUCTOR}:{INSTRUCTOR}", str(course), str(home / ".jupyter")]), "chown")
    _must(hub.as_user(INSTRUCTOR, [str(HUB_VENV / "bin" / "jupyter"), "labextension", "enable", "--level=user",
                                   "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:course-list",
                                   "@jupyter/nbgrader:create-assignment"]), "enable the formgrader lab extension")
    return course


def _assignments(hub: Hub, user: str, action: str | None = None) -> list[dict]:
    """What the Assignments tab does: GET the list, or POST fetch/submit/fetch_feedback."""
    if action is None:
        status, body = hub.request("GET", f"/user/{user}/assignments?course_id={COURSE_ID}")
    else:
        status, body = hub.request("POST", f"/user/{user}/assignments/{action}",
                                   form={"course_id": COURSE_ID, "assignment_id": MODULE}, timeout=300)
    assert status == 200, (user, action, status, body[:500])
    result = json.loads(body)
    assert result.get("success"), f"{user}: {action} failed in their server: {str(result.get('value'))[-2000:]}"
    return [a for a in result["value"] if a["assignment_id"] == MODULE]


def _trainee_works(hub: Hub, user: str, persona: str, keys: dict[str, list[str]]) -> dict[str, float]:
    times = {}
    start = time.monotonic()
    fetched = _assignments(hub, user, "fetch")
    assert [a["status"] for a in fetched] == ["fetched"], fetched
    folder = Path(f"/home/{user}/{MODULE}")
    assert folder.stat().st_uid == pwd.getpwnam(user).pw_uid, "the fetched folder belongs to the trainee"
    times["fetch"] = time.monotonic() - start
    # The persona works the notebook in a real kernel under the trainee's account. Its answers
    # (the keys) come on stdin: the simulated trainee knows them; no file of them is readable.
    code = ("import json, sys; from pathlib import Path; from attuned.simulation.cycle import work_notebook; "
            "work_notebook(Path(sys.argv[1]), sys.argv[2], json.load(sys.stdin))")
    start = time.monotonic()
    proc = hub.as_user(user, [str(HUB_VENV / "bin" / "python"), "-c", code, str(folder), persona],
                       stdin=json.dumps(keys), timeout=400)
    _must(proc, f"{user} ({persona}) working {MODULE}")
    times["work"] = time.monotonic() - start
    log = folder / "responses.jsonl"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()] if log.exists() else []
    # Every trainee's log holds its option-order seed (attuned.notebook.option_order); only answers count here.
    answers = [e for e in lines if e.get("kind") != "seed"]
    assert bool(answers) == (persona != "silent"), "the widgets wrote the trainee's answers to the log"
    start = time.monotonic()
    submitted = _assignments(hub, user, "submit")
    assert any(a["status"] == "submitted" for a in submitted), submitted
    times["submit"] = time.monotonic() - start
    return times


@pytest.fixture(scope="module")
def hub_cycle(keys):
    if os.geteuid() != 0:
        pytest.skip("needs root: this test creates Unix accounts and starts JupyterHub as root (CI runs as root)")
    missing = harness.missing_requirements()
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make hub-deps` (make test does)")
    with harness.hub_lock() as lock:  # held until the accounts are gone
        harness.end_hub_of_a_killed_run(lock, WORK_PREFIX)
        hub = harness.new_hub(COHORT, WORK_PREFIX)
        try:
            harness.remove_stale_accounts(COHORT)
            with _timed(hub, "accounts"):
                harness.create_accounts(hub)
            with _timed(hub, "install course into hub venv"):
                harness.install_course_into_hub_venv()
            with _timed(hub, "instructor's course folder"):
                course = _prepare_instructor(hub)
            # A trainee who makes the course's folder in the exchange before the first release must not
            # block it: the hub claims the folder for the instructor when it starts (deploy config).
            hub.exchange.mkdir(mode=0o755)
            os.chmod(hub.exchange, 0o1777)
            _must(hub.as_user(SQUATTER, ["/bin/mkdir", "-p", str(hub.exchange / COURSE_ID / "inbound")], cwd="/"),
                  "squat")
            with _timed(hub, "hub start"):
                harness.start_hub(hub)
            harness.record_hub(lock, hub)
            with _timed(hub, "instructor: generate, release (servers starting meanwhile)"):
                _request_servers(hub)
                hub.nbgrader(INSTRUCTOR, ["generate_assignment", MODULE, "--force"], course)
                hub.nbgrader(INSTRUCTOR, ["release_assignment", MODULE, "--force"], course)
            with _timed(hub, "servers ready and checked"):
                _await_servers(hub)
            with _timed(hub, "PAM login"):
                _login_with_password(hub, "att-t1")
            with _timed(hub, "trainees: fetch, work, submit (in parallel)"), \
                    concurrent.futures.ThreadPoolExecutor(max_workers=len(TRAINEES)) as pool:
                jobs = {user: pool.submit(_trainee_works, hub, user, persona, keys) for user, persona in TRAINEES.items()}
                for user, job in jobs.items():
                    for step, seconds in job.result().items():
                        hub.timings[f"{user} {step}"] = round(seconds, 1)
            with _timed(hub, "instructor: collect, autograde, feedback"):
                hub.nbgrader(INSTRUCTOR, ["collect", MODULE], course)
                hub.nbgrader(INSTRUCTOR, ["autograde", MODULE, "--force"], course)
                hub.nbgrader(INSTRUCTOR, ["generate_feedback", MODULE, "--force"], course)
                hub.nbgrader(INSTRUCTOR, ["release_feedback", MODULE], course)
            with _timed(hub, "trainees: fetch feedback"):
                for user in TRAINEES:
                    _assignments(hub, user, "fetch_feedback")
            yield hub, course
        except BaseException:
            print(f"\n--- JupyterHub log (tail) ---\n{hub.log_tail()}\n--- timings: {hub.timings}", file=sys.stderr)
            raise
        finally:
            teardown_start = time.monotonic()
            problems = harness.teardown(hub)
            hub.timings["teardown"] = round(time.monotonic() - teardown_start, 1)
            print(f"\nJupyterHub cycle timings (s): {hub.timings}")
            assert not problems, problems


# --- the tests -------------------------------------------------------------------------------

def test_every_trainee_is_graded_as_their_persona_earns(hub_cycle):
    from attuned.simulation.cycle import CycleResult, read_scores

    hub, course = hub_cycle
    result = CycleResult(work=hub.work, course=course, modules=[MODULE], students=list(TRAINEES))
    read_scores(result)
    for user, persona in TRAINEES.items():
        got = {grade: score for grade, (score, _max) in result.scores[user][MODULE].items()}
        if persona == "silent":  # never commits: every score cell 0, nothing earned anywhere
            scored = {g: v for g, v in got.items() if g.endswith("-score")}
            assert scored and all(v == 0 for v in scored.values()), (user, scored)
            assert not any(v for v in got.values() if v is not None), (user, got)
            continue
        want = {expected.grade_id(item): score for item, score in expected.persona_item_scores(persona, MODULE).items()}
        assert want and set(want) <= set(got), (user, sorted(set(want) - set(got)))
        for grade, score in want.items():
            assert got[grade] == pytest.approx(score, abs=0.005), f"{user} ({persona}) {grade}"
        assert all(got[g] is None for g in got if g.endswith("-answer")), "written reflections await the instructor"
    assert result.auto_total("att-t1", MODULE) > result.auto_total("att-t2", MODULE) > 0


def test_a_trainee_cannot_squat_the_course_folder(hub_cycle):
    hub, _course = hub_cycle
    course_dir = hub.exchange / COURSE_ID
    assert course_dir.stat().st_uid == pwd.getpwnam(INSTRUCTOR).pw_uid  # and the release above worked
    assert [p.name.split("-1")[0] for p in hub.exchange.glob(f".{COURSE_ID}.made-by-*")] == [
        f".{COURSE_ID}.made-by-{SQUATTER}"]


def test_nobody_is_collected_under_another_trainees_name(hub_cycle):
    """Trainee att-t2 tries to replace att-t1's submission: through nbgrader's submit --student, and
    with a folder made by hand in inbound under att-t1's name with a timestamp in the future."""
    hub, course = hub_cycle
    spy, victim = "att-t2", "att-t1"
    proc = hub.as_user(spy, [str(HUB_VENV / "bin" / "nbgrader"), "submit", MODULE, f"--student={victim}"])
    assert proc.returncode != 0 and f"You are {spy}: you cannot submit as {victim}" in proc.stdout + proc.stderr
    forged = hub.exchange / COURSE_ID / "inbound" / f"{victim}+{MODULE}+2099-01-01 00:00:00.000000 UTC+handmade"
    make = (f"import os, shutil; os.mkdir({str(forged)!r}); "
            f"shutil.copy({f'/home/{spy}/{MODULE}/{MODULE}.ipynb'!r}, {str(forged)!r}); "
            f"open(os.path.join({str(forged)!r}, 'timestamp.txt'), 'w').write('2099-01-01 00:00:00.000000 UTC')")
    _must(hub.as_user(spy, ["/usr/bin/python3", "-c", make], cwd="/"), "hand-made submission")
    stamp = course / "submitted" / victim / MODULE / "timestamp.txt"
    before = stamp.read_text(encoding="utf-8")
    try:
        proc = hub.as_user(INSTRUCTOR, [str(HUB_VENV / "bin" / "nbgrader"), "collect", MODULE, "--update"], cwd=course)
        out = _must(proc, "collect") + proc.stderr  # nbgrader logs to stderr
    finally:
        shutil.rmtree(forged)  # as root: the other tests count what is in inbound
    lines = [line for line in out.splitlines() if "Not collected" in line]
    assert len(lines) == 1 and forged.name in lines[0], out
    assert f"claims to be from {victim} but it is owned by {spy}" in lines[0]
    assert stamp.read_text(encoding="utf-8") == before, f"{victim}'s genuine submission stays the one collected"
    assert (course / "autograded" / victim / MODULE / f"{MODULE}.ipynb").exists()


def test_the_exchange_has_the_modes_the_readme_describes(hub_cycle):
    hub, _course = hub_cycle
    course_dir = hub.exchange / COURSE_ID
    modes = {name: os.stat(path).st_mode & 0o7777 for name, path in {
        "root": hub.exchange, "inbound": course_dir / "inbound", "outbound": course_dir / "outbound",
        "feedback": course_dir / "feedback"}.items()}
    # rwx for all + sticky (the deploy config); submit-only (nbgrader); readable; traverse-only.
    assert modes == {"root": 0o1777, "inbound": 0o2733, "outbound": 0o755, "feedback": 0o711}, \
        {k: oct(v) for k, v in modes.items()}


def test_the_submissions_carry_the_unix_account_as_trainee_id(hub_cycle):
    hub, course = hub_cycle
    submitted = sorted(p.name for p in (course / "submitted").iterdir())
    assert submitted == sorted(TRAINEES), "nbgrader named each submission after the account that made it"
    inbound = sorted(p.name for p in (hub.exchange / COURSE_ID / "inbound").iterdir())
    assert len(inbound) == len(TRAINEES)
    for name in inbound:
        student, assignment, _timestamp, random_part = name.split("+")
        assert student in TRAINEES and assignment == MODULE
        assert len(random_part) >= 12, "a random suffix keeps a submission's name unguessable"


def test_the_formgrader_is_the_instructors_alone(hub_cycle):
    hub, _course = hub_cycle
    status, body = hub.request("GET", f"/user/{INSTRUCTOR}/formgrader/api/submissions/{MODULE}")
    assert status == 200, (status, body[:300])
    rows = {row["student"]: row for row in json.loads(body)}
    assert set(rows) == set(TRAINEES)
    assert rows["att-t1"]["score"] > rows["att-t3"]["score"] == 0
    status, body = hub.request("GET", f"/user/{INSTRUCTOR}/formgrader")
    assert status == 200, status
    for trainee in TRAINEES:
        status, _ = hub.request("GET", f"/user/{trainee}/formgrader")
        assert status == 404, f"{trainee}'s server offers the formgrader"
    for user, formgrader_on in ((INSTRUCTOR, True), ("att-t1", False)):
        status, page = hub.request("GET", f"/user/{user}/lab")
        assert status == 200
        config = json.loads(re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        disabled = set(config.get("disabledExtensions", []))
        assert ("@jupyter/nbgrader:formgrader" not in disabled) == formgrader_on, (user, sorted(disabled))


def test_every_trainee_fetched_their_own_feedback(hub_cycle):
    for user in TRAINEES:
        pages = sorted(Path(f"/home/{user}/{MODULE}/feedback").glob(f"*/{MODULE}.html"))
        assert len(pages) == 1, (user, pages)
        text = pages[0].read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text
        assert pages[0].stat().st_uid == pwd.getpwnam(user).pw_uid


PROBE = """\
import glob, os, sys
kind, path = sys.argv[1], sys.argv[2]
try:
    if kind == "list":
        os.listdir(path)
    elif kind == "glob":
        sys.exit(3 if glob.glob(path) else 0)
    else:
        open(path, "rb").read(1)
except PermissionError:
    sys.exit(0)
sys.exit(2)
"""


def _denied(hub: Hub, user: str, kind: str, path: Path | str) -> bool:
    proc = hub.as_user(user, ["/usr/bin/python3", "-c", PROBE, kind, str(path)], cwd="/")
    assert proc.returncode in (0, 2, 3), proc.stderr
    return proc.returncode == 0


def test_a_trainee_cannot_see_other_trainees_work_or_the_instructors_keys(hub_cycle):
    hub, course = hub_cycle
    spy, victim = "att-t2", "att-t1"
    inbound = hub.exchange / COURSE_ID / "inbound"
    victim_submission = next(inbound.glob(f"{victim}+*"))  # root can see it; the spy must not find it
    assert victim_submission.is_dir()
    checks = {
        "list the exchange's inbound folder": ("list", inbound),
        "find another trainee's submission by name": ("glob", str(inbound / f"{victim}+*")),
        "list the exchange's feedback folder": ("list", hub.exchange / COURSE_ID / "feedback"),
        "read another trainee's notebook": ("read", f"/home/{victim}/{MODULE}/{MODULE}.ipynb"),
        "read another trainee's response log": ("read", f"/home/{victim}/{MODULE}/responses.jsonl"),
        "read another trainee's feedback": ("list", f"/home/{victim}/{MODULE}/feedback"),
        "read the instructor's source notebook (hidden tests)": ("read", course / "source" / MODULE / f"{MODULE}.ipynb"),
        "read the collected submission": ("read", course / "submitted" / victim / MODULE / f"{MODULE}.ipynb"),
        "read an autograded notebook (nbgrader writes hidden tests back in)":
            ("read", course / "autograded" / victim / MODULE / f"{MODULE}.ipynb"),
        "read the gradebook": ("read", course / "gradebook.db"),
        "list the instructor's home": ("list", f"/home/{INSTRUCTOR}"),
    }
    allowed = [what for what, (kind, path) in checks.items() if not _denied(hub, spy, kind, path)]
    assert not allowed, f"{spy} could: {allowed}"
    # Control: the same probes succeed for the owner, so "denied" is not a broken probe.
    assert not _denied(hub, victim, "read", f"/home/{victim}/{MODULE}/{MODULE}.ipynb")
    assert not _denied(hub, INSTRUCTOR, "read", course / "source" / MODULE / f"{MODULE}.ipynb")
    # What trainees may read, the released notebook, carries no hidden tests.
    released = hub.exchange / COURSE_ID / "outbound" / MODULE / f"{MODULE}.ipynb"
    assert not _denied(hub, spy, "read", released)
    assert "HIDDEN TESTS" not in released.read_text(encoding="utf-8")
