"""Turn a vignette YAML file into a validated :class:`VignetteScript`, or a list of problems.

Schema ``attuned.vignette/1``. Beyond field types, the graph is checked so no trainee can walk
into a broken scene: the start exists, every ``next`` names a scene, every scene is reachable,
no path loops back on itself (so every path ends), and a rupture scene offers a repair.
"""

from __future__ import annotations

import re
from pathlib import Path

from attuned.model.fields import FieldChecker, join, read_yaml
from attuned.model.problems import Problem
from attuned.model.vignette import Client, Option, Scene, VignetteScript
from attuned.model.vocab import MAX_RATING, QUALITIES, STANCES

SCHEMA = "attuned.vignette/1"
ID_PATTERN = re.compile(r"^m[1-9]\.[a-z][a-z0-9-]*$")
LOCAL_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
SCENE_KINDS = {"moment", "rupture"}
TOP_FIELDS = {"schema", "id", "title", "difficulty", "client", "content_note", "start", "scenes"}
DIFFICULTY_TIERS = {1: "one clear best", 2: "a tempting near-miss", 3: "subtle: several defensible options"}
CLIENT_FIELDS = {"name", "age", "pronouns", "context"}
SCENE_FIELDS = {"kind", "setting", "client_says", "cues", "options"}
OPTION_FIELDS = {"id", "text", "stance", "reaction", "cues_after", "ratings", "comment", "next"}
MAX_SCENES = 40


def check_vignette(
    path: Path, *, module: str = "", display: str | None = None
) -> tuple[VignetteScript | None, list[Problem]]:
    display = display or str(path)
    data, problems = read_yaml(path, display)
    if problems:
        return None, problems
    return vignette_from_data(data, display, module=module)


def vignette_from_data(data: object, display: str, *, module: str = "") -> tuple[VignetteScript | None, list[Problem]]:
    c = FieldChecker(display)
    top = c.document(data, SCHEMA, TOP_FIELDS)
    if top is None:
        return None, c.problems
    vid = c.text(top, "id", "", max_len=60)
    if vid and not ID_PATTERN.match(vid):
        c.add("id", f"'{vid}' should look like 'm2.tomas' (module number, dot, lowercase name)")
    if vid and module and ID_PATTERN.match(vid):
        expected_prefix = f"m{int(module[:2])}." if module[:2].isdigit() else ""
        if expected_prefix and not vid.startswith(expected_prefix):
            c.add("id", f"'{vid}' lives in module {module}, so it must start with '{expected_prefix}'")
    title = c.text(top, "title", "", max_len=120)
    content_note = c.text(top, "content_note", "", required=False, max_len=600)
    difficulty = c.integer(top, "difficulty", "", 1, max(DIFFICULTY_TIERS))
    client = _client(c, top.get("client"))
    start = c.text(top, "start", "", max_len=60)
    scenes = _scenes(c, top.get("scenes"))
    if scenes is not None:
        _check_graph(c, start, scenes)
    if c.problems or scenes is None or client is None:
        return None, c.problems
    return (
        VignetteScript(
            id=vid,
            title=title,
            module=module,
            client=client,
            start=start,
            scenes=scenes,
            content_note=content_note,
            source_file=display,
            difficulty=difficulty,
        ),
        [],
    )


def _client(c: FieldChecker, value: object) -> Client | None:
    data = c.mapping(value, "client")
    if data is None:
        return None
    c.only_keys(data, "client", CLIENT_FIELDS)
    return Client(
        name=c.text(data, "name", "client", max_len=60),
        age=c.integer(data, "age", "client", 5, 110),
        pronouns=c.text(data, "pronouns", "client", max_len=30),
        context=c.text(data, "context", "client", max_len=400),
    )


def _scenes(c: FieldChecker, value: object) -> dict[str, Scene] | None:
    data = c.mapping(value, "scenes")
    if data is None:
        return None
    if not data:
        c.add("scenes", "needs at least one scene")
        return None
    if len(data) > MAX_SCENES:
        c.add("scenes", f"has {len(data)} scenes; the limit is {MAX_SCENES}")
        return None
    scenes: dict[str, Scene] = {}
    for scene_id, raw in data.items():
        path = join("scenes", str(scene_id))
        if not isinstance(scene_id, str) or not LOCAL_ID.match(scene_id):
            c.add(path, "scene ids are lowercase words with letters, digits, '-' or '_'")
            continue
        scene = c.mapping(raw, path)
        if scene is None:
            continue
        c.only_keys(scene, path, SCENE_FIELDS)
        options = _options(c, scene.get("options"), join(path, "options"))
        scenes[scene_id] = Scene(
            id=scene_id,
            kind=c.choice(scene, "kind", path, SCENE_KINDS, required=False, default="moment"),
            setting=c.text(scene, "setting", path, required=False, max_len=800),
            client_says=c.text(scene, "client_says", path, max_len=1200),
            cues=c.text_list(scene, "cues", path),
            options=options,
        )
    return scenes


