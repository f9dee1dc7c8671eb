"""Issue 21, item 4, modules 05–07: each clinical fix from the blind review, asserted on the content.

A blind clinical reviewer found moments where the keyed answer was clinically incomplete (Renée's
door opened onto a corridor with no word about privacy), where two scenes contradicted each other
(Graham's "I dodged your question" after a key that never dodged; Sofía's shared scene assuming a
disclosure some paths never made), where two modules taught the same lesson (Mei and Maribel),
and where repair was marked down although nothing was strained. These tests pin the repairs by
structure, so a later edit cannot quietly bring a problem back.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import pytest

from attuned.model.vocab import STANCE_FAMILIES
from attuned.reports import surface

MY_MODULES = ("05", "06", "07")


def _best(scene):
    return surface.pick_best(scene)


def _strictly_best(scene, option_id):
    chosen = scene.option(option_id)
    return all(surface.total(o) < surface.total(chosen) for o in scene.options if o.id != option_id)


def _my_vignettes(course):
    return [course.vignette(v) for m in course.modules.values() if m.folder[:2] in MY_MODULES
            for v in m.items("vignette")]


def _paths_into(vignette, scene_id):
    """(scene, option) pairs whose option leads to ``scene_id``."""
    return [(s, o) for s in vignette.scenes.values() for o in s.options if o.next == scene_id]


# -- m6.renee: the door opens, and privacy is named before it becomes her worry -------------------
def test_renees_best_opening_opens_the_door_and_names_privacy_and_beats_opening_it_alone(course):
    opening = course.vignette("m6.renee").scene("opening")
    best = _best(opening)
    text = best.text.lower()
    assert "open it" in text and re.search(r"\bprivate\b|\bprivacy\b|\bconfidential", text), best.text
    assert _strictly_best(opening, best.id)
    # The bare door-opening is offered too, rated below the key, and its comment names what it misses.
    bare = [o for o in opening.options if "open it" in o.text.lower() and o is not best]
    assert bare and all(surface.total(o) < surface.total(best) for o in bare)
    assert all(re.search(r"privacy|confidential", o.comment.lower()) for o in bare)


def test_renees_repair_after_a_shut_door_also_keeps_what_she_says_private(course):
    braced = course.vignette("m6.renee").scene("braced")
    best = _best(braced)
    assert best.stance == "repair" and "open it" in best.text.lower() and "private" in best.text.lower()


# -- m5.graham: the key answers his question, so "I didn't answer" fits every path into the contest
def test_grahams_opening_key_answers_his_question_about_experience(course):
    opening = course.vignette("m5.graham").scene("opening")
    best = _best(opening)
    assert re.search(r"\b(qualified|worked with)\b", best.text) and re.search(r"\byears?\b", best.text), best.text
    assert best.next == "real" and _strictly_best(opening, best.id)


def test_every_route_into_grahams_contest_left_his_question_unanswered_and_the_repair_says_so(course):
    graham = course.vignette("m5.graham")
    routes = _paths_into(graham, "contest")
    assert routes
    for _scene, option in routes:
        assert STANCE_FAMILIES[option.stance] != "attuned", option.id
        assert not re.search(r"\b(qualified|years?)\b", option.text), option.text
    repair = _best(graham.scene("contest"))
    assert repair.stance == "repair" and re.search(r"(didn't|did not) (really )?answer", repair.text), repair.text


# -- m5.sofia: shared scenes assume nothing about which earlier mistake led there --------------------
def test_sofias_rupture_scenes_follow_from_the_mistake_they_name(course):
    sofia = course.vignette("m5.sofia")
    into_caretaking = [o for _s, o in _paths_into(sofia, "caretaking")]
    into_shut = [o for _s, o in _paths_into(sofia, "shut")]
    # Caretaking follows an over-disclosure only; "shut" follows only answers that did not answer.
    assert into_caretaking and all(o.stance == "self-focus" and o.text.startswith("I have, yes") for o in into_caretaking)
    assert into_shut and not any(o.text.startswith("I have") for o in into_shut)
    assert "told you far more of my own story" in _best(sofia.scene("caretaking")).text
    assert "sidestepped" in _best(sofia.scene("shut")).text


def test_sofias_shared_scene_is_reached_with_and_without_a_disclosure_and_presumes_neither(course):
    sofia = course.vignette("m5.sofia")
    routes = [o for _s, o in _paths_into(sofia, "why-ask")]
    disclosed = [o for o in routes if re.search(r"\bI have\b|\bI've had\b", o.text)]
    assert disclosed and len(disclosed) < len(routes), [o.id for o in routes]
    why_ask = sofia.scene("why-ask")
    for option in why_ask.options:
        assert not re.search(r"second disclosure|again told|told her before", option.comment.lower()), option.id
    yardstick = [o for o in why_ask.options if o.stance == "self-focus"]
    assert yardstick and all("whether or not" in o.comment for o in yardstick)


# -- "You won't have to perform here" (m5) against "You don't have to be the calm one" (m3) ----------
def test_the_perform_reassurance_says_why_it_misfires_where_the_m3_line_does_not(course):
    real = course.vignette("m5.graham").scene("real")
    perform = [o for o in real.options if "perform" in o.text.lower() and STANCE_FAMILIES[o.stance] == "reassure"]
    assert perform and not any(o is _best(real) for o in perform)
    comment = perform[0].comment
    assert "calm one" in comment and "03" in comment and "promise" in comment and "Aisha" in comment


# -- m7.mei: a lesson of module 07's own, not Maribel's homework ---------------------------------------
def test_mei_teaches_feedback_about_the_therapist_taken_to_supervision_not_homework_that_feels_marked(course):
    mei = course.vignette("m7.mei")
    words = " ".join([mei.client.context] + [s.client_says + " " + s.setting for s in mei.scenes.values()]
                     + [o.text for s in mei.scenes.values() for o in s.options]).lower()
    for homework_word in ("worksheet", "homework", "being marked", "getting it wrong"):
        assert homework_word not in words, homework_word
    maribel_lines = " ".join(s.client_says for s in course.vignette("m1.maribel").scenes.values()).lower()
    assert "homework" in maribel_lines or "marked" in maribel_lines or "failing" in maribel_lines
    finishing = mei.scene("quiet")
    assert "finish the sentence" in finishing.client_says
    best = _best(finishing)
    assert "supervision" in best.comment and "recording" in best.comment and best.stance == "attuned"


# -- m7.ray: the review that changes the plan also checks safety; no strawman left --------------------
def test_rays_best_opening_acknowledges_the_flat_line_and_asks_the_risk_question(course):
    opening = course.vignette("m7.ray").scene("opening")
    best = _best(opening)
    assert "ours to fix" in best.text and re.search(r"not being alive|ending your life", best.text)
    asks_risk_alone = [o for o in opening.options if o is not best and "ending your life" in o.text]
    assert asks_risk_alone and all(surface.total(o) < surface.total(best) for o in asks_risk_alone)


def test_ray_has_no_one_line_strawman_left(course):
    ray = course.vignette("m7.ray")
    texts = [o.text for s in ray.scenes.values() for o in s.options]
    assert not any(t.strip() == "Good. Same plan, then." for t in texts)


# -- repair where nothing is strained, and the one voice --------------------------------------------------
def test_every_best_response_in_modules_05_to_07_earns_full_repair_and_no_comment_blames_no_strain(course):
    for vignette in _my_vignettes(course):
        for scene in vignette.scenes.values():
            best = _best(scene)
            assert best.ratings["repair"] == 2, f"{vignette.id}/{scene.id}: {best.ratings}"
            for option in scene.options:
                assert not re.search(r"only because nothing (was|is) strained", option.comment), option.id
                if "repair is 2 by the course's rule" in option.comment:
                    assert option.ratings["repair"] == 2, option.id


@pytest.mark.parametrize("module", MY_MODULES)
def test_no_stage_directions_exclamations_or_honestly_in_any_option(course, module):
    for vignette in _my_vignettes(course):
        if not vignette.id.startswith(f"m{int(module)}."):
            continue
        for scene in vignette.scenes.values():
            for option in scene.options:
                assert "(" not in option.text and "!" not in option.text, f"{vignette.id}/{option.id}"
                assert "honestly" not in option.text.lower(), f"{vignette.id}/{option.id}"


def test_no_word_or_bigram_marks_only_keys_or_only_distractors_across_modules_05_to_07(course):
    """Stricter than the course-wide check (5), because these modules hold under half the moments."""
    token = re.compile(r"[a-z']+|[?;]")

    def grams(text):
        words = token.findall(text.lower().replace("’", "'"))
        return set(words) | {f"{a} {b}" for a, b in pairwise(words)}

    in_keys, in_distractors = Counter(), Counter()
    for vignette in _my_vignettes(course):
        for scene in vignette.scenes.values():
            top = max(surface.total(o) for o in scene.options)
            for option in scene.options:
                (in_keys if surface.total(option) == top else in_distractors).update(grams(option.text))
    one_sided = sorted(g for g in set(in_keys) | set(in_distractors)
                       if (in_keys[g] >= 3 and not in_distractors[g]) or (in_distractors[g] >= 3 and not in_keys[g]))
    assert one_sided == []


@pytest.mark.parametrize("module", MY_MODULES)
def test_no_length_rank_or_position_holds_the_key_in_more_than_40_percent_of_a_modules_moments(course, module):
    found = next(m for m in course.modules.values() if m.folder.startswith(module))
    scenes = [s for v in found.items("vignette") for s in course.vignette(v).scenes.values()]
    ranks, positions = Counter(), Counter()
    for scene in scenes:
        best = _best(scene)
        by_length = sorted(scene.options, key=lambda o: (surface.length(o), scene.options.index(o)))
        ranks[by_length.index(best)] += 1
        positions[scene.options.index(best)] += 1
    assert max(ranks.values()) / len(scenes) <= 0.4, ranks
    assert max(positions.values()) / len(scenes) <= 0.4, positions


@pytest.mark.parametrize("module", MY_MODULES)
def test_second_shortest_and_middle_length_strategies_earn_at_most_45_percent_here(course, module):
    """Issue 21 measured 'always the second-shortest' at 100% of the attuned points in 05 and 06."""
    import statistics

    def second_shortest(scene):
        return sorted(scene.options, key=surface.length)[1]

    def middle(scene):  # the option nearest the median length; ties go to the option shown first
        median = statistics.median(surface.length(o) for o in scene.options)
        return min(scene.options, key=lambda o: abs(surface.length(o) - median))

    found = next(m for m in course.modules.values() if m.folder.startswith(module))
    vignettes = [course.vignette(v) for v in found.items("vignette")]
    reference = sum(surface.walk(v, surface.pick_best).score_fraction() for v in vignettes)
    for chooser in (second_shortest, middle):
        share = sum(surface.walk(v, chooser).score_fraction() for v in vignettes) / reference
        assert share <= 0.45, f"{chooser.__name__}: {share:.0%} in module {module}"
