"""Expected scores computed straight from the content YAML, independent of the engine.

The pipeline and log-attack tests assert exact per-item numbers. Deriving them by running the
same engine that grades would prove nothing, so this module re-reads the raw YAML, walks each
vignette the way a persona chooses (by stance, as documented in attuned/simulation/personas.py) and averages
the supervisor ratings itself.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from attuned.model.vocab import STANCE_FAMILIES

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "attuned" / "content"
MODULE = "02-experience-over-explanation"
MAX_PER_STEP = 10  # five qualities, 0-2 each


def _total(option: dict) -> int:
    return sum(option["ratings"].values())


def _pick(options: list[dict], persona: str) -> dict:
    if persona == "attuned":
        good = [o for o in options if STANCE_FAMILIES[o["stance"]] == "attuned"] or options
        best = good[0]
        for option in good:  # first of the highest totals, like max()
            if _total(option) > _total(best):
                best = option
        return best
    if persona == "fixer":
        for option in options:
            if STANCE_FAMILIES[option["stance"]] in {"fix", "interpret", "reassure"} or option["stance"] == "explain":
                return option
        worst = options[0]
        for option in options:
            if _total(option) < _total(worst):
                worst = option
        return worst
    if persona in TESTWISE_PERSONAS:
        return _pick_by_surface(options, persona)
    raise ValueError(persona)


TESTWISE_PERSONAS = ("longest", "shortest", "softest", "first", "second-shortest", "middle")


def shown(options: list[dict], seed: str | None, item: str) -> list[dict]:
    """The options in the order a trainee with ``seed`` sees them, re-derived from the rule the
    docs/architecture.md documents (sort by sha256 of seed, NUL, item, NUL, option id); authored if no seed."""
    import hashlib

    if seed is None:
        return list(options)
    return sorted(options, key=lambda o: hashlib.sha256(f"{seed}\0{item}\0{o['id']}".encode()).hexdigest())


def seed_in(log_path: Path) -> str | None:
    """The first option-order seed line of a response log, read without the package's reader."""
    import json

    if not log_path.is_file():
        return None
    for line in log_path.read_bytes().splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("kind") == "seed" and isinstance(data.get("value"), str):
            return data["value"]
    return None


def _softness(text: str) -> int:
    """Re-implemented from the documented rule (hedges + feeling words + question marks), using the
    package's word lists only as data, so a bug in attuned.reports.surface's counting cannot hide here."""
    import re

    from attuned.reports.surface import FEELING_WORDS, HEDGES

    tokens = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    joined = " " + " ".join(tokens) + " "
    return (sum(joined.count(" " + h + " ") for h in HEDGES) + sum(t in FEELING_WORDS for t in tokens)
            + text.count("?"))


def _pick_by_surface(options: list[dict], persona: str) -> dict:
    """First of the options with the extreme surface value (ties go to the option shown first)."""
    if persona == "first":
        return options[0]
    lengths = [len(o["text"].strip()) for o in options]
    if persona == "second-shortest":
        ranked = sorted(range(len(options)), key=lambda i: (lengths[i], i))
        return options[ranked[min(2, len(ranked)) - 1]]
    if persona == "middle":
        ordered = sorted(lengths)
        half = len(ordered) // 2
        median = ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
        return options[min(range(len(options)), key=lambda i: (abs(lengths[i] - median), lengths[i], i))]
    measure = {"longest": lambda o: len(o["text"].strip()), "shortest": lambda o: -len(o["text"].strip()),
               "softest": lambda o: _softness(o["text"])}[persona]
    chosen = options[0]
    for option in options[1:]:
        if measure(option) > measure(chosen):
            chosen = option
    return chosen


def check_pick(options: list[dict], persona: str) -> list[str]:
    """What a test-wise persona answers on a knowledge check: one option, by surface alone."""
    return [_pick_by_surface(options, persona)["id"]]


def vignette_path(vignette_id: str, persona: str, module: str = MODULE,
                  seed: str | None = None) -> list[tuple[str, str, int]]:
    """[(scene id, option id, rating total)] along the persona's graded path. A test-wise persona
    chooses among the options as its screen shows them (``seed``: its log's order seed)."""
    name = vignette_id.split(".", 1)[1]
    data = _vignette_yaml(module, name)
    scene_id, path = data["start"], []
    while scene_id:
        options = data["scenes"][scene_id]["options"]
        if persona in TESTWISE_PERSONAS:
            options = shown(options, seed, f"{vignette_id}:{scene_id}")
        option = _pick(options, persona)
        path.append((scene_id, option["id"], _total(option)))
        scene_id = option.get("next")
    return path


@functools.lru_cache(maxsize=64)
def _vignette_yaml(module: str, name: str) -> dict:
    """The raw vignette file, read once per run (only ever read, never changed, by the callers)."""
    return yaml.safe_load((CONTENT / module / "vignettes" / f"{name}.yaml").read_text(encoding="utf-8"))


def vignette_score(vignette_id: str, persona: str, points: float, module: str = MODULE,
                   seed: str | None = None) -> float:
    """Mean rating fraction over the persona's finished path, times points, rounded to 2 places."""
    path = vignette_path(vignette_id, persona, module, seed)
    return round(sum(total / MAX_PER_STEP for _s, _o, total in path) / len(path) * points, 2)


def keys(module: str = MODULE) -> dict[str, list[str]]:
    data = yaml.safe_load((REPO / "instructor" / "keys" / f"{module}.yaml").read_text(encoding="utf-8"))
    return {k: list(v) for k, v in data["keys"].items()}


def module_points(module: str = MODULE) -> dict[str, tuple[str, int]]:
    """item id -> (block kind, points) for every autograded block of the module."""
    data = yaml.safe_load((CONTENT / module / "module.yaml").read_text(encoding="utf-8"))
    default = {"vignette": 4, "check": 1, "checkin": 1}
    out = {}
    for block in data["blocks"]:
        for kind in ("vignette", "check", "checkin"):
            if kind in block:
                out[block[kind]] = (kind, int(block.get("points", default[kind])))
    return out


def check_score(selected: list[str], key: list[str], points: float) -> float:
    right = len(set(selected) & set(key))
    wrong = len(set(selected) - set(key))
    return round(max(0.0, (right - wrong) / len(key)) * points, 2)


def persona_item_scores(persona: str, module: str = MODULE, seed: str | None = None) -> dict[str, float]:
    """What each autograded item of the module must score for a persona that finished everything
    (``seed``: the persona's option-order seed, which decides what a test-wise persona sees)."""
    answer_keys = keys(module)
    out: dict[str, float] = {}
    for item, (kind, points) in module_points(module).items():
        if kind == "vignette":
            out[item] = vignette_score(item, persona, points, module, seed)
        elif kind == "checkin":
            out[item] = float(points)
        else:
            key = answer_keys[item]
            if persona == "attuned":
                out[item] = check_score(key, key, points)
            elif persona in TESTWISE_PERSONAS:
                out[item] = check_score(check_pick(shown(check_options(item, module), seed, item), persona),
                                        key, points)
            else:  # the fixer picks the first option that is not in the key
                out[item] = 0.0 if len(key) else float(points)
    return out


def check_options(item: str, module: str = MODULE) -> list[dict]:
    data = yaml.safe_load((CONTENT / module / "exercises.yaml").read_text(encoding="utf-8"))
    for check in data["checks"]:
        if check["id"] == item:
            return check["options"]
    raise KeyError(item)


def grade_id(item: str) -> str:
    """The nbgrader grade cell id the notebook builder gives an item's score cell."""
    module_number, name = item.split(".", 1)
    return f"{module_number}-{name}-score"
