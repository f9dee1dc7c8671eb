"""Fixtures for the real-browser tests: Jupyter servers, headless Debian Chromium, a graded course.

- Chromium is Debian's (``/usr/bin/chromium``): Playwright never downloads a browser here. One
  browser per session on a fresh user-data folder; every test opens its own page.
- Servers are module-scoped (one JupyterLab, one Notebook 7 per test file at most); each test
  works in its own subfolder, so tests never see each other's ``responses.jsonl``.
- The instructor tests need nbgrader's real cycle (about 1–2 minutes). It starts in the
  background as soon as collection shows a test needs it, and those tests run last, so the
  trainee, accessibility and screenshot tests run meanwhile.
- When a browser test fails, a screenshot of every open page and the log of every running
  server go to a temp folder whose path is printed with the failure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    _SNAPSHOTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    M2,
    OPEN_PAGES,
    REPO,
    RUNNING_SERVERS,
    TIMEOUT_MS,
    JupyterServer,
    stop_server,
    subprocess_env,
)


# -- browser ----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium_context(tmp_path_factory) -> Iterator[Any]:
    """Headless Debian Chromium on a fresh user-data folder, for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (it runs apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000}, device_scale_factor=1, reduced_motion="reduce",
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(chromium_context) -> Iterator[Any]:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = chromium_context.new_page()
    OPEN_PAGES.append(page)
    try:
        yield page
    finally:
        OPEN_PAGES.remove(page)
        page.close()


# -- servers ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lab_server(tmp_path_factory) -> Iterator[JupyterServer]:
    """JupyterLab over an empty work folder; each test copies its notebook into a subfolder."""
    server = JupyterServer("lab", tmp_path_factory.mktemp("lab-root"), tmp_path_factory.mktemp("lab-scratch")).start()
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def notebook_server(tmp_path_factory) -> Iterator[JupyterServer]:
    """Jupyter Notebook 7 over an empty work folder."""
    server = JupyterServer("notebook", tmp_path_factory.mktemp("nb7-root"),
                           tmp_path_factory.mktemp("nb7-scratch")).start()
    yield server
    stop_server(server)


# -- nbgrader's real cycle, in the background ---------------------------------------------------------
@dataclass
class GradedCourse:
    """What `run_cycle(REPO, work=..., modules=[M2])` left: a course folder with autograded trainees."""

    work: Path
    course: Path
    modules: list[str]
    #: scores[student][module][grade_id] = [score or None if awaiting manual grading, max]
    scores: dict[str, dict[str, dict[str, list[float | None]]]]

    @property
    def exchange(self) -> Path:
        return self.work / "exchange"

    def nbgrader_args(self) -> list[str]:
        return [f"--Exchange.root={self.exchange}", "--CourseDirectory.course_id=attuned"]


_CYCLE_SCRIPT = """
import json, sys
from pathlib import Path
from attuned.simulation.cycle import run_cycle
repo, work, module, out = sys.argv[1:5]
result = run_cycle(Path(repo), work=Path(work), modules=[module], students=("attuned", "fixer", "silent", "garbled"))
json.dump({"course": str(result.course), "modules": result.modules, "scores": result.scores}, open(out, "w"))
"""


class CycleJob:
    """`run_cycle` in a child process of its own session, so we can end it (and only it) by PID."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="attuned-browser-cycle-"))
        self.out = self.work.parent / f"{self.work.name}.json"
        self.log = self.work.parent / f"{self.work.name}.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _CYCLE_SCRIPT, str(REPO), str(self.work), M2, str(self.out)],
                cwd=REPO, env=subprocess_env(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._result: GradedCourse | None = None

    def result(self, timeout: float = 900) -> GradedCourse:
        if self._result is None:
            code = self.proc.wait(timeout=timeout)
            if code != 0 or not self.out.exists():
                tail = self.log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"run_cycle failed (exit {code}); log {self.log}:\n{tail}")
            data = json.loads(self.out.read_text())
            self._result = GradedCourse(self.work, Path(data["course"]), data["modules"], data["scores"])
        return self._result

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own process group: run_cycle and its nbgrader calls
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)

    def cleanup(self, keep: bool) -> None:
        self.stop()
        if keep:
            return
        shutil.rmtree(self.work, ignore_errors=True)
        for path in (self.out, self.log):
            path.unlink(missing_ok=True)


_CYCLE: dict[str, CycleJob] = {}


HERE = Path(__file__).resolve().parent


def _needs_cycle(item) -> bool:
    return "graded_course" in getattr(item, "fixturenames", ()) and Path(item.path).resolve().is_relative_to(HERE)


def pytest_collection_modifyitems(session, config, items):
    """Within the browser tests, those needing the graded course go last (their file stays together)."""
    mine = [i for i, item in enumerate(items) if Path(item.path).resolve().is_relative_to(HERE)]
    if not mine:
        return
    browser = [items[i] for i in mine]
    browser.sort(key=_needs_cycle)
    for index, item in zip(mine, browser, strict=True):
        items[index] = item


def pytest_collection_finish(session):
    """Start nbgrader's cycle now, so it runs while the other browser tests do."""
    if session.config.option.collectonly:
        return
    if any(_needs_cycle(item) for item in session.items):
        _CYCLE["job"] = CycleJob()


def pytest_sessionfinish(session, exitstatus):
    job = _CYCLE.pop("job", None)
    if job is not None:
        job.cleanup(keep=exitstatus not in (0, 5))
    for snapshot in _SNAPSHOTS.values():
        shutil.rmtree(snapshot.parent, ignore_errors=True)
    _SNAPSHOTS.clear()


@pytest.fixture(scope="session")
def graded_course() -> GradedCourse:
    """The course folder `run_cycle` made for module 02 with trainees attuned, fixer, silent, garbled."""
    job = _CYCLE.get("job") or _CYCLE.setdefault("job", CycleJob())
    return job.result()


# -- failure artefacts ----------------------------------------------------------------------------
@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and report.when in ("setup", "call") and "browser" in item.keywords:
        folder = Path(tempfile.mkdtemp(prefix="attuned-browser-failure-"))
        saved = []
        for number, open_page in enumerate(list(OPEN_PAGES), start=1):
            try:
                open_page.screenshot(path=str(folder / f"page-{number}.png"), full_page=True, timeout=15_000)
                (folder / f"page-{number}.url.txt").write_text(open_page.url + "\n")
                saved.append(f"page-{number}.png")
            except Exception as exc:  # noqa: BLE001 - a broken page must not hide the real failure
                (folder / f"page-{number}.error.txt").write_text(f"screenshot failed: {exc}\n")
        for server in list(RUNNING_SERVERS):
            if server.log_path.exists():
                name = f"jupyter-{server.app}-{server.port}.log"
                shutil.copy(server.log_path, folder / name)
                saved.append(name)
        job = _CYCLE.get("job")
        if job is not None and job.log.exists():
            shutil.copy(job.log, folder / "run_cycle.log")
            saved.append("run_cycle.log")
        message = f"browser test artefacts for {item.nodeid}: {folder} ({', '.join(saved) or 'nothing could be saved'})"
        report.sections.append(("attuned browser artefacts", message))
        reporter = item.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("")
            reporter.write_line(message)
    return report
