"""What only a browser shows: drawing with the mouse, the sidebar driving the URL, charts and the gallery."""

import os
import re

from playwright.sync_api import Page, expect

from tests.helpers import needs_mnist
from tools.browser import SEVEN, ServerMessages, draw, prediction, wait_for_app_run


def test_a_seven_drawn_with_the_mouse_is_read_as_seven(page: Page, app_url: str):
    page.goto(f"{app_url}/?task=which_digit")
    wait_for_app_run(page)
    expect(page.get_by_text("Draw a digit on the canvas")).to_be_visible()
    draw(page, SEVEN)
    expect(prediction(page)).to_have_text("7", timeout=30_000)
    expect(page.get_by_text("What the model sees")).to_be_visible()


def test_a_drawing_reruns_only_the_drawing_and_its_answer(page: Page, app_url: str):
    sent = ServerMessages(page)
    page.goto(f"{app_url}/?task=which_digit")
    wait_for_app_run(page)
    assert {0, 1} <= sent.redrawn_roots() and "navigation" in sent.kinds()  # a whole run draws both, and navigates
    sent.messages.clear()
    draw(page, SEVEN)
    expect(prediction(page)).to_have_text("7", timeout=30_000)
    wait_for_app_run(page)
    assert sent.redrawn_roots() == {0}  # the page's drawing-and-answer part, not the sidebar
    assert "navigation" not in sent.kinds()  # nor app.py's navigation


def test_the_sidebar_choice_goes_into_the_url_and_follows_to_other_pages(page: Page, app_url: str):
    page.goto(app_url)
    wait_for_app_run(page)
    page.locator(".st-key-task").get_by_role("combobox").click()
    page.get_by_role("option", name="Level 2 - 5 or 3?").click()
    wait_for_app_run(page)
    expect(page).to_have_url(re.compile(r"task=five_or_three"))
    page.get_by_test_id("stSidebarNav").get_by_text("Metrics").click()
    wait_for_app_run(page)
    expect(page.get_by_role("heading", name="Metrics - Level 2 - 5 or 3?")).to_be_visible()
    expect(page.locator(".st-key-task").get_by_role("combobox")).to_have_value("Level 2 - 5 or 3?")


def test_metrics_page_draws_its_charts(page: Page, app_url: str):
    page.goto(f"{app_url}/metrics?task=five_or_not")
    wait_for_app_run(page)
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(8 if os.environ.get("MNIST_PATH") else 7)  # the digit strip needs MNIST
    expect(charts.first.locator("svg.marks")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()


@needs_mnist
def test_errors_page_shows_the_gallery(page: Page, app_url: str):
    page.goto(f"{app_url}/errors?task=which_digit")
    wait_for_app_run(page)
    expect(page.get_by_role("button", name="Inspect")).to_have_count(24)
    expect(page.get_by_test_id("stImage").first.locator("img")).to_be_visible()


@needs_mnist
def test_why_this_answer_and_the_digit_strip_show_in_the_browser(page: Page, app_url: str):
    page.goto(f"{app_url}/?task=five_or_not")
    wait_for_app_run(page)
    draw(page, SEVEN)
    wait_for_app_run(page)
    page.get_by_text("Explain each answer").click()
    expect(page.get_by_text("What made it say not 5")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"^a \d$"))).to_have_count(8, timeout=30_000)  # the nearest training digits
    page.get_by_test_id("stSidebarNav").get_by_text("Metrics").click()
    wait_for_app_run(page)
    strip = page.get_by_test_id("stVegaLiteChart").filter(has=page.locator("image"))
    expect(strip.first.locator("svg.marks")).to_be_visible()
    true_positives = page.get_by_test_id("stMetric").filter(has_text="True positives").get_by_test_id("stMetricValue")
    before = true_positives.inner_text()
    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    page.keyboard.press("End")  # threshold 1.0: fewer digits are called 5
    wait_for_app_run(page)
    expect(true_positives).not_to_have_text(before)


def test_the_app_asks_nothing_of_any_other_server(page: Page, app_url: str):
    # The hosted app must also work offline: no font, icon or script from elsewhere (the tab's
    # icon once came from Google's icon server).
    elsewhere = []
    page.on("request", lambda request: None if request.url.startswith((app_url, "data:")) else elsewhere.append(request.url))
    for path in ("/metrics?task=five_or_not", "/my_digits", "/?task=which_digit"):
        page.goto(f"{app_url}{path}")
        wait_for_app_run(page)
    draw(page, SEVEN)
    expect(prediction(page)).to_have_text("7", timeout=30_000)
    assert elsewhere == []
