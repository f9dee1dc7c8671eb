"""The response log: ``responses.jsonl`` beside the notebook, append-only, one event per line.

Why a file and not widget state: nbgrader re-executes notebooks at autograde time, so widget
state is gone; the log travels with the submission (submit and collect copy the whole folder).

Durability rules, each for a failure we have seen or can provoke:
- one ``os.write`` of a whole line on an ``O_APPEND`` descriptor, under an exclusive ``flock``,
  so two kernels never interleave bytes;
- ``fsync`` before reporting success, so a power cut cannot drop an event the trainee saw saved;
- if a crash left a torn last line, the next append starts on a fresh line, so the torn bytes
  spoil only themselves;
- if a write or ``fsync`` fails (disk full, I/O error), the bytes of that attempt are cut off
  again, so "NOT saved" is the truth and a retry cannot leave a duplicate or a torn line;
- only a regular file is used: a folder, FIFO or device named ``responses.jsonl`` is refused
  at once (reading a FIFO would block the kernel and hang the grading run);
- readers skip unreadable lines and *say so*; they never raise to the trainee. A byte-order
  mark (some editors add one when a trainee opens the log) is ignored, not a lost first event.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOG_NAME = "responses.jsonl"
ENV_OVERRIDE = "ATTUNED_RESPONSES"
KINDS = ("commit", "practice", "check", "self_report", "own_words")
#: The option-order seed (see attuned.notebook.option_order): one line, kept apart from the answers, so it
#: is never an "event" to grading, the reports or anything that lists what a trainee did.
SEED_KIND = "seed"
SEED_ITEM = "_option_order"
#: Kinds whose first event for an item is the graded one.
GRADED_KINDS = ("commit", "check", "self_report")
MAX_LINE_BYTES = 64 * 1024
MAX_READ_BYTES = 64 * 1024 * 1024


class LogWriteError(Exception):
    """The event was NOT saved. The message says why in one line, for the trainee."""


@dataclass(frozen=True)
class Event:
    item: str
    kind: str
    value: Any
    at: str
    path: tuple[str, ...] = ()
    run: str = ""
    scene: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"item": self.item, "kind": self.kind, "value": self.value}
        if self.scene:
            data["scene"] = self.scene
        if self.path:
            data["path"] = list(self.path)
        if self.run:
            data["run"] = self.run
        data["at"] = self.at
        return data


@dataclass
class LogContents:
    """What a read found: the good events in file order, and a note per line skipped."""

    path: Path
    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: The first option-order seed in the log (None in a log from before seeds, or a fresh one).
    seed: str | None = None

    def for_item(self, item: str) -> list[Event]:
        return [e for e in self.events if e.item == item]

    def graded(self, item: str) -> Event | None:
        """The first graded-kind event for ``item``; later ones are practice by definition."""
        for event in self.events:
            if event.item == item and event.kind in GRADED_KINDS:
                return event
        return None

    def graded_run(self, item: str) -> list[Event]:
        """For vignettes: every ``commit`` step of the first run, in order."""
        first = self.graded(item)
        if first is None or first.kind != "commit":
            return []
        return [e for e in self.events if e.item == item and e.kind == "commit" and e.run == first.run]

    def own_words(self, item: str) -> Event | None:
        """For vignettes: what the trainee first wrote in their own words, before seeing options.

        Kept apart from ``graded``: the words come before the first ``commit`` but are not a step
        of the path, so they must never be mistaken for the start of the graded run.
        """
        for event in self.events:
            if event.item == item and event.kind == "own_words" and isinstance(event.value, str):
                return event
        return None


def default_path(folder: Path | None = None) -> Path:
    override = os.environ.get(ENV_OVERRIDE)
    if override:
        return Path(override)
    return (folder or Path.cwd()) / LOG_NAME


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


class ResponseLog:
    """Append and read events for one notebook folder."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else default_path()

    # -- writing ---------------------------------------------------------------------------
    def append(self, item: str, kind: str, value: Any, *, path: list[str] | tuple[str, ...] = (),
               run: str = "", scene: str = "") -> Event:
        if kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        event = Event(item=item, kind=kind, value=value, at=now(), path=tuple(path), run=run, scene=scene)
        line = (json.dumps(event.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        if len(line) > MAX_LINE_BYTES:
            raise LogWriteError(f"{self.path.name}: answer for {item} is too long ({len(line)} bytes); "
                                "it was NOT saved")
        self._append_line(line)
        return event

    def append_seed(self, seed: str) -> None:
        """Write the option-order seed line (attuned.notebook.option_order decides when; readers keep the first)."""
        data = {"item": SEED_ITEM, "kind": SEED_KIND, "value": seed, "at": now()}
        self._append_line((json.dumps(data, separators=(",", ":")) + "\n").encode("utf-8"))

    def _append_line(self, line: bytes) -> None:
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW, 0o644)
        except IsADirectoryError:
            raise LogWriteError(f"{self.path}: is a folder, so your answer was NOT saved") from None
        except OSError as exc:
            raise LogWriteError(f"{self.path}: cannot open for writing ({_reason(exc)}); your answer was NOT saved") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise LogWriteError(f"{self.path}: is not a regular file, so your answer was NOT saved")
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            try:
                if _ends_mid_line(fd, size):
                    line = b"\n" + line  # a crash left a torn line; never glue a good event to it
                written = 0
                while written < len(line):
                    count = os.write(fd, line[written:])
                    if count <= 0:
                        raise OSError(errno.EIO, "the system accepted no bytes")
                    written += count
                os.fsync(fd)
            except OSError:
                # Under the lock nobody else has written since `size`: cut off this attempt's
                # bytes, so a failed save leaves neither a torn line nor a hidden duplicate.
                try:
                    os.ftruncate(fd, size)
                except OSError:
                    pass
                raise
        except OSError as exc:
            raise LogWriteError(f"{self.path}: write failed ({_reason(exc)}); your answer was NOT saved") from None
        finally:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            except OSError:
                pass
            finally:
                os.close(fd)

    # -- reading ---------------------------------------------------------------------------
    def read(self) -> LogContents:
        """Every readable event; never raises. Problems name the file and the line."""
        out = LogContents(self.path)
        name = self.path.name
        try:
            if self.path.is_dir():
                out.problems.append(f"{name}: is a folder, not a response log; no answers could be read")
                return out
            # O_NONBLOCK: a FIFO named responses.jsonl must not block the kernel (or autograde).
            # O_NOFOLLOW: autograde reads a submitted log as the instructor; a log that is a link
            # would have it read (and quote, in notes) whatever file the link names.
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
            with open(fd, "rb", closefd=True) as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    out.problems.append(f"{name}: is not a regular file; no answers could be read")
                    return out
                raw = fh.read(MAX_READ_BYTES + 1)
        except FileNotFoundError:
            return out
        except OSError as exc:
            out.problems.append(f"{name}: cannot be read ({_reason(exc)}); no answers could be read")
            return out
        if raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if len(raw) > MAX_READ_BYTES:
            out.problems.append(f"{name}: larger than {MAX_READ_BYTES // 2**20} MiB; only the start was read")
            raw = raw[:MAX_READ_BYTES]
            raw = raw[: raw.rfind(b"\n") + 1]
        return _parsed(self.path, raw, out)


#: The last log parsed, by path and exact bytes. Every grade cell of a notebook reads the same
#: log; the bytes are still read each time (so an edited log is never served stale), but an
#: unchanged one is not parsed again: ~20 grade cells per module, and a 50 MB log took seconds.
_last_parsed: tuple[str, bytes, list[Event], list[str], str | None] | None = None


def _parsed(path: Path, raw: bytes, out: LogContents) -> LogContents:
    """Fill ``out`` from ``raw`` (after any read-time notes already in it); parse only changed bytes."""
    global _last_parsed
    memo = _last_parsed
    if memo is not None and memo[0] == str(path) and memo[1] == raw:
        out.events.extend(memo[2])
        out.problems.extend(memo[3])
        out.seed = memo[4]
        return out
    noted = len(out.problems)
    name = path.name
    lines = raw.split(b"\n")
    last = len(lines) - 1
    for number, chunk in enumerate(lines, start=1):
        if not chunk.strip():
            continue
        seed, is_seed = _parse_seed(chunk)
        if is_seed:
            if seed is None:
                out.problems.append(f"{name}: line {number}: option-order seed is malformed; skipped")
            elif out.seed is None:
                out.seed = seed
            continue
        event, reason = _parse(chunk)
        if event is not None:
            out.events.append(event)
        elif number - 1 == last:
            out.problems.append(f"{name}: line {number}: incomplete last line (an interrupted save?) skipped")
        else:
            out.problems.append(f"{name}: line {number}: {reason}; skipped")
    _last_parsed = (str(path), raw, list(out.events), out.problems[noted:], out.seed)
    return out


def _parse_seed(chunk: bytes) -> tuple[str | None, bool]:
    """(seed, True) for a well-formed seed line, (None, True) for a malformed one, else (None, False).

    Cheap first: only a line that mentions the seed kind is decoded here."""
    if b'"seed"' not in chunk:
        return None, False
    try:
        data = json.loads(chunk.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None, False  # _parse says what is wrong with it
    if not isinstance(data, dict) or data.get("kind") != SEED_KIND:
        return None, False
    value = data.get("value")
    if data.get("item") != SEED_ITEM or not isinstance(value, str) or not 0 < len(value) <= 128:
        return None, True
    return value, True


def _parse(chunk: bytes) -> tuple[Event | None, str]:
    try:
        data = json.loads(chunk.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except (json.JSONDecodeError, RecursionError):
        return None, "not valid JSON"
    if not isinstance(data, dict):
        return None, "not an event (expected a JSON object)"
    item, kind, at = data.get("item"), data.get("kind"), data.get("at")
    if not isinstance(item, str) or not item:
        return None, "event has no item"
    if kind not in KINDS:
        return None, f"event for {item} has unknown kind {kind!r}"
    if not isinstance(at, str):
        return None, f"event for {item} has no timestamp"
    if "value" not in data:
        return None, f"event for {item} has no value"
    path = data.get("path", [])
    run = data.get("run", "")
    scene = data.get("scene", "")
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        return None, f"event for {item} has a malformed path"
    if not isinstance(run, str) or not isinstance(scene, str):
        return None, f"event for {item} has a malformed run or scene"
    return Event(item=item, kind=kind, value=data["value"], at=at, path=tuple(path), run=run, scene=scene), ""


_BOM = b"\xef\xbb\xbf"


def _ends_mid_line(fd: int, size: int) -> bool:
    if size == 0:
        return False
    return os.pread(fd, 1, size - 1) != b"\n"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link, not the log itself"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the folder is read-only"
    return exc.strerror or str(exc)
