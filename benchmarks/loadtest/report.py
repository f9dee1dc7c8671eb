"""The Markdown table of a load-test result (the README and docs/deployment.md quote it)."""

from __future__ import annotations

from typing import Any


def _fmt(value: Any, unit: str = "") -> str:
    return "—" if value is None else f"{value:g}{unit}"


def markdown(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    o = results.get("options", {})
    floor = results.get("floor", {})
    ratio = results.get("pss_ratio_to_floor", {})
    cpu_ratio = results.get("cpu_ratio_to_floor", {})
    rows = [
        ("login → kernel ready", results.get("login_to_kernel_ready_s", {}), " s", "≤ 30 s (p95)", ""),
        ("press → log line on disk", results.get("press_to_log_line_ms", {}), " ms", "",
         "the log file's mtime: the kernel's coarse clock (a few ms) can put it just before the send"),
        ("press → reaction back on the websocket", results.get("press_to_reaction_ms", {}), " ms", "≤ 250 ms (p95)", ""),
        ("peak PSS per trainee (server + kernel)", results.get("peak_pss_per_trainee_mb", {}), " MB",
         "≤ 1.3 × floor",
         f"floor {_fmt(floor.get('pss_mb'), ' MB')}; ratio {_fmt(ratio.get('median'))} / {_fmt(ratio.get('p95'))}"),
        ("CPU per trainee (server + kernel, whole session)", results.get("cpu_per_trainee_s", {}), " s", "",
         f"floor {_fmt(floor.get('cpu_s'), ' s')} (start + one cell); "
         f"ratio {_fmt(cpu_ratio.get('median'))} / {_fmt(cpu_ratio.get('p95'))}"),
    ]
    lines = [f"Load test: {o.get('trainees')} trainees on one hub ({_arrival(o.get('ramp') or 0)}), "
             f"think time ~{o.get('think')} s, "
             f"faults {'on' if o.get('faults') else 'off'}; {m.get('cpus')} cores, {m.get('memory_gb')} GB "
             f"({m.get('platform')}); load average before {results.get('load_before')}, after {results.get('load_after')}.",
             "", "| figure | median | p95 | n | target | note |", "|---|---|---|---|---|---|"]
    for name, s, unit, target, note in rows:
        lines.append(f"| {name} | {_fmt(s.get('median'), unit)} | {_fmt(s.get('p95'), unit)} | {s.get('n', 0)} "
                     f"| {target} | {note} |")
    idle, load = results.get("autograde_idle_s"), results.get("autograde_under_load_s")
    lines.append(f"| autograde of last week's module ({o.get('prior')} submissions) | {_fmt(load, ' s')} under load | "
                 f"| | | idle {_fmt(idle, ' s')}; ratio {_fmt(results.get('autograde_ratio_load_to_idle'))} |")
    g = results.get("grading", {})
    lines.append(f"| trainees graded exactly | {g.get('graded_exactly')}/{g.get('trainees')} | | | all | "
                 f"{g.get('saved_answers')} saved answers, {len(g.get('lost_answers', []))} lost |")
    for name, f in results.get("faults", {}).items():
        lines.append(f"| fault: {name} | {_fault_line(name, f)} | | | | |")
    return "\n".join(lines)


def _arrival(ramp: float) -> str:
    return "all arriving at once" if not ramp else f"arriving over {ramp:g} s"


def _fault_line(name: str, f: dict[str, Any]) -> str:
    if name == "hub-restart":
        return (f"down {f.get('down_s')} s; {f.get('same_servers_after')}/{f.get('servers_before')} servers, "
                f"{f.get('same_kernels_after')}/{f.get('kernels_before')} kernels kept")
    if name == "kernel-kill":
        return f"resumed from the log: {f.get('resumed')}; back in {f.get('restart_and_rerun_s')} s"
    if name == "disk-full":
        return (f"{f.get('saved_in_last_block')} press(es) still fitted in the log's last block, then "
                f"'Not saved' shown: {f.get('not_saved_shown')}; log unchanged by it: "
                f"{f.get('log_unchanged_by_refused_press')}; earlier answers intact: {f.get('earlier_answers_intact')}")
    if name == "culled":
        return (f"culled after {f.get('culled_after_idle_s')} s idle; back in {f.get('restart_s')} s; "
                f"answers kept: {f.get('done_items_kept')}")
    return str(f)
