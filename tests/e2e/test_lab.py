"""The Lab in Chromium: train on the page, watch it, choose the model in the sidebar, draw against it;
and two visitors at once, one waiting in the queue while the other cancels."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.helpers import needs_mnist
from tools.browser import SEVEN, VIEWPORT, draw, prediction, wait_for_app_run

TRAINED = 300_000  # ms at most for a small training to finish on a busy machine: a bound, never a timing asserted
# SGD on all 60,000 digits of 0-9 needs minutes of CPU: a training waiting behind it starts within this
# bound only if it was stopped.
FREED = 30_000


def open_lab(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/lab?task=which_digit")
    wait_for_app_run(page)


def fewest_digits(page: Page) -> None:
    """Move the KNN's training-size slider to its first stop, 500 digits."""
    page.locator(".st-key-lab_knn_size").get_by_role("slider").press("Home")
    wait_for_app_run(page)


def start_a_long_training(page: Page, app_url: str) -> None:
    open_lab(page, app_url)
    page.locator(".st-key-lab_estimator").get_by_text("SGD").click()  # all 60,000 digits of 0-9
    wait_for_app_run(page)
    page.get_by_role("button", name="Train").click()
    expect(page.get_by_text("Training: ")).to_be_visible(timeout=60_000)


def queue_a_small_training(page: Page, app_url: str) -> None:
    open_lab(page, app_url)
    fewest_digits(page)
    page.get_by_role("button", name="Train").click()
    expect(page.get_by_text("Waiting in the queue, number 1")).to_be_visible(timeout=60_000)


def model_options(page: Page) -> list[str]:
    page.locator(".st-key-model").get_by_role("combobox").click()
    names = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return names


@needs_mnist
def test_a_model_trained_on_the_lab_page_answers_a_drawing_on_the_draw_page(page: Page, app_url: str):
    open_lab(page, app_url)
    fewest_digits(page)
    page.get_by_role("button", name="Train").click()
    expect(page.get_by_test_id("stMetric").filter(has_text="Test accuracy")).to_be_visible(timeout=TRAINED)
    page.locator(".st-key-model").get_by_role("combobox").click()
    page.get_by_role("option", name=re.compile(r"^yours: KNN, 500 \(#\d+\)$")).click()
    wait_for_app_run(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Draw").click()
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"model=yours"))
    draw(page, SEVEN)
    expect(prediction(page)).to_have_text(re.compile(r"^\d"), timeout=30_000)


@needs_mnist
def test_a_second_visitor_waits_while_the_first_trains_until_it_is_cancelled(browser: Browser, app_url: str):
    first, second = (browser.new_context(viewport=VIEWPORT) for _ in range(2))
    try:
        one, two = first.new_page(), second.new_page()
        start_a_long_training(one, app_url)
        queue_a_small_training(two, app_url)
        one.get_by_role("button", name="Cancel").click()
        expect(one.get_by_text("Training cancelled.")).to_be_visible(timeout=60_000)
        expect(two.get_by_test_id("stMetric").filter(has_text="Test accuracy")).to_be_visible(timeout=TRAINED)
        assert any(name.startswith("yours: ") for name in model_options(two))
        assert not any(name.startswith("yours: ") for name in model_options(one))
    finally:
        first.close()
        second.close()


@needs_mnist
def test_a_visitor_who_leaves_stops_their_training_and_frees_the_server(browser: Browser, app_url: str):
    leaving, staying = (browser.new_context(viewport=VIEWPORT) for _ in range(2))
    try:
        start_a_long_training(leaving.new_page(), app_url)
        two = staying.new_page()
        queue_a_small_training(two, app_url)
        leaving.close()  # the tab closes: Streamlit ends the session and releases its resources
        trained = two.get_by_test_id("stMetric").filter(has_text="Test accuracy")
        # Freed: the queued training starts (a small one may already be done when the page is looked at).
        expect(two.get_by_text("Training: ").or_(trained).first).to_be_visible(timeout=FREED)
        expect(trained).to_be_visible(timeout=TRAINED)
    finally:
        staying.close()
