"""The Lab in Chromium against a fresh app server, for `python -m tools.lab_timing --browser`: how often a
training's progress changes on the page, how fast a drawing is answered in another tab meanwhile, and
three visitors starting the default training at once."""

from __future__ import annotations

import statistics
import time

from playwright.sync_api import Browser, Page, WebSocket, expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tools.browser import (
    SEVEN,
    VIEWPORT,
    answer_seconds,
    draw,
    launch,
    start_answer_clock,
    wait_for_app_run,
)
from tools.server import running_app

__all__ = ["measure"]

_TRAINED = 600_000  # ms at most for the default training: a bound for a stuck run
_DRAWINGS = 5  # drawings answered while the training runs, at most
# Times, inside the page, every change of the progress line ("... s so far, ...").
_PROGRESS_LOG = """
window.__progress = [];
new MutationObserver(() => {
  const line = [...document.querySelectorAll("[data-testid='stCaptionContainer']")].map(c => c.innerText)
    .find(text => text.includes(" s so far"));
  if (line && line !== window.__lastProgress) { window.__lastProgress = line; window.__progress.push(performance.now()); }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def measure() -> dict[str, list[dict]]:
    """Every browser figure, by table title."""
    with running_app() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            return {
                "A default training (KNN, 10k) watched in one tab while another draws": watched_and_drawn(browser, server.url),
                "Three visitors start the default training (KNN, 10k) at once": three_visitors(browser, server.url),
            }
        finally:
            browser.close()


def _page(browser: Browser) -> Page:
    return browser.new_context(viewport=VIEWPORT).new_page()


def _lab(page: Page, url: str) -> None:
    page.goto(f"{url}/lab?task=which_digit")
    wait_for_app_run(page)


def _tested(page: Page):
    return page.get_by_test_id("stMetric").filter(has_text="Test accuracy")


def _answer(page: Page, url: str) -> float:
    """A 7 drawn on a freshly loaded Draw page: seconds from mouse-up to the answer, timed in the page."""
    page.goto(f"{url}/?task=which_digit")
    wait_for_app_run(page)
    draw(page, SEVEN)
    return answer_seconds(page)


def _runs_finished(page: Page) -> list[float]:
    """The moments (perf_counter) the server says a run of the page finished: with a training shown,
    mostly the progress fragment's reruns."""
    finished: list[float] = []

    def listen(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: isinstance(payload, bytes)
                  and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished"
                  and finished.append(time.perf_counter()))

    page.on("websocket", listen)
    return finished


def _gaps(moments: list[float]) -> str:
    gaps = [later - earlier for earlier, later in zip(moments, moments[1:])]
    return f"{statistics.median(gaps):.2f} / {max(gaps):.2f}" if gaps else "-"


def watched_and_drawn(browser: Browser, url: str) -> list[dict]:
    """The progress's refreshes and visible changes while a training runs, and drawings answered in
    another tab meanwhile."""
    lab, drawer = _page(browser), _page(browser)
    start_answer_clock(drawer)
    first = _answer(drawer, url)  # the first drawing loads the models
    idle = [_answer(drawer, url) for _ in range(_DRAWINGS)]  # the same drawings with no training running
    lab.add_init_script(_PROGRESS_LOG)
    refreshes = _runs_finished(lab)
    _lab(lab, url)
    lab.get_by_role("button", name="Train").click()
    expect(lab.get_by_text(" s so far")).to_be_visible(timeout=60_000)
    del refreshes[:]  # from the first progress shown
    answers = []
    while len(answers) < _DRAWINGS and not _tested(lab).count():
        answers.append(_answer(drawer, url))
    expect(_tested(lab)).to_be_visible(timeout=_TRAINED)
    during = list(refreshes)
    changes = [moment / 1000 for moment in lab.evaluate("window.__progress")]
    return [
        {"measured": "progress refreshes (fragment runs) while training", "count": len(during), "median / longest gap (s)": _gaps(during)},
        {"measured": "progress line changes on the page", "count": len(changes), "median / longest gap (s)": _gaps(changes)},
        {"measured": "drawings answered with no training (after a first, loading the models, in "
         f"{first:.2f} s)", "count": len(idle), "answers (s)": ", ".join(f"{answer:.2f}" for answer in idle)},
        {"measured": "drawings answered in another tab during the training", "count": len(answers),
         "answers (s)": ", ".join(f"{answer:.2f}" for answer in answers)},
    ]


def three_visitors(browser: Browser, url: str) -> list[dict]:
    """Three visitors press Train one right after the other: what each sees first, and how each ends."""
    pages = [_page(browser) for _ in range(3)]
    for page in pages:
        _lab(page, url)
    for page in pages:
        page.get_by_role("button", name="Train").click()
    seen = []
    for page in pages:
        shown = page.get_by_text(" s so far").or_(page.get_by_text("Waiting in the queue, number"))
        expect(shown.first).to_be_visible(timeout=60_000)
        seen.append(shown.first.inner_text())
    rows = []
    for number, (page, first) in enumerate(zip(pages, seen), start=1):
        expect(_tested(page)).to_be_visible(timeout=_TRAINED)
        errors = page.get_by_test_id("stException").count() + page.get_by_test_id("stAlertContentError").count()
        rows.append({"visitor": number, "first seen": "training" if "so far" in first else first.split(":")[0],
                     "test accuracy": _tested(page).get_by_test_id("stMetricValue").inner_text(), "errors": errors})
    return rows
