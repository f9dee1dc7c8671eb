"""What every JupyterHub test shares: real Unix accounts, the deploy config with throwaway paths laid
over it, starting and stopping the hub, and a teardown that leaves no process or account behind.

Used by ``tests/hub/test_hub.py`` (the nbgrader cycle with three trainees) and by the load test
(``benchmarks/loadtest``, run by ``tests/hub/test_loadtest.py`` and ``make loadtest``). Each caller
names its own accounts, their comment and their group in a :class:`Cohort`, so the two never touch
each other's accounts, and accounts a crashed run left behind are recognised by that comment.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HUB_VENV = Path(os.environ.get("ATTUNED_HUB_VENV", "/opt/attuned-hub/venv"))
CHP = REPO / "tests" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
DEPLOY = REPO / "deploy"
COURSE_ID = "attuned"
LOCK_DIR = Path("/run/lock" if Path("/run/lock").is_dir() else tempfile.gettempdir())


class HarnessError(AssertionError):
    """A set-up step failed; the message names it and quotes the command's output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("timeout", 300)
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)


def must(proc: subprocess.CompletedProcess, what: str) -> str:
    if proc.returncode != 0:
        raise HarnessError(f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def missing_requirements() -> list[str]:
    """What ``make hub-deps`` installs and a hub run needs; empty when all is there."""
    return [str(p) for p in (HUB_VENV / "bin" / "jupyterhub", CHP) if not p.exists()]


@dataclass(frozen=True)
class Cohort:
    """The accounts one kind of hub run makes: its own names, comment, group and home folder."""

    instructor: str
    trainees: tuple[str, ...]
    mark: str  # the accounts' comment (GECOS): how a crashed run's leftovers are recognised
    group: str
    service: str  # the hub service whose token the run uses
    home_root: Path = Path("/home")  # the trainees' homes (the load test puts them on a small disk of their own)
    instructor_home_root: Path = Path("/home")

    @property
    def accounts(self) -> tuple[str, ...]:
        return (self.instructor, *self.trainees)

    def home(self, user: str) -> Path:
        return (self.instructor_home_root if user == self.instructor else self.home_root) / user


@dataclass
class Hub:
    """One running hub and what the run made for it; :func:`teardown` undoes all of it."""

    cohort: Cohort
    work: Path  # world-traversable (0755) folder for this run: exchange, shared config, logs
    exchange: Path
    config_path: Path  # extra JUPYTER_CONFIG_PATH entry, as /etc/jupyter on a real hub
    state: Path
    url: str = ""
    token: str = field(default_factory=lambda: secrets.token_hex(32))
    passwords: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    overlay: Path | None = None
    extra_config: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    created_accounts: list[str] = field(default_factory=list)
    created_group: bool = False

    # -- accounts ------------------------------------------------------------------------
    def env_for(self, user: str) -> dict[str, str]:
        """The environment a server started by the hub gives its user (see the deploy config)."""
        return {
            "HOME": str(self.cohort.home(user)), "USER": user, "LOGNAME": user, "SHELL": "/bin/bash",
            "PATH": f"{HUB_VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
            "ATTUNED_EXCHANGE": str(self.exchange), "JUPYTER_CONFIG_PATH": str(self.config_path),
        }

    def as_user(self, user: str, args: list[str], cwd: str | Path | None = None, stdin: str | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess:
        """Run ``args`` as the Unix account ``user`` with only that account's environment."""
        env = [f"{k}={v}" for k, v in self.env_for(user).items()]
        cwd = cwd or self.cohort.home(user)
        return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *env, *args], cwd=cwd, input=stdin,
                              capture_output=True, text=True, timeout=timeout, check=False)

    def nbgrader(self, user: str, args: list[str], cwd: Path) -> str:
        return must(self.as_user(user, [str(HUB_VENV / "bin" / "nbgrader"), *args], cwd=cwd), f"{user}: nbgrader {args[0]}")

    # -- HTTP ----------------------------------------------------------------------------
    def request(self, method: str, path: str, data: dict | None = None, form: dict | None = None,
                timeout: float = 120) -> tuple[int, bytes]:
        """An HTTP call through the hub's proxy with the run's service token."""
        body, headers = None, {"Authorization": f"token {self.token}"}
        if data is not None:
            body, headers["Content-Type"] = json.dumps(data).encode(), "application/json"
        elif form is not None:
            body, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def api(self, method: str, path: str, data: dict | None = None) -> tuple[int, object]:
        status, body = self.request(method, "/hub/api" + path, data=data)
        try:
            return status, (json.loads(body) if body.strip() else None)
        except ValueError:  # the proxy's own error page, before the hub has added its routes
            return status, body.decode(errors="replace")[:500]

    def log_tail(self, chars: int = 6000) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-chars:]
        return "(no hub log)"


# --- accounts ----------------------------------------------------------------------------------

