"""nbgrader's real cycle, every module, four simulated trainees: exact scores per item.

One session-scoped run (``full_cycle`` in conftest.py) feeds every test here: generate →
release_assignment → fetch_assignment → trainee works the notebook in a real kernel through the
widget API → submit --student → collect → autograde → export → generate_feedback.
"""

import csv
import re

import pytest

from tests import expected_scores as expected

pytestmark = pytest.mark.pipeline

MODULES = sorted(p.name for p in (expected.REPO / "source").glob("[0-9][0-9]-*"))


def grade_id(item: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", item.lower()).strip("-") + "-score"


TESTWISE = expected.TESTWISE_PERSONAS


def expected_item_scores(module: str, persona: str, full_cycle=None) -> dict[str, float]:
    """From the content YAML; a test-wise persona's picks follow the order its own log's seed shows."""
    seed = None
    if full_cycle is not None:
        seed = expected.seed_in(full_cycle.course / "submitted" / persona / module / "responses.jsonl")
        assert seed is not None or persona not in TESTWISE, f"{persona} {module}: no option-order seed in the log"
    return expected.persona_item_scores(persona, module, seed)


def test_module_02_exact_scores_hand_derived(full_cycle):
    """Worked by hand from the YAML ratings, so a bug in both engine and helper can't hide."""
    scores = full_cycle.scores
    m = "02-experience-over-explanation"
    attuned = {k: v[0] for k, v in scores["attuned"][m].items()}
    fixer = {k: v[0] for k, v in scores["fixer"][m].items()}
    # Tomás: invite (10/10) then stay (10/10) -> 4; Linh: notice, reflect (10/10 each) -> 4.
    assert attuned == {
        "m2-checkin-before-score": 1.0, "m2-tomas-score": 4.0, "m2-linh-score": 4.0, "m2-checkin-after-score": 1.0,
        "m2-kc-insight-score": 1.0, "m2-kc-reconsolidation-score": 2.0, "m2-kc-brain-layers-score": 1.0,
        "m2-reflect-insight-answer": None, "m2-reflect-invitation-answer": None,
        "m2-tomas-own-words": None, "m2-linh-own-words": None,
    }
    # The fixer takes the first fix/interpret/reassure/explain option shown. Tomás: old-wound (5/10),
    # then push-on (2/10) -> 1.4; Linh: reassure (4/10), then reassure again (4/10) -> 1.6.
    assert fixer == {
        "m2-checkin-before-score": 1.0, "m2-tomas-score": 1.4, "m2-linh-score": 1.6, "m2-checkin-after-score": 1.0,
        "m2-kc-insight-score": 0.0, "m2-kc-reconsolidation-score": 0.0, "m2-kc-brain-layers-score": 0.0,
        "m2-reflect-insight-answer": None, "m2-reflect-invitation-answer": None,
        "m2-tomas-own-words": None, "m2-linh-own-words": None,
    }


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("persona", ["attuned", "fixer", *TESTWISE])
def test_every_item_scores_exactly_as_the_content_predicts(full_cycle, module, persona):
    got = {k: v[0] for k, v in full_cycle.scores[persona][module].items()}
    for item, score in expected_item_scores(module, persona, full_cycle).items():
        assert got[grade_id(item)] == pytest.approx(score, abs=0.005), f"{persona} {module} {item}"
    if persona in TESTWISE:
        return  # test-wise personas leave the reflections untouched (scored 0 for no response)
    manual = [k for k in got if k.endswith("-answer")]
    assert manual and all(got[k] is None for k in manual), "written reflections await the instructor"


def vignette_points(full_cycle, persona: str, module: str) -> float:
    vignettes = [item for item, (kind, _p) in expected.module_points(module).items() if kind == "vignette"]
    return sum(full_cycle.scores[persona][module][grade_id(item)][0] for item in vignettes)


def _testwise_cases():
    for persona in TESTWISE:
        if persona == "first":
            continue  # under per-trainee order "first shown" is a guess: see the test after the next
        for module in MODULES:
            yield pytest.param(module, persona, id=f"{module}-{persona}")


@pytest.mark.parametrize(("module", "persona"), list(_testwise_cases()))
def test_a_test_wise_trainee_earns_at_most_55_percent_of_the_attuned_vignette_points(full_cycle, module, persona):
    """Issue 10: choosing by surface (length, softness, position) must not pass a vignette."""
    attuned = vignette_points(full_cycle, "attuned", module)
    testwise = vignette_points(full_cycle, persona, module)
    assert attuned > 0
    assert testwise <= 0.55 * attuned, f"{persona} earned {testwise:g} of the attuned {attuned:g} in {module}"


@pytest.mark.parametrize("module", MODULES)
def test_first_shown_earns_what_its_own_order_gives_and_at_most_55_percent_on_average(full_cycle, module):
    """Issue 21: options are shuffled per trainee, so "always the first shown" is a guess whose
    points depend on that trainee's order. Through the real cycle, the `first` trainee earned
    exactly what its own order gives (its seed read from its submitted log); over 200 trainees'
    orders (re-derived from the YAML and the documented rule) the average first-shown trainee
    earns at most 55% of the attuned trainee's vignette points. (One trainee's luck may be above:
    the position tell itself, in authored order, is `attuned item-stats`' "shown-k" strategies.)"""
    attuned = vignette_points(full_cycle, "attuned", module)
    vignettes = [item for item, (kind, _p) in expected.module_points(module).items() if kind == "vignette"]
    seed = expected.seed_in(full_cycle.course / "submitted" / "first" / module / "responses.jsonl")
    own = expected.persona_item_scores("first", module, seed)
    assert vignette_points(full_cycle, "first", module) == pytest.approx(sum(own[v] for v in vignettes), abs=0.01)
    points = expected.module_points(module)
    average = sum(expected.vignette_score(v, "first", points[v][1], module, f"trainee-{n}")
                  for v in vignettes for n in range(200)) / 200
    assert average <= 0.55 * attuned, f"first shown earns {average:.2f} of {attuned:g} on average in {module}"


@pytest.mark.parametrize("module", MODULES)
def test_own_words_cells_await_the_instructor_for_everyone(full_cycle, module):
    for persona in full_cycle.students:
        own = {k: s for k, (s, m) in full_cycle.scores[persona][module].items() if k.endswith("-own-words")}
        vignettes = [i for i, (kind, _p) in expected.module_points(module).items() if kind == "vignette"]
        assert len(own) == len(vignettes), f"one own-words task cell per vignette ({persona}, {module})"
        assert all(score is None for score in own.values()), "task cells are graded by a person, never auto"


def test_own_words_reach_the_autograded_notebook_and_the_feedback(full_cycle):
    import html

    import nbformat

    from attuned.simulation.personas import OWN_WORDS

    module = "02-experience-over-explanation"
    path = full_cycle.course / "autograded" / "attuned" / module / f"{module}.ipynb"
    nb = nbformat.read(path, as_version=4)
    outputs = {c.metadata["nbgrader"]["grade_id"]: "".join(_shown_text(o) for o in c.get("outputs", []))
               for c in nb.cells if "nbgrader" in c.metadata}
    assert f"  | {OWN_WORDS['attuned']}" in outputs["m2-tomas-score"]
    assert "Your own words to Tomás, written before the options appeared" in outputs["m2-tomas-score"]
    task = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "m2-tomas-own-words")
    assert task.metadata["nbgrader"]["task"] and "Names the present feeling or need" in task.source
    feedback = html.unescape(full_cycle.feedback["attuned"][module].read_text(encoding="utf-8"))
    assert OWN_WORDS["attuned"] in feedback and "Fits the pace" in feedback
    fixer = html.unescape(full_cycle.feedback["fixer"][module].read_text(encoding="utf-8"))
    assert OWN_WORDS["fixer"] in fixer and OWN_WORDS["attuned"] not in fixer


