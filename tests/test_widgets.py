"""Widgets driven through their Python twins of each click (ipywidgets' own testing trick), and through
the very messages the front end sends when a button is pressed (``CourseForm._on_front_end_message``)."""

from pathlib import Path

import pytest

from attuned.model.vignette import VignetteError
from attuned.notebook.exercise_widgets import CheckInWidget, ExerciseError, KnowledgeCheckWidget
from attuned.notebook.responses import LogWriteError, ResponseLog
from attuned.notebook.vignette_widget import VignettePlayer


@pytest.fixture
def log(tmp_path):
    return ResponseLog(tmp_path / "responses.jsonl")


def status(widget) -> str:
    return widget.status.value


def started(course, vignette_id: str, log) -> VignettePlayer:
    """A graded player with the trainee's own words already saved, so the options are showing."""
    player = VignettePlayer(course.vignette(vignette_id), log)
    player.save_own_words("That sounds hard to carry. Can we slow down for a moment?")
    return player


def test_vignette_graded_run_logs_commits_and_shows_reaction_then_ratings(course, log):
    player = started(course, "m2.tomas", log)
    assert player.mode == "graded"
    assert not player.choice.enabled("respond"), "Respond stays disabled until a response is chosen"
    assert not player.choice.enabled("respond", {"response": None}), "... on the page too (form.js applies the same rule)"
    assert player.choice.enabled("respond", {"response": "invite"})
    player.choose("invite")
    assert player.choice.enabled("respond")
    player.commit()
    card = player.transcript.children[-1].value
    assert card.index("reaction") < card.index("Supervisor's ratings") < card.index("Supervisor:")
    assert "Attunement 2/2" in card and "✔ Saved" in status(player) and 'role="status"' in status(player)
    player.choose("stay")
    player.commit()
    assert player.engine.finished and "Path complete (graded)" in status(player)
    events = log.read().events
    assert [(e.kind, e.value, e.scene) for e in events] == [
        ("own_words", "That sounds hard to carry. Can we slow down for a moment?", "opening"),
        ("commit", "invite", "opening"), ("commit", "stay", "window")]
    assert len({e.run for e in events}) == 1


def test_replay_is_practice_and_never_touches_the_graded_run(course, log):
    player = started(course, "m2.linh", log)
    player.choose("notice")
    player.commit()
    player.choose("reflect")
    player.commit()
    player.replay()
    assert player.mode == "practice" and player.choice.button("respond")["label"] == "Respond (practice)"
    player.choose("back-to-plan")
    player.commit()
    contents = log.read()
    assert [e.value for e in contents.graded_run("m2.linh")] == ["notice", "reflect"]
    assert contents.events[-1].kind == "practice"


def test_a_new_player_recognises_an_answered_vignette_and_opens_in_practice(course, log):
    first = started(course, "m2.tomas", log)
    first.choose("invite")
    first.commit()
    first.choose("stay")
    first.commit()
    again = VignettePlayer(course.vignette("m2.tomas"), log)  # e.g. after a kernel restart
    assert again.mode == "practice"
    assert "Already answered" in status(again)


def test_an_unfinished_graded_run_resumes_where_it_stopped(course, log):
    first = started(course, "m2.tomas", log)
    first.choose("explain")
    first.commit()
    again = VignettePlayer(course.vignette("m2.tomas"), log)
    assert again.mode == "graded" and again.engine.current.id == "flat"
    assert "Resuming" in status(again) and len(again.transcript.children) == 1


def test_rupture_scene_is_announced_in_words(course, log):
    player = started(course, "m2.tomas", log)
    player.choose("explain")
    player.commit()
    assert "Something has strained between you" in player.scene_html.value
    assert "repair" in [o.stance for o in player.engine.current.options]


def test_commit_without_choice_or_after_the_end_raises_and_clicks_show_it(course, log):
    player = started(course, "m2.tomas", log)
    with pytest.raises(VignetteError):
        player.commit()
    player._safe(player.commit)  # what the button handler does
    assert "⚠" in status(player) and "choose a response" in status(player)


