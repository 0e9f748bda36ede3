"""`python -m tools.number_drawn`: 4-digit numbers of unseen pen writers written with the mouse in Number mode.

Each number is built as the number benchmark builds it (`digit_model.numbers.synthetic.pen_numbers`:
one evaluation writer's digits side by side with natural gaps; no model learned from these
writers), fitted at a random size and place into the Draw page's wide canvas, drawn stroke by
stroke with Chromium's mouse and the number canvas's default brush, and read from the "Number" metric. A
measurement, not a test: it prints the share read right and asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from digit_model.inputs.pendigits import load_pendigits
from digit_model.numbers.benchmark import NUMBER_SEED
from digit_model.numbers.synthetic import pen_numbers
from ui.number_view import BRUSH, HEIGHT, WIDTH

from .browser import CANVAS, VIEWPORT, draw, launch, wait_for_app_run
from .server import running_app

__all__ = ["choose_number_mode", "fitted", "main", "number_value", "set_brush", "write_number"]

_MARGIN = 8  # canvas pixels kept free between the brush's edge and the canvas's edge
_SMALLEST = 0.7  # a number is written at this share of the largest size that fits, or larger
_TIMEOUT = 30_000  # ms
_STROKE_READ = 10_000  # ms; a stroke that changes nothing the page shows (rare) is not waited for longer
_EMPTY = "Write a number on the canvas"
# What the page shows of the number read so far: the boxed drawing's address (it changes with any
# new ink) or the first message; a stroke has been read once this is no longer what it was before.
_SHOWN = """() => {
    const boxed = [...document.querySelectorAll("[data-testid='stImage']")].find(i => i.innerText.startsWith("Each digit"));
    const message = document.querySelector("[data-testid='stAlert'] [data-testid='stMarkdownContainer']");
    return boxed ? boxed.querySelector("img").src : (message ? message.innerText : "");
}"""


def number_value(page: Page):
    """The value of the "Number" metric."""
    return page.get_by_test_id("stMetric").filter(has_text="Number").get_by_test_id("stMetricValue")


def choose_number_mode(page: Page, url: str, *, task: str = "which_digit") -> None:
    """Open the Draw page, choose Number in the input choice, and wait for the run that places the wide canvas
    to finish with that canvas on the page: a stroke drawn while the digit canvas gives way to it can be lost."""
    page.goto(f"{url}/?task={task}")
    wait_for_app_run(page)
    page.get_by_test_id("stRadioGroup").get_by_text("Number", exact=True).click()
    expect(page.get_by_text(_EMPTY)).to_be_visible(timeout=_TIMEOUT)
    wait_for_app_run(page)
    canvas = page.locator(CANVAS)
    expect(canvas).to_have_count(1, timeout=_TIMEOUT)
    expect(canvas).to_have_js_property("clientWidth", WIDTH, timeout=_TIMEOUT)


def set_brush(page: Page, width: int) -> None:
    """Move the number canvas's brush slider from its default to ``width`` with the keyboard."""
    page.get_by_role("button", name="Brush").click()
    slider = page.get_by_role("slider", name="Brush width")
    slider.focus()
    for _ in range(abs(width - BRUSH)):
        slider.press("ArrowRight" if width > BRUSH else "ArrowLeft")
    expect(slider).to_have_value(str(width), timeout=_TIMEOUT)
    page.keyboard.press("Escape")
    wait_for_app_run(page)


def fitted(strokes: list[np.ndarray], rng: np.random.Generator, *, brush: int = BRUSH) -> list[list[tuple[float, float]]]:
    """A number's (x, y) strokes scaled and moved to a random size and place that fits the wide canvas
    with the brush's width, as fractions of the canvas, for :func:`tools.browser.draw`."""
    every = np.vstack(strokes)
    low, span = every.min(axis=0), np.maximum(np.ptp(every, axis=0), 1.0)
    room = np.array([WIDTH, HEIGHT]) - 2 * _MARGIN - brush
    scale = float((room / span).min()) * rng.uniform(_SMALLEST, 1.0)
    corner = _MARGIN + brush / 2 + rng.uniform(0, 1, size=2) * (room - span * scale)
    return [[(x / WIDTH, y / HEIGHT) for x, y in (stroke - low) * scale + corner] for stroke in strokes]


def write_number(page: Page, strokes: list[list[tuple[float, float]]]) -> None:
    """Clear the canvas, then draw the strokes one by one, each once the page shows the one before,
    as a visitor lifting the pen would see it."""
    empty = page.get_by_text(_EMPTY)
    if not empty.is_visible():
        page.get_by_role("button", name="Reset canvas & history").click()
        expect(empty).to_be_visible(timeout=_TIMEOUT)
    wait_for_app_run(page)
    for stroke in strokes:
        before = page.evaluate(_SHOWN)
        draw(page, [stroke], steps=1)
        try:
            page.wait_for_function(f"before => ({_SHOWN})() !== before", arg=before, timeout=_STROKE_READ)
        except PlaywrightTimeout:
            pass
        wait_for_app_run(page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.number_drawn", description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=100, help="how many 4-digit numbers to write")
    parser.add_argument("--length", type=int, default=4, help="digits per number")
    parser.add_argument("--brush", type=int, default=BRUSH, help="the brush width to write with (default: the canvas's)")
    args = parser.parse_args(argv)
    numbers = pen_numbers(load_pendigits(split="eval"), args.length, args.numbers, layout="gaps", seed=NUMBER_SEED)
    right = refused = failures = 0
    started = time.perf_counter()
    with running_app() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        choose_number_mode(page, server.url)
        if args.brush != BRUSH:
            set_brush(page, args.brush)
        for count, number in enumerate(numbers, start=1):
            truth = "".join(map(str, number.digits))
            try:
                write_number(page, fitted(number.strokes, np.random.default_rng([NUMBER_SEED, count]), brush=args.brush))
                shown = number_value(page)
                answer = shown.inner_text() if shown.count() else f"no number: {page.evaluate(_SHOWN)}"
            except (PlaywrightError, AssertionError) as error:  # no answer: counted, reported, not read right
                failures += 1
                answer = f"no answer ({str(error).splitlines()[0]})"
            right += answer == truth
            refused += answer.startswith("no number:")
            if answer != truth:
                print(f"number {count} ({truth}, {len(number.strokes)} strokes): read as {answer}", file=sys.stderr, flush=True)
            if count % 10 == 0:
                print(f"{count}/{len(numbers)} written, {right / count:.1%} read right, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        browser.close()
    print(f"{args.length}-digit numbers of the unseen pen writers written with the mouse in Number mode "
          f"(which_digit, default model, brush {args.brush}, canvas {WIDTH}x{HEIGHT}):")
    print(f"{right} of {len(numbers)} read right: {right / len(numbers):.1%}; {refused} got a sentence instead of a "
          f"number, {failures} no answer; {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
