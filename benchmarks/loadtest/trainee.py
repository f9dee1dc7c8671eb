"""One simulated trainee at the hub, as a person at a browser: log in, start the server, fetch the
module, open the notebook's kernel, run its cells, answer every exercise by pressing the buttons
(the messages the page sends), think between presses, submit.

Every press is timed three ways: sent → the log line's write (the response log's modification
time, read as root right after) → the reaction's last widget update back on the websocket (and the
kernel's idle for the press). After each press the log is checked: "Saved" must have added exactly
that line, "Not saved" must have left the file byte for byte as it was. Every step has a deadline.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from benchmarks.loadtest import measure
from benchmarks.loadtest.content import Persona, VignetteEngine, vignette
from benchmarks.loadtest.kernel import KernelClient

ITEM_CELL = re.compile(r'^(Vignette|KnowledgeCheck|CheckIn)\("([^"]+)"\)\s*$')
NOT_SAVED = "Not saved"


class TraineeError(Exception):
    """Something a trainee would see as broken; the message names the trainee and the step."""


@dataclass
class Press:
    item: str
    event: str
    saved: bool
    reaction_ms: float  # sent -> last widget update of the press back on the websocket
    idle_ms: float  # sent -> the kernel's idle for the press
    disk_ms: float | None  # sent -> the log line written (the log's mtime), when saved
    fault: str = ""  # a fault was under way: not counted in the latency figures


@dataclass
class Widget:
    item: str
    kind: str  # vignette, check, checkin
    view: str
    status: str
    form: str  # the choice form (vignette), or the only form
    words: str = ""  # the vignette's own-words form
    transcript: str = ""


@dataclass
class TraineeRun:
    user: str
    persona: str
    role: str = ""  # the fault this trainee meets, if any
    timings: dict[str, float] = field(default_factory=dict)
    presses: list[Press] = field(default_factory=list)
    saved_lines: list[str] = field(default_factory=list)  # every log line a "Saved" press added
    outcomes: dict[str, Any] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    reconnects: int = 0


class Trainee:
    """``session`` is the orchestrator (benchmarks.loadtest.session.Session): hub URL, token,
    password, homes, the module, and the fault hooks."""

    def __init__(self, session, user: str, persona: Persona, role: str, seed: int):
        self.s = session
        self.user = user
        self.persona = persona
        self.run = TraineeRun(user, persona.name, role)
        self.rng = random.Random(seed)  # noqa: S311 - think times, not security
        self.http = AsyncHTTPClient()
        self.kernel: KernelClient | None = None
        self.kernel_id = ""
        self.widgets: list[Widget] = []
        self.engines: dict[str, VignetteEngine] = {}
        self.module = session.module
        self.folder = session.home(user) / self.module
        self.log = self.folder / "responses.jsonl"
        self.presses_done = 0
        self.arrives_after = 0.0  # seconds after the class starts (the session's ramp)

    # -- HTTP -------------------------------------------------------------------------------------
    async def call(self, method: str, path: str, *, body: str | None = None, ctype: str = "application/json",
                   headers: dict | None = None, timeout: float = 120, auth: bool = True, **kw):
        hdrs = {"Authorization": f"token {self.s.token}"} if auth else {}
        if body is not None:
            hdrs["Content-Type"] = ctype
        hdrs.update(headers or {})
        req = HTTPRequest(self.s.url + path, method=method, body=body, headers=hdrs, request_timeout=timeout,
                          connect_timeout=30, follow_redirects=False, **kw)
        return await self.http.fetch(req, raise_error=False)

    async def retry(self, what: str, attempt, timeout: float = 120):
        """``attempt()`` until it returns something truthy (the hub may be restarting meanwhile)."""
        end = time.monotonic() + timeout
        last = None
        while time.monotonic() < end:
            try:
                result = await attempt()
                if result:
                    return result
            except (TimeoutError, OSError, HTTPClientError) as err:
                last = err
            await asyncio.sleep(0.5)
        raise TraineeError(f"{self.user}: {what} did not succeed within {timeout:.0f} s ({last!r})")

    # -- the session ------------------------------------------------------------------------------
    async def login(self) -> None:
        """The hub's login form with the account's Unix password (PAM), as a browser posts it."""
        page = await self.call("GET", "/hub/login", auth=False)
        cookies = SimpleCookie()
        for header in page.headers.get_list("Set-Cookie"):
            cookies.load(header)
        match = re.search(rb'name="_xsrf" value="([^"]+)"', page.body or b"")
        form = {"username": self.user, "password": self.s.passwords[self.user]}
        if match:
            form["_xsrf"] = match.group(1).decode()
        cookie = "; ".join(f"{k}={v.value}" for k, v in cookies.items())
        resp = await self.call("POST", "/hub/login?next=%2Fhub%2Fhome", body=urllib.parse.urlencode(form),
                               ctype="application/x-www-form-urlencoded", headers={"Cookie": cookie}, auth=False)
        if resp.code != 302 or not any("jupyterhub-session-id" in h or "jupyterhub-hub-login" in h
                                       for h in resp.headers.get_list("Set-Cookie")):
            raise TraineeError(f"{self.user}: PAM login failed ({resp.code})")

    async def start_server(self) -> None:
        """Start the server and make sure the one answering is this trainee's.

        LocalProcessSpawner picks each server's port by binding port 0 and closing it; in a burst
        of starts a server can find its port taken and exit, while the hub, hearing an answer
        (another trainee's server, which answers 404), routes the trainee there. The trainee sees
        a 404 page; stopping and starting the server again (the hub's home page buttons) cures it.
        """
        for _attempt in range(3):
            await self._start_server_once()
            resp = await self.call("GET", f"/user/{self.user}/api/status")
            if resp.code == 200:
                return
            self.run.outcomes["server_restarted_after_port_clash"] = \
                self.run.outcomes.get("server_restarted_after_port_clash", 0) + 1
            await self.call("DELETE", f"/hub/api/users/{self.user}/server")

            async def stopped():
                resp = await self.call("GET", f"/hub/api/users/{self.user}")
                return resp.code == 200 and not json.loads(resp.body).get("servers", {}).get("")
            await self.retry("the server stopping", stopped, 120)
        raise TraineeError(f"{self.user}: three server starts, none answered as {self.user}'s")

    async def _start_server_once(self) -> None:
        async def ask():
            resp = await self.call("POST", f"/hub/api/users/{self.user}/server", body="{}")
            return resp.code in (201, 202, 400)  # 400: already running or pending
        await self.retry("asking the hub to start the server", ask, 60)

        async def ready():
            resp = await self.call("GET", f"/hub/api/users/{self.user}")
            if resp.code != 200:
                return False
            server = json.loads(resp.body).get("servers", {}).get("")
            return bool(server and server.get("ready"))
        await self.retry("the server becoming ready", ready, 240)

    async def assignments(self, action: str) -> None:
        form = urllib.parse.urlencode({"course_id": self.s.course_id, "assignment_id": self.module})

        async def attempt():
            resp = await self.call("POST", f"/user/{self.user}/assignments/{action}", body=form,
                                   ctype="application/x-www-form-urlencoded", timeout=300)
            if resp.code != 200:
                return False
            result = json.loads(resp.body)
            if not result.get("success"):
                reason = str(result.get("value"))
                if "No space left on device" in reason:  # the disk-full fault: try again once space is back
                    self.run.outcomes.setdefault(f"{action}_refused_disk_full", 0)
                    self.run.outcomes[f"{action}_refused_disk_full"] += 1
                    await asyncio.sleep(2)
                    return False
                raise TraineeError(f"{self.user}: {action} failed: {reason[-500:]}")
            return True
        await self.retry(action, attempt, 300)

    async def open_kernel(self) -> None:
        path = f"{self.module}/{self.module}.ipynb"
        body = json.dumps({"path": path, "type": "notebook", "name": f"{self.module}.ipynb", "kernel": {"name": "python3"}})

        async def attempt():
            resp = await self.call("POST", f"/user/{self.user}/api/sessions", body=body)
            return json.loads(resp.body)["kernel"]["id"] if resp.code == 201 else None
        self.kernel_id = await self.retry("opening the notebook's kernel", attempt, 120)
        ws = self.s.url.replace("http://", "ws://") + f"/user/{self.user}/api/kernels/{self.kernel_id}/channels"
        self.kernel = KernelClient(ws, self.s.token)
        await self.kernel.open()
        await self.kernel.kernel_info(180)

    async def run_cells(self) -> None:
        """Run every code cell in order (Run All), and find each exercise's widgets in what they showed."""
        resp = await self.call("GET", f"/user/{self.user}/api/contents/{self.module}/{self.module}.ipynb?content=1")
        if resp.code != 200:
            raise TraineeError(f"{self.user}: could not open the notebook ({resp.code})")
        cells = [c for c in json.loads(resp.body)["content"]["cells"] if c["cell_type"] == "code"]
        self.widgets = []
        for cell in cells:
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            ran = await self.kernel.execute(source, timeout=240)
            if ran.errors:
                raise TraineeError(f"{self.user}: a cell failed: {ran.errors[0]}")
            match = ITEM_CELL.match(source.strip())
            if match and ran.views:
                self.widgets.append(self._widget(match.group(1), match.group(2), ran.views[0]))

    def _widget(self, cls: str, item: str, view: str) -> Widget:
        kids = self.kernel.children(view)
        kind = {"Vignette": "vignette", "KnowledgeCheck": "check", "CheckIn": "checkin"}[cls]
        if kind == "vignette":
            # [style, header, transcript, scene, own-words area [prompt, form], choice form, status]
            words = self.kernel.children(kids[4])[1]
            return Widget(item, kind, view, status=kids[-1], form=kids[5], words=words, transcript=kids[2])
        return Widget(item, kind, view, status=kids[-1], form=kids[2])

    def status_text(self, widget: Widget) -> str:
        return str(self.kernel.models.get(widget.status, {}).get("value", ""))

    # -- pressing ----------------------------------------------------------------------------------
    async def think(self) -> None:
        base = self.s.think
        await asyncio.sleep(self.rng.uniform(0.5 * base, 1.5 * base))

    async def press(self, widget: Widget, form: str, event: str, values: dict, retry: bool = True,
                    writes: bool = True) -> bool:
        """One press, timed and checked against the log; on "Not saved" the trainee waits and
        presses again (bounded), as a person would once told the disk is full. ``writes``: the
        press saves an answer (Replay only changes the page, and must leave the log alone)."""
        for _attempt in range(40):
            before = self.log.read_bytes() if self.log.exists() else b""
            fault = self.s.fault_now()
            sent_wall = time.time_ns()
            sent = time.perf_counter()
            reconnects = self.kernel.reconnects
            msg_id = await self.kernel.press(form, event, values)
            if not await self._reaction(msg_id, reconnects, f"{self.user}: reaction to {event}"):
                # The websocket dropped (the hub and its proxy restarting) with the press or its
                # reaction in flight and lost. The trainee reloads and looks: the widgets show what
                # the log holds. Saved already: done; else the trainee presses again.
                after = self.log.read_bytes() if self.log.exists() else b""
                if writes and after != before:
                    self.run.saved_lines.append(after[len(before):].decode().strip())
                    self.run.outcomes["presses_lost_in_reconnect_but_saved"] = \
                        self.run.outcomes.get("presses_lost_in_reconnect_but_saved", 0) + 1
                    self.presses_done += 1
                    return True
                self.run.outcomes["presses_resent_after_reconnect"] = \
                    self.run.outcomes.get("presses_resent_after_reconnect", 0) + 1
                continue
            idle = self.kernel.idle_at[msg_id]
            reaction = self.kernel.last_update_at.get(msg_id, idle)
            text = self.status_text(widget)
            after = self.log.read_bytes() if self.log.exists() else b""
            saved = NOT_SAVED not in text
            disk_ms = None
            if not writes:
                if after != before:
                    raise TraineeError(f"{self.user}: {widget.item} {event} changed the log")
            elif saved:
                added = after[len(before):]
                if not after.startswith(before) or added.count(b"\n") != 1:
                    raise TraineeError(f"{self.user}: {widget.item} {event} said saved but the log did not grow by "
                                       f"one line ({added[:200]!r})")
                self.run.saved_lines.append(added.decode().strip())
                disk_ms = (self.log.stat().st_mtime_ns - sent_wall) / 1e6
            elif after != before:
                raise TraineeError(f"{self.user}: a 'Not saved' press changed the log")
            fault = fault or self.s.fault_now() or ("reconnect" if self.kernel.reconnects != self.run.reconnects else "")
            self.run.reconnects = self.kernel.reconnects
            self.run.presses.append(Press(widget.item, event, saved, (reaction - sent) * 1e3, (idle - sent) * 1e3,
                                          disk_ms, fault))
            self.presses_done += 1
            if saved or not retry:
                return saved
            await asyncio.sleep(1.0)
        raise TraineeError(f"{self.user}: {widget.item} {event} was never saved after 40 presses")

    async def _reaction(self, msg_id: str, reconnects: int, what: str) -> bool:
        """Wait for the kernel's answer to a message: True when it came; False when the websocket
        reconnected meanwhile and nothing came within 30 s of it (lost); TimeoutError after 120 s."""
        end = time.monotonic() + 120
        while time.monotonic() < end:
            try:
                await self.kernel.wait_for(lambda: msg_id in self.kernel.idle_at, 30, what)
                return True
            except TimeoutError:
                if self.kernel.reconnects != reconnects:
                    return False
        raise TimeoutError(f"timed out after 120 s waiting for {what}")

    async def work_vignette(self, widget: Widget, on_step=None) -> None:
        engine = self.engines.setdefault(widget.item, VignetteEngine(vignette(widget.item)))
        if not engine.steps and "Already answered" not in self.status_text(widget) and \
                self.kernel.models[widget.words].get("buttons", [{}])[0].get("label") == "Save my words":
            await self.press(widget, widget.words, "save", {"words": self.persona.own_words()})
            await self.think()
        while not engine.finished:
            option = self.persona.pick(engine.current)
            await self.press(widget, widget.form, "respond", {"response": option.id})
            engine.choose(option.id)
            engine.commit()
            if on_step is not None:
                await on_step(self, widget, engine)
                widget = self.widget(widget.item)  # found again if the kernel was restarted meanwhile
            await self.think()

    async def practise(self, widget: Widget) -> None:
        """The attuned persona's replay of a finished vignette in practice mode (never graded)."""
        await self.press(widget, widget.form, "replay", {"response": None}, writes=False)
        engine = VignetteEngine(vignette(widget.item))
        while not engine.finished:
            option = self.persona.practice_pick(engine.current)
            await self.think()
            await self.press(widget, widget.form, "respond", {"response": option.id})
            engine.choose(option.id)
            engine.commit()

    async def work_item(self, widget: Widget, on_step=None) -> None:
        if widget.kind == "vignette":
            await self.work_vignette(widget, on_step)
        elif widget.kind == "check":
            await self.press(widget, widget.form, "submit", {"answer": self.persona.check_answer(widget.item)})
        else:
            await self.press(widget, widget.form, "record", self.persona.checkin_values())
        self.run.done.append(widget.item)
        await self.think()

    def widget(self, item: str) -> Widget:
        return next(w for w in self.widgets if w.item == item)

    # -- the whole session ---------------------------------------------------------------------------
    async def session(self) -> TraineeRun:
        await asyncio.sleep(self.arrives_after)
        t0 = time.perf_counter()
        await self.login()
        self.run.timings["login_s"] = time.perf_counter() - t0
        await self.start_server()
        self.run.timings["server_ready_s"] = time.perf_counter() - t0
        await self.assignments("fetch")
        await self.open_kernel()
        self.run.timings["login_to_kernel_ready_s"] = time.perf_counter() - t0
        await self.run_cells()
        self.run.timings["cells_run_s"] = time.perf_counter() - t0
        self.s.trainee_working(self)
        practised = False
        items = [w.item for w in self.widgets]
        for index, item in enumerate(items):
            await self.s.before_item(self, index, item)
            widget = self.widget(item)  # widgets are found again after a kernel restart
            await self.work_item(widget, on_step=self.s.after_step)
            if self.persona.name == "attuned" and widget.kind == "vignette" and not practised:
                await self.practise(self.widget(item))
                practised = True
        self.run.timings["cpu_s"] = round(await asyncio.to_thread(measure.account_cpu_seconds, self.s.uid(self.user)), 2)
        t_submit = time.perf_counter()
        await self.assignments("submit")
        self.run.timings["submit_s"] = time.perf_counter() - t_submit
        self.run.timings["session_s"] = time.perf_counter() - t0
        await self.kernel.close()  # the trainee closes the tab; the kernel stays until culled
        return self.run

    # -- used by the faults -----------------------------------------------------------------------------
    def kernel_pids(self) -> list[int]:
        """The PIDs of this trainee's ipykernel processes (read from /proc as root)."""
        uid = self.s.uid(self.user)
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid != uid:
                    continue
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(b"ipykernel_launcher" in part for part in cmdline) and self.kernel_id and \
                    any(self.kernel_id.encode() in part for part in cmdline):
                pids.append(int(entry.name))
        return pids

    async def rerun_after_restart(self) -> None:
        """What a trainee does when the kernel came back empty: run all cells again."""
        self.kernel.models.clear()
        await self.kernel.kernel_info(180)
        await self.run_cells()

