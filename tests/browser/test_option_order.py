"""Issue 21, item 2, in a real browser: two trainees see module 02's options in different orders,
and each sees the same order again after Kernel ▸ Restart Kernel and Run All Cells.

The order is read from the page itself (the radio inputs in document order), never from the
kernel, and compared with the rule (attuned.notebook.option_order) for each trainee's own seed.
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    OWN_WORDS,
    button,
    copy_release_notebook,
    open_notebook,
    read_log,
    run_all_cells,
    shown_ids,
    widget,
    write_own_words,
)
from playwright.sync_api import expect

from attuned.model.course import get_course
from attuned.notebook.option_order import shuffled
from attuned.notebook.responses import LOG_NAME, ResponseLog

pytestmark = pytest.mark.browser

ON_PAGE_JS = "els => els.map(e => e.value)"


def two_seeds(tomas, opening, kc) -> dict[str, str]:
    """Seeds whose orders differ for both the vignette's first moment and the check (checked)."""
    for n in range(1, 100):
        seeds = {"ana": "ana-browser", "ben": f"ben-browser-{n}"}
        vignette = {name: shown_ids(tomas.id, opening, seed) for name, seed in seeds.items()}
        check = {name: [o.id for o in shuffled(kc.options, seed, kc.id)] for name, seed in seeds.items()}
        if vignette["ana"] != vignette["ben"] and check["ana"] != check["ben"]:
            return seeds
    raise AssertionError("no two seeds give different orders")


def orders_on_page(player, check) -> tuple[list[str], list[str]]:
    return (player.locator("input[type=radio]").evaluate_all(ON_PAGE_JS),
            check.locator("input[type=radio]").evaluate_all(ON_PAGE_JS))


def test_two_trainees_see_different_orders_and_the_same_after_a_kernel_restart(lab_server, page):
    course = get_course()
    tomas = course.vignette("m2.tomas")
    opening = tomas.scene(tomas.start)
    kc = course.check("m2.kc-insight")
    seen = {}
    for name, seed in two_seeds(tomas, opening, kc).items():
        folder = lab_server.root / f"order-{name}"
        folder.mkdir()
        ResponseLog(folder / LOG_NAME).append_seed(seed)  # this trainee's seed, as a first widget writes it
        notebook = copy_release_notebook(folder)
        open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
        run_all_cells(page)
        player, check = widget(page, tomas.title), widget(page, kc.prompt)
        write_own_words(player, OWN_WORDS)
        vignette_order, check_order = orders_on_page(player, check)
        assert vignette_order == shown_ids(tomas.id, opening, seed)
        assert check_order == [o.id for o in shuffled(kc.options, seed, kc.id)]
        assert sorted(vignette_order) == sorted(o.id for o in opening.options)
        # Answer the check with the option on top of this trainee's page: the log keeps its id.
        check.locator("input[type=radio]").first.check()
        button(check, "Submit answer").click()
        expect(check.get_by_role("status")).to_contain_text(f"Saved your answer: “{kc.option(check_order[0]).text}”.")
        assert [e["value"] for e in read_log(folder) if e["kind"] == "check"] == [[check_order[0]]]

        # Kernel ▸ Restart Kernel and Run All Cells…: new kernel, new widgets, the same order.
        page.get_by_role("menuitem", name="Kernel", exact=True).click()
        page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
        page.get_by_role("dialog").get_by_role("button", name="Confirm Kernel Restart").click()
        expect(check.get_by_role("status")).to_contain_text("Already answered on")
        expect(player.get_by_role("status")).to_contain_text("Choose a response, then press Respond.")
        expect(player.locator("input[type=radio]")).to_have_count(len(opening.options))
        assert orders_on_page(player, check) == (vignette_order, check_order), "the order changed on restart"
        seen[name] = (vignette_order, check_order)
    assert seen["ana"][0] != seen["ben"][0], "two trainees, the same vignette moment: different orders"
    assert seen["ana"][1] != seen["ben"][1], "two trainees, the same knowledge check: different orders"
