"""Accessibility of our widgets in JupyterLab: keyboard only, accessible names, announced status, axe-core.

axe-core (npm, pinned by tests/browser/package-lock.json; `make system-deps` installs it) is
injected into the page and run on our widgets only (every ``.attuned`` box): JupyterLab's own
chrome is not ours to fix here. Serious and critical violations fail the test.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    OWN_WORDS,
    RUN_ALL_DONE_JS,
    TIMEOUT_MS,
    KernelHeldBusy,
    axe_serious,
    button,
    copy_release_notebook,
    open_notebook,
    own_words_box,
    read_log,
    run_all_cells,
    shown_ids,
    unnamed_controls,
    widget,
    write_own_words,
)
from playwright.sync_api import expect

from attuned.model.course import get_course
from attuned.model.exercise import CHECKIN_SCALES

pytestmark = pytest.mark.browser

ACTIVE_CELL_JS = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
CELL_INDEX_JS = """(source) => window.jupyterapp.shell.currentWidget.content.widgets
  .findIndex(c => c.model.sharedModel.getSource().trim() === source)"""


def move_to_cell(page, source: str) -> None:
    """Command mode, then arrow keys until the cell with ``source`` is the active, focused cell."""
    target = page.evaluate(CELL_INDEX_JS, source)
    assert target >= 0, source
    page.keyboard.press("Escape")
    for _ in range(200):
        current = page.evaluate(ACTIVE_CELL_JS)
        if current == target:
            break
        page.keyboard.press("ArrowDown" if current < target else "ArrowUp")
        page.wait_for_function(f"(before) => ({ACTIVE_CELL_JS})() !== before", arg=current)
    expect(page.locator(".jp-Notebook .jp-Cell.jp-mod-active")).to_be_focused()


def tab_into(page, target, cell, limit: int = 12) -> int:
    """Press Tab until ``target`` has focus (past the active cell's own toolbar), never leaving ``cell``."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
        assert cell.evaluate("c => c.contains(document.activeElement)"), "Tab left the cell before reaching the widget"
    raise AssertionError(f"{limit} presses of Tab did not reach {target}")


def tab_to(page, target, limit: int = 4) -> None:
    """Press Tab until ``target`` has focus (a radio group may take one stop before it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab did not reach {target}")


def run_all_from_the_command_palette(page) -> None:
    page.keyboard.press("Control+Shift+c")
    expect(page.locator(".lm-CommandPalette-input")).to_be_focused()
    page.keyboard.type("Run All Cells")
    expect(page.locator(".lm-CommandPalette-item.lm-mod-active")).to_have_attribute("data-command", "notebook:run-all-cells")
    page.keyboard.press("Enter")
    page.wait_for_function(RUN_ALL_DONE_JS, timeout=TIMEOUT_MS)


def test_a_vignette_can_be_worked_with_the_keyboard_only(lab_server, page):
    """Tab, typing, arrow keys, Space and Enter only: no mouse click from opening the notebook to
    practice mode, including the trainee's own words before the options appear."""
    folder = lab_server.root / "keyboard"
    notebook = copy_release_notebook(folder)
    tomas = get_course().vignette("m2.tomas")
    opening = tomas.scene(tomas.start)
    invite = opening.option("invite")
    window = tomas.scene(invite.next)
    stay = window.option("stay")
    ids = shown_ids(tomas.id, opening)  # the order this trainee's page shows (attuned.notebook.option_order)
    later_ids = shown_ids(tomas.id, window)

    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_from_the_command_palette(page)
    player = widget(page, tomas.title)
    status = player.get_by_role("status")
    respond = button(player, "Respond")
    radio = {o.id: player.get_by_role("radio", name=o.text, exact=True) for o in (*opening.options, *window.options)}

    # Arrow keys move between cells in command mode; Tab then enters the widget: first the text area.
    move_to_cell(page, 'Vignette("m2.tomas")')
    active_cell = page.locator(".jp-Notebook .jp-Cell.jp-mod-active")
    tab_into(page, own_words_box(player), active_cell)
    page.keyboard.type(OWN_WORDS)
    expect(own_words_box(player)).to_have_value(OWN_WORDS)
    expect(player.get_by_role("radio")).to_have_count(0)
    page.keyboard.press("Tab")
    save = button(player, "Save my words")
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Your words are saved.")
    expect(button(player, "Words saved")).to_be_focused()  # focus is not dropped to the page
    page.keyboard.press("Tab")
    expect(radio[ids[0]]).to_be_focused()
    page.keyboard.press("Space")
    expect(radio[ids[0]]).to_be_checked()
    for step in range(1, ids.index("invite") + 1):
        page.keyboard.press("ArrowDown")
        expect(radio[ids[step]]).to_be_checked()
    expect(radio["invite"]).to_be_focused()
    expect(radio["invite"]).to_be_checked()
    expect(respond).to_be_enabled()
    tab_to(page, respond)
    page.keyboard.press("Enter")
    expect(status).to_contain_text(f"✔ Saved (graded). {tomas.client.name} responds")
    expect(player).to_contain_text(invite.reaction)
    expect(player).to_contain_text(invite.ratings_in_words())
    expect(player).to_contain_text(OWN_WORDS)  # the card shows the trainee's words beside the choice
    # Focus stays on Respond (it is not disabled under the keyboard), and the new choices are just before it.
    expect(respond).to_be_focused()
    page.keyboard.press("Shift+Tab")
    last = later_ids[-1]
    expect(radio[last]).to_be_focused()
    page.keyboard.press("Space")
    expect(radio[last]).to_be_checked()
    for step in range(len(later_ids) - 2, later_ids.index("stay") - 1, -1):
        page.keyboard.press("ArrowUp")
        expect(radio[later_ids[step]]).to_be_checked()
    expect(radio["stay"]).to_be_focused()
    expect(radio["stay"]).to_be_checked()
    tab_to(page, respond)
    page.keyboard.press("Space")
    expect(status).to_contain_text("✔ Saved. Path complete (graded).")
    # The path has ended: Respond is switched off, says so in its name and in the status line
    # (announced), and focus moves on to Replay rather than being dropped to the page.
    expect(status).to_contain_text("Respond is switched off")
    expect(button(player, "Respond (path ended)")).to_be_disabled()
    replay = button(player, "Replay in practice mode")
    expect(replay).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("↻ Practice mode: nothing you choose now changes your grade.")
    expect(replay).to_be_focused()
    assert [(e["kind"], e["value"]) for e in read_log(folder)] == [
        ("own_words", OWN_WORDS), ("commit", "invite"), ("commit", stay.id)]

    # A check-in dropdown also works from the keyboard: Tab to it, type the number.
    checkin = widget(page, "Check-in (before the vignettes)")
    activation = checkin.get_by_role("combobox", name=CHECKIN_SCALES["activation"][0])
    urge = checkin.get_by_role("combobox", name=CHECKIN_SCALES["urge_to_fix"][0])
    move_to_cell(page, 'CheckIn("m2.checkin-before")')
    tab_into(page, activation, active_cell)
    page.keyboard.type("4")
    expect(activation).to_have_value("4")
    page.keyboard.press("Tab")
    expect(urge).to_be_focused()
    page.keyboard.type("6")
    expect(urge).to_have_value("6")
    page.keyboard.press("Tab")
    expect(button(checkin, "Record check-in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(checkin.get_by_role("status")).to_contain_text("✔ Saved your check-in.")
    assert read_log(folder)[-1]["value"] == {"activation": 4, "urge_to_fix": 6}


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_arrow_keys_work_inside_choices_dropdowns_and_sliders_and_never_move_the_notebook(app, request, page):
    """The course's anywidget components keep arrow keys inside their controls (attuned/notebook/controls/*.js).

    Stock ipywidgets let JupyterLab's command mode turn ArrowUp/ArrowDown on any non-text control
    into "go to the next cell", and their radios have no arrow-key group at all."""
    server = request.getfixturevalue(f"{app}_server")
    folder = server.root / f"arrows-{app}"
    notebook = copy_release_notebook(folder)
    course = get_course()
    tomas = course.vignette("m2.tomas")
    options = list(tomas.scene(tomas.start).options)
    ids = shown_ids(tomas.id, tomas.scene(tomas.start))  # the order the page shows
    open_notebook(page, server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)

    def focused_cell_holds(scope) -> bool:
        return scope.evaluate("el => el.closest('.jp-Cell').contains(document.activeElement)")

    # A vignette's choices: the WAI-ARIA radio group (arrows move and select, wrapping at the ends).
    player = widget(page, tomas.title)
    write_own_words(player, OWN_WORDS)
    radio = {o.id: player.get_by_role("radio", name=o.text, exact=True) for o in options}
    radio[ids[0]].focus()
    page.keyboard.press("ArrowDown")
    expect(radio[ids[1]]).to_be_focused()
    expect(radio[ids[1]]).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(radio[ids[2 % len(ids)]]).to_be_checked()
    for _ in range(len(ids) - 3):  # on to the last, then ArrowDown wraps to the first
        page.keyboard.press("ArrowDown")
    expect(radio[ids[-1]]).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(radio[ids[0]]).to_be_focused()
    expect(radio[ids[0]]).to_be_checked()
    page.keyboard.press("ArrowUp")  # and back round to the last
    expect(radio[ids[-1]]).to_be_focused()
    expect(radio[ids[-1]]).to_be_checked()
    for step in range(len(ids) - 2, ids.index("invite") - 1, -1):  # up to "invite"
        page.keyboard.press("ArrowUp")
        expect(radio[ids[step]]).to_be_checked()
    expect(radio["invite"]).to_be_focused()
    assert focused_cell_holds(player), "an arrow key moved the notebook out of the vignette"
    # The choice made with arrows is the one Enter on Respond commits (the press carries it).
    expect(button(player, "Respond")).to_be_enabled()
    tab_to(page, button(player, "Respond"))
    page.keyboard.press("Enter")
    expect(player.get_by_role("status")).to_contain_text("✔ Saved (graded).")
    assert [(e["kind"], e["value"]) for e in read_log(folder) if e["kind"] != "own_words"] == [("commit", "invite")]

    # A check-in dropdown steps with the arrows and keeps focus.
    checkin = widget(page, "Check-in (before the vignettes)")
    activation = checkin.get_by_role("combobox", name=CHECKIN_SCALES["activation"][0])
    activation.select_option(label="3")
    activation.focus()
    page.keyboard.press("ArrowDown")
    expect(activation).to_have_value("4")
    expect(activation).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(activation).to_have_value("2")
    assert focused_cell_holds(checkin), "an arrow key moved the notebook out of the check-in"

    # A teaching model's slider: the handle is named after its label and moves with the arrows,
    # and its linked number box follows.
    model = page.locator(".attuned-model").first
    handle = model.get_by_role("slider", name="Explanation per session", exact=True)
    number = model.get_by_role("spinbutton", name="Explanation per session (number)", exact=True)
    expect(number).to_have_value("0.5")
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(number).to_have_value("0.6")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(number).to_have_value("0.4")
    expect(handle).to_be_focused()
    assert focused_cell_holds(model), "an arrow key moved the notebook out of the teaching model"


def test_every_control_is_named_status_is_announced_and_axe_passes(lab_server, page):
    folder = lab_server.root / "axe"
    notebook = copy_release_notebook(folder)
    course = get_course()
    tomas, kc_single, kc_multi = course.vignette("m2.tomas"), course.check("m2.kc-insight"), course.check(
        "m2.kc-reconsolidation")
    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)
    boxes = page.locator(".attuned")
    expect(boxes).to_have_count(7)  # 2 check-ins, 2 vignettes, 3 knowledge checks in module 02

    def check_all(state: str) -> None:
        for index in range(boxes.count()):
            box = boxes.nth(index)
            assert unnamed_controls(box) == [], f"{state}: unnamed controls in widget {index}"
            statuses = box.get_by_role("status")
            expect(statuses).to_have_count(1)
            # Words, with a symbol that doubles the meaning: never colour or an icon alone.
            expect(statuses).to_have_text(re.compile(r"^\W\s+\w.*\w"))
        problems = axe_serious(page, [[".attuned"]])
        assert problems == [], f"{state}: axe found serious/critical violations:\n" + "\n".join(problems)

    check_all("freshly run")

    player = widget(page, tomas.title)
    respond = button(player, "Respond")
    respond_status = player.get_by_role("status")
    button(player, "Save my words").click()  # empty: refused, and the reason is announced
    expect(respond_status).to_contain_text("⚠ Write what you would say to Tomás first")
    write_own_words(player, OWN_WORDS)
    first = tomas.scene(tomas.start).option("explain")
    player.get_by_role("radio", name=first.text, exact=True).check()
    respond.click()
    expect(respond_status).to_have_text(re.compile(r"^✔ Saved \(graded\)\."))
    expect(player).to_contain_text("Something has strained between you")  # a rupture, said in words
    respond.click()  # nothing chosen yet: the reason is announced, not a silent no-op
    expect(respond_status).to_have_text("⚠ choose a response before pressing Respond")

    single = widget(page, kc_single.prompt)
    button(single, "Submit answer").click()
    expect(single.get_by_role("status")).to_have_text("⚠ Select an answer before submitting.")
    single.get_by_role("radio", name=kc_single.option("a").text, exact=True).check()
    button(single, "Submit answer").click()
    expect(single.get_by_role("status")).to_contain_text(f"✔ Saved your answer: “{kc_single.option('a').text}”.")

    multi = widget(page, kc_multi.prompt)
    for option in kc_multi.options[:2]:
        multi.get_by_role("checkbox", name=option.text, exact=True).check()
    button(multi, "Submit answer").click()
    expect(multi.get_by_role("status")).to_contain_text(
        f"✔ Saved your answer: {kc_multi.describe([kc_multi.options[0].id, kc_multi.options[1].id])}.")

    checkin = widget(page, "Check-in (after the vignettes)")
    button(checkin, "Record check-in").click()
    expect(checkin.get_by_role("status")).to_contain_text("⚠ Choose a number for:")

    check_all("after answering")


def test_teaching_model_has_no_serious_axe_violations(lab_server, page):
    """Teaching models (`.attuned-model`) are checked on their own: chart as an image with alt text,
    every slider named after its visible label (a native range input), each number box labelled."""
    folder = lab_server.root / "teaching-model"
    notebook = copy_release_notebook(folder)
    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)
    model = page.locator(".jp-Cell").filter(has_text='TeachingModel("insight-vs-experience")')
    expect(model.get_by_role("img")).to_be_visible()
    sliders = model.get_by_role("slider")
    expect(sliders).to_have_count(4)
    assert unnamed_controls(model.locator(".attuned-model")) == []
    model.evaluate("cell => cell.classList.add('attuned-axe-target')")
    problems = axe_serious(page, [[".attuned-axe-target .jp-OutputArea-output"]])
    assert problems == [], "serious/critical violations in the teaching model:\n" + "\n".join(problems)


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_respond_commits_the_option_on_screen_even_while_the_kernel_lags(app, request, page):
    """The race the old lab extension could only wait out, now closed by construction.

    The kernel is held busy from a second client (a slow cell, a slow machine), so everything the
    page sends queues up. The trainee picks "invite", arrows to its neighbour and straight back,
    and presses Enter on Respond. The press itself carries the option on screen (one message), so
    the kernel commits "invite": nothing in the page waits, and no state update can arrive late.
    Then the same with the neighbour left chosen: the kernel commits the neighbour."""
    server = request.getfixturevalue(f"{app}_server")
    folder = server.root / f"kernel-lags-{app}"
    notebook = copy_release_notebook(folder)
    relpath = f"{folder.name}/{notebook.name}"
    tomas = get_course().vignette("m2.tomas")
    scene = tomas.scene(tomas.start)
    shown = shown_ids(tomas.id, scene)  # the order the page shows
    invite_index = shown.index("invite")
    open_notebook(page, server, relpath)
    run_all_cells(page)

    player = widget(page, tomas.title)
    write_own_words(player, OWN_WORDS)
    radio = {o.id: player.get_by_role("radio", name=o.text, exact=True) for o in scene.options}
    respond = button(player, "Respond")
    radio["invite"].click()
    expect(respond).to_be_enabled()  # on the page, at once: no kernel round trip needed
    neighbour = shown[(invite_index + 1) % len(shown)]
    with KernelHeldBusy(server, relpath, seconds=3) as kernel:
        page.keyboard.press("ArrowDown")
        expect(radio[neighbour]).to_be_checked()
        page.keyboard.press("ArrowUp")
        expect(radio["invite"]).to_be_checked()
        tab_to(page, respond)
        page.keyboard.press("Enter")
        assert kernel.still_busy(), "the kernel finished too soon: this run did not exercise the race"
    expect(player.get_by_role("status")).to_contain_text("✔ Saved (graded).")
    assert [(e["kind"], e["value"]) for e in read_log(folder) if e["kind"] != "own_words"] == [("commit", "invite")]

    # The next scene, the other way round: arrow away and press at once commits the neighbour.
    second = tomas.scene(scene.option("invite").next)
    radio2 = {o.id: player.get_by_role("radio", name=o.text, exact=True) for o in second.options}
    first, after = shown_ids(tomas.id, second)[:2]
    radio2[first].click()
    with KernelHeldBusy(server, relpath, seconds=3) as kernel:
        page.keyboard.press("ArrowDown")
        expect(radio2[after]).to_be_checked()
        tab_to(page, respond)
        page.keyboard.press("Enter")
        assert kernel.still_busy(), "the kernel finished too soon: this run did not exercise the race"
    expect(player.get_by_role("status")).to_contain_text("✔ Saved")
    assert [e["value"] for e in read_log(folder) if e["kind"] == "commit"] == ["invite", after]
