"""The trainee's path through module 02 in a real JupyterLab (and Notebook 7): issue 23, item 7.

- Above each vignette the notebook says that the trainee's own words come first, and how many.
- Own words shorter than the minimum are refused under the box, in words a screen reader reads
  (the box is marked invalid and the reason joins its description); enough words are accepted.
- At the end of a path Respond is switched off, says so in its name and in the status line, and
  keyboard focus moves to Replay in practice mode (never to the page body).
- Typing a reflection while the notebook is in command mode no longer turns the answer cell into a
  raw or code cell, pastes copies of it or inserts cells: the course's shortcut defaults
  (attuned/notebook/lab_settings.py, installed into the environment) make the first key open the cell.
Each outcome is read where it lands: the page, the response log, the saved notebook, and
`nbgrader validate` on it.
"""

from __future__ import annotations

import json
import re

import pytest
from browser_helpers import (
    OWN_WORDS,
    axe_serious,
    button,
    copy_release_notebook,
    open_notebook,
    own_words_box,
    read_log,
    run_all_cells,
    save_notebook,
    validate,
    widget,
)
from playwright.sync_api import expect

from attuned.model.course import get_course
from attuned.model.vocab import OWN_WORDS_MIN_WORDS, own_words_rule
from attuned.notebook.lab_settings import ANSWER_CELL_SELECTOR

pytestmark = pytest.mark.browser

