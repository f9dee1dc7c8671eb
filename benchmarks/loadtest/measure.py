"""Figures: medians and 95th percentiles, and what a Unix account's processes cost (PSS, CPU).

PSS (proportional set size, /proc/<pid>/smaps_rollup) counts a page shared by k processes as 1/k
to each, so thirty servers sharing one venv's libraries are not charged thirty times for them;
USS (the process's private pages) is recorded beside it. CPU is user + system time of the
account's processes, children that ended included (a server's cutime holds a killed kernel's).
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

CLOCK = os.sysconf("SC_CLK_TCK")


def summary(values: list[float], digits: int = 1) -> dict[str, float | int | None]:
    """Median and nearest-rank p95 (an observed value, no interpolation), and the count."""
    if not values:
        return {"median": None, "p95": None, "max": None, "n": 0}
    ordered = sorted(values)
    p95 = ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))]
    return {"median": round(statistics.median(ordered), digits), "p95": round(p95, digits),
            "max": round(ordered[-1], digits), "n": len(ordered)}


def pids_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, USS) in KiB of one process; (0, 0) if it has ended."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, _, rest = line.partition(":")
            fields[name] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return 0, 0
    return fields.get("Pss", 0), fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)


def account_memory_mb(uid: int) -> tuple[float, float]:
    pss = uss = 0
    for pid in pids_of(uid):
        p, u = memory_kb(pid)
        pss, uss = pss + p, uss + u
    return pss / 1024, uss / 1024


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # after the name: state is field 3, so utime..cstime (fields 14-17) are indexes 11-14 here
    return sum(int(x) for x in fields[11:15]) / CLOCK


def account_cpu_seconds(uid: int) -> float:
    return sum(cpu_seconds(pid) for pid in pids_of(uid))


def run_coroutine(coro):
    """``asyncio.run`` on a thread of its own: the load test is also run by pytest in the same
    process as the Playwright browser tests, whose sync API leaves an event loop running in the
    main thread (where ``asyncio.run`` refuses to start)."""
    import asyncio
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="loadtest") as pool:
        return pool.submit(asyncio.run, coro).result()
