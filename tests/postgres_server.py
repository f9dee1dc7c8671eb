"""A throwaway PostgreSQL server for the tests that need a real one (``postgres`` fixture, conftest.py).

Debian's PostgreSQL (``make system-deps`` installs the package ``postgresql`` when missing):
``initdb`` and ``pg_ctl`` in a fresh temporary data folder, as the ``postgres`` account when we
are root (``runuser``; PostgreSQL refuses to run as root), listening only on 127.0.0.1 on a free
port, trust authentication, no Unix socket outside that folder. Stopped at the end with ``pg_ctl
stop`` and, should that fail, by the PID in ``postmaster.pid``: on failure too.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _postgres_bin() -> Path | None:
    """Debian's versioned folder (the newest), else whatever pg_ctl is on PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return found[-1].parent
    which = shutil.which("pg_ctl")
    return Path(which).resolve().parent if which else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throwaway PostgreSQL cluster; ``stop`` is safe to call at any point, more than once."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.base = Path(tempfile.mkdtemp(prefix="attuned-pg-"))  # /tmp, not pytest's root-only tmp
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        self.pid: int | None = None
        if self.as_root:
            account = pwd.getpwnam("postgres")
            os.chown(self.base, account.pw_uid, account.pw_gid)

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # no stray PGHOST, PGPORT...
        return subprocess.run(cmd, cwd=self.base, env=env, capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        proc = self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                         "--locale=C", "--no-instructions")
        assert proc.returncode == 0, f"initdb failed: {proc.stderr[-2000:]}"
        for _attempt in range(3):  # the free port can be taken between our check and the server's bind
            self.port = _free_port()
            options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.base} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            proc = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60",
                             "start")
            self.pid = self._postmaster_pid()
            if proc.returncode == 0:
                return
            self.stop()
        log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        raise AssertionError(f"pg_ctl start failed three times: {proc.stdout[-1000:]} {proc.stderr[-1000:]} {log}")

    def _postmaster_pid(self) -> int | None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.data / "postmaster.pid").read_text().splitlines()[0])
        return self.pid

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def query(self, database: str, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                             connect_timeout=10) as conn:
            return conn.execute(sql).fetchall()

    def running(self) -> bool:
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def stop(self) -> None:
        pid = self._postmaster_pid()
        if self.data.exists() and pid is not None:
            with contextlib.suppress(subprocess.TimeoutExpired, OSError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop", timeout=60)
        self.pid = pid
        if self.running():  # pg_ctl could not stop it: end our own server by its PID
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 15
            while self.running() and time.monotonic() < deadline:
                time.sleep(0.2)
            if self.running():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.pid = None


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    """A started server, stopped and removed on the way out (skipped, or failed on CI, when
    PostgreSQL or psycopg 3 is missing)."""
    bindir = _postgres_bin()
    if bindir is None or not (bindir / "initdb").exists():
        message = "PostgreSQL is not installed: `make system-deps` installs Debian's package (as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("root, but there is no 'postgres' account to run the server as (Debian's package creates it)")
    pytest.importorskip("psycopg", reason="psycopg 3 is missing: pip install -e '.[test]' (or the 'postgres' extra)")
    server = PostgresServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        assert not server.running(), "the PostgreSQL server is still running after stop"
        shutil.rmtree(server.base, ignore_errors=True)


