"""`python -m tools.pen_drawn`: held-out pen digits drawn with the mouse through the running app.

The digits come from the evaluation writers, whom no model learned from. Each is drawn stroke
by stroke with Chromium's mouse, at a random size and place (seeded, as the pen benchmark
places them) with the canvas's default brush, and the answer is read from the page. A
measurement, not a test: it prints the accuracy and asserts nothing.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from digit_model.inputs.canvas import CANVAS, place_strokes
from digit_model.inputs.pendigits import load_pendigits

from .browser import SEVEN, VIEWPORT, draw, launch, prediction, wait_for_app_run
from .server import running_app

_BRUSH = 18  # the Draw page's default brush width
_TIMEOUT = 30_000  # ms


def chosen(n: int, *, seed: int = 0) -> list[int]:
    """``n`` evaluation-writer digits, as many of each digit as possible, in a seeded order."""
    pen = load_pendigits(split="eval")
    rng = np.random.default_rng(seed)
    per_digit = [rng.permutation(np.flatnonzero(pen.labels == digit)) for digit in range(10)]
    picked = [int(indices[i]) for i in range(max(map(len, per_digit))) for indices in per_digit if i < len(indices)]
    return picked[:n]


# What the page shows about the drawing: the first step picture's address (it changes with any new
# ink) or the first message; a stroke has been read once this is no longer what it was before it.
_SHOWN = """() => {
    const picture = document.querySelector("[data-testid='stImage'] img");
    const message = document.querySelector("[data-testid='stAlert']");
    return picture ? picture.src : (message ? message.innerText : "");
}"""
_STROKE_READ = 10_000  # ms; a stroke that changes nothing the page shows (rare) is not waited for longer


def read_one(page: Page, strokes: list[np.ndarray], rng: np.random.Generator) -> str:
    """Clear the canvas, draw the digit stroke by stroke with the mouse and return the app's answer.

    The app reruns on every mouse-up, so each stroke is drawn once the page shows the previous
    one, as a visitor lifting the pen would see it; the answer is read after the last.
    """
    empty = page.get_by_text("Draw a digit on the canvas")
    if not empty.is_visible():
        page.get_by_role("button", name="Reset canvas & history").click()
        expect(empty).to_be_visible(timeout=_TIMEOUT)
    wait_for_app_run(page)
    for stroke in place_strokes(strokes, rng, brush=_BRUSH):
        before = page.evaluate(_SHOWN)
        draw(page, [[(col / CANVAS, row / CANVAS) for row, col in stroke]], steps=1)
        try:
            page.wait_for_function(f"before => ({_SHOWN})() !== before", arg=before, timeout=_STROKE_READ)
        except PlaywrightTimeout:
            pass
        wait_for_app_run(page)
    answer = prediction(page)
    expect(answer).to_be_visible(timeout=_TIMEOUT)
    return answer.inner_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.pen_drawn", description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=200, help="how many evaluation-writer digits to draw")
    parser.add_argument("--task", default="which_digit")
    args = parser.parse_args(argv)
    pen = load_pendigits(split="eval")
    indices = chosen(args.digits)
    right, unsure, total = np.zeros(10, int), np.zeros(10, int), np.zeros(10, int)
    failures = 0
    with running_app() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{server.url}/?task={args.task}")
        wait_for_app_run(page)
        draw(page, SEVEN)  # a first drawing, not counted: the page is ready once it has answered one
        expect(prediction(page)).to_be_visible(timeout=_TIMEOUT)
        for count, index in enumerate(indices, start=1):
            digit = int(pen.labels[index])
            try:
                answer = read_one(page, pen.strokes[index], np.random.default_rng([1, index]))
            except (PlaywrightError, AssertionError) as error:  # no answer: counted, reported, not read right
                failures += 1
                answer = ""
                print(f"pen digit #{index}: no answer ({str(error).splitlines()[0]})", file=sys.stderr, flush=True)
            if answer != str(digit):
                print(f"pen digit #{index} (a {digit} by writer {pen.writers[index]}, {len(pen.strokes[index])} strokes): "
                      f"read as {answer}", file=sys.stderr, flush=True)
            total[digit] += 1
            right[digit] += answer == str(digit)
            unsure[digit] += answer.endswith("?")  # "7 or 1?": the app said it was not sure
            if count % 20 == 0:
                print(f"{count}/{len(indices)} drawn, {right.sum() / total.sum():.1%} read right", file=sys.stderr, flush=True)
        browser.close()
    print(f"Pen digits of unseen writers drawn with the mouse in Chromium ({args.task}, default model, brush {_BRUSH}):")
    print(f"{right.sum()} of {total.sum()} read right: {right.sum() / total.sum():.2%}; "
          f"{unsure.sum()} answered \"I'm not sure\" (counted as not right), {failures} got no answer, "
          f"{total.sum() - right.sum() - unsure.sum() - failures} wrong.")
    print("| digit | " + " | ".join(map(str, range(10))) + " |")
    print("|---|" + "---|" * 10)
    print("| right | " + " | ".join(f"{r}/{t}" for r, t in zip(right, total)) + " |")
    print("| not sure | " + " | ".join(map(str, unsure)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
