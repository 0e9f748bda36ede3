"""`python -m tools.load --visitors 10`: many visitors drawing at once on one app server.

Each visitor is a context (a private window) of one Chromium, all driven together by Playwright's
async API: K browsers would cost this small machine far more CPU than K contexts of one. After one
warm-up visit (drawing until the not-a-digit check is built), all visitors open the Draw page
together, then each draws ``--digits`` easy digits with the mouse (a 7 and a 1 in turn), clearing
the canvas in between. The command prints answer latency (mouse-up to the answer on the page,
timed by the page itself), page-load time (to a canvas ready for drawing), errors, wrong answers,
the server's CPU seconds per drawing (its share of everything the server did, page loads and
clearing included) and resident memory. With ``--rounds N`` the visitors come N times in turn to
the same server, a row each, which tells memory that keeps growing from memory that levels off.

The browser shares the machine with the server, so the command also prints, over the run (from
the moment all visitors open the page until the last one has closed it), the CPU seconds of the
server, of the browser (the process tree of the Chromium that Playwright launched; its idle crash
handlers leave the tree and are not counted), of Playwright itself (this Python process and its
Node driver) and of the whole machine (busy time from /proc/stat, whatever ran), with the wall
time and the number of cores. Process CPU is utime + stime from /proc/<pid>/stat, sampled every
0.2 s, so that a process that exits during the run (the renderer of a closed page) counts up to
its last sample. The kernel counts the machine's time in clock ticks and a process's more
precisely, so the parts can differ from the whole by a few percent. Linux only. A measurement,
not a test: it asserts nothing.

A second table says where the browser's CPU went: per drawing (page loads included), split by
Chromium's processes (the pages' renderers, the GPU process that composites them, the browser
process that routes input and network, and its utilities), and the pages' main threads as
Chromium counts them (DevTools' ``Performance.getMetrics``): all their tasks, and of those the
JavaScript, and the style and layout work.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import dataclass, field

from playwright.async_api import Browser, Page, async_playwright, expect
from playwright.async_api import Error as PlaywrightError

from .browser import (
    ANSWER_CLOCK,
    ANSWER_SECONDS,
    ANSWERED,
    CANVAS,
    LAUNCH_OPTIONS,
    ONE,
    RUN_FINISHED,
    SEVEN,
    STEPS,
    VIEWPORT,
    prediction,
    stroke_points,
)
from .measure import resident_mib
from .server import running_app
from .usage import BROWSER_PARTS, Usage

EASY = [(SEVEN, "7"), (ONE, "1")]
CHECK_BUILDING = "still being prepared"  # the Draw page's note while the not-a-digit check is being built
_EMPTY = "Draw a digit on the canvas"  # the Draw page's prompt on an empty canvas
_TIMEOUT = 120_000  # ms: under load an answer may be slow, and a slow answer is measured, not failed
# The pages' main-thread figures kept from DevTools' Performance.getMetrics: all tasks, then parts of them.
MAIN_THREAD = ("TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration")


@dataclass
class Visitor:
    load_seconds: float | None = None
    answers: list[float] = field(default_factory=list)
    wrong: int = 0
    errors: list[str] = field(default_factory=list)
    main_thread: dict[str, float] = field(default_factory=dict)  # seconds, by DevTools' metric name


# The async twins of browser.py's `wait_for_app_run` and `draw`, from the same data.
async def _wait_for_app_run(page: Page) -> None:
    app = page.get_by_test_id("stApp")
    for name, value in RUN_FINISHED.items():
        await expect(app).to_have_attribute(name, value, timeout=_TIMEOUT)


async def _draw(page: Page, strokes: list[list[tuple[float, float]]]) -> None:
    canvas = page.locator(CANVAS)
    await expect(canvas).to_be_visible(timeout=_TIMEOUT)
    for points in stroke_points(await canvas.bounding_box(), strokes):
        await page.mouse.move(*points[0])
        await page.mouse.down()
        for point in points[1:]:
            await page.mouse.move(*point, steps=STEPS)
        await page.mouse.up()


async def _new_page(browser: Browser) -> Page:
    """A page in a context of its own, timing every answer inside the page (see browser.py's answer clock)."""
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(ANSWER_CLOCK)
    return await context.new_page()


async def warm_up(browser: Browser, url: str) -> None:
    """One visit first, drawing until the not-a-digit check is ready too, so that every model, page and check is
    warm: the first visit starts building the check in the background (seconds of the server's CPU), which
    would otherwise be counted in the visitors' run."""
    page = await _new_page(browser)
    await page.goto(url)
    deadline = time.perf_counter() + _TIMEOUT / 1000
    while True:
        await _wait_for_app_run(page)
        await _draw(page, SEVEN)
        await prediction(page).wait_for(timeout=_TIMEOUT)
        await _wait_for_app_run(page)
        if not await page.get_by_text(CHECK_BUILDING).count():
            break
        if time.perf_counter() > deadline:
            print("warning: the not-a-digit check was still being built after the warm-up; its build is counted "
                  "in the run.", file=sys.stderr)
            break
        await asyncio.sleep(1)
        await page.get_by_role("button", name="Reset canvas & history").click()
        await expect(page.get_by_text(_EMPTY)).to_be_visible(timeout=_TIMEOUT)
    await page.context.close()


async def visit(page: Page, url: str, digits: int) -> Visitor:
    """One visitor: open the page, then draw and time ``digits`` easy digits; close its context."""
    log = Visitor()
    try:
        devtools = await page.context.new_cdp_session(page)
        await devtools.send("Performance.enable")
        opened = time.perf_counter()
        await page.goto(url, timeout=_TIMEOUT)
        await page.locator(CANVAS).wait_for(timeout=_TIMEOUT)
        log.load_seconds = time.perf_counter() - opened
        empty = page.get_by_text(_EMPTY)
        for count in range(digits):
            strokes, expected = EASY[count % len(EASY)]
            if count:
                await page.get_by_role("button", name="Reset canvas & history").click()
                await expect(empty).to_be_visible(timeout=_TIMEOUT)
            await _wait_for_app_run(page)
            await _draw(page, strokes)
            await page.wait_for_function(ANSWERED, timeout=_TIMEOUT)
            log.answers.append(await page.evaluate(ANSWER_SECONDS))
            log.wrong += await prediction(page).inner_text() != expected
        metrics = {metric["name"]: metric["value"] for metric in (await devtools.send("Performance.getMetrics"))["metrics"]}
        log.main_thread = {name: metrics[name] for name in MAIN_THREAD}
    except (PlaywrightError, AssertionError) as error:
        log.errors.append(str(error).splitlines()[0])
    await page.context.close()
    return log


async def run(url: str, *, visitors: int, digits: int, server: int) -> tuple[list[Visitor], Usage, dict[str, float]]:
    """Warm up, then run the visitors together: their logs, the server's memory over the run and the CPU figures."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**LAUNCH_OPTIONS)
        await warm_up(browser, url)
        pages = await asyncio.gather(*(_new_page(browser) for _ in range(visitors)))
        usage = Usage(server)
        sampler = asyncio.create_task(usage.follow())
        logs = await asyncio.gather(*(visit(page, url, digits) for page in pages))
        sampler.cancel()
        cpu = usage.stop()
        await browser.close()
    return logs, usage, cpu


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.load", description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=10)
    parser.add_argument("--digits", type=int, default=8, help="digits each visitor draws")
    parser.add_argument("--task", default="which_digit")
    parser.add_argument("--rounds", type=int, default=1,
                        help="times the visitors come, one after the other, to the same server (a row each)")
    args = parser.parse_args(argv)
    print(f"{args.visitors} visitors, {args.digits} digits each ({args.task}, default model), {args.rounds} round(s):")
    print("| visitors | answers | answer median / p95 / max (s) | page load median / max (s) | errors | wrong | "
          "server CPU per drawing (s) | server RSS before / peak / after (MiB) | "
          "server / browser / Playwright / whole machine CPU (s) | wall (s) × cores |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    errors, browser_rows = [], []
    with running_app() as server:
        for round_number in range(1, args.rounds + 1):
            logs, usage, cpu = asyncio.run(
                run(f"{server.url}/?task={args.task}", visitors=args.visitors, digits=args.digits, server=server.pid))
            rss_after = resident_mib(server.pid)
            visitors = f"{args.visitors} (round {round_number})" if args.rounds > 1 else f"{args.visitors}"
            print(_row(visitors, logs, usage, cpu, rss_after), flush=True)
            browser_rows.append(_browser_row(visitors, logs, cpu))
            errors += [error for log in logs for error in log.errors]
    print("\nWhere the browser's CPU went (seconds per drawing, page loads included):")
    print(f"| visitors | browser CPU per drawing | {' / '.join(BROWSER_PARTS)} | "
          "pages' main threads: tasks / JavaScript / style and layout |")
    print("|---|---|---|---|")
    print("\n".join(browser_rows))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 0


def _row(visitors: str, logs: list[Visitor], usage: Usage, cpu: dict[str, float], rss_after: float) -> str:
    answers = [seconds for log in logs for seconds in log.answers]
    loads = [log.load_seconds for log in logs if log.load_seconds is not None]
    answer_figures = (f"{statistics.median(answers):.2f} / {_quantile(answers, 0.95):.2f} / {max(answers):.2f}"
                      if answers else "—")
    load_figures = f"{statistics.median(loads):.2f} / {max(loads):.2f}" if loads else "—"
    per_answer = f"{cpu['server'] / len(answers):.3f}" if answers else "—"
    return (f"| {visitors} | {len(answers)} | {answer_figures} | {load_figures} | {sum(len(log.errors) for log in logs)} | "
            f"{sum(log.wrong for log in logs)} | {per_answer} | {usage.rss_before:.0f} / {usage.peak:.0f} / {rss_after:.0f} | "
            f"{cpu['server']:.1f} / {cpu['browser']:.1f} / {cpu['Playwright']:.1f} / {cpu['machine']:.1f} | "
            f"{cpu['wall']:.1f} × {os.cpu_count()} |")


def _browser_row(visitors: str, logs: list[Visitor], cpu: dict[str, float]) -> str:
    drawings = sum(len(log.answers) for log in logs)
    if not drawings:
        return f"| {visitors} | — | — | — |"
    main = {name: sum(log.main_thread.get(name, 0.0) for log in logs) / drawings for name in MAIN_THREAD}
    tasks, script, style, layout = (main[name] for name in MAIN_THREAD)
    parts = " / ".join(f"{cpu[part] / drawings:.3f}" for part in BROWSER_PARTS)
    return (f"| {visitors} | {cpu['browser'] / drawings:.3f} | {parts} | "
            f"{tasks:.3f} / {script:.3f} / {style + layout:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
