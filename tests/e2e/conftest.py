"""Browser fixtures: one app server and one Chromium for the whole run, a fresh page per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tools.browser import CHROMIUM, VIEWPORT, launch
from tools.server import running_app


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test (the hook sees the whole run's tests, hence the check)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        pytest.skip(f"No Chromium at {CHROMIUM}: install it (apt-get install -y chromium) to run the browser tests")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url(browser) -> Iterator[str]:
    with running_app() as server:
        yield server.url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport=VIEWPORT)
    yield page
    page.close()
