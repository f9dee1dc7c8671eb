"""The course in Voila: a front end that loads no JupyterLab extension of ours, and never did.

Voila renders module 02 as a page (no cells, no notebook keyboard shortcuts) and loads widgets
through anywidget. The same promises hold as in JupyterLab and Notebook 7: keyboard only from
the top of the page, every control named, axe-core finds no serious or critical violation, and
Respond commits the option on screen even while the kernel lags (held busy from a second client).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_helpers import (
    OWN_WORDS,
    JupyterServer,
    KernelHeldBusy,
    axe_serious,
    button,
    copy_release_notebook,
    own_words_box,
    read_log,
    shown_ids,
    stop_server,
    unnamed_controls,
    widget,
    write_own_words,
)
from playwright.sync_api import expect

from attuned.model.course import get_course
from attuned.model.exercise import CHECKIN_SCALES

pytestmark = pytest.mark.browser

WIDGETS_IN_MODULE_02 = 7  # 2 check-ins, 2 vignettes, 3 knowledge checks


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory) -> Iterator[JupyterServer]:
    server = JupyterServer("voila", tmp_path_factory.mktemp("voila-root"), tmp_path_factory.mktemp("voila-scratch")).start()
    yield server
    stop_server(server)


def open_in_voila(page, server: JupyterServer, name: str):
    """Render a fresh copy of module 02 in Voila; wait until every widget and the teaching model are drawn."""
    folder = server.root / name
    notebook = copy_release_notebook(folder)
    page.goto(server.notebook_url(f"{folder.name}/{notebook.name}"))
    boxes = page.locator(".attuned")
    expect(boxes).to_have_count(WIDGETS_IN_MODULE_02)
    for index in range(WIDGETS_IN_MODULE_02):
        expect(boxes.nth(index).locator(".attuned-form-button").first).to_be_attached()
    expect(page.locator(".attuned-model").first.get_by_role("slider").first).to_be_visible()
    return folder


def tab_until(page, target, limit: int = 250) -> int:
    """Press Tab until ``target`` has focus: the trainee's way down the page without a mouse."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{limit} presses of Tab did not reach {target}")


