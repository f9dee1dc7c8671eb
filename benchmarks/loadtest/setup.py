"""The load test's set-up steps: the trainees' own disk, the instructor's course, last week's
submissions, the timed autograde, and the bare JupyterLab + ipykernel floor."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from benchmarks.loadtest import content, measure
from tests.hub import harness
from tests.hub.harness import HUB_VENV, REPO

MODULE = "02-experience-over-explanation"  # what the cohort works: the smallest module
PRIOR = "01-relationship-and-technique"  # last week's module, autograded while the cohort works


def mount_homes(work: Path, n: int) -> Path:
    homes = work / "homes"
    homes.mkdir(mode=0o755)
    size_mb = 64 + 8 * n
    harness.must(harness.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755", "attuned-load-homes",
                              str(homes)]), "mount a tmpfs for the trainees' homes")
    return homes


def unmount(homes: Path) -> None:
    if os.path.ismount(homes):
        proc = harness.run(["umount", str(homes)])
        if proc.returncode != 0:
            harness.run(["umount", "-l", str(homes)])


def unmount_stale() -> None:
    """A killed run's tmpfs (its accounts are gone by now): unmount it, remove its folder."""
    for line in Path("/proc/mounts").read_text().splitlines():
        parts = line.split()
        if len(parts) > 1 and parts[0] == "attuned-load-homes":
            unmount(Path(parts[1]))
            shutil.rmtree(Path(parts[1]).parent, ignore_errors=True)


def prepare_instructor(hub: harness.Hub) -> Path:
    home = hub.cohort.home(hub.cohort.instructor)
    course = content.prepare_course(REPO, home, [PRIOR, MODULE])
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(f"\n# This hub's exchange (added by benchmarks/loadtest).\nc.Exchange.root = {str(hub.exchange)!r}\n")
    harness.must(harness.run(["chown", "-R", f"{hub.cohort.instructor}:{hub.cohort.instructor}", str(course)]), "chown")
    return course




def prior_submissions(hub: harness.Hub, users: list[tuple[str, str]], keys: dict) -> None:
    """Last week's module, answered and submitted by a few trainees (as themselves, no hub)."""
    import concurrent.futures

    def one(user: str, persona: str) -> None:
        proc = hub.as_user(user, [str(HUB_VENV / "bin" / "python"), "-c", content.PRIOR_WORK, PRIOR, persona],
                           stdin=json.dumps(keys), timeout=300)
        harness.must(proc, f"{user}: module {PRIOR} fetched, answered, submitted")

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for job in [pool.submit(one, u, p) for u, p in users]:
            job.result()


def autograde(hub: harness.Hub, course: Path, module: str) -> float:
    t0 = time.perf_counter()
    hub.nbgrader(hub.cohort.instructor, ["autograde", module, "--force"], course)
    return time.perf_counter() - t0


def floor(hub: harness.Hub) -> dict[str, float]:
    """A bare JupyterLab with one ipykernel that has run one cell, as the instructor: the floor."""
    import urllib.request

    user = hub.cohort.instructor
    port, token = harness.free_port(), os.urandom(16).hex()
    env = [f"{k}={v}" for k, v in hub.env_for(user).items()]
    t0 = time.perf_counter()
    lab = subprocess.Popen(["runuser", "-u", user, "--", "env", "-i", *env, str(HUB_VENV / "bin" / "jupyter"), "lab",
                            "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                            f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0"],
                           cwd=hub.cohort.home(user), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def call(method: str, path: str, data: bytes | None = None) -> dict:
        req = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            base + path, data=data, method=method,
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - http://127.0.0.1 only
            return json.loads(resp.read() or b"null")

    try:
        for _ in range(300):
            if lab.poll() is not None:
                raise RuntimeError(f"the floor's JupyterLab exited with {lab.returncode}")
            with contextlib.suppress(OSError):
                call("GET", "/api/status")
                break
            time.sleep(0.2)
        kernel = call("POST", "/api/kernels", b'{"name": "python3"}')
        if not isinstance(kernel, dict) or "id" not in kernel:
            raise RuntimeError(f"the floor's JupyterLab did not start a kernel: {str(kernel)[:200]}")

        async def one_cell() -> None:
            from benchmarks.loadtest.kernel import KernelClient

            client = KernelClient(f"ws://127.0.0.1:{port}/api/kernels/{kernel['id']}/channels", token)
            await client.open()
            await client.kernel_info(120)
            await client.execute("1 + 1")
            await client.close()
        measure.run_coroutine(one_cell())
        ready = time.perf_counter() - t0
        time.sleep(2)
        uid = pwd.getpwnam(user).pw_uid
        pss, uss = measure.account_memory_mb(uid)
        cpu = measure.account_cpu_seconds(uid)
        return {"pss_mb": round(pss, 1), "uss_mb": round(uss, 1), "cpu_s": round(cpu, 2), "start_to_cell_s": round(ready, 1)}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
        harness.kill_processes_of({pwd.getpwnam(user).pw_uid})
