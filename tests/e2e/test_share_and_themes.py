"""A drawing's Share link opens the same answer for someone else, the visit's last inputs come back with a click,
and the app follows the visitor's light or dark theme."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tools.browser import ONE, SEVEN, VIEWPORT, draw, prediction, wait_for_app_run
from ui.history_state import HISTORY_OPEN
from ui.share import SHARE

_TIMEOUT = 30_000
# The app's background in each theme: Streamlit's own for the dark one, ours (.streamlit/config.toml) for the light one.
_BACKGROUND = {"dark": "rgb(23, 22, 20)", "light": "rgb(255, 255, 255)"}


def _drawn_seven(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?task=which_digit")
    wait_for_app_run(page)
    draw(page, SEVEN)
    expect(prediction(page)).to_have_text("7", timeout=_TIMEOUT)
    wait_for_app_run(page)


def test_a_share_link_shows_a_friend_the_same_drawing_and_answer(browser: Browser, page: Page, app_url: str):
    _drawn_seven(page, app_url)
    page.locator(f".st-key-{SHARE}").get_by_role("button", name="Share").click()
    link = page.get_by_test_id("stCode").inner_text().strip()
    assert link.startswith(f"{app_url}/?task=which_digit&model=") and "&d=" in link and len(link) <= 700

    friend = browser.new_context(viewport=VIEWPORT)  # another browser: no cookie, no session of the first visitor
    try:
        other = friend.new_page()
        other.goto(link)
        wait_for_app_run(other)
        expect(prediction(other)).to_have_text(prediction(page).inner_text(), timeout=_TIMEOUT)
        expect(other.get_by_text("This image came from a link")).to_be_visible()
        expect(other.get_by_test_id("stException")).to_have_count(0)
    finally:
        friend.close()


def test_a_click_in_the_history_shows_an_input_again_until_the_canvas_changes(page: Page, app_url: str):
    _drawn_seven(page, app_url)
    page.get_by_role("button", name="Reset canvas & history").click()
    wait_for_app_run(page)
    draw(page, ONE)
    expect(prediction(page)).to_have_text("1", timeout=_TIMEOUT)
    wait_for_app_run(page)
    page.locator(f".st-key-{HISTORY_OPEN}").get_by_text("Your last inputs").click()
    page.locator(".st-key-again_1").get_by_role("button", name="7").click()  # the first input, the 7
    expect(prediction(page)).to_have_text("7", timeout=_TIMEOUT)
    shown_again = page.get_by_text("Shown again from your last inputs")
    expect(shown_again).to_be_visible()
    draw(page, [[(0.3, 0.5), (0.32, 0.52)]])  # a speck beside the 1 still on the canvas
    expect(shown_again).to_have_count(0, timeout=_TIMEOUT)
    expect(prediction(page)).to_have_text("1", timeout=_TIMEOUT)
    expect(page.locator(".st-key-again_3")).to_be_visible()  # a new input, in the strip that stayed open


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_draw_page_follows_the_visitors_theme_and_shows_no_exception(browser: Browser, app_url: str, scheme: str):
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    try:
        page = context.new_page()
        _drawn_seven(page, app_url)
        expect(page.get_by_test_id("stApp")).to_have_css("background-color", _BACKGROUND[scheme])
        page.get_by_text("Explain each answer").click()
        expect(page.get_by_text("What made it say 7")).to_be_visible(timeout=_TIMEOUT)
        wait_for_app_run(page)
        expect(page.get_by_test_id("stVegaLiteChart").first.locator("svg.marks")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()
