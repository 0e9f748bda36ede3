"""Save screenshots of the four pages, and of the Draw page in the dark theme, to docs/screenshots: `python -m tools.screenshots`."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from .browser import (
    ONE,
    SEVEN,
    VIEWPORT,
    draw,
    launch,
    prediction,
    wait_for_app_run,
    wait_for_pictures,
)
from .server import ROOT, running_app

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as server, sync_playwright() as playwright:
        url = server.url
        browser = launch(playwright)
        dark = browser.new_context(viewport=VIEWPORT, color_scheme="dark")  # as a visitor whose system is dark
        explained_seven(dark.new_page(), url)
        save(dark.pages[0], OUT / "draw-dark.png")
        dark.close()

        page = browser.new_page(viewport=VIEWPORT, color_scheme="light")
        explained_seven(page, url)
        save(page, OUT / "draw.png")

        # A few labelled drawings for the My digits page.
        page.get_by_role("button", name="Right, it is a 7").click()
        for strokes, digit in ((ONE, "1"), (SEVEN, "7"), (ONE, "1")):
            page.get_by_role("button", name="Reset canvas & history").click()
            wait_for_app_run(page)
            draw(page, strokes)
            expect(prediction(page)).to_have_text(digit, timeout=30_000)
            page.get_by_role("button", name=f"Right, it is a {digit}").click()
            expect(page.get_by_text("Kept in My digits")).to_be_visible(timeout=30_000)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="My digits").click()
        wait_for_app_run(page)
        expect(page.get_by_role("heading", name="4 drawings of yours")).to_be_visible(timeout=30_000)
        wait_for_app_run(page)
        save(page, OUT / "my_digits.png")

        page.goto(f"{url}/metrics?task=five_or_not&model=sgd")  # the book's 5-detector has a visible trade-off
        wait_for_app_run(page)
        save(page, OUT / "metrics.png")

        page.goto(f"{url}/errors?task=which_digit")
        wait_for_app_run(page)
        page.get_by_role("button", name="Inspect").first.click()
        wait_for_app_run(page)
        save(page, OUT / "errors.png")
        browser.close()
    print(f"Saved draw.png, draw-dark.png, my_digits.png, metrics.png and errors.png in {OUT}")


def explained_seven(page: Page, url: str) -> None:
    """The Draw page with a 7 drawn, answered and explained."""
    page.goto(f"{url}/?task=which_digit")
    wait_for_app_run(page)
    draw(page, SEVEN)
    expect(prediction(page)).to_have_text("7", timeout=30_000)
    wait_for_app_run(page)
    page.get_by_text("Explain each answer").click()
    expect(page.get_by_text("What made it say 7")).to_be_visible(timeout=30_000)
    wait_for_app_run(page)


def save(page: Page, path: Path, *, timeout: float = 30_000) -> None:
    """Screenshot the whole page once every chart and image has drawn (a timeout error, and no file, otherwise).

    Streamlit scrolls inside its main area, so the viewport grows to fit it.
    """
    wait_for_pictures(page, timeout=timeout)
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
    wait_for_pictures(page, timeout=timeout)
    page.screenshot(path=path)
    page.set_viewport_size(VIEWPORT)


if __name__ == "__main__":
    main()