def test_respond_is_switched_off_in_words_at_a_paths_end_and_replay_stays_available(course, log):
    player = started(course, "m2.tomas", log)
    for option_id in ("invite", "stay"):
        press(player.choice, "respond", response=option_id)
    assert player.engine.finished
    respond = player.choice.button("respond")
    assert respond["disabled"] and not respond["hidden"] and respond["label"] == "Respond (path ended)"
    assert not player.choice.enabled("respond") and not player.choice.enabled("respond", {"response": "invite"})
    assert "Respond is switched off" in status(player) and "Respond is switched off" in player.scene_html.value
    assert player.choice.enabled("replay")
    before = status(player)
    press(player.choice, "respond", response="invite")  # a press the page cannot send changes nothing
    assert status(player) == before and [e.kind for e in log.read().events] == ["own_words", "commit", "commit"]
    press(player.choice, "replay")
    assert player.mode == "practice" and player.choice.button("respond")["label"] == "Respond (practice)"
    assert not player.choice.enabled("respond") and player.choice.enabled("respond", {"response": "invite"})
    for option_id in ("invite", "stay"):
        press(player.choice, "respond", response=option_id)
    assert player.choice.button("respond")["label"] == "Respond (practice, path ended)"
    assert not player.choice.enabled("respond") and player.choice.enabled("replay")
    with pytest.raises(VignetteError, match="this path has ended"):
        player.commit()  # the Python twin still says why


def test_a_failed_save_is_shown_and_the_conversation_does_not_advance(course, tmp_path):
    path = tmp_path / "responses.jsonl"
    path.mkdir()
    player = VignettePlayer(course.vignette("m2.tomas"), ResponseLog(path))
    with pytest.raises(LogWriteError):
        player.save_own_words("I can hear how frustrating that is.")
    assert "NOT saved" in status(player) and player.needs_own_words, "unsaved words keep the options hidden"
    assert player.choice.field("response")["options"] == []
    assert player.own_words_form.value("words") == "I can hear how frustrating that is."
    path.rmdir()
    player.save_own_words()
    path.unlink()
    path.mkdir()
    player.choose("invite")
    with pytest.raises(LogWriteError):
        player.commit()
    assert "NOT saved" in status(player)
    assert player.engine.current.id == "opening" and player.transcript.children == ()


def test_radio_buttons_carry_full_text_labels_and_a_description(course, log):
    player = started(course, "m2.tomas", log)
    field = player.choice.field("response")
    labels = [label for label, _ in field["options"]]
    assert field["kind"] == "radio" and field["label"] == "Your response:"
    assert all(len(label) > 20 for label in labels)


def test_single_choice_check_graded_then_practice(course, log):
    widget = KnowledgeCheckWidget(course.check("m2.kc-insight"), log)
    with pytest.raises(ExerciseError):
        widget.commit()
    with pytest.raises(ExerciseError):
        widget.choose("a", "b")
    widget.choose("b")
    assert widget.commit() == ["b"]
    widget.choose("a")
    widget.commit()
    assert "practice" in status(widget) and f"stays “{widget.check.option('b').text}”" in status(widget)
    assert [(e.kind, e.value) for e in log.read().events] == [("check", ["b"]), ("practice", ["a"])]
    again = KnowledgeCheckWidget(course.check("m2.kc-insight"), log)
    assert "Already answered" in status(again)


def test_multiple_choice_check_uses_labelled_checkboxes(course, log):
    widget = KnowledgeCheckWidget(course.check("m2.kc-reconsolidation"), log)
    field = widget.form.field("answer")
    # Shown in this trainee's order (attuned.notebook.option_order), every option once.
    assert field["kind"] == "checkbox" and [oid for _label, oid in field["options"]] == [o.id for o in widget.shown_options]
    assert sorted(oid for _label, oid in field["options"]) == ["a", "b", "c", "d"]
    # Labelled by text alone: a letter would let trainees pass answers on across their orders.
    texts = {o.id: o.text for o in widget.check.options}
    assert all(label == texts[oid] for label, oid in field["options"])
    widget.choose("a", "d")
    assert widget.commit() == ["a", "d"]


