"""Issue 10: the content can only be passed with the skill it teaches, not by its surface.

The targets are course-wide and asserted over ALL vignette content; the numbers are also printed
under the course map in docs/course-map.md (tests/test_project.py keeps that copy in sync).
"""

import pytest

from attuned.model.vignette import Option, Scene
from attuned.model.vocab import STANCE_FAMILIES
from attuned.reports import surface


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
    from attuned.model.vignette_loader import vignette_from_data

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


def test_item_stats_command_prints_module_and_course_lines_and_the_adversarial_tables(capsys):
    from attuned.commands.cli import main

    assert main(["item-stats"]) == 0  # not strict: authors read the numbers while writing
    out = capsys.readouterr().out
    assert "course" in out and "Best option is the longest in" in out and "Knowledge checks:" in out
    assert "Adversarial surface check" in out and "shortest-2" in out and "shown-1" in out and "middle" in out
    assert "Surface model, leave-one-module-out" in out and "form+words" in out and "Markers (" in out


def test_item_stats_strict_passes_over_the_real_course(capsys):
    """Issue 10's targets AND issue 21's adversarial check, over all content as loaded."""
    from attuned.commands.cli import main

    code = main(["item-stats", "--strict"])
    out = capsys.readouterr().out
    assert code == 0, "\n".join(line for line in out.splitlines() if line.startswith("target missed"))
    assert "target missed" not in out


# -- issue 21: the adversarial surface check, proved on synthetic vignettes ---------------------
WORDS = ("stay", "with", "this", "slow", "here", "what", "now", "feel")  # few words: no chance markers


