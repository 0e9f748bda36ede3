"""The screenshot helper saves a page only once every chart has drawn its marks."""

from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tools.screenshots import save

# A page shaped like the app's: the main area, and one Vega-Lite chart that has not drawn yet.
_PAGE = """
<div data-testid="stMain"><div data-testid="stVegaLiteChart"><svg class="background"></svg></div></div>
"""


def test_a_chart_without_marks_is_not_saved(page: Page, tmp_path: Path):
    page.set_content(_PAGE)
    with pytest.raises(PlaywrightTimeoutError):
        save(page, tmp_path / "grey.png", timeout=1_000)
    assert not (tmp_path / "grey.png").exists()


def test_a_chart_with_its_marks_is_saved(page: Page, tmp_path: Path):
    page.set_content(_PAGE)
    page.locator("[data-testid='stVegaLiteChart'] svg").evaluate("svg => svg.classList.add('marks')")
    save(page, tmp_path / "drawn.png", timeout=1_000)
    assert (tmp_path / "drawn.png").stat().st_size > 0