def test_checkin_needs_both_ratings_and_records_them(course, log):
    widget = CheckInWidget(course.checkin("m2.checkin-before"), log)
    widget.set(activation=6)
    with pytest.raises(ExerciseError, match="urge to fix"):
        widget.commit()
    with pytest.raises(ExerciseError):
        widget.set(activation=11)
    widget.set(urge_to_fix=4)
    assert widget.commit() == {"activation": 6, "urge_to_fix": 4}
    assert log.read().graded("m2.checkin-before").value == {"activation": 6, "urge_to_fix": 4}


def test_unknown_items_render_a_readable_message_not_a_traceback():
    import attuned

    widget = attuned.Vignette("m2.nobody")
    assert "no vignette called 'm2.nobody'" in widget.reason
    with pytest.raises(RuntimeError, match="cannot be used"):
        widget.choose("x")


def test_practice_room_players_never_write_graded_events(course, log):
    from attuned.notebook.practice import PracticeRoom

    room = PracticeRoom(log)
    assert len(room.picker.options) == 1 + len(course.vignettes)
    player = room.open("m2.tomas")
    assert player.mode == "practice" and "Nothing here is graded" in status(player)
    player.choose("invite")
    player.commit()
    assert [e.kind for e in log.read().events] == ["practice"]


def test_preview_shows_problems_of_a_broken_file_as_text(tmp_path):
    from attuned.notebook.practice import preview

    bad = tmp_path / "broken.yaml"
    bad.write_text("schema: attuned.vignette/1\nid: [\n")
    result = preview(bad)
    assert "invalid YAML" in result.reason


def test_a_second_respond_without_a_new_choice_records_nothing(course, log):
    """Regression: ipywidgets auto-selected the first new option after a commit, so a second
    press recorded a response the trainee never chose."""
    player = started(course, "m2.tomas", log)
    player.choose("explain")
    player.commit()
    assert player.choice.value("response") is None
    with pytest.raises(VignetteError, match="choose a response"):
        player.commit()
    assert [e.value for e in log.read().events if e.kind == "commit"] == ["explain"]


def press(form, event: str, **values) -> None:
    """Exactly what form.js sends when a button is pressed: one custom message with the values shown."""
    form._on_front_end_message(form, {"event": event, "values": values}, [])


def test_a_press_of_respond_commits_the_option_it_carries_not_the_one_the_kernel_held(course, log):
    """The race, closed by construction: the page sends the option on screen with the press itself."""
    player = started(course, "m2.tomas", log)
    player.choose("invite")  # the kernel holds "invite" (an earlier pick) ...
    press(player.choice, "respond", response="explain")  # ... the page shows "explain" when Respond is pressed
    assert [e.value for e in log.read().events if e.kind == "commit"] == ["explain"]
    assert "✔ Saved (graded)" in status(player) and player.choice.value("response") is None
    press(player.choice, "respond", response=None)  # nothing chosen on the new scene: said why, nothing saved
    assert "choose a response before pressing Respond" in status(player)
    assert [e.value for e in log.read().events if e.kind == "commit"] == ["explain"]


def test_presses_carry_what_every_exercise_shows(course, log):
    player = VignettePlayer(course.vignette("m2.linh"), log)
    press(player.own_words_form, "save", words="   ")
    assert "the box is empty" in status(player) and player.needs_own_words
    press(player.own_words_form, "save", words="Something moved you just then.")
    assert log.read().own_words("m2.linh").value == "Something moved you just then."

    single = KnowledgeCheckWidget(course.check("m2.kc-insight"), log)
    single.choose("a")
    press(single.form, "submit", answer="b")
    assert log.read().graded("m2.kc-insight").value == ["b"]
    multi = KnowledgeCheckWidget(course.check("m2.kc-reconsolidation"), log)
    press(multi.form, "submit", answer=[])
    assert "Select an answer before submitting." in status(multi)
    press(multi.form, "submit", answer=["d", "a"])
    assert log.read().graded("m2.kc-reconsolidation").value == ["a", "d"]

    checkin = CheckInWidget(course.checkin("m2.checkin-before"), log)
    checkin.set(activation=1, urge_to_fix=1)
    press(checkin.form, "record", activation=6, urge_to_fix=None)
    assert "Choose a number for:" in status(checkin) and log.read().graded("m2.checkin-before") is None
    press(checkin.form, "record", activation=6, urge_to_fix=4)
    assert log.read().graded("m2.checkin-before").value == {"activation": 6, "urge_to_fix": 4}