NOTEBOOK_STATE_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const cells = nb.widgets.map(c => ({type: c.model.type, id: (c.model.getMetadata('nbgrader') || {}).grade_id || null,
                                      source: c.model.sharedModel.getSource()}));
  return {mode: nb.mode, active: nb.activeCellIndex, cells};
}"""


def test_own_words_minimum_is_refused_then_accepted_and_respond_switches_off_at_the_end(lab_server, page):
    folder = lab_server.root / "path"
    notebook = copy_release_notebook(folder)
    tomas = get_course().vignette("m2.tomas")
    opening = tomas.scene(tomas.start)
    invite = opening.option("invite")
    stay = tomas.scene(invite.next).option("stay")

    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)

    # The heading above the vignette says own words come first, with the minimum and why.
    steps = page.locator(".jp-MarkdownCell").filter(has_text="Your own words come first.").first
    expect(steps).to_contain_text(f"write what you would say to {tomas.client.name}")
    expect(steps).to_contain_text(own_words_rule())
    player = widget(page, tomas.title)
    status = player.get_by_role("status")
    expect(player).to_contain_text(own_words_rule())  # and the widget says it again, before typing
    box = own_words_box(player)
    expect(box).to_have_accessible_description(re.compile(re.escape(f"at least {OWN_WORDS_MIN_WORDS} words")))

    # "ok" is refused: the reason under the box, in words with a symbol, and announced.
    box.fill("ok")
    button(player, "Save my words").click()
    reason = f"your words to {tomas.client.name} have 1 word. Write at least {OWN_WORDS_MIN_WORDS} words"
    error = player.locator(".attuned-form-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"⚠ Not saved: {reason}")
    expect(status).to_contain_text(reason)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile(re.escape(reason)))
    expect(box).to_have_value("ok")
    expect(player.get_by_role("radio")).to_have_count(0)
    assert read_log(folder) == [], "nothing short is ever saved"
    problems = axe_serious(page, [[".attuned"]])
    assert problems == [], "axe-core, with the refusal on screen:\n" + "\n".join(problems)

    # Enough words, by keyboard: accepted, the reason goes, the options appear.
    box.fill("")
    box.press_sequentially(OWN_WORDS)
    page.keyboard.press("Tab")
    expect(button(player, "Save my words")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Your words are saved.")
    expect(error).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(player.get_by_role("radio")).to_have_count(len(opening.options))

    # The graded path to its end; the last Respond pressed from the keyboard.
    respond = button(player, "Respond")
    player.get_by_role("radio", name=invite.text, exact=True).check()
    respond.click()
    expect(status).to_contain_text("Saved (graded).")
    player.get_by_role("radio", name=stay.text, exact=True).check()
    respond.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Path complete (graded)")
    expect(status).to_contain_text("Respond is switched off")
    ended = button(player, "Respond (path ended)")
    expect(ended).to_be_visible()
    expect(ended).to_be_disabled()
    replay = button(player, "Replay in practice mode")
    expect(replay).to_be_focused()  # focus moved from the switched-off button, not dropped to the page
    expect(player).to_contain_text("End of this path.")
    problems = axe_serious(page, [[".attuned"]])
    assert problems == [], "axe-core, at the end of the path:\n" + "\n".join(problems)
    assert [(e["kind"], e["value"]) for e in read_log(folder)] == [
        ("own_words", OWN_WORDS), ("commit", "invite"), ("commit", "stay")]

    # Practice replay is still available, by its own control, and ends the same way.
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Practice mode: nothing you choose now changes your grade.")
    practice = button(player, "Respond (practice)")
    expect(practice).to_be_disabled()  # until a response is chosen
    player.get_by_role("radio", name=invite.text, exact=True).check()
    practice.click()
    player.get_by_role("radio", name=stay.text, exact=True).check()
    practice.focus()
    page.keyboard.press("Space")
    expect(status).to_contain_text("Path complete (practice)")
    expect(button(player, "Respond (practice, path ended)")).to_be_disabled()
    expect(replay).to_be_focused()
    assert [e["kind"] for e in read_log(folder)] == ["own_words", "commit", "commit", "practice", "practice"]


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_typing_a_reflection_in_command_mode_opens_the_answer_cell_and_never_changes_the_notebook(app, request, page):
    server = request.getfixturevalue(f"{app}_server")
    folder = server.root / f"command-mode-{app}"
    notebook = copy_release_notebook(folder)
    open_notebook(page, server, f"{folder.name}/{notebook.name}")
    before = page.evaluate(NOTEBOOK_STATE_JS)
    answer_id = "m2-reflect-insight-answer"
    index = next(i for i, c in enumerate(before["cells"]) if c["id"] == answer_id)
    answer = page.locator(".jp-Notebook .jp-Cell").nth(index)
    assert "Shift+Enter" in before["cells"][index - 1]["source"], "the prompt above says how to edit"

    def structure() -> list[tuple[str, str | None]]:
        return [(c["type"], c["id"]) for c in page.evaluate(NOTEBOOK_STATE_JS)["cells"]]

    def to_command_mode_on_the_answer() -> None:
        page.keyboard.press("Escape")
        answer.click(position={"x": 200, "y": 10})
        page.keyboard.press("Escape")
        expect(answer).to_be_focused()
        state = page.evaluate(NOTEBOOK_STATE_JS)
        assert (state["mode"], state["active"]) == ("command", index)
        assert page.evaluate("(sel) => document.activeElement.matches(sel)", ANSWER_CELL_SELECTOR)

    # What a browser without :has() sees is still a valid selector (it matches nothing, and Lumino
    # would refuse an invalid one together with every shortcut after it).
    without_has = ANSWER_CELL_SELECTOR.replace(":has(", ":no-such-pseudo-class(")
    assert page.evaluate("(sel) => { document.querySelector(sel); return document.querySelectorAll(sel).length; }",
                         without_has) == 0

    # Every key JupyterLab would read as a cell command: each only opens the answer cell for typing.
    for keys in (["r"], ["y"], ["m"], ["a"], ["b"], ["Shift+A"], ["c"], ["v"], ["x"], ["z"], ["Shift+M"], ["1"],
                 ["j"], ["k"], ["d", "d"], ["i", "i"], ["0", "0"]):
        to_command_mode_on_the_answer()
        for key in keys:
            page.keyboard.press(key)
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.content.mode === 'edit'")
        state = page.evaluate(NOTEBOOK_STATE_JS)
        assert state["active"] == index and structure() == [(c["type"], c["id"]) for c in before["cells"]], keys
        assert state["cells"][index]["source"] == "YOUR ANSWER HERE", f"{keys} typed nothing into the answer"

    # A reflection typed straight away in command mode: the first key opens the cell, the rest is text.
    to_command_mode_on_the_answer()
    page.keyboard.type("Reading it back, I notice how quickly I wanted to explain.")
    state = page.evaluate(NOTEBOOK_STATE_JS)
    assert state["mode"] == "edit" and structure() == [(c["type"], c["id"]) for c in before["cells"]]
    assert state["cells"][index]["source"].startswith("eading it back, I notice how quickly I wanted to explain.")
    page.keyboard.press("Control+a")
    reflection = ("A composite case: a client could explain his fear of being left in detail, and the explaining "
                  "changed nothing; what shifted it was a therapist who stayed when he pushed her away.")
    page.keyboard.type(reflection)
    page.keyboard.press("Shift+Enter")
    expect(answer.locator(".jp-RenderedMarkdown")).to_contain_text(reflection[:50])

    # Elsewhere JupyterLab's own shortcuts are untouched: B on the (locked) title cell inserts a cell.
    if app == "lab":
        page.locator(".jp-Notebook .jp-Cell").first.click(position={"x": 200, "y": 10})
        page.keyboard.press("Escape")
        page.keyboard.press("b")
        page.wait_for_function("(n) => window.jupyterapp.shell.currentWidget.content.widgets.length === n",
                               arg=len(before["cells"]) + 1)
        page.keyboard.press("d")
        page.keyboard.press("d")  # and D D deletes that new, empty cell again
        page.wait_for_function("(n) => window.jupyterapp.shell.currentWidget.content.widgets.length === n",
                               arg=len(before["cells"]))

    saved = save_notebook(page, notebook, reflection[-40:])
    cells = saved["cells"]
    assert [(c["cell_type"], c["metadata"].get("nbgrader", {}).get("grade_id")) for c in cells] == \
        [(c["type"], c["id"]) for c in before["cells"]]
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cells if "nbgrader" in c["metadata"]]
    assert len(ids) == len(set(ids)), "no pasted copy of an answer cell (a duplicate grade id)"
    answer_cell = cells[index]
    assert answer_cell["cell_type"] == "markdown" and "".join(answer_cell["source"]) == reflection

    # nbgrader validate reads the answer as answered, and has nothing to say about cell types or copies.
    out, failed = validate(notebook)
    assert reflection not in failed and not any(reflection[:40] in source for source in failed), out
    assert "YOUR ANSWER HERE" in failed, "the other reflection is still unanswered, and reported"
    assert not re.search(r"changed to a|cell type|duplicate|grade id", out, re.I), out
    assert json.loads(notebook.read_text(encoding="utf-8"))["nbformat"] == 4
