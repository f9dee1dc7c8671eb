"""A trainee works module 02 in a real browser, in JupyterLab 4 and in Notebook 7.

Everything is done as a person would: menus, clicks on radio buttons and buttons, dropdowns,
typing into the reflection cell, Ctrl+S. The assertions then read what the trainee leaves on
disk: the response log beside the notebook, and what `nbgrader validate` says about the saved
notebook. Expected texts (reactions, ratings, scores) come from the content files, so the test
follows the content rather than copies of it.
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    button,
    copy_release_notebook,
    open_notebook,
    own_words_box,
    read_log,
    run_all_cells,
    save_notebook,
    validate,
    widget,
    write_own_words,
)
from playwright.sync_api import expect

from attuned.model.course import get_course
from attuned.model.exercise import CHECKIN_SCALES
from attuned.model.vignette import VignetteEngine

pytestmark = pytest.mark.browser

REFLECTION = (
    "A composite case: a trainee I supervised could explain her fear of silence in detail, and "
    "it did not change how the silence felt. What shifted it was sitting through silences with "
    "someone who stayed warm. The Jennissen meta-analysis links insight with outcome, but a "
    "correlation does not show that insight caused the change."
)
OWN_WORDS = "You can explain it perfectly, and it still grabs you. That sounds exhausting."
ACTIVATION, URGE = (CHECKIN_SCALES[name][0] for name in ("activation", "urge_to_fix"))


def grade_sources(notebook: dict) -> dict[str, str]:
    """grade_id -> cell source, for every graded cell of the saved notebook."""
    out = {}
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            out[meta["grade_id"]] = source.strip()
    return out


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_trainee_works_module_02_and_the_log_and_validate_agree(app, request, page):
    server = request.getfixturevalue(f"{app}_server")
    folder = server.root / f"trainee-{app}"
    notebook = copy_release_notebook(folder)
    course = get_course()
    tomas = course.vignette("m2.tomas")
    opening = tomas.scene(tomas.start)
    explain = opening.option("explain")
    rupture = tomas.scene(explain.next)
    repair = rupture.option("repair")
    invite = opening.option("invite")
    kc = course.check("m2.kc-insight")

    open_notebook(page, server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)

    # Check-in before the vignettes: two dropdowns, then Record.
    checkin = widget(page, "Check-in (before the vignettes)")
    checkin.get_by_role("combobox", name=ACTIVATION).select_option(label="3")
    checkin.get_by_role("combobox", name=URGE).select_option(label="7")
    button(checkin, "Record check-in").click()
    expect(checkin.get_by_role("status")).to_contain_text("Saved your check-in.")

    # The vignette, graded run: a response that strains the alliance, then a repair.
    player = widget(page, tomas.title)
    status = player.get_by_role("status")
    respond = button(player, "Respond")
    expect(status).to_contain_text("Your first run is graded.")
    # Your own words first: no option is on the page until the words are saved.
    expect(player.get_by_role("radio")).to_have_count(0)
    expect(respond).to_be_hidden()
    for option in opening.options:
        expect(player).not_to_contain_text(option.text)
    button(player, "Save my words").click()  # an empty box is refused, in words
    expect(status).to_contain_text("the box is empty, so nothing was saved")
    expect(player.get_by_role("radio")).to_have_count(0)
    write_own_words(player, OWN_WORDS)
    expect(player.get_by_role("radio")).to_have_count(len(opening.options))
    expect(own_words_box(player)).to_be_disabled()
    expect(respond).to_be_disabled()
    player.get_by_role("radio", name=explain.text, exact=True).check()
    expect(respond).to_be_enabled()
    respond.click()
    expect(status).to_contain_text(f"Saved (graded). {tomas.client.name} responds")
    card = player.locator(".attuned-card").filter(has_text="Supervisor's ratings")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(explain.reaction)
    expect(card).to_contain_text(f"(stance: {explain.stance}): {explain.ratings_in_words()}")
    expect(card).to_contain_text(explain.comment)
    expect(card).to_contain_text(f"Your own words (written first): “{OWN_WORDS}”")
    text = card.inner_text()
    assert text.index(f"{tomas.client.name}'s reaction") < text.index("Supervisor's ratings") < text.index("Supervisor:")
    expect(player).to_contain_text("Something has strained between you")
    expect(player).to_contain_text(rupture.client_says)
    player.get_by_role("radio", name=repair.text, exact=True).check()
    respond.click()
    score = VignetteEngine.replay(tomas, ["explain", "repair"]).score_fraction()
    expect(status).to_contain_text(f"Path complete (graded). Your score on this path: {score * 100:.0f}%")
    expect(card).to_have_count(2)
    expect(card.last).to_contain_text(repair.reaction)
    expect(card.last).to_contain_text(repair.ratings_in_words())
    expect(player).to_contain_text("End of this path")

    # Replay in practice mode and respond once.
    button(player, "Replay in practice mode").click()
    expect(status).to_contain_text("Practice mode: nothing you choose now changes your grade.")
    expect(card).to_have_count(0)
    player.get_by_role("radio", name=invite.text, exact=True).check()
    button(player, "Respond (practice)").click()
    expect(status).to_contain_text("Saved (practice).")
    expect(card).to_contain_text(invite.reaction)

    # A knowledge check: one radio button, Submit.
    check = widget(page, kc.prompt)
    check.get_by_role("radio", name=kc.option("b").text, exact=True).check()
    button(check, "Submit answer").click()
    expect(check.get_by_role("status")).to_contain_text(f"Saved your answer: “{kc.option('b').text}”.")

    # The first reflection: a markdown answer cell, edited and rendered, then Ctrl+S.
    answer = page.locator(".jp-MarkdownCell").filter(has_text="YOUR ANSWER HERE").first
    answer.dblclick()
    editor = answer.locator(".cm-content")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(REFLECTION)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").filter(has_text=REFLECTION[:60])).to_be_visible()
    saved = save_notebook(page, notebook, REFLECTION[-40:])

    # The log on disk holds exactly those events, graded then practice, in order.
    events = read_log(folder)
    assert [(e["item"], e["kind"], e["value"], e.get("scene"), e.get("path")) for e in events] == [
        ("m2.checkin-before", "self_report", {"activation": 3, "urge_to_fix": 7}, None, None),
        ("m2.tomas", "own_words", OWN_WORDS, opening.id, None),
        ("m2.tomas", "commit", "explain", opening.id, [f"{opening.id}:explain"]),
        ("m2.tomas", "commit", "repair", rupture.id, [f"{opening.id}:explain", f"{rupture.id}:repair"]),
        ("m2.tomas", "practice", "invite", opening.id, [f"{opening.id}:invite"]),
        ("m2.kc-insight", "check", ["b"], None, None),
    ]
    assert events[1]["run"] == events[2]["run"] == events[3]["run"] != events[4]["run"], \
        "own words and graded steps share a run; practice is new"
    sources = grade_sources(saved)
    assert sources["m2-reflect-insight-answer"] == REFLECTION

    # nbgrader validate on the saved notebook: the answered items pass; exactly these are reported.
    out, failed = validate(notebook)
    expected = {
        "m2-reflect-invitation-answer": "You did not provide a response.",
        "m2-linh-score": "NotAnswered: No committed response for m2.linh",
        "m2-checkin-after-score": "NotAnswered: No committed check-in for m2.checkin-after",
        "m2-kc-reconsolidation-score": "NotAnswered: No committed answer for m2.kc-reconsolidation",
        "m2-kc-brain-layers-score": "NotAnswered: No committed answer for m2.kc-brain-layers",
    }
    if score < 1:
        # Vignette points are open and formative: a path below the best ratings is partial credit,
        # which nbgrader validate reports like any partial score.
        expected["m2-tomas-score"] = "Partial credit; passed some but not all of the tests"
    reported = {grade_id: failed.get(source) for grade_id, source in sources.items() if source in failed}
    assert set(reported) == set(expected), out
    for grade_id, start in expected.items():
        assert reported[grade_id].startswith(start[:60]), (grade_id, reported[grade_id])
    assert f"VALIDATION FAILED ON {len(expected)} CELL(S)!" in out
    for passing in ("m2-checkin-before-score", "m2-kc-insight-score", "m2-reflect-insight-answer"):
        assert sources[passing] not in failed


def test_after_a_kernel_restart_earlier_commits_are_recognised(lab_server, page):
    folder = lab_server.root / "restart"
    notebook = copy_release_notebook(folder)
    course = get_course()
    tomas = course.vignette("m2.tomas")
    opening = tomas.scene(tomas.start)
    invite = opening.option("invite")
    second = tomas.scene(invite.next)
    stay = second.option("stay")
    kc = course.check("m2.kc-insight")

    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)
    checkin = widget(page, "Check-in (before the vignettes)")
    checkin.get_by_role("combobox", name=ACTIVATION).select_option(label="2")
    checkin.get_by_role("combobox", name=URGE).select_option(label="5")
    button(checkin, "Record check-in").click()
    expect(checkin.get_by_role("status")).to_contain_text("Saved your check-in.")
    player = widget(page, tomas.title)
    status = player.get_by_role("status")
    write_own_words(player, OWN_WORDS)
    player.get_by_role("radio", name=invite.text, exact=True).check()
    button(player, "Respond").click()
    expect(status).to_contain_text("Saved (graded).")
    player.get_by_role("radio", name=stay.text, exact=True).check()
    button(player, "Respond").click()
    expect(status).to_contain_text("Path complete (graded)")
    check = widget(page, kc.prompt)
    check.get_by_role("radio", name=kc.option("b").text, exact=True).check()
    button(check, "Submit answer").click()
    expect(check.get_by_role("status")).to_contain_text(f"Saved your answer: “{kc.option('b').text}”.")

    # Kernel ▸ Restart Kernel and Run All Cells…: a fresh kernel, no widget state left.
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
    page.get_by_role("dialog").get_by_role("button", name="Confirm Kernel Restart").click()

    # The new widgets read the log: graded answers are recognised, the player opens in practice.
    expect(status).to_contain_text("Already answered: your graded path (2 steps) was saved")
    expect(status).to_contain_text("You are replaying in practice mode.")
    expect(button(player, "Respond (practice)")).to_be_visible()
    expect(check.get_by_role("status")).to_contain_text("Already answered on")
    expect(checkin.get_by_role("status")).to_contain_text("Already answered on")
    # The record cells ran in the new kernel too, and print the graded path in words.
    expect(page.locator(".jp-OutputArea-output").filter(has_text="your graded path (first run)")).to_contain_text(
        f"You ({stay.stance}): “{stay.text}”")
    expect(page.locator(".jp-OutputArea-output").filter(has_text="your graded path (first run)")).to_contain_text(
        OWN_WORDS)  # quoted as the trainee wrote it (a blockquote in the HTML record)

    player.get_by_role("radio", name=invite.text, exact=True).check()
    button(player, "Respond (practice)").click()
    expect(status).to_contain_text("Saved (practice).")
    kinds = [(e["item"], e["kind"], e["value"]) for e in read_log(folder)]
    assert kinds == [
        ("m2.checkin-before", "self_report", {"activation": 2, "urge_to_fix": 5}),
        ("m2.tomas", "own_words", OWN_WORDS),
        ("m2.tomas", "commit", "invite"),
        ("m2.tomas", "commit", "stay"),
        ("m2.kc-insight", "check", ["b"]),
        ("m2.tomas", "practice", "invite"),
    ]
