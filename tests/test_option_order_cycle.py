"""Issue 21, item 2, through nbgrader's real cycle: two trainees see one module's options in
different orders, and each is graded exactly from their own log.

Both trainees answer as the test-wise "first" persona in a real kernel: on every moment and check
they take the option at the TOP of their own screen. Their option-order seeds (written into each
fresh log as the first widget would) are chosen so that the top option differs for the same
vignette moment and the same knowledge check. The expected grades are re-derived from the
content YAML and the documented order rule (tests/expected_scores.py), not from the engine.
"""

from __future__ import annotations

import json

import pytest

from tests import expected_scores as expected

pytestmark = pytest.mark.pipeline

MODULE = "02-experience-over-explanation"
MOMENT = ("m2.tomas", "opening")
CHECK = "m2.kc-insight"


def yaml_options():
    import yaml

    data = yaml.safe_load((expected.CONTENT / MODULE / "vignettes" / "tomas.yaml").read_text(encoding="utf-8"))
    return data["scenes"][MOMENT[1]]["options"], expected.check_options(CHECK, MODULE)


def seeds_with_different_top_options() -> dict[str, str]:
    scene_options, check_options = yaml_options()
    item = f"{MOMENT[0]}:{MOMENT[1]}"

    def tops(seed):
        return (expected.shown(scene_options, seed, item)[0]["id"], expected.shown(check_options, seed, CHECK)[0]["id"])

    for n in range(1, 200):
        a, b = "ana-seed", f"ben-seed-{n}"
        if all(x != y for x, y in zip(tops(a), tops(b), strict=True)):
            return {"ana": a, "ben": b}
    raise AssertionError("no pair of seeds puts different options on top")


@pytest.fixture(scope="module")
def two_trainees(tmp_path_factory):
    from attuned.notebook.responses import LOG_NAME, ResponseLog
    from attuned.simulation.cycle import run_cycle, work_notebook

    seeds = seeds_with_different_top_options()

    def answer(folder, student, keys):
        ResponseLog(folder / LOG_NAME).append_seed(seeds[student])
        work_notebook(folder, "first", keys)

    result = run_cycle(expected.REPO, work=tmp_path_factory.mktemp("order-cycle"), modules=[MODULE],
                       students=("ana", "ben"), answer=answer)
    return result, seeds


def submitted_log(result, student: str) -> list[dict]:
    path = result.course / "submitted" / student / MODULE / "responses.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_two_trainees_saw_different_orders_and_answered_the_top_of_their_own(two_trainees):
    result, seeds = two_trainees
    scene_options, check_options = yaml_options()
    item = f"{MOMENT[0]}:{MOMENT[1]}"
    first_answers = {}
    for student, seed in seeds.items():
        log = submitted_log(result, student)
        assert [e["value"] for e in log if e["kind"] == "seed"][:1] == [seed], "the seed travelled with the log"
        commit = next(e for e in log if e["kind"] == "commit" and e["item"] == MOMENT[0] and e["scene"] == MOMENT[1])
        check = next(e for e in log if e["kind"] == "check" and e["item"] == CHECK)
        top_scene = expected.shown(scene_options, seed, item)[0]["id"]
        top_check = expected.shown(check_options, seed, CHECK)[0]["id"]
        assert (commit["value"], check["value"]) == (top_scene, [top_check]), "logged ids, as shown on top"
        first_answers[student] = (commit["value"], check["value"])
    assert first_answers["ana"][0] != first_answers["ben"][0], "same vignette moment, different top option"
    assert first_answers["ana"][1] != first_answers["ben"][1], "same knowledge check, different top option"


def test_each_trainee_is_graded_exactly_from_their_own_log(two_trainees):
    result, seeds = two_trainees
    assert result.autograde_failures == {MODULE: {}}
    for student, seed in seeds.items():
        got = {k: v[0] for k, v in result.scores[student][MODULE].items()}
        want = expected.persona_item_scores("first", MODULE, seed)
        for item, score in want.items():
            assert got[expected.grade_id(item)] == pytest.approx(score, abs=0.005), f"{student} {item}"
        assert result.feedback[student][MODULE].is_file()
    ana = expected.persona_item_scores("first", MODULE, seeds["ana"])
    ben = expected.persona_item_scores("first", MODULE, seeds["ben"])
    assert ana != ben, "different orders led to different answers and grades: each from its own log"
