"""Nobody submits as someone else: nbgrader's real collect and submit with attuned.pipeline.exchange.

Run as root (as CI does) with the machine's own accounts ``nobody`` and ``daemon`` standing in for
trainees: files are given to them with chown, exactly as a trainee's own submit leaves them. The
JupyterHub test (tests/hub) repeats the forgery with real logins.
"""

from __future__ import annotations

import os
import pwd
import shutil
from pathlib import Path

import pytest

from attuned.pipeline.exchange import claim_course_folder, forged_reason
from attuned.simulation.cycle import COURSE_ID, CycleError, nbgrader_env, prepare_course, run_nbgrader, trainee_step

REPO = Path(__file__).resolve().parents[1]
MODULE = "02-experience-over-explanation"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give files to other accounts (CI runs as root)")


def _give(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for p in [path, *path.rglob("*")]:
        os.lchown(p, entry.pw_uid, entry.pw_gid)


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    work = tmp_path_factory.mktemp("exchange")
    course = prepare_course(REPO, work, [MODULE])
    exchange = work / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o1777)  # nbgrader's exchange is shared by design
    common = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE_ID}"]
    env = nbgrader_env()
    run_nbgrader(["generate_assignment", MODULE, "--force", *common], course, env, "generate")
    run_nbgrader(["release_assignment", MODULE, "--force", *common], course, env, "release")
    return work, course, exchange, common, env


def _submission(exchange: Path, student: str, stamp: str, tag: str, owner: str) -> Path:
    folder = exchange / COURSE_ID / "inbound" / f"{student}+{MODULE}+{stamp}+{tag}"
    folder.mkdir()
    shutil.copy(next(REPO.glob(f"release/{MODULE}/*.ipynb")), folder)
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    _give(folder, owner)
    return folder


def test_collect_takes_only_what_the_named_account_submitted(released):
    _work, course, exchange, common, env = released
    genuine = _submission(exchange, "nobody", "2026-12-05 09:00:00.000000 UTC", "genuine", "nobody")
    forged = _submission(exchange, "nobody", "2099-01-01 00:00:00.000000 UTC", "forged", "daemon")
    linked = _submission(exchange, "daemon", "2026-12-05 09:00:00.000000 UTC", "linked", "daemon")
    (linked / "responses.jsonl").symlink_to(REPO / "instructor" / "keys" / f"{MODULE}.yaml")
    os.lchown(linked / "responses.jsonl", pwd.getpwnam("daemon").pw_uid, -1)
    mixed = _submission(exchange, "sys", "2026-12-05 09:00:00.000000 UTC", "mixed", "sys")
    (mixed / "responses.jsonl").write_text("{}\n", encoding="utf-8")  # left owned by root: not sys's file
    out = run_nbgrader(["collect", MODULE, *common], course, env, "collect")
    collected = course / "submitted" / "nobody" / MODULE / "timestamp.txt"
    assert collected.read_text(encoding="utf-8") == "2026-12-05 09:00:00.000000 UTC", "the genuine one, not the forgery"
    assert not (course / "submitted" / "daemon").exists() and not (course / "submitted" / "sys").exists()
    lines = [line for line in out.splitlines() if "Not collected" in line]
    assert len(lines) == 3, out
    assert any(forged.name in line and "claims to be from nobody but it is owned by daemon" in line for line in lines)
    assert any(linked.name in line and "symbolic link" in line for line in lines)
    assert any(mixed.name in line and "its file responses.jsonl is owned by root" in line for line in lines)
    assert genuine.exists() and forged.exists(), "nothing is deleted from the exchange"
    assert "cheating attempt" not in out  # nbgrader's own warning is replaced by the line above


def test_forged_reason_names_both_accounts_and_trusts_ids_that_are_not_accounts(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "a.ipynb").write_text("{}", encoding="utf-8")
    _give(folder, "daemon")
    assert forged_reason(folder, "daemon") is None
    assert forged_reason(folder, "nobody") == "claims to be from nobody but it is owned by daemon"
    assert forged_reason(folder, "no-such-trainee-xyz") is None  # one machine, simulated trainees
    assert forged_reason(folder, "no-such-trainee-xyz", "always") == (
        "claims to be from no-such-trainee-xyz, which is not an account on this server")


def test_submit_refuses_another_accounts_id_and_leaves_the_folder_private(released, tmp_path):
    exchange = released[2]
    home = tmp_path / "home"
    home.mkdir()
    trainee_step("fetch", MODULE, "trainee-x", home, exchange)
    with pytest.raises(CycleError, match="You are root: you cannot submit as nobody"):
        trainee_step("submit", MODULE, "nobody", home, exchange)
    trainee_step("submit", MODULE, "trainee-x", home, exchange)
    made = next((exchange / COURSE_ID / "inbound").glob(f"trainee-x+{MODULE}+*"))
    assert made.stat().st_mode & 0o777 == 0o755


def test_the_course_folder_in_the_exchange_is_claimed_from_a_squatter(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o1777)
    squat = exchange / COURSE_ID
    (squat / "inbound").mkdir(parents=True)
    _give(squat, "nobody")
    course = claim_course_folder(exchange, COURSE_ID, "daemon")
    daemon = pwd.getpwnam("daemon").pw_uid
    modes = {p.name: (p.stat().st_uid, p.stat().st_mode & 0o7777) for p in (course, course / "inbound", course / "outbound")}
    assert modes == {COURSE_ID: (daemon, 0o755), "inbound": (daemon, 0o2733), "outbound": (daemon, 0o755)}
    aside = [p.name for p in exchange.iterdir() if p.name.startswith(f".{COURSE_ID}.made-by-nobody-")]
    assert len(aside) == 1
    assert claim_course_folder(exchange, COURSE_ID, "daemon") == course  # again: nothing moves
    assert len(list(exchange.iterdir())) == 2