def account_exists(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def processes_of(uids: set[int]) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid in uids:
                    pids.append(int(entry.name))
    return pids


def kill_processes_of(uids: set[int]) -> None:
    """End every process still running as one of the run's accounts, each by its own PID."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = processes_of(uids)
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while processes_of(uids) and time.monotonic() < deadline:
            time.sleep(0.2)


def remove_accounts(cohort: Cohort, names: list[str], group: bool) -> list[str]:
    problems = []
    uids = {entry.pw_uid for name in names if (entry := account_exists(name))}
    kill_processes_of(uids)
    for name in names:
        if account_exists(name):
            proc = run(["userdel", "--remove", name])
            if proc.returncode not in (0, 12):  # 12: could not remove the home (reported below)
                problems.append(f"userdel {name}: {proc.stderr.strip()}")
            shutil.rmtree(cohort.home(name), ignore_errors=True)
    if group and run(["getent", "group", cohort.group]).returncode == 0:
        run(["groupdel", cohort.group])
    return problems


def remove_stale_accounts(cohort: Cohort) -> None:
    """Accounts left by a run that was killed: ours (by their comment) go; anyone else's stop us."""
    stale = []
    for name in cohort.accounts:
        entry = account_exists(name)
        if entry is None:
            continue
        if entry.pw_gecos != cohort.mark:
            raise HarnessError(f"a Unix account {name!r} exists and was not made by this run; not touching it")
        stale.append(name)
    if stale:
        # Their homes may be on a folder a killed run left (see the load test): remove by the
        # home the account itself records.
        homes = {name: Path(pwd.getpwnam(name).pw_dir) for name in stale}
        problems = remove_accounts(cohort, stale, group=True)
        for home in homes.values():
            shutil.rmtree(home, ignore_errors=True)
        if problems:
            raise HarnessError(f"could not remove stale accounts: {problems}")


def create_accounts(hub: Hub) -> None:
    cohort = hub.cohort
    if run(["getent", "group", cohort.group]).returncode != 0:
        must(run(["groupadd", cohort.group]), "groupadd")
        hub.created_group = True
    for name in cohort.accounts:
        extra = ["--groups", cohort.group] if name in cohort.trainees else []
        # HOME_MODE 0700: Debian's default home is 0755, readable by every other account.
        must(run(["useradd", "--create-home", "--home-dir", str(cohort.home(name)), "--shell", "/bin/bash",
                  "--comment", cohort.mark, "--key", "HOME_MODE=0700", *extra, name]), f"useradd {name}")
        hub.created_accounts.append(name)
        hub.passwords[name] = secrets.token_urlsafe(18)
    must(run(["chpasswd"], input="".join(f"{n}:{p}\n" for n, p in hub.passwords.items())), "chpasswd")
    for name in cohort.accounts:
        if os.stat(cohort.home(name)).st_mode & 0o777 != 0o700:
            raise HarnessError(f"{cohort.home(name)} is not private")


def install_course_into_hub_venv() -> None:
    """This checkout, non-editable, into the hub's venv (its dependencies came with make hub-deps)."""
    proc = run([str(HUB_VENV / "bin" / "python"), "-m", "pip", "install", "-qq", "--no-deps", "--no-build-isolation",
                "--force-reinstall", str(REPO)], umask=0o022, timeout=600)
    must(proc, "pip install of this checkout into the hub venv")


# --- one run at a time per hub venv -------------------------------------------------------------

@contextlib.contextmanager
def hub_lock():
    """Held for a whole run: one hub run per hub venv (each reinstalls the course into it).

    The file names the running hub's PID and state folder, so a run killed outright (no teardown)
    has its hub ended by the next one (:func:`end_hub_of_a_killed_run`).
    """
    venv = hashlib.sha256(str(HUB_VENV).encode()).hexdigest()[:8]
    path = LOCK_DIR / f"attuned-hub-test-{venv}.lock"
    path.touch(mode=0o600)
    with open(path, "r+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield lock
        finally:
            lock.seek(0)
            lock.truncate()
            fcntl.flock(lock, fcntl.LOCK_UN)


def record_hub(lock, hub: Hub) -> None:
    lock.seek(0)
    lock.truncate()
    lock.write(f"{hub.process.pid} {hub.state}\n")
    lock.flush()


def end_hub_of_a_killed_run(lock, work_prefix: str) -> None:
    """A run killed outright leaves its hub running: the lock file names its PID."""
    with contextlib.suppress(OSError, ValueError):
        lock.seek(0)
        pid, state = lock.read().split(maxsplit=1)
        state = state.strip()
        with contextlib.suppress(OSError):
            if state and state in Path(f"/proc/{int(pid)}/cmdline").read_bytes().decode(errors="replace"):
                os.kill(int(pid), signal.SIGTERM)  # it stops its proxy; stragglers go with the accounts
                for _ in range(100):
                    if not Path(f"/proc/{int(pid)}").exists():
                        break
                    time.sleep(0.2)
        work = Path(state).parent
        if work.name.startswith(work_prefix) and work.parent == Path(tempfile.gettempdir()):
            shutil.rmtree(work, ignore_errors=True)


# --- the hub -------------------------------------------------------------------------------------

def new_hub(cohort: Cohort, work_prefix: str) -> Hub:
    """A throwaway, world-traversable work folder and the shared nbgrader config in it."""
    work = Path(tempfile.mkdtemp(prefix=work_prefix))
    os.chmod(work, 0o755)
    hub = Hub(cohort=cohort, work=work, exchange=work / "exchange", config_path=work / "etc-jupyter", state=work / "state")
    hub.config_path.mkdir(mode=0o755)
    hub.state.mkdir(mode=0o700)  # the hub's database, cookie secret and this run's token
    shutil.copy(DEPLOY / "nbgrader_config.py", hub.config_path / "nbgrader_config.py")
    os.chmod(hub.config_path / "nbgrader_config.py", 0o644)
    return hub


def write_hub_config(hub: Hub) -> Path:
    """The deploy config, loaded as is, plus only what a run needs: ports, a token, paths."""
    hub_port, proxy_api_port = free_port(), free_port()
    service = hub.cohort.service
    overlay = hub.state / "jupyterhub_test_config.py"
    overlay.write_text(f"""\
c = get_config()  # noqa: F821
load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})  # noqa: F821
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
# A service token for the run: start servers, reach them, read the hub's view of users.
c.JupyterHub.services.append({{"name": {service!r}, "api_token": {hub.token!r}}})
c.JupyterHub.load_roles.append({{
    "name": {service!r}, "services": [{service!r}],
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers", "list:users"],
}})
# On a real hub this folder is /etc/jupyter, holding deploy/nbgrader_config.py.
c.Spawner.environment["JUPYTER_CONFIG_PATH"] = {str(hub.config_path)!r}
c.JupyterHub.log_level = "INFO"
{hub.extra_config}
""", encoding="utf-8")
    return overlay


def hub_environment(hub: Hub, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "VIRTUAL_ENV", "PYTHON", "ATTUNED_", "CONDA"))}
    env.update({
        "ATTUNED_HUB_URL": hub.url, "ATTUNED_HUB_STATE": str(hub.state), "ATTUNED_EXCHANGE": str(hub.exchange),
        "ATTUNED_INSTRUCTOR": hub.cohort.instructor, "ATTUNED_TRAINEE_GROUP": hub.cohort.group,
        "ATTUNED_CHP": str(CHP), "PATH": f"{HUB_VENV / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        **(extra or {}),
    })
    return env


