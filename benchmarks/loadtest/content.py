"""Everything the load tool takes from the ``attuned`` package, in one place.

The simulated trainees choose as the personas of ``attuned.simulation.personas`` do (by stance, so the
expected scores can be derived from the YAML alone, as tests/expected_scores.py does), and a
trainee's page is driven by what the content says each scene offers. Kept to this module so a
change of the package's layout is fixed here once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attuned.model.course import get_course
from attuned.model.vignette import VignetteEngine
from attuned.pipeline.notebook_builder import load_keys
from attuned.simulation.cycle import CycleResult, prepare_course
from attuned.simulation.cycle import read_scores as read_gradebook
from attuned.simulation.personas import check_picks, checkin_values, own_words_for, pick_attuned, pick_fixer

__all__ = ["PRIOR_WORK", "CycleResult", "Persona", "VignetteEngine", "keys", "prepare_course", "read_gradebook", "vignette"]

#: Last week's module answered by a trainee without a kernel (attuned.simulation.personas.write_persona_log),
#: fetched and submitted as themselves: run as that account with the hub venv's Python.
PRIOR_WORK = """\
import json, sys
from pathlib import Path
from nbgrader.apps.fetchassignmentapp import FetchAssignmentApp
from nbgrader.apps.submitapp import SubmitApp
from attuned.simulation.personas import write_persona_log
module, persona = sys.argv[1], sys.argv[2]
app = FetchAssignmentApp.instance(); app.initialize([module]); app.start(); FetchAssignmentApp.clear_instance()
write_persona_log(module, Path(module) / "responses.jsonl", persona, json.load(sys.stdin))
app = SubmitApp.instance(); app.initialize([module]); app.start()
"""

def vignette(item: str):
    return get_course().vignette(item)


def keys(repo: Path) -> dict[str, list[str]]:
    return load_keys(repo / "instructor" / "keys", get_course())


class Persona:
    """What one simulated trainee answers, item by item: attuned.simulation.personas' rules, outside the kernel."""

    def __init__(self, name: str, answer_keys: dict[str, list[str]]):
        if name not in ("attuned", "fixer"):
            raise ValueError(f"the load test's trainees are 'attuned' or 'fixer', not {name!r}")
        self.name = name
        self.keys = answer_keys

    def own_words(self) -> str:
        return own_words_for(self.name)

    def pick(self, scene):
        return (pick_attuned if self.name == "attuned" else pick_fixer)(scene)

    @staticmethod
    def practice_pick(scene):
        return pick_fixer(scene)  # the attuned persona's practice replay, as attuned.simulation.personas.act

    def check_answer(self, item: str) -> Any:
        check = get_course().check(item)
        options = [o.id for o in check.options]
        picks = check_picks(self.name, options, self.keys.get(item, []))
        # What the page sends: one id for a radio group, a list for checkboxes.
        return picks[0] if check.kind == "single" else [o for o in options if o in picks]

    def checkin_values(self) -> dict[str, int]:
        return checkin_values(self.name)
