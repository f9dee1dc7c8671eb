"""The clinical fixes of issue 21 (item 4) in modules 01-04, pinned structurally.

Why: a blind clinical review found these moments teaching the wrong thing or rating the right
thing low. Each test asserts the fix in the content itself, so a later rewrite that loses it fails.
"""

import re
from itertools import pairwise

import pytest

from attuned.model.course import load_course
from attuned.model.vignette import Option, Scene
from attuned.model.vocab import STANCE_FAMILIES

COURSE = load_course()
MY_MODULES = ("01-", "02-", "03-", "04-")


def total(option: Option) -> int:
    return sum(option.ratings.values())


def best(scene: Scene) -> Option:
    return max(scene.options, key=total)


def my_vignettes():
    return [COURSE.vignette(v) for m in COURSE.modules.values() if m.folder.startswith(MY_MODULES)
            for v in m.items("vignette")]


def test_dennis_key_asks_what_he_will_do_if_the_chest_pain_returns():
    """After a heart attack, the best response in the moment he describes chest twinges asks his plan."""
    dennis = COURSE.vignette("m1.dennis")
    scene = dennis.scene("cab")
    key = best(scene)
    assert key.id == "plan" and total(key) == 10 and [total(o) for o in scene.options].count(10) == 1
    text = key.text.lower()
    assert "real pain" in text and "999" in text and "your plan" in text
    # ... and both ways into that scene (the attuned opening and the repair) reach it.
    assert dennis.scene("opening").option("ask").next == "cab"
    assert dennis.scene("door").option("repair").next == "cab"
    # The warm walk-through that skips the safety question is a near miss, rated below the key.
    assert total(scene.option("build")) < total(key) and "999" not in scene.option("build").text


def test_halina_grief_response_is_defensible_partial_credit_and_leads_to_the_risk_cue():
    halina = COURSE.vignette("m3.halina")
    assert halina.difficulty == 3
    opening = halina.scene("opening")
    grief, ask = opening.option("grief-space"), opening.option("ask")
    assert STANCE_FAMILIES[grief.stance] == "attuned" and total(grief) == 8 and total(ask) == 10
    others = [o for o in opening.options if o.id not in {"grief-space", "ask"}]
    assert all(total(o) <= 4 for o in others), "the grief response is clearly above the misses"
    assert "partial credit" in grief.comment and "risk" in grief.comment
    # The risk question is asked in the key, and the grief path reaches the moment where it can be asked.
    assert re.search(r"ending your life|wish you weren't\s+alive", ask.text)
    closed = halina.scene(grief.next)
    assert closed.kind == "rupture" and "ending your life" in best(closed).text


def test_repair_with_nothing_strained_is_two_when_the_response_invites_correction():
    """CURRICULUM.md: with no strain, repair is 2 if the response invites correction. Every key of a
    moment that is not a rupture, in modules 01-04, invites it and is rated so; none says 'only because'."""
    for v in my_vignettes():
        for scene in v.scenes.values():
            for option in scene.options:
                assert "only because nothing was strained" not in option.comment, (v.id, scene.id, option.id)
            if scene.kind != "rupture":
                assert best(scene).ratings["repair"] == 2, (v.id, scene.id)
    tomas = COURSE.vignette("m2.tomas").scene("opening").option("invite")
    assert tomas.ratings_code() == "2-2-2-2-2" and "invites correction" in tomas.comment


def test_imposed_breathing_reason_is_explicit_for_aisha_and_kwame():
    box = COURSE.vignette("m3.aisha").scene("opening").option("box")
    kwame = COURSE.vignette("m4.kwame").scene("opening").option("land-then-choose")
    assert total(box) < total(best(COURSE.vignette("m3.aisha").scene("opening")))
    assert total(kwame) == 10 and "breath" in kwame.text
    assert "Kwame" in box.comment and "asked for nothing" in box.comment
    assert "Aisha" in kwame.comment and "asked you to tell him what to do" in kwame.comment


