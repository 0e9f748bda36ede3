"""`python -m tools.measure`: what a visitor waits for, and what the app server holds in memory.

The page load is split into milestones read inside the page, so that it says where the time goes.
Also how long "why this answer" takes after the answer, and the Metrics page to load. A
measurement, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from digit_model.inputs.mnist import MnistError, load_mnist
from digit_model.training.registry import list_models

from .browser import (
    CANVAS,
    ONE,
    SEVEN,
    VIEWPORT,
    answer_seconds,
    draw,
    launch,
    prediction,
    start_answer_clock,
    wait_for_app_run,
    wait_for_pictures,
)
from .server import running_app

_TIMEOUT = 60_000  # ms


# Milestones of a page load, in seconds from the navigation's start, read inside the page: Streamlit's
# own code has run (DOMContentLoaded), the app's first script run is on the page (its title), and
# the canvas component's code has arrived (it is requested only once the script run asks for it).
_LOAD_MILESTONES = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const canvasCode = performance.getEntriesByType("resource").find(
    entry => entry.name.includes("/bidi-components/streamlit-drawable-canvas") && entry.name.endsWith(".js"));
  return {streamlit: navigation.domContentLoadedEventEnd / 1000, title: window.__titleShown / 1000,
          canvas_code: canvasCode.responseEnd / 1000};  // a ready canvas means its code has arrived
}"""
_TITLE_CLOCK = """
new MutationObserver((_, observer) => {
  if (document.querySelector("h1")) { window.__titleShown = performance.now(); observer.disconnect(); }
}).observe(document, {subtree: true, childList: true});
"""


@dataclass(frozen=True)
class Visit:
    """One visit's page load, as milestones in seconds from opening the page, and its first answer."""

    streamlit: float
    title: float
    canvas_code: float
    ready: float  # the canvas ready for drawing
    answer: float  # mouse-up to the answer


def visit_and_draw(browser: Browser, url: str, *, expected: str | None = None) -> Visit:
    """Open the page, draw a 7 once the canvas is ready, wait for the answer."""
    page = browser.new_page(viewport=VIEWPORT)
    start_answer_clock(page)
    page.add_init_script(_TITLE_CLOCK)
    started = time.perf_counter()
    page.goto(url)
    page.locator(CANVAS).wait_for(timeout=_TIMEOUT)
    ready = time.perf_counter()
    milestones = page.evaluate(_LOAD_MILESTONES)
    draw(page, SEVEN)
    waited = answer_seconds(page, timeout=_TIMEOUT)
    answer = prediction(page)
    if expected is not None:
        answer = answer.filter(has_text=re.compile(f"^{re.escape(expected)}$"))
    answer.wait_for(timeout=_TIMEOUT)
    wait_for_app_run(page)
    page.close()
    return Visit(**milestones, ready=ready - started, answer=waited)


def explain_after_answer(browser: Browser, url: str, *, shift: float) -> float:
    """Seconds from the answer on the page to "why this answer" complete (map and nearest digits shown).

    ``shift`` moves the drawn 1 sideways (a share of the canvas), so that every run is a new
    drawing the app has not explained before.
    """
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(url)
    wait_for_app_run(page)
    draw(page, SEVEN)
    page.get_by_text("Explain each answer").click()  # shown with the first answer; kept for the session
    wait_for_app_run(page)
    page.get_by_role("button", name="Reset canvas & history").click()
    page.get_by_text("Draw a digit on the canvas").wait_for(timeout=_TIMEOUT)
    wait_for_app_run(page)
    draw(page, [[(x + shift, y) for x, y in stroke] for stroke in ONE])
    prediction(page).wait_for(timeout=_TIMEOUT)
    answered = time.perf_counter()
    page.get_by_text(re.compile(r"^a \d$")).nth(7).wait_for(timeout=_TIMEOUT)
    wait_for_pictures(page)
    explained = time.perf_counter()
    page.close()
    return explained - answered


def metrics_load(browser: Browser, url: str) -> float:
    """Seconds from opening the Metrics page to every chart and picture on it drawn."""
    page = browser.new_page(viewport=VIEWPORT)
    started = time.perf_counter()
    page.goto(url)
    wait_for_app_run(page)
    wait_for_pictures(page)
    loaded = time.perf_counter() - started
    page.close()
    return loaded


def resident_mib(pid: int) -> float:
    """The process's resident memory (VmRSS) in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


_VISIT_ROWS = {
    "page load: Streamlit's own code run": "streamlit",
    "page load: the app's first script run shown": "title",
    "page load: the canvas component's code arrived": "canvas_code",
    "page load to canvas ready": "ready",
    "mouse-up to prediction shown": "answer",
}


def main(runs: int = 5) -> int:
    try:  # the "why this answer" row shows MNIST's nearest training digits: say so now, not after a 60 s wait
        load_mnist()
    except MnistError as error:
        print(f"error: this measurement needs MNIST. {error}", file=sys.stderr)
        return 2
    with running_app() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        idle = resident_mib(server.pid)
        first = visit_and_draw(browser, f"{server.url}/?task=which_digit", expected="7")
        warm = [visit_and_draw(browser, f"{server.url}/?task=which_digit", expected="7") for _ in range(runs)]
        for task, names in list_models().items():
            for name in names:
                visit_and_draw(browser, f"{server.url}/?task={task}&model={name}")
        loaded = resident_mib(server.pid)
        why = [explain_after_answer(browser, f"{server.url}/?task=which_digit", shift=0.03 * run - 0.1)
               for run in range(runs + 1)]
        explained = resident_mib(server.pid)
        metrics = [metrics_load(browser, f"{server.url}/metrics?task=five_or_not") for _ in range(runs + 1)]
        browser.close()
    print("| measurement | first visitor (cold server) | median of the next %d visitors |" % runs)
    print("|---|---|---|")
    for label, milestone in _VISIT_ROWS.items():
        print(f"| {label} (s) | {getattr(first, milestone):.2f} | {statistics.median(getattr(v, milestone) for v in warm):.2f} |")
    print(f"| answer to \"why this answer\" complete (s) | {why[0]:.2f} | {statistics.median(why[1:]):.2f} |")
    print(f"| Metrics page (5-detector) load, charts drawn (s) | {metrics[0]:.2f} | {statistics.median(metrics[1:]):.2f} |")
    print(f"\nApp server memory (RSS): {idle:.0f} MiB when started, {loaded:.0f} MiB with every model loaded, "
          f"{explained:.0f} MiB once the 0-9 model's nearest-digit index is built.")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m tools.measure", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm visitors (and explanations, Metrics loads) after the first")
    sys.exit(main(parser.parse_args().runs))
