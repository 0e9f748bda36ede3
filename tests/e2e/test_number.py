"""Number mode in a browser: a three-digit number written with the mouse, stroke by stroke, is read
from the "Number" metric; undo takes back the last stroke and clear empties the canvas."""

import numpy as np
from playwright.sync_api import Page, expect

from tests.numbers.written import SHAPES
from tools.browser import draw, wait_for_app_run
from tools.number_drawn import choose_number_mode, number_value
from ui.number_view import HEIGHT, WIDTH

_TIMEOUT = 30_000  # ms


def strokes_of(digits: tuple[int, ...], *, height: float = 100, gap: float = 20) -> list[list[tuple[float, float]]]:
    """The digits' simple shapes side by side on the wide canvas, as fractions of it, in drawing order."""
    strokes, left, top = [], 20.0, (HEIGHT - height) / 2
    for digit in digits:
        shape = [np.array(stroke) * height for stroke in SHAPES[digit]]
        low = np.vstack(shape)[:, 0].min()
        strokes += [[((x - low + left) / WIDTH, (y + top) / HEIGHT) for x, y in stroke] for stroke in shape]
        left += np.ptp(np.vstack(shape)[:, 0]) + gap
    return strokes


def write(page: Page, strokes: list[list[tuple[float, float]]]) -> None:
    for stroke in strokes:  # one at a time, each sent to the app on its mouse-up
        draw(page, [stroke])
        wait_for_app_run(page)


def test_a_three_digit_number_written_stroke_by_stroke_is_read(page: Page, app_url: str):
    choose_number_mode(page, app_url)
    write(page, strokes_of((4, 1, 7)))
    expect(number_value(page)).to_have_text("417", timeout=_TIMEOUT)
    expect(page.get_by_text("3: 7 (")).to_be_visible()


def test_undo_takes_back_the_last_stroke_and_clear_empties_the_number_canvas(page: Page, app_url: str):
    choose_number_mode(page, app_url)
    write(page, strokes_of((4, 1, 1)))
    expect(number_value(page)).to_have_text("411", timeout=_TIMEOUT)
    page.get_by_role("button", name="Undo").click()
    expect(number_value(page)).to_have_text("41", timeout=_TIMEOUT)
    page.get_by_role("button", name="Reset canvas & history").click()
    expect(page.get_by_text("Write a number on the canvas")).to_be_visible(timeout=_TIMEOUT)
    expect(number_value(page)).to_have_count(0)
