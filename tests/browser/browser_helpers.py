"""Shared pieces of the browser tests: the Jupyter server we start, and how a trainee drives a notebook.

A module (not conftest.py) so test files can import it by a name no other test folder uses.

Why the care:
- Each server gets a random free port, a random token and throwaway config/runtime/settings/
  workspace folders, so nothing from the machine's own Jupyter setup leaks in or is changed.
- Servers are stopped by their own PID (terminate, wait, kill) and we check that none of their
  child processes (kernels) outlive them. Never by name: other people's servers may be running.
- A notebook's cells run only once its kernel is connected and idle; otherwise JupyterLab may
  show a "Select Kernel" dialog and swallow the clicks meant for the notebook.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
#: The tools installed beside the interpreter running the tests (nbgrader, jupyter, voila, alembic),
#: whatever that environment is called; not a hard-coded .venv.
TOOL_DIR = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
M2 = "02-experience-over-explanation"
#: Every wait is for a named condition, never a sleep; this bounds each one on a busy 2-core machine.
TIMEOUT_MS = 60_000

#: What the failure hook saves: every server still running and every page still open.
RUNNING_SERVERS: list[JupyterServer] = []
OPEN_PAGES: list[Any] = []


# -- processes --------------------------------------------------------------------------------------
def subprocess_env(**extra: str) -> dict[str, str]:
    """The tests' own environment first on PATH (nbgrader calls `alembic` by name; jupyter finds its kernel)."""
    env = dict(os.environ)
    env["PATH"] = f"{TOOL_DIR}{os.pathsep}{env.get('PATH', '')}"
    env.pop("ATTUNED_RESPONSES", None)  # the log must be the one beside the notebook
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONWARNINGS"] = "ignore"
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JupyterServer:
    """`jupyter lab`, `jupyter notebook` (7) or `voila` on 127.0.0.1, started in ``root``; stopped by its PID."""

    def __init__(self, app: str, root: Path, scratch: Path, extra_args: tuple[str, ...] = ()):
        if app not in ("lab", "notebook", "voila"):
            raise ValueError(app)
        self.app, self.root, self.scratch = app, Path(root), Path(scratch)
        self.extra_args = tuple(extra_args)
        self.token = secrets.token_hex(24)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = self.scratch / f"jupyter-{app}.log"
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page_url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.url}/{path.lstrip('/')}{sep}token={self.token}"

    def notebook_url(self, relpath: str) -> str:
        prefix = {"lab": "lab/tree/", "notebook": "notebooks/", "voila": "voila/render/"}[self.app]
        return self.page_url(prefix + relpath)

    def start(self, timeout: float = 90) -> JupyterServer:
        dirs = {n: self.scratch / n for n in ("config", "runtime", "lab-settings", "lab-workspaces", "ipython")}
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
        # No "get notified about Jupyter news?" toast over the notebook.
        settings = dirs["lab-settings"] / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
        env = subprocess_env(
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTERLAB_SETTINGS_DIR=str(dirs["lab-settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["lab-workspaces"]),
            IPYTHONDIR=str(dirs["ipython"]),
        )
        for _attempt in range(3):  # a port seen free can be taken before the server binds it
            self.port = free_port()
            if self.app == "voila":  # Voila's own server: kernel connection files under scratch/, found by the tests
                cmd = [str(TOOL_DIR / "voila"), str(self.root), "--no-browser", "--Voila.ip=127.0.0.1",
                       f"--port={self.port}", "--Voila.port_retries=0", f"--token={self.token}",
                       f"--Voila.connection_dir_root={dirs['runtime']}", *self.extra_args]
            else:
                cmd = [
                    str(TOOL_DIR / "jupyter"), self.app, "--no-browser", "--allow-root", "--expose-app-in-browser",
                    "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                    f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                    *self.extra_args,
                ]
            if self.app == "lab":  # no news or update pop-ups over the notebook
                cmd += ["--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
            self._log = open(self.log_path, "ab")  # closed in stop()
            self._log.write(f"$ {' '.join(cmd)}\n".encode())
            self._log.flush()
            self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                         stdout=self._log, stderr=subprocess.STDOUT)
            RUNNING_SERVERS.append(self)
            if self._wait_ready(timeout):
                return self
            self.stop()
            if "address already in use" not in self.log_path.read_text(errors="replace").lower():
                break
        raise RuntimeError(f"jupyter {self.app} did not answer /api/status within {timeout:.0f}s; log: {self.log_path}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "voila/tree" if self.app == "voila" else "api/status")
                return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)  # polling a server that is still starting, not waiting for the UI
        return False

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/{path.lstrip('/')}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
        if path.startswith("voila/"):
            return raw.decode("utf-8", errors="replace")
        return json.loads(raw) if raw else None

    def child_pids(self) -> set[int]:
        import psutil

        if self.proc is None:
            return set()
        try:
            return {p.pid for p in psutil.Process(self.proc.pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            return set()

    def stop(self) -> list[int]:
        """Terminate by our own PID, wait, kill if needed. Returns PIDs of children that outlived it."""
        import psutil

        if self.proc is None:
            return []
        children = self.child_pids()
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: jupyter_server shuts its kernels down, then exits
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        left = []
        for pid in children:
            try:
                child = psutil.Process(pid)
                child.wait(timeout=10)
            except psutil.NoSuchProcess:
                continue
            except psutil.TimeoutExpired:
                left.append(pid)
                child.kill()  # ours, by PID: never leave a kernel behind
        if self._log is not None:
            self._log.close()
            self._log = None
        if self in RUNNING_SERVERS:
            RUNNING_SERVERS.remove(self)
        self.proc = None
        return left

    def kernel_connection_file(self, notebook_relpath: str) -> Path:
        """The connection file of the kernel behind an open notebook (our own runtime folder)."""
        if self.app == "voila":  # Voila has no sessions API: the newest kernel is the page opened last
            files = sorted((self.scratch / "runtime").glob("voila_*/kernel-*.json"), key=lambda f: f.stat().st_mtime)
            if not files:
                raise RuntimeError(f"no Voila kernel is running for {notebook_relpath}")
            return files[-1]
        sessions = [s for s in self.api("GET", "api/sessions") if s.get("path") == notebook_relpath]
        if len(sessions) != 1:
            raise RuntimeError(f"expected one session for {notebook_relpath}, found {len(sessions)}")
        return self.scratch / "runtime" / f"kernel-{sessions[0]['kernel']['id']}.json"


class KernelHeldBusy:
    """Keep a notebook's kernel busy from a second client, as a slow cell or slow machine would.

    While it sleeps the kernel queues every message from the page (widget updates, button
    clicks) and then handles them in order: the one way to make a front-end race repeatable.
    """

    def __init__(self, server: JupyterServer, notebook_relpath: str, seconds: float):
        from jupyter_client import BlockingKernelClient

        self.client = BlockingKernelClient(connection_file=str(server.kernel_connection_file(notebook_relpath)))
        self.client.load_connection_file()
        self.seconds = seconds
        self.msg_id = ""

    def __enter__(self) -> KernelHeldBusy:
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)
        self.msg_id = self.client.execute(f"import time as _t; _t.sleep({self.seconds})", silent=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the sleep has started once the kernel says "busy" for it
            msg = self.client.get_iopub_msg(timeout=30)
            if (msg["parent_header"].get("msg_id") == self.msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "busy"):
                return self
        raise RuntimeError("the kernel never started the busy cell")

    def still_busy(self) -> bool:
        """True while the sleep has not replied (so everything the page sent is still queued)."""
        return not self.client.shell_channel.msg_ready()

    def __exit__(self, *exc: object) -> None:
        try:
            self.client.get_shell_msg(timeout=self.seconds + 60)  # the sleep's reply
        finally:
            self.client.stop_channels()


def stop_server(server: JupyterServer) -> None:
    left = server.stop()
    assert not left, f"jupyter {server.app} left child processes running: {left} (they were killed)"


def wait_until(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll a condition outside the browser (a file on disk) until it holds; fail naming it."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.1)


# -- a trainee's notebook ---------------------------------------------------------------------------
_SNAPSHOTS: dict[str, Path] = {}


def release_notebook(module: str = M2) -> Path:
    """This session's copy of ``release/<module>/<module>.ipynb``.

    Taken once, so every test of a run works on the same notebook even if someone regenerates
    release/ meanwhile (`make release` deletes and rewrites it); waits a while if it is missing.
    """
    if module not in _SNAPSHOTS:
        source = REPO / "release" / module / f"{module}.ipynb"
        wait_until(source.exists, 180, f"{source} (run `make release` if it does not appear)")
        snapshot = Path(tempfile.mkdtemp(prefix="attuned-release-")) / source.name
        wait_until(lambda: _copy_if_complete(source, snapshot), 60, f"a complete copy of {source}")
        _SNAPSHOTS[module] = snapshot
    return _SNAPSHOTS[module]


def _copy_if_complete(source: Path, target: Path) -> bool:
    try:
        text = source.read_text(encoding="utf-8")
        json.loads(text)  # a file caught mid-write is not valid JSON yet
    except (OSError, ValueError):
        return False
    target.write_text(text, encoding="utf-8")
    return True


#: The option-order seed of every browser test's trainee (attuned.notebook.option_order), written into the
#: fresh log by ``copy_release_notebook``, so a test knows the order the page shows its options in.
BROWSER_SEED = "browser-trainee"


def shown_ids(vignette_id: str, scene: Any, seed: str = BROWSER_SEED) -> list[str]:
    """Option ids of a vignette moment in the order the page shows them to this trainee."""
    from attuned.notebook.option_order import scene_item, shuffled

    return [o.id for o in shuffled(scene.options, seed, scene_item(vignette_id, scene.id))]


def copy_release_notebook(dest: Path, module: str = M2) -> Path:
    from attuned.notebook.responses import LOG_NAME, ResponseLog

    dest.mkdir(parents=True, exist_ok=True)
    if not (dest / LOG_NAME).exists():
        ResponseLog(dest / LOG_NAME).append_seed(BROWSER_SEED)
    target = dest / f"{module}.ipynb"
    shutil.copy(release_notebook(module), target)
    return target


KERNEL_READY_JS = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path) return false;
  const ctx = panel.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""

#: Run All stops at the first record cell that raises; by then every exercise cell has run.
RUN_ALL_DONE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets;
  const grade = cells.find(c => c.model.type === 'code' && (c.model.getMetadata('nbgrader') || {}).grade === true);
  const running = cells.some(c => c.model.type === 'code' && c.model.executionState === 'running');
  return !!kernel && kernel.status === 'idle' && !!grade && grade.model.outputs.length > 0 && !running;
}"""


def open_notebook(page: Any, server: JupyterServer, relpath: str) -> None:
    """Open a notebook and wait until its kernel is connected and idle (no "Select Kernel" dialog)."""
    url = server.notebook_url(relpath)
    if server.app == "lab":
        url += "&reset"  # a fresh workspace: no tabs restored from an earlier test on this server
    page.goto(url)
    page.wait_for_function(KERNEL_READY_JS, arg=relpath, timeout=TIMEOUT_MS)


def run_all_cells(page: Any) -> None:
    """Run ▸ Run All Cells from the menu bar (the same menu in JupyterLab and Notebook 7)."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(RUN_ALL_DONE_JS, timeout=TIMEOUT_MS)


def widget(page: Any, text: str) -> Any:
    """One of our widgets (a ``.attuned`` box), found by text a trainee reads in it."""
    return page.locator(".attuned").filter(has_text=text)


def button(scope: Any, label: str) -> Any:
    # Accessible names of ipywidgets buttons start with the icon glyph, hence a search, not exact.
    return scope.get_by_role("button", name=re.compile(rf"^\W*{re.escape(label)}$"))


def own_words_box(player: Any) -> Any:
    """The vignette's text area, found by its label as a screen reader announces it."""
    return player.get_by_role("textbox", name=re.compile(r"^Your words to "))


def write_own_words(player: Any, text: str) -> None:
    """Type the trainee's own words and press Save my words; wait until the options appear."""
    from playwright.sync_api import expect

    own_words_box(player).fill(text)
    button(player, "Save my words").click()
    expect(player.get_by_role("status")).to_contain_text("Your words are saved.")
    expect(player.get_by_role("radio").first).to_be_visible()


def save_notebook(page: Any, path: Path, must_contain: str) -> dict[str, Any]:
    """Ctrl+S, then wait until the file on disk holds ``must_contain``; return the saved notebook."""
    page.keyboard.press("Control+s")
    wait_until(lambda: path.exists() and must_contain in path.read_text(encoding="utf-8"), 30,
               f"{path.name} to be saved with the new text")
    return json.loads(path.read_text(encoding="utf-8"))


def read_log(folder: Path) -> list[dict[str, Any]]:
    """The answers in a trainee's log, in order (the option-order seed line is not an answer)."""
    path = folder / "responses.jsonl"
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [e for e in lines if e.get("kind") != "seed"]


# -- nbgrader ---------------------------------------------------------------------------------------
def nbgrader(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(TOOL_DIR / "nbgrader"), *args], cwd=cwd, env=subprocess_env(),
                          capture_output=True, text=True, timeout=timeout)


def validate(notebook: Path) -> tuple[str, dict[str, str]]:
    """Run `nbgrader validate` as a trainee would; return its output and {failed cell source: error}."""
    proc = nbgrader(["validate", notebook.name], cwd=notebook.parent)
    out = proc.stdout + proc.stderr
    failed: dict[str, str] = {}
    for block in out.split("=" * 90)[1:]:
        match = re.search(r"The following cell failed:\n\n(.*?)\n\nThe error was:\n\n(.*)", block, re.S)
        if match:
            source = "\n".join(line[4:] for line in match.group(1).splitlines()).strip()
            failed[source] = " ".join(match.group(2).split())
    return out, failed


# -- accessibility checks ---------------------------------------------------------------------------
#: What every accessibility test types as the trainee's own words.
OWN_WORDS = "You know why it happens, and it still takes over. That sounds exhausting."

CONTROL_ROLES = ("radio", "button", "combobox", "checkbox", "slider", "textbox", "spinbutton", "listbox")


def require_axe() -> None:
    import pytest

    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make system-deps` (npm ci --prefix tests/browser)")


def axe_serious(page, include: list[list[str]]) -> list[str]:
    """Run axe-core on the given selectors; return serious/critical violations as readable lines."""
    require_axe()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        """async (include) => {
            const result = await axe.run({include}, {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 160))}));
        }""",
        include,
    )
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {node}"
            for v in violations if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def unnamed_controls(scope) -> list[str]:
    """Controls in an ARIA snapshot of ``scope`` whose accessible name is empty (icons aside)."""
    missing = []
    for line in scope.aria_snapshot().splitlines():
        match = re.match(r'\s*- (\w+)(?: "(.*?)")?(?: \[.*\])?:?', line)
        if match and match.group(1) in CONTROL_ROLES:
            name = match.group(2) or ""
            if not re.search(r"\w", name):
                missing.append(line.strip())
    return missing
