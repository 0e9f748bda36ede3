"""A fresh or restarted server: a shared link to a sub-page, and a tab left open across a restart.

On its first run Streamlit sees the ``pages/`` folder and runs the requested page on its own,
before ``app.py``; these tests start a server of their own so that their request is that first run.
"""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.helpers import needs_mnist
from tools.browser import SEVEN, VIEWPORT, draw, prediction, wait_for_app_run
from tools.server import running_app

_PAGES = [re.compile(f"{title}$") for title in ("Draw", "Metrics", "Errors", "My digits", "Lab")]  # after the icon's name


def canvas_key(page: Page) -> str:
    """The canvas's widget key, which is new in every server process."""
    return re.search(r"st-key-(canvas_\w+)", page.locator("[class*='st-key-canvas_']").get_attribute("class")).group(1)


def expect_the_whole_app(page: Page, heading: str) -> None:
    """The page's own heading, no traceback, and the app's five pages in the sidebar (not its files)."""
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link")).to_have_text(_PAGES)


@pytest.mark.parametrize(
    "path, heading, then, then_heading",
    [
        ("?task=five_or_three", "Level 2 - 5 or 3?", "Metrics", "Metrics - Level 2 - 5 or 3?"),
        ("metrics?task=which_digit", "Metrics - Level 3 - Which digit?", "Draw", "Level 3 - Which digit?"),
        pytest.param("errors?task=five_or_not", "Errors - Level 1 - Is it a 5?", "Draw", "Level 1 - Is it a 5?",
                     marks=needs_mnist),
    ],
    ids=["draw", "metrics", "errors"],
)
def test_a_sub_page_can_be_the_first_request_of_a_fresh_server(browser: Browser, path, heading, then, then_heading):
    page = browser.new_page(viewport=VIEWPORT)
    with running_app() as server:
        page.goto(f"{server.url}/{path}")
        wait_for_app_run(page)
        expect_the_whole_app(page, heading)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=then).click()
        wait_for_app_run(page)
        expect_the_whole_app(page, then_heading)
    page.close()


def test_a_tab_left_open_across_a_restart_keeps_working(browser: Browser):
    page = browser.new_page(viewport=VIEWPORT)
    with running_app() as server:
        page.goto(f"{server.url}/?task=which_digit")
        wait_for_app_run(page)
        port = server.port
        before = canvas_key(page)
    with running_app(port=port):
        # Any rerun on the new server (here the visitor opens the Draw page again; a stroke does the
        # same when the old canvas still shows) gives the tab a fresh canvas, its files loaded from
        # the live server: one whose files failed to load while the server was down is replaced.
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Draw").click()
        expect(page.locator("[class*='st-key-canvas_']")).not_to_have_class(re.compile(before), timeout=60_000)
        wait_for_app_run(page)
        expect(page.get_by_text("BidiComponent Error")).to_have_count(0)
        draw(page, SEVEN)
        expect(prediction(page)).to_have_text("7", timeout=30_000)
        expect_the_whole_app(page, "Level 3 - Which digit?")
    page.close()
