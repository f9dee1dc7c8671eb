"""A cohort of eight at once on the project's hub, with four faults mid-session (benchmarks/loadtest).

What runs (all real, about three to four minutes on two cores): JupyterHub from
``deploy/jupyterhub_config.py`` with the idle culler, accounts ``att-linstr`` and ``att-l01``..
``att-l08`` (their own comment and group; their homes on a tmpfs of their own), eight trainees
logging in with their Unix passwords, starting their servers, fetching module 02 and working it
through the widgets' own press messages over the kernel websocket, while the instructor
autogrades last week's module; meanwhile the hub is restarted, one trainee's kernel is killed
mid-vignette, the trainees' disk is filled, and one trainee's server is stopped by the idle
culler and started again. Afterwards module 02 is collected and autograded.

Asserted: outcomes, not speed. Every trainee graded exactly as tests/expected_scores.py derives
from the YAML, no saved answer missing from what nbgrader collected, each fault's outcome, and
nothing left behind. The timings go to test-artifacts/loadtest-n8.json (``make loadtest`` writes
the full-size figures).

Not root: skipped with the reason (it creates accounts and mounts a tmpfs). CI runs as root.
"""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest

from tests.hub import harness

pytestmark = pytest.mark.hub

N = 8
ARTIFACT = harness.REPO / "test-artifacts" / "loadtest-n8.json"


@pytest.fixture(scope="module")
def load_run():
    if os.geteuid() != 0:
        pytest.skip("needs root: the load test creates Unix accounts and mounts a tmpfs (CI runs as root)")
    missing = harness.missing_requirements()
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `make hub-deps` (make test does)")
    from benchmarks.loadtest.report import markdown
    from benchmarks.loadtest.session import LoadTestFailed, Options, run

    ARTIFACT.parent.mkdir(exist_ok=True)
    try:
        results = run(Options(trainees=N, think=1.0, prior=2, verbose=False,
                              keep_hub_log=ARTIFACT.with_name("loadtest-n8-jupyterhub.log")))
    except LoadTestFailed as err:
        ARTIFACT.write_text(json.dumps(err.results, indent=2, default=str), encoding="utf-8")
        pytest.fail(f"the load test failed: {err.results.get('error')}\n{err.results.get('traceback')}\n"
                    f"log: {err.results.get('log')}\nhub log tail:\n{err.results.get('hub_log_tail', '')[-3000:]}")
    ARTIFACT.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print("\n" + markdown(results))
    return results


def test_every_trainee_is_graded_exactly_and_no_saved_answer_is_lost(load_run):
    grading = load_run["grading"]
    assert grading["trainees"] == N
    assert grading["mismatches"] == [], grading["mismatches"]
    assert grading["graded_exactly"] == N
    assert grading["lost_answers"] == [], grading["lost_answers"]
    # Each trainee saves own words twice, walks two vignettes (a step or more each), answers three
    # checks and two check-ins.
    assert grading["saved_answers"] >= N * 9, grading["saved_answers"]


def test_a_hub_restart_keeps_every_server_and_kernel(load_run):
    restart = load_run["faults"]["hub-restart"]
    assert restart["servers_alive_while_down"] is True
    assert restart["servers_before"] >= N - 1  # the trainee about to be culled may be gone already
    assert restart["same_servers_after"] == restart["servers_before"], restart
    assert restart["same_kernels_after"] == restart["kernels_before"] > 0, restart
    assert load_run["websocket_reconnects"] >= 1, "the proxy restarts with the hub: pages reconnect"


def test_a_killed_kernel_resumes_the_vignette_from_the_log(load_run):
    kill = load_run["faults"]["kernel-kill"]
    assert kill["killed_pids"], kill
    assert kill["resumed"] is True, kill["status_after"]
    assert kill["transcript_steps_after"] == kill["steps_before"] == 1, kill


def test_a_full_disk_says_not_saved_and_damages_nothing(load_run):
    disk = load_run["faults"]["disk-full"]
    assert disk["free_bytes_when_full"] < 4096, disk
    assert disk["not_saved_shown"] is True, disk["status_while_full"]
    assert disk["log_unchanged_by_refused_press"] is True
    assert disk["earlier_answers_intact"] is True
    assert disk["log_lines_parse"] is True


def test_the_idle_culler_stops_a_server_and_the_work_survives_its_restart(load_run):
    culled = load_run["faults"]["culled"]
    assert culled["items_done_before"], culled
    assert culled["culled_after_idle_s"] >= load_run["options"]["cull_timeout"] - load_run["options"]["activity_interval"]
    assert culled["culler_logged"] is True
    assert culled["done_items_kept"] is True, culled["status_of_done_items"]


def test_the_figures_are_recorded(load_run):
    assert load_run["login_to_kernel_ready_s"]["n"] == N
    assert load_run["press_to_reaction_ms"]["n"] > N * 5
    assert load_run["press_to_log_line_ms"]["n"] > N * 5
    assert load_run["peak_pss_per_trainee_mb"]["n"] == N
    assert load_run["floor"]["pss_mb"] > 0
    assert load_run["autograde_idle_s"] > 0 and load_run["autograde_under_load_s"] > 0


def test_nothing_is_left_behind(load_run):
    teardown = load_run["teardown"]
    assert teardown["problems"] == [] and teardown["accounts_left"] == [] and teardown["homes_mounted"] is False
    marked = [p.pw_name for p in pwd.getpwall() if p.pw_gecos.startswith("Attuned load test account")]
    assert marked == []
    mounts = Path("/proc/mounts").read_text()
    assert "attuned-load-homes" not in mounts
