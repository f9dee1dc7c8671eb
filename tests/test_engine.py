"""The vignette engine: choose, commit, paths, scores — pure Python, no widgets."""

import pytest

from attuned.model.vignette import VignetteEngine, VignetteError


@pytest.fixture
def tomas(course):
    return course.vignette("m2.tomas")


def test_a_path_moves_scene_by_scene_and_ends(tomas):
    engine = tomas.engine()
    assert engine.current.id == "opening"
    engine.choose("invite")
    step = engine.commit()
    assert step.option.stance == "attuned"
    assert engine.current.id == "window"
    engine.take("stay")
    assert engine.finished
    assert engine.path() == ["opening:invite", "window:stay"]


def test_choosing_again_before_commit_changes_the_choice(tomas):
    engine = tomas.engine()
    engine.choose("explain")
    engine.choose("invite")
    assert engine.commit().option.id == "invite"


def test_score_is_the_mean_rating_fraction_of_the_steps(tomas):
    # invite = 10/10 (with nothing strained yet, repair is 2 because it invites correction), stay = 10/10
    assert VignetteEngine.replay(tomas, ["invite", "stay"]).score_fraction() == pytest.approx(1.0)
    # invite = 10/10, then ask-more = 1+1+2+1+0 = 5/10  ->  0.75
    assert VignetteEngine.replay(tomas, ["invite", "ask-more"]).score_fraction() == pytest.approx(0.75)
    # explain = 2/10, then a good repair = 10/10 -> 0.6: repairing a rupture earns back credit
    assert VignetteEngine.replay(tomas, ["explain", "repair"]).score_fraction() == pytest.approx(0.6)
    # explain, then carrying on with strategies = 2/10 each
    assert VignetteEngine.replay(tomas, ["explain", "push-on"]).score_fraction() == pytest.approx(0.2)


def test_an_unfinished_path_counts_its_next_step_as_zero(tomas):
    engine = VignetteEngine.replay(tomas, ["invite"])
    assert not engine.finished
    assert engine.score_fraction() == pytest.approx(1.0 / 2)


def test_wrong_moves_raise_clear_errors(tomas):
    engine = tomas.engine()
    with pytest.raises(VignetteError, match="choose a response"):
        engine.commit()
    with pytest.raises(VignetteError, match="no option 'nope'"):
        engine.choose("nope")
    VignetteEngine.replay(tomas, ["invite", "stay"])
    finished = VignetteEngine.replay(tomas, ["invite", "stay"])
    with pytest.raises(VignetteError, match="ended"):
        finished.choose("stay")


def test_ratings_are_spelled_out_in_words_not_colour(tomas):
    option = tomas.scene("opening").option("invite")
    from attuned.model.vocab import REPAIR_RULE

    # The numbers, then how repair is rated (issue 21: the rule is said wherever ratings are shown).
    assert option.ratings_in_words() == ("Attunement 2/2 · Respect 2/2 · Warmth 2/2 · Repair 2/2 · Presence 2/2. "
                                         + REPAIR_RULE)
    assert option.ratings_code() == "2-2-2-2-2"
    uneven = tomas.scene("window").option("ask-more")
    assert uneven.ratings_in_words() == ("Attunement 1/2 · Respect 1/2 · Warmth 2/2 · Repair 1/2 · Presence 0/2. "
                                         + REPAIR_RULE)
    assert uneven.ratings_code() == "1-1-2-1-0"