def synthetic(plant: str = "", modules: int = 7, moments: int = 12, seed: int = 21, distractor_total: int = 2):
    """Modules of one-moment vignettes whose key is balanced over length rank and position.

    Each moment has four options of distinct word counts drawn from one small vocabulary; the key
    (rated 9/10, distractors 2/10) takes every length rank and every position equally often in
    every module. ``plant`` adds one tell: "second-shortest" (the key is always the
    second-shortest), "marker" (the word "zebra" in every key, nowhere else) or "question" (only
    the key ends with a question mark: a form tell no rank, position or word shows).
    """
    import random

    from attuned.model.vignette import Client, VignetteScript

    rng = random.Random(seed)
    out = []
    for m in range(modules):
        vignettes = []
        for j in range(moments):
            counts = sorted(rng.sample(range(4, 16), 4))
            texts = [" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() for n in counts]
            key_rank = 1 if plant == "second-shortest" else (j + m) % 4
            key_position = (j + j // 4 + m) % 4
            key_text = texts.pop(key_rank)
            if plant == "marker":
                words_ = key_text.split()
                words_[len(words_) // 2] = "zebra"
                key_text = " ".join(words_)
            rng.shuffle(texts)
            texts.insert(key_position, key_text)
            options = tuple(
                option(f"o{i}", text + ("?" if plant == "question" and text == key_text else "."),
                       9 if text == key_text else distractor_total)
                for i, text in enumerate(texts))
            vid = f"m{m + 1}.v{j}"
            vignettes.append(VignetteScript(vid, vid, f"0{m + 1}-module", Client("C", 40, "they/them", "c"), "s",
                                      {"s": Scene("s", "hello", (), options)}))
        out.append((f"0{m + 1}-module", vignettes))
    return out


def test_option_helper_rates_the_synthetic_key_above_its_distractors():
    [(_module, vignettes)] = synthetic(modules=1, moments=4)
    for v in vignettes:
        scene = v.scene("s")
        assert surface.scored(scene) and surface.total(surface.key(scene)) == 9
        assert len(surface.distractors(scene)) == 3


def test_rank_and_position_strategies_break_ties_by_authored_order_and_clamp_to_the_last():
    from attuned.reports import adversarial

    scene = Scene("s", "hi", (), (option("a", "Same."), option("b", "Four."), option("c", "Longer one."),
                                  option("d", "Hm.")))
    assert [adversarial.nth_shortest(k)(scene).id for k in (1, 2, 3, 4, 5)] == ["d", "a", "b", "c", "c"]
    assert [adversarial.nth_longest(k)(scene).id for k in (1, 2, 3, 4, 5)] == ["c", "a", "b", "d", "d"]
    assert [adversarial.nth_shown(k)(scene).id for k in (1, 4, 5)] == ["a", "d", "d"]
    # Lengths 5, 5, 11, 3: median 5, so "a" and "b" tie at distance 0; the one shown first wins.
    assert surface.pick_middle(scene).id == "a"
    assert surface.pick_second_shortest(scene).id == "a"
    assert set(adversarial.strategies(4)) == {*(f"shortest-{k}" for k in range(1, 5)),
                                              *(f"longest-{k}" for k in range(1, 5)),
                                              *(f"shown-{k}" for k in range(1, 5)), "middle"}


def test_a_balanced_synthetic_course_passes_every_attack():
    from attuned.reports import adversarial

    result = adversarial.check(synthetic())
    assert result.failures() == []
    assert all(share <= 0.55 for shares in result.strategy_shares.values() for share in shares.values())
    for model in result.models:
        assert model.moments == 84 and model.chance_share == pytest.approx(0.25)
        assert model.share <= model.chance_share + adversarial.MODEL_MARGIN, (model.kind, model.found)
    assert result.markers == []


def test_a_key_that_is_always_the_second_shortest_fails_that_strategy_in_every_module():
    from attuned.reports import adversarial

    result = adversarial.check(synthetic("second-shortest"))
    failures = result.failures()
    for module, shares in result.strategy_shares.items():
        assert shares["shortest-2"] == pytest.approx(1.0)
        assert shares["middle"] == pytest.approx(1.0)  # four options: the middle tie goes to the shorter
        line = next(f for f in failures if f.startswith(f"{module}: strategy 'shortest-2' earns 100%"))
        assert "picks the key in 12 moments" in line and f"m{module[1]}.v0:s" in line
    assert not any("'shortest-1'" in f or "'shown-" in f for f in failures), "only the planted tell fails"


def test_a_word_used_only_in_keys_is_reported_as_a_marker():
    from attuned.reports import adversarial

    result = adversarial.check(synthetic("marker"))
    assert [m.gram for m in result.markers if m.gram == "zebra"] == ["zebra"]
    zebra = next(m for m in result.markers if m.gram == "zebra")
    assert zebra.keys == 84 and zebra.distractors == 0 and "m1.v0:s" in zebra.where
    assert any(f.startswith("marker 'zebra': in 84 keys and no distractor (m1.v0:s") for f in result.failures())
    assert adversarial.markers(synthetic(modules=1, moments=4)) == [], "the balanced set has none"


def test_a_form_tell_no_rank_position_or_word_shows_is_learned_by_the_model():
    from attuned.reports import adversarial

    result = adversarial.check(synthetic("question"))
    failures = result.failures()
    form = next(m for m in result.models if m.kind == "form")
    assert form.found >= 80 and not form.passed, form.found  # the key ends in "?" and nothing else does
    assert any(f.startswith("course: the surface model (form) finds the best option in") for f in failures)
    assert not any("strategy" in f or f.startswith("marker") for f in failures), failures
    words = next(m for m in result.models if m.kind == "words")
    assert words.passed, "a question mark is not a word: the words-only model sees nothing"


def test_markers_count_distractors_only_and_keys_only_words_both_ways():
    from attuned.model.vignette import Client, VignetteScript
    from attuned.reports import adversarial

    scenes = {}
    for i in range(5):
        scenes[f"s{i}"] = Scene(f"s{i}", "hi", (), (option("k", "Stay with me.", 9),
                                                     option("d", "Honestly stay calm.", 2)))
    v = VignetteScript("m1.v", "v", "01-x", Client("C", 40, "they/them", "c"), "s0", scenes)
    found = {m.gram: (m.keys, m.distractors) for m in adversarial.markers([("01-x", [v])])}
    assert found["honestly"] == (0, 5) and found["honestly stay"] == (0, 5)
    assert found["me"] == (5, 0) and found["with me"] == (5, 0)
    assert "stay" not in found  # in keys and in distractors: not a marker
    assert adversarial.markers([("01-x", [v])], minimum=6) == []


def test_the_check_reads_every_loaded_vignette_grouped_by_its_module(course):
    from attuned.reports import adversarial

    modules = adversarial.course_modules(course)
    assert sorted(v.id for _m, vs in modules for v in vs) == sorted(course.vignettes)
    assert all(v.module == module for module, vs in modules for v in vs)
    result = adversarial.check(modules)
    assert result.models and result.models[0].moments == sum(
        surface.scored(s) for v in course.vignettes.values() for s in v.scenes.values())
    assert "course share" in result.table()


def test_a_uniform_guess_is_held_to_55_percent_in_expectation():
    """With options shuffled per trainee, "first shown" is a uniform guess: its expected share is
    exact (every path weighted by its probability), and distractors rated near the key fail it."""
    from attuned.reports import adversarial

    balanced = adversarial.check(synthetic())
    assert all(shares["random"] == pytest.approx((9 + 3 * 2) / 4 / 9) for shares in balanced.strategy_shares.values())
    close = adversarial.check(synthetic(distractor_total=7))
    assert all(shares["random"] == pytest.approx((9 + 3 * 7) / 4 / 9) for shares in close.strategy_shares.values())
    assert sum(f.startswith("01-module: a uniform guess") for f in close.failures()) == 1
    # Two moments in a row: the expectation is over whole paths, each path's score its mean step.
    from attuned.model.vignette import Client, VignetteScript

    second = Scene("b", "and?", (), (option("x", "X.", 10), option("y", "Y.", 0)))
    first = Scene("a", "hi", (), (Option("k", "K.", "attuned", "r", (), option("k", "", 10).ratings, "c", "b"),
                                  option("d", "D.", 0)))
    v = VignetteScript("m1.two", "two", "01-x", Client("C", 40, "they/them", "c"), "a", {"a": first, "b": second})
    # Paths: k→x (1.0, 1.0) mean 1; k→y (1.0, 0) mean 0.5; d ends (0): 1/4·1 + 1/4·0.5 + 1/2·0 = 0.375.
    assert adversarial.expected_random_score(v) == pytest.approx(0.375)


def test_item_stats_strict_prints_one_line_per_failure_and_exits_1_exactly_when_any(course, capsys):
    """Holds before and after the content rewrite: the command's lines are the check's failures."""
    from attuned.commands.cli import main
    from attuned.reports import adversarial

    _text, issue_10 = surface.report(course)
    failures = issue_10 + adversarial.check(adversarial.course_modules(course)).failures()
    code = main(["item-stats", "--strict"])
    printed = [line.removeprefix("target missed: ") for line in capsys.readouterr().out.splitlines()
               if line.startswith("target missed: ")]
    assert printed == failures
    assert code == (1 if failures else 0)
    assert all("\n" not in line for line in printed)