def test_malformed_or_stale_messages_change_nothing_and_never_raise(course, log):
    player = started(course, "m2.tomas", log)
    before = status(player)
    for content in (None, "respond", {}, {"event": "respond"}, {"event": "respond", "values": "invite"},
                    {"event": "explode", "values": {}}, {"event": 3, "values": {}}):
        player.choice._on_front_end_message(player.choice, content, [])
    assert status(player) == before and [e.kind for e in log.read().events] == ["own_words"]
    press(player.choice, "respond", response="no-such-option")  # an unknown option: a sentence, not a traceback
    assert "⚠" in status(player) and [e.kind for e in log.read().events] == ["own_words"]
    before = status(player)
    for junk in ({"x": 1}, ["invite"], 3, True):  # the wrong shape counts as nothing chosen: Respond cannot be pressed
        press(player.choice, "respond", response=junk)
        assert status(player) == before
    single = KnowledgeCheckWidget(course.check("m2.kc-insight"), log)
    press(single.form, "submit", answer={"b": True})
    assert "Select an answer before submitting." in status(single)
    multi = KnowledgeCheckWidget(course.check("m2.kc-reconsolidation"), log)
    press(multi.form, "submit", answer=["a", 7, None, "zz"])
    assert "has no option &#x27;zz&#x27;" in status(multi)
    assert [e.kind for e in log.read().events] == ["own_words"]
    press(player.choice, "replay")  # disabled in a graded run: a press that cannot happen on the page is ignored
    assert player.mode == "graded"
    check = CheckInWidget(course.checkin("m2.checkin-before"), log)
    press(check.form, "record", activation=11, urge_to_fix="x")
    assert "⚠" in status(check) and log.read().graded("m2.checkin-before") is None
    press(check.form, "record", activation=True, urge_to_fix=4.5)
    assert "Choose a number for:" in status(check) and log.read().graded("m2.checkin-before") is None


def test_the_form_front_end_code_ships_beside_the_python_and_imports_nothing():
    from attuned.notebook.controls import form, slider

    for module, name in ((form, "form.js"), (slider, "slider.js")):
        assert module.HERE / name == Path(module.__file__).with_name(name) and (module.HERE / "controls.css").exists()
        code = (module.HERE / name).read_text(encoding="utf-8")
        assert "export default" in code and "\nimport " not in code, "self-contained ES module, no build step"


# -- your own words first --------------------------------------------------------------------
def test_options_stay_hidden_until_the_trainees_own_words_are_saved(course, log):
    player = VignettePlayer(course.vignette("m2.tomas"), log)
    assert player.needs_own_words and player.choice.field("response")["options"] == []
    assert player.choice.field("response")["hidden"] and player.choice.button("respond")["hidden"]
    assert "Before you see any options" in player.own_words_prompt.value
    assert player.own_words_form.field("words")["label"] == "Your words to Tomás:", "the text area has a visible label"
    with pytest.raises(VignetteError, match="own words first"):
        player.choose("invite")
    player._safe(player.save_own_words)  # the button with an empty box
    assert "the box is empty" in status(player) and player.needs_own_words
    for blank in ("", "   ", "\n\t \n"):
        with pytest.raises(VignetteError, match="box is empty"):
            player.save_own_words(blank)
    assert log.read().events == [], "blank text is never saved"
    player.save_own_words("  You know exactly why, and it still grips you.  ")
    assert not player.needs_own_words and not player.choice.field("response")["hidden"]
    shown = [o for _label, o in player.choice.field("response")["options"]]
    assert shown == [o.id for o in player.shown_options()]  # this trainee's order (attuned.notebook.option_order)
    assert sorted(shown) == sorted(o.id for o in player.engine.current.options)
    assert player.own_words_form.field("words")["disabled"] and player.own_words_form.button("save")["label"] == "Words saved"
    player._safe(player.save_own_words)  # a second press changes nothing
    assert "already saved" in status(player)
    assert [e.kind for e in log.read().events] == ["own_words"]


