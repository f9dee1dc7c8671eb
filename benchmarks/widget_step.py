"""One widget step in Python: choose + commit + the next scene rendered, as a click runs it.

The player is the real ``VignettePlayer`` over a real response log in a temporary folder (no
kernel: ipywidgets' own trick of driving a widget's methods directly, so only our work is timed,
not the browser or the comm round trip). Walks every vignette of the course, replaying in
practice mode, for ``steps`` steps. Floor: the durable write every commit must make anyway, one
``ResponseLog.append`` (``O_APPEND`` + ``flock`` + ``fsync``) of a line of the same shape.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import Row, median, p95, row

TARGET_MS = 20.0


def run(steps: int = 300) -> list[Row]:
    from attuned.model.course import get_course
    from attuned.notebook.responses import ResponseLog
    from attuned.notebook.vignette_widget import VignettePlayer
    from attuned.simulation.personas import OWN_WORDS

    course = get_course()
    step_times: list[float] = []
    floor_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        log = ResponseLog(Path(tmp) / "responses.jsonl")
        floor_log = ResponseLog(Path(tmp) / "floor.jsonl")
        players = [VignettePlayer(v, log) for v in course.vignettes.values()]
        for player in players:
            if player.needs_own_words:
                player.save_own_words(OWN_WORDS["attuned"])
        index = 0
        while len(step_times) < steps:
            player = players[index % len(players)]
            index += 1
            if player.engine.finished:
                player.replay()
            option = player.engine.current.options[len(step_times) % len(player.engine.current.options)]
            started = time.perf_counter()
            player.choose(option.id)
            player.commit()
            step_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            floor_log.append(player.vignette.id, "practice", option.id, scene="opening",
                             path=[f"opening:{option.id}"], run="0" * 12)
            floor_times.append(time.perf_counter() - started)
    floor = median(floor_times)
    ms = 1000
    return [
        row("widget step", "floor: one fsync'd log append", floor * ms, "ms", runs=steps),
        row("widget step", "choose + commit + next scene, median", median(step_times) * ms, "ms",
            floor="log append", floor_value=floor * ms, target=f"≤ {TARGET_MS:g} ms",
            met=median(step_times) * ms <= TARGET_MS, runs=steps),
        row("widget step", "choose + commit + next scene, p95", p95(step_times) * ms, "ms",
            floor="log append", floor_value=floor * ms, runs=steps),
    ]


if __name__ == "__main__":
    from benchmarks.common import markdown_table

    print(markdown_table(run()))
