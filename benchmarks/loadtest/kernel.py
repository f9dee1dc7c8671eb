"""A notebook page's side of one kernel: Jupyter's messaging over the kernel websocket, and the
widget models the kernel opens, as JupyterLab keeps them.

What the page does and this does too: ``execute_request`` for each code cell; it keeps each
``jupyter.widget`` comm's state from ``comm_open`` and ``update`` messages; a button press is one
``comm_msg`` ``{"method": "custom", "content": {"event": <button>, "values": {...}}}`` (what
``attuned/notebook/controls/form.js`` sends with ``model.send``); and when the websocket drops (the proxy
restarts with the hub) it reconnects with the same session id, so jupyter_server replays the
messages it buffered meanwhile. Every wait here has a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, WebSocketClosedError, websocket_connect

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class KernelGone(Exception):
    """The websocket could not be reopened within its deadline."""


@dataclass
class Cell:
    """One executed cell: its reply and the widget views it displayed."""

    msg_id: str
    views: list[str] = field(default_factory=list)
    reply: dict | None = None
    idle: bool = False
    errors: list[str] = field(default_factory=list)


class KernelClient:
    def __init__(self, ws_url: str, token: str, reconnect_for: float = 120.0):
        self.ws_url = ws_url
        self.token = token
        self.session = uuid.uuid4().hex
        self.reconnect_for = reconnect_for
        self.ws: WebSocketClientConnection | None = None
        self.models: dict[str, dict[str, Any]] = {}
        self.cells: dict[str, Cell] = {}
        self.replies: dict[str, dict] = {}
        self.statuses: list[str] = []
        self.reconnects = 0
        self.connected = asyncio.Event()
        self.changed = asyncio.Condition()
        self._reader: asyncio.Task | None = None
        self._closing = False
        self.updates: dict[str, int] = defaultdict(int)  # model id -> updates received
        self.last_update_at: dict[str, float] = {}  # parent msg id -> arrival of its last widget update
        self.idle_at: dict[str, float] = {}  # parent msg id -> arrival of the kernel's idle for it

    # -- connection ---------------------------------------------------------------------------
    async def _connect_once(self) -> None:
        url = f"{self.ws_url}?session_id={self.session}"
        request = HTTPRequest(url, headers={"Authorization": f"token {self.token}"}, connect_timeout=20,
                              request_timeout=20)
        self.ws = await websocket_connect(request, max_message_size=64 * 1024 * 1024)
        self.connected.set()

    async def open(self) -> None:
        await self._connect_once()
        self._reader = asyncio.create_task(self._read_loop())

    async def _reconnect(self) -> None:
        self.connected.clear()
        deadline = time.monotonic() + self.reconnect_for
        delay = 0.3
        while time.monotonic() < deadline and not self._closing:
            try:
                await self._connect_once()
                self.reconnects += 1
                return
            except Exception:  # noqa: BLE001 - the proxy or server is still coming back: try again
                await asyncio.sleep(delay)
                delay = min(delay * 1.5, 3.0)
        raise KernelGone(f"websocket not reopened within {self.reconnect_for:.0f} s")

    async def _read_loop(self) -> None:
        while not self._closing:
            message = await self.ws.read_message() if self.ws else None
            if message is None:
                if self._closing:
                    return
                try:
                    await self._reconnect()
                except KernelGone:
                    async with self.changed:
                        self.changed.notify_all()
                    return
                continue
            if isinstance(message, bytes):
                continue  # binary frames carry buffers; no Attuned widget sends any
            self._dispatch(json.loads(message))
            async with self.changed:
                self.changed.notify_all()

    async def close(self) -> None:
        self._closing = True
        if self.ws is not None:
            self.ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):  # closing anyway
                await self._reader

    # -- messages -----------------------------------------------------------------------------
    def _dispatch(self, msg: dict) -> None:
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        parent = msg.get("parent_header", {}).get("msg_id")
        cell = self.cells.get(parent)
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_msg":
            data = content.get("data", {})
            if data.get("method") == "update" and content.get("comm_id") in self.models:
                self.models[content["comm_id"]].update(data.get("state", {}))
                self.updates[content["comm_id"]] += 1
                if parent:
                    self.last_update_at[parent] = time.perf_counter()
        elif kind == "comm_close":
            self.models.pop(content.get("comm_id"), None)
        elif kind in ("display_data", "execute_result") and cell is not None:
            view = content.get("data", {}).get(WIDGET_VIEW)
            if view:
                cell.views.append(view["model_id"])
        elif kind == "error" and cell is not None:
            cell.errors.append(f"{content.get('ename')}: {content.get('evalue')}")
        elif kind == "status":
            state = content.get("execution_state")
            self.statuses.append(state)
            if state == "idle" and parent:
                self.idle_at[parent] = time.perf_counter()
            if state == "idle" and cell is not None:
                cell.idle = True
        elif kind and kind.endswith("_reply"):
            self.replies[parent] = msg
            if cell is not None:
                cell.reply = msg

    async def send(self, channel: str, msg_type: str, content: dict, deadline: float | None = None,
                   msg_id: str | None = None) -> str:
        """Send one message; wait out a dropped websocket (the message goes once it is back)."""
        deadline = self.reconnect_for + 10 if deadline is None else deadline
        msg_id = msg_id or uuid.uuid4().hex
        msg = {"header": {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "",
                          "version": "5.3", "date": ""},
               "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}
        text = json.dumps(msg)
        end = time.monotonic() + deadline
        while True:
            try:
                await asyncio.wait_for(self.connected.wait(), timeout=max(0.1, end - time.monotonic()))
                await self.ws.write_message(text)
                return msg_id
            except (TimeoutError, WebSocketClosedError, AttributeError):
                self.connected.clear()
                if time.monotonic() > end:
                    raise KernelGone(f"could not send {msg_type} within {deadline:.0f} s") from None
                await asyncio.sleep(0.2)

    async def wait_for(self, predicate, timeout: float, what: str) -> None:
        """Wait until ``predicate()`` holds, at most ``timeout`` seconds (raises TimeoutError naming ``what``)."""
        async def waiting() -> None:
            async with self.changed:
                await self.changed.wait_for(predicate)
        try:
            await asyncio.wait_for(waiting(), timeout=timeout)
        except TimeoutError:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}") from None

    async def kernel_info(self, timeout: float = 120.0) -> dict:
        """Ask until the kernel answers (a starting kernel drops early requests)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg_id = await self.send("shell", "kernel_info_request", {})
            try:
                await self.wait_for(lambda m=msg_id: m in self.replies, min(5.0, max(0.1, end - time.monotonic())),
                                    "kernel_info_reply")
                return self.replies[msg_id]
            except TimeoutError:
                continue
        raise TimeoutError(f"the kernel did not answer kernel_info within {timeout:.0f} s")

    async def execute(self, code: str, timeout: float = 180.0) -> Cell:
        """Run one cell; sent again if the websocket reconnected and its reply was lost (at most 3 times)."""
        for _attempt in range(3):
            cell = Cell(uuid.uuid4().hex)
            self.cells[cell.msg_id] = cell  # before sending: outputs can arrive before send() returns
            reconnects = self.reconnects
            await self.send("shell", "execute_request", {
                "code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                "stop_on_error": True}, msg_id=cell.msg_id)
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                try:
                    await self.wait_for(lambda c=cell: c.reply is not None and c.idle, 30, f"cell {code[:40]!r}")
                    return cell
                except TimeoutError:
                    if self.reconnects != reconnects:
                        break  # lost in the reconnect: run it again
            else:
                raise TimeoutError(f"timed out after {timeout:.0f} s waiting for cell {code[:40]!r}")
        raise TimeoutError(f"cell {code[:40]!r} lost in three reconnects")

    async def press(self, model_id: str, event: str, values: dict[str, Any]) -> str:
        """What form.js sends when a button is pressed: the event and the values on screen."""
        return await self.send("shell", "comm_msg", {
            "comm_id": model_id, "data": {"method": "custom", "content": {"event": event, "values": values}}})

    # -- the widget tree ------------------------------------------------------------------------
    def children(self, model_id: str) -> list[str]:
        return [c.removeprefix("IPY_MODEL_") for c in self.models.get(model_id, {}).get("children", [])]