def test_a_vignette_check_in_and_teaching_model_work_with_the_keyboard_only_in_voila(voila_server, page):
    folder = open_in_voila(page, voila_server, "voila-keyboard")
    tomas = get_course().vignette("m2.tomas")
    opening = tomas.scene(tomas.start)
    ids = shown_ids(tomas.id, opening)  # the order this trainee's page shows (attuned.notebook.option_order)
    window = tomas.scene(opening.option("invite").next)
    later_ids = shown_ids(tomas.id, window)
    player = widget(page, tomas.title)
    status = player.get_by_role("status")
    respond = button(player, "Respond")
    radio = {o.id: player.get_by_role("radio", name=o.text, exact=True) for o in (*opening.options, *window.options)}

    # From the top of the page, Tab only: the check-in first.
    checkin = widget(page, "Check-in (before the vignettes)")
    activation = checkin.get_by_role("combobox", name=CHECKIN_SCALES["activation"][0])
    urge = checkin.get_by_role("combobox", name=CHECKIN_SCALES["urge_to_fix"][0])
    page.locator("body").focus()
    tab_until(page, activation)
    page.keyboard.type("4")
    expect(activation).to_have_value("4")
    page.keyboard.press("ArrowDown")  # arrow keys step the list and keep focus
    expect(activation).to_have_value("5")
    expect(activation).to_be_focused()
    page.keyboard.press("Tab")
    expect(urge).to_be_focused()
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    expect(button(checkin, "Record check-in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(checkin.get_by_role("status")).to_contain_text("✔ Saved your check-in.")

    # The vignette: own words first, then the radio group, Respond, practice.
    tab_until(page, own_words_box(player))
    page.keyboard.type(OWN_WORDS)
    expect(player.get_by_role("radio")).to_have_count(0)
    page.keyboard.press("Tab")
    expect(button(player, "Save my words")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Your words are saved.")
    expect(button(player, "Words saved")).to_be_focused()
    page.keyboard.press("Tab")
    expect(radio[ids[0]]).to_be_focused()
    page.keyboard.press("Space")
    expect(radio[ids[0]]).to_be_checked()
    page.keyboard.press("End")
    expect(radio[ids[-1]]).to_be_checked()
    page.keyboard.press("ArrowDown")  # wraps to the first
    expect(radio[ids[0]]).to_be_focused()
    for step in range(1, ids.index("invite") + 1):
        page.keyboard.press("ArrowDown")
        expect(radio[ids[step]]).to_be_checked()
    expect(radio["invite"]).to_be_focused()
    page.keyboard.press("Tab")
    expect(respond).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text(f"✔ Saved (graded). {tomas.client.name} responds")
    expect(respond).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(radio[later_ids[-1]]).to_be_focused()
    page.keyboard.press("Space")
    for step in range(len(later_ids) - 2, later_ids.index("stay") - 1, -1):
        page.keyboard.press("ArrowUp")
        expect(radio[later_ids[step]]).to_be_checked()
    page.keyboard.press("Tab")
    expect(respond).to_be_focused()
    page.keyboard.press("Space")
    expect(status).to_contain_text("✔ Saved. Path complete (graded).")
    # Respond is switched off at the end (its name says so) and focus moves on to Replay by itself.
    expect(button(player, "Respond (path ended)")).to_be_disabled()
    replay = button(player, "Replay in practice mode")
    expect(replay).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("↻ Practice mode")
    expect(replay).to_be_focused()
    assert [(e["kind"], e["value"]) for e in read_log(folder) if e["item"] == "m2.tomas"] == [
        ("own_words", OWN_WORDS), ("commit", "invite"), ("commit", "stay")]
    assert read_log(folder)[0]["value"] == {"activation": 5, "urge_to_fix": 6}

    # The teaching model's slider: named, moved with the arrows, its number box follows.
    model = page.locator(".attuned-model").first
    handle = model.get_by_role("slider", name="Explanation per session", exact=True)
    number = model.get_by_role("spinbutton", name="Explanation per session (number)", exact=True)
    tab_until(page, handle)
    page.keyboard.press("ArrowRight")
    expect(number).to_have_value("0.6")
    expect(model.get_by_role("status")).to_contain_text("After 20 sessions")
    expect(handle).to_be_focused()


def test_every_control_is_named_and_axe_passes_in_voila(voila_server, page):
    open_in_voila(page, voila_server, "voila-axe")
    boxes = page.locator(".attuned")
    for index in range(boxes.count()):
        assert unnamed_controls(boxes.nth(index)) == [], f"unnamed controls in widget {index}"
        expect(boxes.nth(index).get_by_role("status")).to_have_text(re.compile(r"^\W\s+\w.*\w"))
    models = page.locator(".attuned-model")
    for index in range(models.count()):
        assert unnamed_controls(models.nth(index)) == [], f"unnamed controls in teaching model {index}"
    tomas = get_course().vignette("m2.tomas")
    player = widget(page, tomas.title)
    write_own_words(player, OWN_WORDS)
    player.get_by_role("radio", name=tomas.scene(tomas.start).option("explain").text, exact=True).check()
    button(player, "Respond").click()
    expect(player.get_by_role("status")).to_contain_text("✔ Saved (graded).")
    problems = axe_serious(page, [[".attuned"], [".attuned-model"]])
    assert problems == [], "axe found serious/critical violations in Voila:\n" + "\n".join(problems)


def test_respond_commits_the_option_on_screen_while_the_kernel_lags_in_voila(voila_server, page):
    folder = open_in_voila(page, voila_server, "voila-kernel-lags")
    tomas = get_course().vignette("m2.tomas")
    scene = tomas.scene(tomas.start)
    shown = shown_ids(tomas.id, scene)  # the order the page shows (attuned.notebook.option_order)
    invite_index = shown.index("invite")
    player = widget(page, tomas.title)
    write_own_words(player, OWN_WORDS)
    radio = {o.id: player.get_by_role("radio", name=o.text, exact=True) for o in scene.options}
    respond = button(player, "Respond")
    radio["invite"].click()
    expect(respond).to_be_enabled()
    neighbour = shown[(invite_index + 1) % len(shown)]
    relpath = f"{folder.name}/{folder.name}.ipynb"
    with KernelHeldBusy(voila_server, relpath, seconds=3) as kernel:
        page.keyboard.press("ArrowDown")
        expect(radio[neighbour]).to_be_checked()
        page.keyboard.press("ArrowUp")
        expect(radio["invite"]).to_be_checked()
        page.keyboard.press("Tab")
        expect(respond).to_be_focused()
        page.keyboard.press("Enter")
        assert kernel.still_busy(), "the kernel finished too soon: this run did not exercise the race"
    expect(player.get_by_role("status")).to_contain_text("✔ Saved (graded).")
    assert [(e["kind"], e["value"]) for e in read_log(folder) if e["kind"] != "own_words"] == [("commit", "invite")]