def test_calm_one_key_says_why_it_is_not_a_promise_to_perform():
    easing = COURSE.vignette("m3.aisha").scene("easing")
    key = best(easing)
    assert key.text == "You don't have to be the calm one in here."
    assert "already" in key.comment or "just happened" in key.comment
    assert "not a promise" in key.comment and "perform" in key.comment


def test_maribel_keeps_the_homework_felt_as_marking_lesson():
    opening = COURSE.vignette("m1.maribel").scene("opening")
    key = best(opening)
    assert key.id == "together" and "marked" in key.text and "together" in key.text


CLIPPED = (  # the telegraphic keys the review quoted, and the ones like them
    "Not silly. Something touched you. Stay with it, or maths?",
    "Knowing hasn't reached it. Shall we slowly revisit last night, together?",
    "Another place to feel marked. Shall we decide together if it helps?",
    "More charting after twelve hours. Could it be one line, your way?",
    "Okay. I'll help. One slow breath first, then one thing.",
    "Yes. Give me his line, then one sentence back. We'll adjust together.",
)


@pytest.mark.parametrize("vid", ["m2.linh", "m2.tomas", "m1.maribel", "m4.kwame", "m4.priya"])
def test_keys_are_spoken_sentences_not_clipped_fragments(vid):
    """Every key in these vignettes carries at least one full spoken sentence (six words or more) and
    no more than one very short one ("I'm sorry."), and none of the quoted clipped keys is left."""
    for scene in COURSE.vignette(vid).scenes.values():
        text = best(scene).text.strip()
        assert text not in CLIPPED, (vid, scene.id)
        sentences = [s for s in re.split(r"(?<=[.?!;])\s+", text) if s]
        assert max(len(s.split()) for s in sentences) >= 6, (vid, scene.id, text)
        assert sum(len(s.split()) <= 2 for s in sentences) <= 1, (vid, scene.id, text)


# -- surface: the voice and length of an option do not give the key away (modules 01-04) ----------
def _moments(module_prefix: str):
    module = next(m for m in COURSE.modules.values() if m.folder.startswith(module_prefix))
    return [s for v in module.items("vignette") for s in COURSE.vignette(v).scenes.values()]


def _length_rank(scene: Scene, option: Option) -> int:
    order = sorted(scene.options, key=lambda o: (len(o.text.strip()), scene.options.index(o)))
    return order.index(option) + 1


@pytest.mark.parametrize("prefix", MY_MODULES)
def test_no_length_rank_or_position_holds_the_key_in_more_than_40_percent(prefix):
    """Issue 21: the key is sometimes the longest, sometimes the shortest; in no module of 01-04 is it
    the k-th shortest (or the k-th shown) in more than 40% of moments."""
    moments = _moments(prefix)
    for name, where in (("length rank", lambda s: _length_rank(s, best(s))),
                        ("position", lambda s: s.options.index(best(s)) + 1)):
        counts: dict[int, int] = {}
        for scene in moments:
            counts[where(scene)] = counts.get(where(scene), 0) + 1
        assert max(counts.values()) / len(moments) <= 0.40, (prefix, name, counts)


def _grams(text: str) -> set[str]:
    tokens = re.findall(r"[a-z']+|[!?()]", text.lower().replace("’", "'").replace("—", " "))
    return set(tokens) | {f"{a} {b}" for a, b in pairwise(tokens)}


def test_no_word_or_bigram_marks_keys_or_distractors_in_modules_01_to_04():
    """No word or bigram appears in 3 or more keys and no distractor, or in 3 or more distractors and
    no key, over modules 01-04 (stricter than the course-wide 5, as these modules are half the course)."""
    in_keys: dict[str, int] = {}
    in_others: dict[str, int] = {}
    for prefix in MY_MODULES:
        for scene in _moments(prefix):
            key = best(scene)
            for option in scene.options:
                table = in_keys if option is key else in_others
                for gram in _grams(option.text):
                    table[gram] = table.get(gram, 0) + 1
    one_sided = sorted([g for g, n in in_keys.items() if n >= 3 and g not in in_others]
                       + [g for g, n in in_others.items() if n >= 3 and g not in in_keys])
    assert one_sided == [], one_sided