def _shown_text(output: dict) -> str:
    """What an output says in plain text: a stream's text, or a display's text/plain twin."""
    return output.get("text", "") or output.get("data", {}).get("text/plain", "")


@pytest.mark.parametrize("module", MODULES)
def test_attuned_trainee_outscores_the_fixer_in_every_module(full_cycle, module):
    assert full_cycle.auto_total("attuned", module) > full_cycle.auto_total("fixer", module)


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("persona", ["silent", "garbled"])
def test_no_usable_answers_score_zero_and_the_run_still_finishes(full_cycle, module, persona):
    items = full_cycle.scores[persona][module]
    auto = {k: s for k, (s, _m) in items.items() if not k.endswith(("-answer", "-own-words"))}
    assert auto and all(score == 0.0 for score in auto.values())
    if persona == "silent":  # untouched answer cells score 0 automatically (checksum unchanged)
        assert all(s == 0.0 for k, (s, _m) in items.items() if k.endswith("-answer"))


def test_garbage_log_produces_a_clear_message_in_the_autograded_notebook(full_cycle):
    import nbformat

    module = "02-experience-over-explanation"
    path = full_cycle.course / "autograded" / "garbled" / module / f"{module}.ipynb"
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(_shown_text(out) + out.get("evalue", ""))
            assert "Traceback" not in "".join(out.get("traceback", [])), "one line, not a traceback"
    joined = "\n".join(texts)
    assert "not valid JSON; skipped" in joined
    assert "No committed response for m2.tomas in responses.jsonl (some of its lines could not be read" in joined


def test_export_and_feedback_exist_for_every_trainee(full_cycle):
    with open(full_cycle.grades_csv, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["student_id"], r["assignment"]) for r in rows} == {
        (s, m) for s in full_cycle.students for m in full_cycle.modules}
    for student in full_cycle.students:
        assert set(full_cycle.feedback[student]) == set(full_cycle.modules)


def test_feedback_never_shows_hidden_tests_or_keys(full_cycle, keys):
    key_statements = [f"key=[{', '.join(repr(v).replace(chr(39), chr(34)) for v in k)}]" for k in keys.values()]
    for student, files in full_cycle.feedback.items():
        for path in files.values():
            text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
            assert "HIDDEN TESTS" not in text, f"hidden-test marker in {student}'s feedback {path.name}"
            assert "answer.score" not in text and not any(k in text for k in key_statements), path.name


def test_the_full_cycle_was_built_once_in_this_run(full_cycle, tmp_path_factory):
    """However many xdist workers use full_cycle, one built it (tests/run_once.py counts each build)."""
    from tests.run_once import runs

    assert len(runs(tmp_path_factory, "full_cycle")) == 1
