"""The whole run: a hub with real accounts, a cohort working at once, the instructor grading,
faults in the middle, and every trainee graded afterwards; then everything removed.

Order of a run (``run(options)``):

1. Set-up with ``tests/hub/harness.py`` (the same code as the hub test): accounts ``att-l01``..
   and ``att-linstr`` with their own comment and group; the trainees' homes on a tmpfs of their
   own (so "the disk is full" is real and harms nothing else); the deploy config with throwaway
   paths, the idle culler's timeouts short, activity reported every few seconds.
2. Before anyone logs in: last week's module (01) is released, fetched, answered and submitted by
   a few trainees; the instructor autogrades it on the idle machine (timed); a bare JupyterLab +
   ipykernel is started as the instructor and measured (the memory and CPU floor).
3. The cohort: every trainee at once (``trainee.Trainee.session``); meanwhile the instructor
   autogrades module 01 again (the same command, now under load), and the faults happen.
4. Collect and autograde module 02; compare every score with tests/expected_scores.py and every
   saved answer with the collected log (``results.py``); tear down (on failure too).

The set-up steps are in ``setup.py``; this module holds the run, the orchestrator and the faults.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import pwd
import shutil
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.loadtest import content, measure, setup
from benchmarks.loadtest import results as results_of
from benchmarks.loadtest.setup import MODULE, PRIOR
from benchmarks.loadtest.trainee import Trainee, TraineeError, TraineeRun
from tests.hub import harness
from tests.hub.harness import REPO, Cohort

MARK = "Attuned load test account (benchmarks/loadtest)"
GROUP = "attuned-load-trainees"
WORK_PREFIX = "attuned-load-"
ROLES = ("kernel-kill", "disk-full", "culled")


@dataclass
class Options:
    trainees: int = 30
    think: float = 2.0  # mean seconds between presses (uniform 0.5x..1.5x)
    faults: bool = True
    prior: int = 3  # trainees with a module-01 submission for the instructor to autograde
    ramp: float = 0.0  # the trainees arrive evenly over this many seconds (0: all at the same moment)
    # Longer than a hub restart under load plus the activity interval: the culler restarts with the
    # hub and judges servers by the activity recorded before it went down (a shorter timeout culls
    # trainees who were working all along; see docs/deployment.md).
    cull_timeout: int = 50
    cull_every: int = 5
    activity_interval: int = 5
    verbose: bool = True
    keep_hub_log: Path | None = None  # a copy of the hub's whole log, kept after teardown


def cohort_for(n: int) -> Cohort:
    return Cohort(instructor="att-linstr", trainees=tuple(f"att-l{i:02d}" for i in range(1, n + 1)), mark=MARK,
                  group=GROUP, service="attuned-load-test")


def _uptime() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Session:
    """The orchestrator the trainees call back into (hub address, passwords, fault hooks)."""

    def __init__(self, options: Options, hub: harness.Hub, homes: Path):
        self.o = options
        self.hub = hub
        self.homes = homes
        self.module = MODULE
        self.course_id = harness.COURSE_ID
        self.think = options.think
        self.url = hub.url
        self.token = hub.token
        self.passwords = hub.passwords
        self.trainees: list[Trainee] = []
        self.working = 0
        self.all_working = asyncio.Event()
        self.disk_done = asyncio.Event()
        self.fault = ""
        self.faults: dict[str, dict[str, Any]] = {}
        self.memory_peaks: dict[str, tuple[float, float]] = {}
        self.finished = asyncio.Event()
        self.log_lines: list[str] = []
        if not options.faults:
            self.disk_done.set()

    def say(self, text: str) -> None:
        line = f"[loadtest {time.strftime('%H:%M:%S')}] {text}"
        self.log_lines.append(line)
        if self.o.verbose:
            print(line, file=sys.stderr, flush=True)

    def home(self, user: str) -> Path:
        return self.hub.cohort.home(user)

    @staticmethod
    def uid(user: str) -> int:
        return pwd.getpwnam(user).pw_uid

    def fault_now(self) -> str:
        return self.fault

    def trainee_working(self, trainee: Trainee) -> None:
        self.working += 1
        if self.working == len(self.trainees):
            self.all_working.set()
            self.say(f"all {self.working} trainees are working")

    async def wait_keeping_busy(self, trainee: Trainee, event: asyncio.Event, what: str, timeout: float = 400) -> None:
        """Wait for ``event``; the trainee's page keeps talking to its kernel meanwhile (not idle)."""
        end = time.monotonic() + timeout
        while not event.is_set():
            if time.monotonic() > end:
                raise TraineeError(f"{trainee.user}: waited {timeout:.0f} s for {what}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=4)
            if not event.is_set() and trainee.kernel is not None:
                await trainee.kernel.kernel_info(60)

    # -- fault hooks the trainees call -----------------------------------------------------------------
    async def before_item(self, trainee: Trainee, index: int, item: str) -> None:
        role = trainee.run.role
        widget = trainee.widget(item)
        if role == "disk-full" and widget.kind == "check" and "disk-full" not in self.faults:
            await self.wait_keeping_busy(trainee, self.all_working, "every trainee to be working")
            await self.disk_full(trainee, widget)
        if role == "culled" and index == 2 and "culled" not in self.faults:
            await self.culled(trainee)

    async def after_step(self, trainee: Trainee, widget, engine) -> None:
        if trainee.run.role == "kernel-kill" and len(engine.steps) == 1 and not engine.finished \
                and "kernel-kill" not in self.faults:
            await self.kernel_kill(trainee, widget, engine)

    async def kernel_kill(self, trainee: Trainee, widget, engine) -> None:
        """Kill the trainee's kernel (SIGKILL) after one graded step of a vignette; the server restarts
        it, the trainee runs the cells again and must find the vignette resumed from the log."""
        outcome: dict[str, Any] = {"user": trainee.user, "item": widget.item, "steps_before": len(engine.steps)}
        self.faults["kernel-kill"] = outcome
        pids = trainee.kernel_pids()
        outcome["killed_pids"] = pids
        if not pids:
            raise TraineeError(f"{trainee.user}: no kernel process found to kill")
        mark = len(trainee.kernel.statuses)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        self.say(f"fault: killed {trainee.user}'s kernel {pids} in {widget.item} after {len(engine.steps)} step(s)")
        t0 = time.perf_counter()
        # The server's restarter notices the dead kernel within a few seconds and starts a new one
        # under the same kernel id (its "restarting" status is lost if the page is reconnecting).
        end = time.monotonic() + 120
        while time.monotonic() < end:
            new = [pid for pid in trainee.kernel_pids() if pid not in pids]
            if new or "restarting" in trainee.kernel.statuses[mark:]:
                break
            await asyncio.sleep(0.5)
        else:
            raise TraineeError(f"{trainee.user}: the killed kernel was not restarted within 120 s")
        await trainee.rerun_after_restart()
        outcome["restart_and_rerun_s"] = round(time.perf_counter() - t0, 1)
        resumed = trainee.widget(widget.item)
        outcome["status_after"] = _text(trainee.status_text(resumed))
        outcome["resumed"] = "Resuming your graded run" in outcome["status_after"]
        outcome["transcript_steps_after"] = len(trainee.kernel.children(resumed.transcript))
        self.say(f"fault: {trainee.user}'s vignette after the restart: {outcome['status_after'][:80]}")

    async def disk_full(self, trainee: Trainee, widget) -> None:
        """Fill the trainees' disk; this trainee presses Submit answer until a press says "Not saved".

        A full disk still takes an append that fits in the log's last block, already allocated
        (tmpfs pages, ext4 blocks alike): such presses are saved, truly. The first press that needs
        a new block must say "Not saved" and leave the log byte for byte as it was; the presses
        after the first are practice (the first answer is the graded one). Then space returns and
        the trainee's next press is saved.
        """
        outcome: dict[str, Any] = {"user": trainee.user, "item": widget.item}
        self.faults["disk-full"] = outcome
        log_before = trainee.log.read_bytes()
        filler = self.homes / ".filler"
        self.fault = "disk-full"
        answer = {"answer": trainee.persona.check_answer(widget.item)}
        try:
            await asyncio.to_thread(_fill, filler)
            outcome["free_bytes_when_full"] = shutil.disk_usage(self.homes).free
            self.say(f"fault: the trainees' disk is full ({outcome['free_bytes_when_full']} bytes free)")
            outcome["saved_in_last_block"] = 0
            for _ in range(64):  # a block holds at most ~40 such lines
                before = trainee.log.read_bytes()
                saved = await trainee.press(widget, widget.form, "submit", answer, retry=False)
                if not saved:
                    outcome["log_unchanged_by_refused_press"] = trainee.log.read_bytes() == before
                    break
                outcome["saved_in_last_block"] += 1
            outcome["saved_while_full"] = saved
            outcome["status_while_full"] = _text(trainee.status_text(widget))
        finally:
            filler.unlink(missing_ok=True)
            self.fault = ""
            self.disk_done.set()
        self.say(f"fault: space is back after {outcome['saved_in_last_block']} press(es) fitted in the last block; "
                 f"then: {outcome['status_while_full'][:80]}")
        after = trainee.log.read_bytes()
        outcome["earlier_answers_intact"] = after.startswith(log_before)
        outcome["log_lines_parse"] = all(_parses(line) for line in after.splitlines() if line.strip())
        outcome["not_saved_shown"] = not outcome["saved_while_full"] and "Not saved" in outcome["status_while_full"]

    async def culled(self, trainee: Trainee) -> None:
        """The trainee closes the tab; the idle culler stops the server; the trainee comes back."""
        outcome: dict[str, Any] = {"user": trainee.user, "items_done_before": list(trainee.run.done)}
        self.faults["culled"] = outcome
        await trainee.kernel.close()
        t0 = time.perf_counter()
        self.say(f"fault: {trainee.user} goes idle (culler timeout {self.o.cull_timeout} s)")

        async def gone():
            resp = await trainee.call("GET", f"/hub/api/users/{trainee.user}")
            return resp.code == 200 and not json.loads(resp.body).get("servers", {}).get("")
        await trainee.retry("the idle culler stopping the server", gone, self.o.cull_timeout * 6 + 120)
        outcome["culled_after_idle_s"] = round(time.perf_counter() - t0, 1)
        outcome["culler_logged"] = f"Culling server {trainee.user} " in self.hub.log_tail(10**7)
        self.say(f"fault: {trainee.user}'s server was culled after {outcome['culled_after_idle_s']} s idle")
        await self.wait_keeping_busy_no_kernel(self.disk_done)
        t1 = time.perf_counter()
        await trainee.start_server()
        await trainee.open_kernel()
        await trainee.run_cells()
        outcome["restart_s"] = round(time.perf_counter() - t1, 1)
        outcome["status_of_done_items"] = {i: _text(trainee.status_text(trainee.widget(i)))
                                           for i in outcome["items_done_before"]}
        outcome["done_items_kept"] = all("Already answered" in t for t in outcome["status_of_done_items"].values())

    async def wait_keeping_busy_no_kernel(self, event: asyncio.Event, timeout: float = 400) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=timeout)

    # -- orchestrator tasks ------------------------------------------------------------------------------
    async def hub_restart(self) -> None:
        """Restart the hub while the cohort works: servers and kernels must keep running."""
        await asyncio.wait_for(self.all_working.wait(), timeout=900)
        end = time.monotonic() + 300
        while sum(t.presses_done for t in self.trainees) < 2 * len(self.trainees) and time.monotonic() < end:
            await asyncio.sleep(0.5)
        outcome: dict[str, Any] = {}
        self.faults["hub-restart"] = outcome
        before = await asyncio.to_thread(self._servers)
        kernels_before = {t.user: t.kernel_id for t in self.trainees if t.user in before}
        self.fault = "hub-restart"
        t0 = time.perf_counter()
        try:
            await asyncio.to_thread(harness.stop_hub, self.hub)
            outcome["servers_alive_while_down"] = all(Path(f"/proc/{pid}").exists() for pid in before.values())
            await asyncio.to_thread(harness.start_hub, self.hub, self.hub_env())
        finally:
            self.fault = ""
        outcome["down_s"] = round(time.perf_counter() - t0, 1)
        after = await asyncio.to_thread(self._servers)
        outcome["servers_before"] = len(before)
        outcome["same_servers_after"] = sum(1 for u, pid in before.items() if after.get(u) == pid)
        alive = 0
        for user, kernel_id in kernels_before.items():
            status, body = self.hub.request("GET", f"/user/{user}/api/kernels")
            if status == 200 and kernel_id in {k["id"] for k in json.loads(body)}:
                alive += 1
        outcome["kernels_before"] = len(kernels_before)
        outcome["same_kernels_after"] = alive
        self.say(f"fault: hub restarted in {outcome['down_s']} s; {outcome['same_servers_after']}/{len(before)} "
                 f"servers and {alive}/{len(kernels_before)} kernels kept")

    def _servers(self) -> dict[str, int]:
        status, users = self.hub.api("GET", "/users?state=ready")
        if status != 200:
            status, users = self.hub.api("GET", "/users")
        found = {}
        for user in users if isinstance(users, list) else []:
            server = user.get("servers", {}).get("")
            if server and server.get("ready") and user["name"] in self.hub.cohort.trainees:
                found[user["name"]] = server.get("state", {}).get("pid")
        return found

    def hub_env(self) -> dict[str, str]:
        return {"ATTUNED_CULL_TIMEOUT": str(self.o.cull_timeout), "ATTUNED_CULL_EVERY": str(self.o.cull_every)}

    async def sample_memory(self) -> None:
        """Every few seconds until the cohort is done: each trainee's PSS, keeping the peak."""
        uids = {t.user: self.uid(t.user) for t in self.trainees}
        for _ in range(2000):  # bounded: ~2.5 hours at most at one sample every 4 s
            if self.finished.is_set():
                return
            samples = await asyncio.to_thread(lambda: {u: measure.account_memory_mb(uid) for u, uid in uids.items()})
            for user, (pss, uss) in samples.items():
                peak = self.memory_peaks.get(user, (0.0, 0.0))
                self.memory_peaks[user] = (max(peak[0], pss), max(peak[1], uss))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.finished.wait(), timeout=4)


