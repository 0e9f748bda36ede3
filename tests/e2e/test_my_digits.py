"""Two visitors at once each teach the app their own digits, and never see each other's."""

import re

from playwright.sync_api import Browser, Page, expect

from tools.browser import ONE, SEVEN, VIEWPORT, draw, prediction, wait_for_app_run


def _visitor(browser: Browser, app_url: str) -> Page:
    page = browser.new_context(viewport=VIEWPORT).new_page()
    page.goto(f"{app_url}/?task=which_digit")
    wait_for_app_run(page)
    return page


def _teach(page: Page, strokes, digit: int) -> None:
    draw(page, strokes)
    expect(prediction(page)).to_have_text(str(digit), timeout=30_000)
    page.get_by_role("button", name=f"Right, it is a {digit}").click()
    expect(page.get_by_text(f"Kept in My digits as a {digit}.")).to_be_visible(timeout=30_000)


def _open_my_digits(page: Page) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text("My digits").click()
    wait_for_app_run(page)


def _drawing_captions(page: Page):
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"^a \d ·"))


def test_two_visitors_at_once_never_see_each_others_digits(browser: Browser, app_url: str):
    one, two = _visitor(browser, app_url), _visitor(browser, app_url)
    try:
        _teach(one, SEVEN, 7)
        _teach(two, ONE, 1)
        for page, digit in ((one, 7), (two, 1)):
            _open_my_digits(page)
            expect(page.get_by_role("heading", name="1 drawing of yours")).to_be_visible()
            expect(_drawing_captions(page)).to_have_count(1)
            expect(_drawing_captions(page)).to_contain_text(f"a {digit} ·")

        with one.expect_download() as saved:
            one.get_by_role("button", name="Download my digits (1)").click()
        assert saved.value.suggested_filename == "my_digits.npz"
        content = saved.value.path().read_bytes()
        two.locator(".st-key-my_upload input[type='file']").set_input_files(
            {"name": "my_digits.npz", "mimeType": "application/octet-stream", "buffer": content}
        )
        expect(two.get_by_text("Added 1 new drawing from my_digits.npz.")).to_be_visible(timeout=30_000)
        expect(two.get_by_role("heading", name="2 drawings of yours")).to_be_visible()
        expect(_drawing_captions(two)).to_have_count(2)

        one.get_by_test_id("stSidebarNav").get_by_role("link", name="Draw").click()  # a rerun of the first visitor's session
        wait_for_app_run(one)
        _open_my_digits(one)
        expect(one.get_by_role("heading", name="1 drawing of yours")).to_be_visible()
        expect(_drawing_captions(one)).to_have_count(1)
    finally:
        one.context.close()
        two.context.close()
