"""A trainee's first-response pattern across the course: which kind of move they reach for first.

Module 04 teaches trainees to notice the urge to fix; module 07 asks them to look back at what
they actually did. For every run through every vignette we take the *first* committed step (the
response to the opening line, before any rupture or repair), look up its stance in the course
content and map it to a family from :data:`attuned.model.vocab.STANCE_FAMILIES`.

The log only stores ids (item, scene, option), never the stance, so the stance always comes from
the installed content. Anything that no longer matches it — an item removed from the course, an
option renamed since the trainee played — is left out and counted in ``df.attrs["skipped"]``,
never raised: this is a reflective view, not a grade.

pandas is imported inside :func:`first_responses` so that importing this module stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from attuned.model.vocab import STANCE_FAMILIES
from attuned.notebook.responses import LOG_NAME, Event, LogContents, ResponseLog

if TYPE_CHECKING:
    import pandas

COLUMNS: tuple[str, ...] = ("module", "item", "client", "stance", "family", "at", "graded")
#: Event kinds written by the vignette player (graded steps and practice steps).
VIGNETTE_KINDS = ("commit", "practice")
#: Display order of families in charts and summaries.
FAMILY_ORDER: tuple[str, ...] = ("attuned", "fix", "interpret", "reassure", "other")


def find_course_logs(folder: Path) -> list[Path]:
    """The trainee's response logs across modules, starting from one assignment folder.

    nbgrader fetches each assignment into its own folder (``02-experience-over-explanation/``,
    ``07-supervision-and-reflective-practice/`` ...) side by side, so the siblings named
    ``NN-*`` hold the other modules' logs. Only files that exist are returned, each once, with
    ``folder``'s own log first and the siblings in folder-name order.
    """
    folder = Path(folder)
    candidates = [folder / LOG_NAME]
    if folder.parent != folder:
        candidates += sorted(folder.parent.glob(f"[0-9][0-9]-*/{LOG_NAME}"))
    found: list[Path] = []
    seen: set[Path] = set()
    for path in candidates:
        if not path.is_file():
            continue
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        found.append(path)
    return found


def _runs(events: list[Event], graded_run: list[Event]) -> list[tuple[list[Event], bool]]:
    """Split one item's vignette events into runs: the graded run, then practice runs by ``run``.

    Commit events outside the graded run (which the player never writes) are treated as
    practice: by the log's rule, only the first run of an item is graded.
    """
    graded_ids = {id(e) for e in graded_run}
    runs: list[tuple[list[Event], bool]] = []
    if graded_run:
        runs.append((graded_run, True))
    practice: dict[str, list[Event]] = {}
    for event in events:
        if event.kind in VIGNETTE_KINDS and id(event) not in graded_ids:
            practice.setdefault(event.run, []).append(event)
    runs.extend((steps, False) for steps in practice.values())
    return runs


def first_response_rows(log_path: Path, contents: LogContents | None = None) -> tuple[list[dict[str, object]], int, list[str]]:
    """The rows :func:`first_responses` makes from one log, unsorted: (rows, runs skipped, log
    problems). Plain dicts, so a cohort report builds one DataFrame for 7,000 logs, not 7,000.
    ``contents``: the log already read (the cohort report reads each log once for every view)."""
    from attuned.model.course import UnknownItem, get_course

    course = get_course()
    rows: list[dict[str, object]] = []
    skipped = 0
    contents = ResponseLog(Path(log_path)).read() if contents is None else contents
    problems = list(contents.problems)
    items = list(dict.fromkeys(e.item for e in contents.events if e.kind in VIGNETTE_KINDS))
    for item in items:
        events = contents.for_item(item)
        runs = _runs(events, contents.graded_run(item))
        try:
            vignette = course.vignette(item)
        except (UnknownItem, KeyError):
            skipped += len(runs)
            continue
        for steps, graded in runs:
            first = steps[0]
            scene = vignette.scenes.get(first.scene)
            option = next((o for o in scene.options if o.id == str(first.value)), None) if scene else None
            family = STANCE_FAMILIES.get(option.stance) if option else None
            if option is None or family is None:
                skipped += 1
                continue
            rows.append({
                "module": vignette.module,
                "item": item,
                "client": vignette.client.name,
                "stance": option.stance,
                "family": family,
                "at": first.at,
                "graded": graded,
            })
    return rows, skipped, problems


def first_responses(log_paths: list[Path]) -> pandas.DataFrame:
    """One row per run through a vignette: the first response's stance and family.

    Columns: ``module`` (folder name), ``item``, ``client``, ``stance``, ``family``, ``at``
    (timestamp of that first step, as logged) and ``graded`` (True for the graded first run);
    rows are sorted by module, then time.
    ``df.attrs["skipped"]`` counts runs left out because their item, scene or option is not
    in the installed course; ``df.attrs["problems"]`` lists unreadable log lines.
    """
    import pandas as pd

    rows: list[dict[str, object]] = []
    skipped = 0
    problems: list[str] = []
    for log_path in log_paths:
        found, missed, notes = first_response_rows(Path(log_path))
        rows += found
        skipped += missed
        problems += notes
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["graded"] = df["graded"].astype(bool)
    df = df.sort_values(["module", "at"], kind="stable", ignore_index=True)
    df.attrs["skipped"] = skipped
    df.attrs["problems"] = problems
    return df
