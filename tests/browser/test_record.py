"""Run All, as the notebook recommends, ends on a calm, readable record (JupyterLab, 1280 px wide).

A trainee who has answered some items (a Tomás path, one knowledge check) presses Run ▸ Run All
Cells in the module 02 notebook. Held: no red traceback and no stderr anywhere; each item not yet
answered says "Not answered yet" with what to do; the answered path is shown as formatted text
(HTML, not a monospace dump) that wraps inside the notebook's width: no record scrolls sideways;
the calls behind the record start collapsed; no bare ``Out[n]: 2.6`` line follows a record.
"""

from __future__ import annotations

import pytest
from browser_helpers import M2, copy_release_notebook, open_notebook, run_all_cells
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_run_all_ends_on_a_calm_record_that_fits_the_page(lab_server, page):
    from attuned.notebook.responses import ResponseLog

    folder = lab_server.root / "record"
    notebook = copy_release_notebook(folder)
    log = ResponseLog(folder / "responses.jsonl")
    log.append("m2.tomas", "own_words", "It sounds like that came out of nowhere and hit hard. " * 3)
    log.append("m2.tomas", "commit", "explain", scene="opening", run="r1")
    log.append("m2.tomas", "commit", "repair", scene="flat", run="r1")
    log.append("m2.kc-insight", "check", ["b"])
    assert page.viewport_size["width"] == 1280

    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)
    records = page.locator(".jp-OutputArea-output .attuned-record")
    expect(records.first).to_be_visible()
    assert records.count() == 7, "one record per autograded item of module 02"
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.get_by_text("Traceback").count() == 0 and page.get_by_text("NotAnswered:").count() == 0
    calm = page.locator(".attuned-record", has_text="Not answered yet")
    assert calm.count() == 5  # Linh, both check-ins, two of the three checks
    expect(calm.filter(has_text="m2.linh").first).to_contain_text("choose a response and press Respond")
    tomas = page.locator(".attuned-record", has_text="your graded path")
    expect(tomas).to_contain_text("Score:")
    assert tomas.locator("ol > li").count() == 2, "each step of the path is an item of a list"
    # Nothing scrolls sideways: every record is as wide as its output area, or narrower.
    overflow = page.evaluate("""() => [...document.querySelectorAll('.attuned-record')].filter(r => {
        const area = r.closest('.jp-OutputArea-output');
        return r.scrollWidth > r.clientWidth + 1 || area.scrollWidth > area.clientWidth + 1;
    }).length""")
    assert overflow == 0
    # The calls are collapsed, and no bare score line follows a record.
    record_cells = page.locator(".jp-CodeCell", has=page.locator(".attuned-record"))
    assert record_cells.count() == 7
    assert record_cells.locator(".jp-InputArea .jp-Editor:visible").count() == 0
    assert record_cells.locator(".jp-OutputArea-executeResult").count() == 0
    assert M2.startswith("02-")
