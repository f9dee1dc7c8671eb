"""Issue 21, item 2: options shown in an order shuffled per trainee and item (attuned.notebook.option_order).

What must hold: the order depends only on the trainee's seed and the item (never on the process:
no Python ``hash()``), the same seed always gives the same order, options keep their ids (the log,
grading, feedback and reports see ids only), the seed is written once into the response log as
its own line, older logs without one still read, and authors can still see the authored order.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import attuned
from attuned.notebook import option_order
from attuned.notebook.option_order import scene_item, shuffled, trainee_seed
from attuned.notebook.responses import ResponseLog

REPO = Path(__file__).resolve().parent.parent


def ids(options) -> list[str]:
    return [o.id for o in options]


def seeds_that_differ(options, items: list[str]) -> tuple[str, str]:
    """Two fixed seeds whose orders differ for every item (checked, never assumed)."""
    for n in range(1, 50):
        a, b = "trainee-a", f"trainee-b{n}"
        if all(ids(shuffled(options[i], a, i)) != ids(shuffled(options[i], b, i)) for i in items):
            return a, b
    raise AssertionError("no pair of seeds gives different orders")


def test_the_sort_key_is_sha256_of_seed_item_and_option_id():
    want = hashlib.sha256(b"s1\x00m2.tomas:opening\x00invite").hexdigest()
    assert option_order.sort_key("s1", "m2.tomas:opening", "invite") == want
    assert scene_item("m2.tomas", "opening") == "m2.tomas:opening"


def test_two_seeds_give_different_orders_and_one_seed_always_the_same(course):
    scene = course.vignette("m2.tomas").scene("opening")
    item = scene_item("m2.tomas", "opening")
    orders = {tuple(ids(shuffled(scene.options, f"seed-{n}", item))) for n in range(12)}
    assert len(orders) > 1, "twelve trainees all saw one order"
    assert ids(shuffled(scene.options, "seed-1", item)) == ids(shuffled(scene.options, "seed-1", item))
    a, b = seeds_that_differ({item: scene.options}, [item])
    assert ids(shuffled(scene.options, a, item)) != ids(shuffled(scene.options, b, item))
    # Ids (the very option objects) are unchanged: only the order is new.
    assert sorted(ids(shuffled(scene.options, a, item))) == sorted(ids(scene.options))
    assert {id(o) for o in shuffled(scene.options, a, item)} == {id(o) for o in scene.options}
    assert shuffled(scene.options, None, item) == list(scene.options), "no seed: authored order"


def test_each_moment_has_its_own_order(course):
    vignette = course.vignette("m2.tomas")
    orders = {tuple(sorted(range(len(s.options)), key=lambda i, s=s: option_order.sort_key("x", scene_item(
        vignette.id, s.id), s.options[i].id))) for s in vignette.scenes.values()}
    assert len(orders) > 1, "every moment of a vignette showed the same positions"


def test_the_order_is_the_same_in_another_process_with_another_hash_seed(course):
    check = course.check("m2.kc-insight")
    code = ("from attuned.model.course import get_course; from attuned.notebook.option_order import shuffled;"
            "print(','.join(o.id for o in shuffled(get_course().check('m2.kc-insight').options, 'abc', 'm2.kc-insight')))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == ",".join(ids(shuffled(check.options, "abc", "m2.kc-insight")))


def test_the_seed_is_written_once_as_its_own_line_and_is_not_an_answer(tmp_path):
    path = tmp_path / "responses.jsonl"
    log = ResponseLog(path)
    seed = trainee_seed(log)
    assert trainee_seed(log) == seed and trainee_seed(ResponseLog(path)) == seed
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 1 and lines[0]["kind"] == "seed" and lines[0]["item"] == "_option_order"
    assert lines[0]["value"] == seed and len(seed) == 16
    contents = log.read()
    assert contents.events == [] and contents.problems == [] and contents.seed == seed


def test_an_older_log_without_a_seed_still_reads_and_gets_one_on_next_use(tmp_path):
    path = tmp_path / "responses.jsonl"
    old = [{"item": "m2.kc-insight", "kind": "check", "value": ["b"], "at": "2026-01-01T00:00:00.000Z"},
           {"item": "m2.tomas", "kind": "commit", "value": "invite", "scene": "opening", "run": "r1",
            "path": ["opening:invite"], "at": "2026-01-01T00:00:01.000Z"}]
    path.write_text("".join(json.dumps(e) + "\n" for e in old))
    before = ResponseLog(path).read()
    assert before.seed is None and before.problems == [] and [e.kind for e in before.events] == ["check", "commit"]
    seed = trainee_seed(ResponseLog(path))
    after = ResponseLog(path).read()
    assert after.seed == seed and after.events == before.events and after.problems == []
    assert after.graded("m2.kc-insight").value == ["b"]


def test_the_first_seed_wins_and_a_malformed_one_is_noted_not_used(tmp_path):
    path = tmp_path / "responses.jsonl"
    path.write_text('{"item":"_option_order","kind":"seed","value":7,"at":"t"}\n'
                    '{"item":"_option_order","kind":"seed","value":"first","at":"t"}\n'
                    '{"item":"_option_order","kind":"seed","value":"second","at":"t"}\n')
    contents = ResponseLog(path).read()
    assert contents.seed == "first" and contents.events == []
    assert contents.problems == ["responses.jsonl: line 1: option-order seed is malformed; skipped"]


def test_an_unwritable_log_still_gives_an_order_for_this_session(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "responses.jsonl").mkdir()  # a folder where the log should be: nothing can be written
    seed = trainee_seed(ResponseLog(folder / "responses.jsonl"))
    assert isinstance(seed, str) and seed


def test_two_trainees_see_different_orders_in_the_widgets_and_each_log_keeps_ids(course, tmp_path):
    """Through the widgets a click drives: two trainees' vignette moment and knowledge check differ
    in order; each answers the FIRST option on their own screen; each log holds that option's id."""
    scene = course.vignette("m2.tomas").scene("opening")
    check = course.check("m2.kc-insight")
    a, b = seeds_that_differ({"m2.tomas:opening": scene.options, "m2.kc-insight": check.options},
                             ["m2.tomas:opening", "m2.kc-insight"])
    shown, logged = {}, {}
    for name, seed in (("ana", a), ("ben", b)):
        path = tmp_path / name / "responses.jsonl"
        path.parent.mkdir()
        ResponseLog(path).append_seed(seed)
        log = ResponseLog(path)
        player, kc = attuned.Vignette("m2.tomas", log), attuned.KnowledgeCheck("m2.kc-insight", log)
        player.save_own_words("I can hear how heavy this is.")
        on_page = [oid for _label, oid in player.choice.field("response")["options"]]
        check_page = [oid for _label, oid in kc.form.field("answer")["options"]]
        assert on_page == ids(shuffled(scene.options, seed, "m2.tomas:opening"))
        assert check_page == ids(shuffled(check.options, seed, "m2.kc-insight"))
        shown[name] = (on_page, check_page)
        player.respond(on_page[0])
        kc.submit(check_page[0])
        contents = log.read()
        logged[name] = (contents.graded("m2.tomas").value, contents.graded("m2.kc-insight").value)
        assert logged[name] == (on_page[0], [check_page[0]]), "the log records the id, not a position"
        # A kernel restart: new widgets on the same log show the same order.
        again = attuned.KnowledgeCheck("m2.kc-insight", ResponseLog(path))
        assert [oid for _label, oid in again.form.field("answer")["options"]] == check_page
        resumed = attuned.Vignette("m2.tomas", ResponseLog(path))
        assert ids(resumed.shown_options(scene)) == on_page and resumed.engine.steps, "resumed, same order"
        while not player.engine.finished:  # finish the graded run, then practise: the same order again
            player.respond(player.shown_options()[0].id)
        player.replay()
        assert player.mode == "practice" and ids(player.shown_options()) == on_page, "practice keeps the order"
    assert shown["ana"][0] != shown["ben"][0] and shown["ana"][1] != shown["ben"][1]