def _options(c: FieldChecker, value: object, path: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or not value:
        c.add(path, "needs a list of at least two response options (a scene without options is a dead end)")
        return ()
    if len(value) < 2:
        c.add(path, "needs at least two response options, so the trainee has a real choice")
    options: list[Option] = []
    seen: set[str] = set()
    for i, raw in enumerate(value):
        opath = join(path, i)
        data = c.mapping(raw, opath)
        if data is None:
            continue
        c.only_keys(data, opath, OPTION_FIELDS)
        oid = c.text(data, "id", opath, max_len=40)
        if oid and not LOCAL_ID.match(oid):
            c.add(join(opath, "id"), f"'{oid}' should be a lowercase word (letters, digits, '-', '_')")
        if oid in seen:
            c.add(join(opath, "id"), f"duplicate option id '{oid}' in this scene")
        seen.add(oid)
        nxt = data.get("next")
        if nxt is not None and not isinstance(nxt, str):
            c.add(join(opath, "next"), "expected a scene id or nothing (nothing ends the path)")
            nxt = None
        options.append(
            Option(
                id=oid,
                text=c.text(data, "text", opath, max_len=800),
                stance=c.choice(data, "stance", opath, STANCES),
                reaction=c.text(data, "reaction", opath, max_len=1200),
                cues_after=c.text_list(data, "cues_after", opath),
                ratings=_ratings(c, data.get("ratings"), join(opath, "ratings")),
                comment=c.text(data, "comment", opath, max_len=1200),
                next=nxt,
            )
        )
    return tuple(options)


def _ratings(c: FieldChecker, value: object, path: str) -> dict[str, int]:
    data = c.mapping(value, path)
    if data is None:
        return {q: 0 for q in QUALITIES}
    c.only_keys(data, path, set(QUALITIES))
    return {q: c.integer(data, q, path, 0, MAX_RATING) for q in QUALITIES}


def _check_graph(c: FieldChecker, start: str, scenes: dict[str, Scene]) -> None:
    if start and start not in scenes:
        c.add("start", f"names scene '{start}', which does not exist (scenes: {', '.join(scenes)})")
        return
    for scene in scenes.values():
        for i, opt in enumerate(scene.options):
            if opt.next is not None and opt.next not in scenes:
                c.add(
                    f"scenes.{scene.id}.options[{i}].next",
                    f"names scene '{opt.next}', which does not exist",
                )
        if scene.kind == "rupture" and scene.options and not any(o.stance == "repair" for o in scene.options):
            c.add(f"scenes.{scene.id}", "is a rupture but offers no option with stance 'repair'")
    if not start:
        return
    reachable: set[str] = set()
    stack = [start]
    while stack:
        sid = stack.pop()
        if sid in reachable or sid not in scenes:
            continue
        reachable.add(sid)
        stack.extend(o.next for o in scenes[sid].options if o.next)
    for sid in scenes:
        if sid not in reachable:
            c.add(f"scenes.{sid}", f"cannot be reached from the start scene '{start}'")
    _check_cycles(c, start, scenes)


def _check_cycles(c: FieldChecker, start: str, scenes: dict[str, Scene]) -> None:
    """Depth-first search; any edge back to a scene on the current path is a loop."""
    on_path: list[str] = []
    done: set[str] = set()
    reported: set[tuple[str, int]] = set()

    def visit(sid: str) -> None:
        on_path.append(sid)
        for i, opt in enumerate(scenes[sid].options):
            target = opt.next
            if target is None or target not in scenes:
                continue
            if target in on_path:
                if (sid, i) not in reported:
                    reported.add((sid, i))
                    loop = " → ".join([*on_path[on_path.index(target):], target])
                    c.add(
                        f"scenes.{sid}.options[{i}].next",
                        f"leads back to '{target}' ({loop}); vignettes may not loop, so every path ends",
                    )
            elif target not in done:
                visit(target)
        on_path.pop()
        done.add(sid)

    visit(start)