def test_own_words_need_the_minimum_said_before_typing_and_refused_inline_in_words(course, log):
    from attuned.model.vocab import OWN_WORDS_MIN_WORDS, own_words_rule

    player = VignettePlayer(course.vignette("m2.tomas"), log)
    rule = own_words_rule()
    assert f"at least {OWN_WORDS_MIN_WORDS} words, because " in rule
    assert rule in player.own_words_prompt.value, "the minimum and its reason are on screen before typing"
    help_id = player.own_words_form.field("words")["described_by"]
    assert f'id="{help_id}"' in player.own_words_prompt.value, "and are the text area's description"
    for short in ("ok", "OK!", "I hear you.", "— — — — — —", "You sound really sad"):
        press(player.own_words_form, "save", words=short)
        error = player.own_words_form.field("words")["error"]
        assert error and rule in error and error in status(player), short
        assert player.needs_own_words and player.choice.field("response")["options"] == []
    assert log.read().events == [], "nothing short is ever saved"
    with pytest.raises(VignetteError, match=f"at least {OWN_WORDS_MIN_WORDS} words"):
        player.save_own_words("ok")
    press(player.own_words_form, "save", words="You sound really sad today.")
    assert player.own_words_form.field("words")["error"] is None, "the inline reason goes once the words are saved"
    assert log.read().own_words("m2.tomas").value == "You sound really sad today."
    assert not player.needs_own_words


def test_word_count_counts_words_a_reader_would():
    from attuned.model.vocab import own_words_problem, word_count

    assert [word_count(t) for t in ("", "ok", "it's  fine", "well-being matters", "— ... !", "Ça va, Tomás ?")] == \
        [0, 1, 2, 2, 0, 3]
    assert own_words_problem("ok", "Tomás").startswith("Not saved: your words to Tomás have 1 word.")
    assert "have 0 words" in own_words_problem("...", "Tomás")
    assert "the box is empty" in own_words_problem(" \n", "Tomás")
    assert own_words_problem("I hear you. Tell me more.", "Tomás") is None


def test_very_long_own_words_are_kept_whole_and_shown_in_full(course, log):
    text = "\n".join(f"Line {n}: I notice I want to explain, and I hold back. " * 3 for n in range(130))
    assert len(text) > 20000
    player = VignettePlayer(course.vignette("m2.tomas"), log)
    player.save_own_words(text)
    assert log.read().own_words("m2.tomas").value == text
    player.choose("invite")
    player.commit()
    card = player.transcript.children[-1].value
    assert "Your own words (written first)" in card and card.index("Your own words") < card.index("You chose:")
    import html
    assert html.escape(text, quote=True) in card, "the words are shown in full, never cut"


def test_saved_words_survive_a_kernel_restart_and_the_options_show_at_once(course, log):
    first = VignettePlayer(course.vignette("m2.linh"), log)
    first.save_own_words("Something moved you just then.")
    again = VignettePlayer(course.vignette("m2.linh"), log)
    assert not again.needs_own_words and again.own_words == "Something moved you just then."
    assert again.own_words_form.value("words") == "Something moved you just then."
    assert again.own_words_form.field("words")["disabled"]
    again.choose("notice")
    again.commit()
    assert again.own_words_area.layout.display == "none", "after the first step the card shows the words"