def test_authors_see_the_authored_order_in_the_preview(course, repo):
    from attuned.notebook.practice import preview

    path = repo / "attuned" / "content" / "02-experience-over-explanation" / "vignettes" / "tomas.yaml"
    player = preview(path)
    assert player.order_seed is None
    player.save_own_words("Words.") if player.needs_own_words else None
    on_page = [oid for _label, oid in player.choice.field("response")["options"]]
    assert on_page == ids(course.vignette("m2.tomas").scene("opening").options)


@pytest.mark.parametrize("kind", ["vignette", "check"])
def test_authored_order_can_be_asked_for_explicitly(course, tmp_path, kind):
    from attuned.notebook.exercise_widgets import KnowledgeCheckWidget
    from attuned.notebook.vignette_widget import VignettePlayer

    log = ResponseLog(tmp_path / "responses.jsonl")
    if kind == "check":
        widget = KnowledgeCheckWidget(course.check("m2.kc-insight"), log, authored_order=True)
        assert ids(widget.shown_options) == ids(course.check("m2.kc-insight").options)
    else:
        widget = VignettePlayer(course.vignette("m2.tomas"), log, authored_order=True)
        assert ids(widget.shown_options(course.vignette("m2.tomas").scene("opening"))) == ids(
            course.vignette("m2.tomas").scene("opening").options)
    assert log.read().seed is None, "authored order needs no seed"
