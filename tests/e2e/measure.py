"""`python -m tests.e2e.measure`: what a visitor waits for, and what the app server holds in memory.

A measurement, not a test: it prints figures and asserts nothing. `python -m digit_model.bench
--app` runs it after the model figures.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from digit_model.registry import list_models

from .browser import SEVEN, draw, launch, prediction, wait_for_app_run
from .server import running_app

VIEWPORT = {"width": 1440, "height": 1000}
_TIMEOUT = 60_000  # ms


def visit_and_draw(browser: Browser, url: str, *, expected: str | None = None) -> tuple[float, float]:
    """Seconds from opening the page to a canvas ready for drawing, and from mouse-up to the answer."""
    page = browser.new_page(viewport=VIEWPORT)
    started = time.perf_counter()
    page.goto(url)
    page.locator("canvas.upper-canvas").wait_for(timeout=_TIMEOUT)
    ready = time.perf_counter()
    draw(page, SEVEN)
    released = time.perf_counter()
    answer = prediction(page)
    if expected is not None:
        answer = answer.filter(has_text=re.compile(f"^{re.escape(expected)}$"))
    answer.wait_for(timeout=_TIMEOUT)
    answered = time.perf_counter()
    wait_for_app_run(page)
    page.close()
    return ready - started, answered - released


def resident_mib(pid: int) -> float:
    """The process's resident memory (VmRSS) in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def main(runs: int = 5) -> None:
    with running_app() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        idle = resident_mib(server.pid)
        first = visit_and_draw(browser, f"{server.url}/?task=which_digit", expected="7")
        warm = [visit_and_draw(browser, f"{server.url}/?task=which_digit", expected="7") for _ in range(runs)]
        for task, names in list_models().items():
            for name in names:
                visit_and_draw(browser, f"{server.url}/?task={task}&model={name}")
        loaded = resident_mib(server.pid)
        browser.close()
    print("| measurement | first visitor (cold server) | median of the next %d visitors |" % runs)
    print("|---|---|---|")
    print(f"| page load to canvas ready (s) | {first[0]:.2f} | {statistics.median(t[0] for t in warm):.2f} |")
    print(f"| mouse-up to prediction shown (s) | {first[1]:.2f} | {statistics.median(t[1] for t in warm):.2f} |")
    print(f"\nApp server memory (RSS): {idle:.0f} MiB when started, {loaded:.0f} MiB with every model loaded.")


if __name__ == "__main__":
    main()
