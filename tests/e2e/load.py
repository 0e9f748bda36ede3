"""`python -m tests.e2e.load --visitors 10`: many visitors drawing at once on one app server.

Each visitor is its own Chromium on its own thread. All of them open the Draw page together,
then each draws ``--digits`` easy digits with the mouse (a 7 and a 1 in turn), clearing the
canvas in between. The command prints answer latency (mouse-up to the answer on the page, timed
by the page itself),
page-load time (to a canvas ready for drawing), errors, wrong answers, and the server's CPU
seconds (per drawing: its share of everything the server did, page loads and clearing included)
and resident memory. A measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from .browser import ONE, SEVEN, answer_seconds, draw, launch, prediction, start_answer_clock, wait_for_app_run
from .measure import VIEWPORT, resident_mib
from .server import running_app

EASY = [(SEVEN, "7"), (ONE, "1")]
_TIMEOUT = 120_000  # ms: under load an answer may be slow, and a slow answer is measured, not failed
_SAMPLE = 0.2  # seconds between samples of the server's memory


@dataclass
class Visitor:
    load_seconds: float | None = None
    answers: list[float] = field(default_factory=list)
    wrong: int = 0
    errors: list[str] = field(default_factory=list)


def visit(url: str, digits: int, start: threading.Barrier, log: Visitor) -> None:
    """One visitor: open the page when everyone does, then draw and time ``digits`` easy digits."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        start_answer_clock(page)
        start.wait()
        try:
            opened = time.perf_counter()
            page.goto(url, timeout=_TIMEOUT)
            page.locator("canvas.upper-canvas").wait_for(timeout=_TIMEOUT)
            log.load_seconds = time.perf_counter() - opened
            empty = page.get_by_text("Draw a digit on the canvas")
            for count in range(digits):
                strokes, expected = EASY[count % len(EASY)]
                if count:
                    page.get_by_role("button", name="Reset canvas & history").click()
                    expect(empty).to_be_visible(timeout=_TIMEOUT)
                wait_for_app_run(page)
                draw(page, strokes)
                log.answers.append(answer_seconds(page, timeout=_TIMEOUT))
                answer = prediction(page)
                log.wrong += answer.inner_text() != expected
        except (PlaywrightError, AssertionError) as error:
            log.errors.append(str(error).splitlines()[0])
        browser.close()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.load", description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=10)
    parser.add_argument("--digits", type=int, default=8, help="digits each visitor draws")
    parser.add_argument("--task", default="which_digit")
    args = parser.parse_args(argv)
    logs = [Visitor() for _ in range(args.visitors)]
    with running_app() as server:
        url = f"{server.url}/?task={args.task}"
        with sync_playwright() as playwright:  # one visit first, so that every model and page is warm
            browser = launch(playwright)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url)
            wait_for_app_run(page)
            draw(page, SEVEN)
            prediction(page).wait_for(timeout=_TIMEOUT)
            browser.close()
        rss_before, cpu_before = resident_mib(server.pid), cpu_seconds(server.pid)
        peak = [rss_before]
        done = threading.Event()

        def sample_memory() -> None:
            while not done.wait(_SAMPLE):
                peak.append(resident_mib(server.pid))

        sampler = threading.Thread(target=sample_memory)
        sampler.start()
        start = threading.Barrier(args.visitors)
        visitors = [threading.Thread(target=visit, args=(url, args.digits, start, log)) for log in logs]
        for thread in visitors:
            thread.start()
        for thread in visitors:
            thread.join()
        done.set()
        sampler.join()
        cpu = cpu_seconds(server.pid) - cpu_before
        rss_after = resident_mib(server.pid)
    answers = [seconds for log in logs for seconds in log.answers]
    loads = [log.load_seconds for log in logs if log.load_seconds is not None]
    errors = [error for log in logs for error in log.errors]
    print(f"{args.visitors} visitors, {args.digits} digits each ({args.task}, default model):")
    print("| visitors | answers | answer median / p95 / max (s) | page load median / max (s) | errors | wrong | "
          "server CPU per drawing (s) | server RSS before / peak / after (MiB) |")
    print("|---|---|---|---|---|---|---|---|")
    answer_figures = (f"{statistics.median(answers):.2f} / {_quantile(answers, 0.95):.2f} / {max(answers):.2f}"
                      if answers else "—")
    load_figures = f"{statistics.median(loads):.2f} / {max(loads):.2f}" if loads else "—"
    per_answer = f"{cpu / len(answers):.3f}" if answers else "—"
    print(f"| {args.visitors} | {len(answers)} | {answer_figures} | {load_figures} | {len(errors)} | "
          f"{sum(log.wrong for log in logs)} | {per_answer} | {rss_before:.0f} / {max(peak):.0f} / {rss_after:.0f} |")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