def start_hub(hub: Hub, env_extra: dict[str, str] | None = None, timeout: float = 90) -> None:
    """Start JupyterHub (the first time: on a free port, with a fresh overlay) and wait for its API.

    Called again after :func:`stop_hub` it restarts the same hub: same port, config and database.
    """
    if not hub.url:
        hub.url = f"http://127.0.0.1:{free_port()}"
        hub.overlay = write_hub_config(hub)
    hub.log_path = hub.work / "jupyterhub.log"
    with open(hub.log_path, "ab") as log:
        hub.process = subprocess.Popen([str(HUB_VENV / "bin" / "jupyterhub"), "-f", str(hub.overlay)],
                                       cwd=hub.state, env=hub_environment(hub, env_extra), stdout=log,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise HarnessError(f"JupyterHub exited with {hub.process.returncode}:\n{hub.log_tail()}")
        with contextlib.suppress(OSError):  # the proxy answers 404 until the hub has added its route
            status, _ = hub.request("GET", "/hub/api/", timeout=10)
            if status == 200:
                return
        time.sleep(0.3)
    raise HarnessError(f"JupyterHub did not answer within {timeout:.0f} s:\n{hub.log_tail()}")


def stop_hub(hub: Hub) -> None:
    """SIGTERM to the hub's own PID; it stops its proxy (and, unless the config keeps them across a
    restart, the servers). Whatever survives is ended with the accounts, by PID."""
    if hub.process is None:
        return
    proxy_pid_file = hub.state / "jupyterhub-proxy.pid"
    proxy_pid = int(proxy_pid_file.read_text().strip() or 0) if proxy_pid_file.exists() else 0
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=10)
    if proxy_pid:  # the hub stops its proxy on exit; if it could not, end it by the PID it wrote
        with contextlib.suppress(ProcessLookupError):
            os.kill(proxy_pid, signal.SIGTERM)


def teardown(hub: Hub, *extra_steps) -> list[str]:
    """Each step on its own, so one failing never leaves a process or an account behind."""
    problems: list[str] = []
    steps = (lambda: stop_hub(hub),
             lambda: problems.extend(remove_accounts(hub.cohort, hub.created_accounts, group=hub.created_group)),
             *extra_steps,
             lambda: shutil.rmtree(hub.work, ignore_errors=True))
    for step in steps:
        try:
            step()
        except Exception as err:  # noqa: BLE001 - reported after the other steps ran
            problems.append(f"teardown: {err!r}")
    return problems
