"""Pictures for the docs, cropped to one widget each; `make screenshots` writes them to docs/screenshots/.

With ATTUNED_SCREENSHOTS set to a folder the PNGs go there; without it they go to a temp folder,
so these tests still check on every run that each widget renders and that each picture stays
small (≤ 150 KB).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from browser_helpers import (
    OPEN_PAGES,
    button,
    copy_release_notebook,
    open_notebook,
    own_words_box,
    run_all_cells,
    widget,
    write_own_words,
)
from playwright.sync_api import expect

from attuned.model.course import get_course

pytestmark = pytest.mark.browser

MAX_BYTES = 150 * 1024


@pytest.fixture(scope="module")
def pictures(tmp_path_factory) -> Path:
    target = os.environ.get("ATTUNED_SCREENSHOTS")
    folder = Path(target).resolve() if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(locator, path: Path, margin: int = 8) -> Path:
    """A picture of one element with a small margin; the viewport is tall enough to hold it whole."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None, f"nothing to photograph for {path.name}"
    viewport = locator.page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], f"{path.name}: element taller than the view"
    clip = {"x": max(box["x"] - margin, 0), "y": max(box["y"] - margin, 0),
            "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin}
    locator.page.screenshot(path=str(path), clip=clip, animations="disabled", caret="hide")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 300 and height >= 150, f"{path.name} is suspiciously small: {width}x{height}"
    assert len(data) <= MAX_BYTES, f"{path.name} is {len(data) // 1024} KB (limit {MAX_BYTES // 1024} KB)"
    return path


@pytest.fixture(scope="module")
def module_02(lab_server, chromium_context):
    """Module 02 opened and run once in JupyterLab; the tests below take pictures from it in order."""
    folder = lab_server.root / "pictures"
    notebook = copy_release_notebook(folder)
    page = chromium_context.new_page()
    page.set_viewport_size({"width": 1100, "height": 2000})  # the longest picture fits without scrolling
    OPEN_PAGES.append(page)
    open_notebook(page, lab_server, f"{folder.name}/{notebook.name}")
    run_all_cells(page)
    yield page
    OPEN_PAGES.remove(page)
    page.close()


def test_screenshot_vignette_before_and_after_commit(module_02, pictures):
    page = module_02
    tomas = get_course().vignette("m2.tomas")
    invite = tomas.scene(tomas.start).option("invite")
    player = widget(page, tomas.title)
    expect(player.get_by_role("status")).to_contain_text("Your first run is graded.")
    own_words_box(player).fill("You understand it completely, and it still floods you. That sounds exhausting.")
    shoot(player, pictures / "vignette-own-words-first.png")
    write_own_words(player, "You understand it completely, and it still floods you. That sounds exhausting.")
    player.get_by_role("radio", name=invite.text, exact=True).check()
    shoot(player, pictures / "vignette-before-commit.png")

    button(player, "Respond").click()
    expect(player.get_by_role("status")).to_contain_text("Saved (graded).")
    card = player.locator(".attuned-card").filter(has_text="Supervisor's ratings")
    expect(card).to_contain_text(invite.ratings_in_words())
    shoot(player, pictures / "vignette-after-commit.png")


def test_screenshot_teaching_model_insight_vs_experience(module_02, pictures):
    page = module_02
    cell = page.locator(".jp-CodeCell").filter(has_text='TeachingModel("insight-vs-experience")')
    view = cell.locator(".jp-OutputArea-output .widget-vbox").first
    expect(view.get_by_role("img")).to_be_visible()
    expect(view.get_by_role("status")).to_contain_text("After 20 sessions")
    shoot(view, pictures / "teaching-model-insight-vs-experience.png")


def test_screenshot_cohort_report(graded_course, page, pictures, tmp_path):
    from attuned.reports.cohort_report import write_report

    report = write_report(graded_course.course, tmp_path / "report")
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(report.as_uri())
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name="First responses: fix, interpret, reassure or attuned?"))
    expect(section.get_by_role("img")).to_be_visible()
    expect(section.get_by_role("table")).to_be_visible()
    shoot(section, pictures / "cohort-report-first-responses.png")
