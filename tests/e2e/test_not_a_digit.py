"""In a browser: a letter drawn with the mouse gets "That does not look like a digit" instead of a digit."""

import time

from playwright.sync_api import Page, expect

from tests.helpers import needs_mnist
from tools.browser import draw, prediction, wait_for_app_run

_BUILD_SECONDS = 240  # the server builds its not-a-digit check once, in the background, from MNIST
# A capital E in four strokes, as fractions of the canvas: its stem, then its three arms.
LETTER_E = [[(0.3, 0.2), (0.3, 0.8)], [(0.3, 0.2), (0.7, 0.2)], [(0.3, 0.5), (0.62, 0.5)], [(0.3, 0.8), (0.7, 0.8)]]


@needs_mnist
def test_a_letter_drawn_with_the_mouse_is_said_to_be_no_digit(page: Page, app_url: str):
    page.goto(f"{app_url}/?task=which_digit")
    wait_for_app_run(page)
    deadline = time.monotonic() + _BUILD_SECONDS
    draw(page, LETTER_E)
    wait_for_app_run(page)
    while page.get_by_text("is still being prepared").count() and time.monotonic() < deadline:
        time.sleep(2)  # answered before the check was ready: clear the canvas and draw it again
        page.get_by_role("button", name="Reset canvas & history").click()
        wait_for_app_run(page)
        draw(page, LETTER_E)
        wait_for_app_run(page)
    expect(prediction(page)).to_have_text("not a digit", timeout=30_000)
    expect(page.get_by_text("That does not look like a digit.")).to_be_visible()
    page.get_by_text("The model's probabilities anyway").click()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