def test_practice_mode_and_the_practice_room_skip_the_own_words_step(course, log):
    from attuned.notebook.practice import PracticeRoom

    room = PracticeRoom(log)
    player = room.open("m2.linh")
    assert not player.needs_own_words and player.own_words_area.layout.display == "none"
    player = started(course, "m2.tomas", log)
    for option_id in ("invite", "stay"):
        player.choose(option_id)
        player.commit()
    player.replay()
    assert player.mode == "practice" and not player.needs_own_words and player.choice.field("response")["options"]


def test_grade_cell_prints_the_own_words_even_when_no_response_was_committed(course, log_path, capsys):
    from attuned.notebook.grading import NotAnswered, vignette_result

    log = ResponseLog(log_path)
    player = VignettePlayer(course.vignette("m2.tomas"), log)
    player.save_own_words("It makes sense that knowing isn't enough.\nCan we stay with it?")
    with pytest.raises(NotAnswered):
        vignette_result("m2.tomas", points=4)
    out = capsys.readouterr().out
    assert "Your own words to Tomás" in out and "  | It makes sense that knowing isn't enough." in out
    assert "  | Can we stay with it?" in out
    player.choose("invite")
    player.commit()
    vignette_result("m2.tomas", points=4)
    out = capsys.readouterr().out
    assert out.index("Your own words") < out.index("You chose (")


def test_the_practice_room_offers_vignettes_by_difficulty_tier(course, log):
    from attuned.notebook.practice import PracticeRoom

    room = PracticeRoom(log)
    for tier in (1, 2, 3):
        ids = room.show_tier(tier)
        assert ids == [v for m in course.modules.values() for v in m.items("vignette")
                       if course.vignette(v).difficulty == tier]
        assert all(f"tier {tier}" in label for label, vid in room.picker.options if vid)
    assert len(room.show_tier(0)) == len(course.vignettes)
    assert room.tier_picker.description == "Difficulty:"


def test_the_repair_rule_is_said_in_words_wherever_ratings_are_shown(course, log_path, capsys):
    """Issue 21: "Repair 1/2" with nothing strained read as a mark-down. The rule (curriculum brief:
    with no strain, 2 when the response invites correction) is said beside the numbers, from one place."""
    from attuned.model.vocab import REPAIR_RULE
    from attuned.notebook import grading

    option = course.vignette("m2.tomas").scene("opening").option("invite")
    words = option.ratings_in_words()
    assert words.startswith("Attunement ") and words.endswith(REPAIR_RULE)
    assert "nothing is strained" in REPAIR_RULE and "invites correction" in REPAIR_RULE
    player = started(course, "m2.tomas", ResponseLog(log_path))
    player.respond("invite")
    card = player.transcript.children[-1].value
    assert "nothing is strained yet, it is 2 when the response invites correction" in card  # the widget's card
    player.respond("stay")
    grading.vignette_result("m2.tomas", points=4)  # the record in the graded notebook (reads this log)
    assert f"Supervisor's ratings: {words}" in capsys.readouterr().out


def test_the_personas_work_exactly_the_widgets_the_notebook_displayed(log_path, keys):
    """No registry: the kernel collects what its cells display (as the simulation's kernels do,
    attuned.simulation.cycle.COLLECT_WIDGETS), by either route to the screen, and the persona works those."""
    from IPython.core.interactiveshell import InteractiveShell

    from attuned.simulation.personas import act, collect_displayed

    shell = InteractiveShell.instance()
    try:
        shown = collect_displayed(shell)
        assert shell.run_cell("import attuned").success
        assert shell.run_cell('attuned.Vignette("m1.maribel")').success  # the cell's last expression
        assert shell.run_cell('attuned.KnowledgeCheck("m1.kc-variance").show()').success  # show()
        assert shell.run_cell('hidden = attuned.CheckIn("m1.checkin-before")').success  # built, never displayed
        assert [w.item for w in shown] == ["m1.maribel", "m1.kc-variance"]
        done = act("attuned", shown, keys)
    finally:
        InteractiveShell.clear_instance()
    assert set(done) == {"m1.maribel", "m1.kc-variance"}
    logged = {e.item for e in ResponseLog(log_path).read().events}
    assert logged == {"m1.maribel", "m1.kc-variance"}, "the undisplayed check-in was worked"
