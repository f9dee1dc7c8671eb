"""Issue 10: the content can only be passed with the skill it teaches, not by its surface.

The targets are course-wide and asserted over ALL vignette content; the numbers are also printed
in the README beside the course map (tests/test_project.py keeps that copy in sync).
"""

import pytest

from attuned import surface
from attuned.vignettes.model import Option, Scene
from attuned.vocab import STANCE_FAMILIES


def option(oid: str, text: str, total: int = 0, stance: str = "attuned") -> Option:
    ratings = dict(zip(("attunement", "respect", "warmth", "repair", "presence"),
                       [min(2, max(0, total - 2 * i)) for i in range(5)], strict=True))
    return Option(oid, text, stance, "reaction", (), ratings, "comment", None)


def all_stats(course):
    return [s for v in course.vignettes.values() for s in surface.vignette_stats(v)]


def test_softness_counts_hedges_feeling_words_and_questions():
    assert surface.softness(option("a", "Let's make a plan.")) == 0
    # "perhaps" (hedge) + "feel" (feeling) + "?" = 3; "sounds like" is one hedge, "lonely" a feeling word.
    assert surface.softness(option("b", "Perhaps you feel it too?")) == 3
    assert surface.softness(option("c", "It sounds like you're lonely.")) == 3  # "it sounds", "sounds like", lonely


def test_each_strategy_chooses_by_surface_only_and_ties_go_to_the_first_shown():
    scene = Scene("s", "hi", (), (option("short", "Okay.", 10), option("long", "A much longer reply here.", 0),
                                  option("soft", "Maybe? Perhaps?", 2), option("same", "Fine.", 4)))
    assert surface.pick_longest(scene).id == "long"
    assert surface.pick_shortest(scene).id == "short"  # "Okay." and "Fine." tie: the first shown wins
    assert surface.pick_softest(scene).id == "soft"
    assert surface.pick_first(scene).id == "short"
    assert surface.pick_best(scene).id == "short"
    stats = surface.scene_stats(type("V", (), {"id": "v"})(), scene)
    assert stats.best_is_shortest and not stats.best_is_longest and stats.best_is_short


def test_the_best_option_is_the_longest_in_at_most_35_percent_of_scored_moments(course):
    s = surface.summarise(all_stats(course))
    assert s.moments >= 40
    assert s.share_longest <= 0.35, f"best is longest in {s.best_is_longest} of {s.moments}"


def test_median_length_ratio_of_best_to_the_others_is_between_0_8_and_1_25(course):
    s = surface.summarise(all_stats(course))
    assert 0.8 <= s.median_ratio <= 1.25, s.median_ratio


def test_the_best_response_is_short_in_at_least_a_third_of_the_moments(course):
    s = surface.summarise(all_stats(course))
    assert s.share_short >= 1 / 3, f"short best in {s.best_is_short} of {s.moments}"


def test_no_moment_gives_itself_away_by_length_plus_a_lone_question(course):
    assert surface.summarise(all_stats(course)).warnings == []


@pytest.mark.parametrize("module", ["01", "02", "03", "04", "05", "06", "07"])
def test_test_wise_strategies_earn_at_most_55_percent_of_the_best_path_in_every_module(course, module):
    found = [m for m in course.modules.values() if m.folder.startswith(module)]
    assert found, module
    vignettes = [course.vignette(v) for v in found[0].items("vignette")]
    for name, share in surface.testwise_shares(vignettes).items():
        assert share <= surface.MAX_TESTWISE_SHARE, f"{name}: {share:.0%} in module {module}"


def test_the_best_option_of_every_scene_is_an_attuned_stance_and_beats_every_other_family(course):
    """The attuned persona chooses by stance; the reference chooses by rating. They must agree."""
    for v in course.vignettes.values():
        for scene in v.scenes.values():
            best = surface.pick_best(scene)
            assert STANCE_FAMILIES[best.stance] == "attuned", f"{v.id}:{scene.id}:{best.id}"
            others = [o for o in scene.options if STANCE_FAMILIES[o.stance] != "attuned"]
            assert all(surface.total(o) < surface.total(best) for o in others), f"{v.id}:{scene.id}"


def test_every_module_has_a_vignette_of_tier_2_or_3_and_tiers_are_validated(course):
    from attuned.vignettes.loader import vignette_from_data

    for module in course.modules.values():
        assert max(course.vignette(v).difficulty for v in module.items("vignette")) >= 2, module.folder
    for bad, reason in ((4, "out of range 1–3"), ("hard", "expected a whole number 1–3"), (None, "expected")):
        data = {"schema": "attuned.vignette/1", "id": "m2.x", "title": "X", "difficulty": bad,
                "client": {"name": "A", "age": 30, "pronouns": "she/her", "context": "c"}, "start": "s",
                "scenes": {"s": {"client_says": "hi", "options": [
                    {"id": "a", "text": "t", "stance": "attuned", "reaction": "r", "comment": "c",
                     "ratings": {"attunement": 1, "respect": 1, "warmth": 1, "repair": 1, "presence": 1}},
                    {"id": "b", "text": "t", "stance": "fix", "reaction": "r", "comment": "c",
                     "ratings": {"attunement": 0, "respect": 0, "warmth": 0, "repair": 0, "presence": 0}}]}}}
        vignette, problems = vignette_from_data(data, "x.yaml")
        assert vignette is None and any(p.field == "difficulty" and reason in p.reason for p in problems), problems


def test_sofias_opening_offers_a_warm_non_disclosing_alternative_rated_defensible(course):
    opening = course.vignette("m5.sofia").scene("opening")
    best = surface.total(surface.pick_best(opening))
    alternatives = [o for o in opening.options if o.stance == "attuned" and "disclos" not in o.id
                    and surface.total(o) >= best - 2 and o is not surface.pick_best(opening)]
    assert alternatives, [(o.id, o.stance, surface.total(o)) for o in opening.options]
    assert any("defensible" in o.comment.lower() for o in alternatives)


def test_item_stats_command_prints_module_and_course_lines(capsys):
    from attuned.cli import main

    assert main(["item-stats", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "course" in out and "Best option is the longest in" in out and "Knowledge checks:" in out
    assert "target missed" not in out
