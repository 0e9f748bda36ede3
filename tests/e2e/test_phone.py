"""A phone-sized screen with a finger: the answer in view right after drawing, undo and clear by touch."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tools.browser import SEVEN, prediction, touch_draw, wait_for_app_run

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def in_view(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.mark.parametrize("task", ["which_digit", "five_or_not"])
def test_on_a_phone_the_answer_is_in_view_right_after_drawing(phone: Page, app_url: str, task: str):
    phone.goto(f"{app_url}/?task={task}")
    wait_for_app_run(phone)
    touch_draw(phone, SEVEN)
    expect(prediction(phone)).to_have_text({"which_digit": "7", "five_or_not": "not 5"}[task], timeout=30_000)
    wait_for_app_run(phone)
    assert phone.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0
    assert in_view(phone, prediction(phone))


def test_undo_and_clear_work_by_touch(phone: Page, app_url: str):
    phone.goto(f"{app_url}/?task=which_digit")
    wait_for_app_run(phone)
    touch_draw(phone, SEVEN)
    expect(prediction(phone)).to_have_text("7", timeout=30_000)
    phone.get_by_role("button", name="Undo").tap()
    expect(phone.get_by_text("Draw a digit on the canvas")).to_be_visible(timeout=30_000)
    touch_draw(phone, SEVEN)
    expect(prediction(phone)).to_have_text("7", timeout=30_000)
    phone.get_by_role("button", name="Reset canvas & history").tap()  # the bin: clear
    expect(phone.get_by_text("Draw a digit on the canvas")).to_be_visible(timeout=30_000)