def _text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html).strip()


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def _fill(path: Path) -> None:
    """Write until the filesystem says ENOSPC (a tmpfs of its own: bounded by its size)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 20, 1 << 12, 1):
            chunk = b"\0" * size
            for _ in range(1 << 16):
                try:
                    os.write(fd, chunk)
                except OSError:
                    break
    finally:
        os.close(fd)


# --- the run ---------------------------------------------------------------------------------------------

def personas_for(n: int) -> list[str]:
    return ["attuned" if i % 2 == 0 else "fixer" for i in range(n)]


def run(options: Options) -> dict[str, Any]:
    """Everything, start to end; returns the results (also on a failed assertion, raised after teardown)."""
    if os.geteuid() != 0:
        raise SystemExit("the load test needs root: it creates Unix accounts and mounts a tmpfs (CI runs as root)")
    missing = harness.missing_requirements()
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: run `make hub-deps`")
    if options.faults and options.trainees < 4:
        raise SystemExit("the faults need at least 4 trainees (three meet a fault, one works undisturbed)")
    started = time.perf_counter()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(),
                    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                    "platform": platform.platform(), "python": platform.python_version()},
        "load_before": _uptime(), "options": options.__dict__.copy(), "module": MODULE,
    }
    cohort = cohort_for(options.trainees)
    with harness.hub_lock() as lock:
        harness.end_hub_of_a_killed_run(lock, WORK_PREFIX)
        harness.remove_stale_accounts(cohort)
        setup.unmount_stale()
        work_hub = harness.new_hub(cohort, WORK_PREFIX)
        homes = setup.mount_homes(work_hub.work, options.trainees)
        cohort = Cohort(**{**cohort.__dict__, "home_root": homes})
        hub = work_hub
        hub.cohort = cohort
        hub.extra_config = (
            "# The load test: activity reported every few seconds, so the idle culler's short timeout is exact.\n"
            f"c.JupyterHub.last_activity_interval = {options.activity_interval}\n"
            f"c.Spawner.environment['JUPYTERHUB_ACTIVITY_INTERVAL'] = '{options.activity_interval}'\n")
        session: Session | None = None
        failure: BaseException | None = None
        try:
            t = time.perf_counter()
            harness.create_accounts(hub)
            harness.install_course_into_hub_venv()
            course = setup.prepare_instructor(hub)
            hub.exchange.mkdir(mode=0o755)
            os.chmod(hub.exchange, 0o1777)  # noqa: S103 - nbgrader's exchange is shared by design
            results["setup_accounts_s"] = round(time.perf_counter() - t, 1)
            keys = content.keys(REPO)
            harness.start_hub(hub, {"ATTUNED_CULL_TIMEOUT": str(options.cull_timeout),
                                    "ATTUNED_CULL_EVERY": str(options.cull_every)})
            harness.record_hub(lock, hub)
            for module in (PRIOR, MODULE):
                hub.nbgrader(cohort.instructor, ["generate_assignment", module, "--force"], course)
                hub.nbgrader(cohort.instructor, ["release_assignment", module, "--force"], course)
            personas = personas_for(options.trainees)
            prior = [(cohort.trainees[i], personas[i]) for i in range(min(options.prior, options.trainees))]
            t = time.perf_counter()
            setup.prior_submissions(hub, prior, keys)
            hub.nbgrader(cohort.instructor, ["collect", PRIOR], course)
            results["prior_submissions_s"] = round(time.perf_counter() - t, 1)
            results["autograde_idle_s"] = round(setup.autograde(hub, course, PRIOR), 1)
            results["floor"] = setup.floor(hub)
            results["load_at_cohort_start"] = _uptime()
            session = Session(options, hub, homes)
            roles = dict(zip(cohort.trainees, ROLES, strict=False)) if options.faults else {}
            for i, user in enumerate(cohort.trainees):
                trainee = Trainee(session, user, content.Persona(personas[i], keys), roles.get(user, ""), seed=i)
                trainee.arrives_after = options.ramp * i / options.trainees
                session.trainees.append(trainee)
            t = time.perf_counter()
            runs, under_load = measure.run_coroutine(_cohort(session, hub, course, options))
            results["cohort_s"] = round(time.perf_counter() - t, 1)
            results["autograde_under_load_s"] = round(under_load, 1)
            results["load_after_cohort"] = _uptime()
            t = time.perf_counter()
            hub.nbgrader(cohort.instructor, ["collect", MODULE], course)
            hub.nbgrader(cohort.instructor, ["autograde", MODULE, "--force"], course)
            results["collect_and_autograde_cohort_s"] = round(time.perf_counter() - t, 1)
            results["grading"] = results_of.grade(course, cohort, runs)
            results.update(results_of.figures(session.memory_peaks, runs, results))
            results["faults"] = session.faults
        except BaseException as err:  # noqa: BLE001 - teardown first, then re-raised
            failure = err
            results["error"] = f"{type(err).__name__}: {err}"[:4000]
            results["traceback"] = traceback.format_exc()[-6000:]
            results["hub_log_tail"] = hub.log_tail(8000)
        finally:
            if options.keep_hub_log and hub.log_path and hub.log_path.exists():
                with contextlib.suppress(OSError):
                    shutil.copy(hub.log_path, options.keep_hub_log)
            t = time.perf_counter()
            problems = harness.teardown(hub, lambda: setup.unmount(homes))
            leftovers = [name for name in cohort.accounts if harness.account_exists(name)]
            results["teardown"] = {"s": round(time.perf_counter() - t, 1), "problems": problems,
                                   "accounts_left": leftovers, "homes_mounted": os.path.ismount(homes)}
            results["load_after"] = _uptime()
            results["wall_s"] = round(time.perf_counter() - started, 1)
            if session is not None:
                results["log"] = session.log_lines
    if failure is not None:
        results["failed"] = True
        raise LoadTestFailed(results) from failure
    return results


class LoadTestFailed(Exception):
    def __init__(self, results: dict[str, Any]):
        super().__init__(results.get("error", "the load test failed"))
        self.results = results


async def _cohort(session: Session, hub: harness.Hub, course: Path, options: Options) -> tuple[list[TraineeRun], float]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(64, 4 * options.trainees))
    memory = asyncio.create_task(session.sample_memory())
    restart = asyncio.create_task(session.hub_restart()) if options.faults else None

    async def instructor() -> float:
        await asyncio.wait_for(session.all_working.wait(), timeout=900)
        session.say("instructor: autograding last week's module under load")
        return await asyncio.to_thread(setup.autograde, hub, course, PRIOR)

    grading = asyncio.create_task(instructor())
    try:
        runs = await asyncio.wait_for(asyncio.gather(*(t.session() for t in session.trainees)), timeout=1800)
        if restart is not None:
            await asyncio.wait_for(restart, timeout=300)
        under_load = await asyncio.wait_for(grading, timeout=600)
    finally:
        session.finished.set()
        for task in (memory, restart, grading):
            if task is not None and not task.done():
                task.cancel()
        await asyncio.gather(*(t for t in (memory, restart, grading) if t is not None), return_exceptions=True)
    return list(runs), under_load


