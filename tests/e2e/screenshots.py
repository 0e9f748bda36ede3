"""Save screenshots of the three pages to docs/screenshots: `python -m tests.e2e.screenshots`."""

from __future__ import annotations

from playwright.sync_api import Page, expect, sync_playwright

from .browser import SEVEN, draw, launch, prediction, wait_for_app_run, wait_for_pictures
from .server import ROOT, running_app

OUT = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1440, "height": 1000}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as server, sync_playwright() as playwright:
        url = server.url
        browser = launch(playwright)
        page = browser.new_page(viewport=VIEWPORT)

        page.goto(f"{url}/?task=which_digit")
        wait_for_app_run(page)
        draw(page, SEVEN)
        expect(prediction(page)).to_have_text("7", timeout=30_000)
        wait_for_app_run(page)
        page.get_by_text("Explain each answer").click()
        expect(page.get_by_text("What made it say 7")).to_be_visible(timeout=30_000)
        wait_for_app_run(page)
        _save(page, "draw.png")

        page.goto(f"{url}/metrics?task=five_or_not&model=sgd")  # the book's 5-detector has a visible trade-off
        wait_for_app_run(page)
        _save(page, "metrics.png")

        page.goto(f"{url}/errors?task=which_digit")
        wait_for_app_run(page)
        page.get_by_role("button", name="Inspect").first.click()
        wait_for_app_run(page)
        _save(page, "errors.png")
        browser.close()
    print(f"Saved draw.png, metrics.png and errors.png in {OUT}")


def _save(page: Page, name: str) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main area, so grow the viewport to fit it."""
    wait_for_pictures(page)
    height = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
    wait_for_pictures(page)
    page.screenshot(path=OUT / name)
    page.set_viewport_size(VIEWPORT)


if __name__ == "__main__":
    main()
