"""Number mode of the Draw page: a number written on the wide canvas is read digit by digit, and what
cannot be read as a number gets one sentence, never a traceback."""

import base64
import io
import time

import numpy as np
import pytest
from PIL import Image

from digit_model.inputs.canvas import draw_lines
from digit_model.numbers.reading import MAX_DIGITS, read_number
from tests.app.app_helpers import open_page
from tests.helpers import needs_mnist
from tests.numbers.written import write
from ui import number_view, state


def in_number_mode(at):
    at.radio(key=state.SOURCE).set_value(state.NUMBER).run()
    assert not at.exception, at.exception
    return at


def written(at, canvas: np.ndarray, strokes: list[np.ndarray]):
    """Put the canvas and its strokes on the wide canvas, as fabric.js paths the way the browser sends them, and rerun."""
    buffer = io.BytesIO()
    Image.fromarray(canvas).save(buffer, format="PNG")
    paths = [{"type": "path", "strokeWidth": 12, "path": [["M", *stroke[0]], *(["L", *point] for point in stroke[1:])]}
             for stroke in strokes]
    data_url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    at.session_state[state.NUMBER_CANVAS] = {"drawing": {"raw": {"objects": paths, "background": "#ffffff"}, "data": data_url}}
    at.run()
    assert not at.exception, at.exception
    return at


def number(at) -> str | None:
    return next((metric.value for metric in at.metric if metric.label == "Number"), None)


def test_an_empty_number_canvas_asks_for_a_number(app):
    at = in_number_mode(open_page(app, "Draw", task="which_digit"))
    assert number(at) is None and not at.warning
    assert at.info[0].value.startswith("Write a number on the canvas")


@pytest.mark.parametrize("digits", [(4, 1, 7), (2,)], ids=["three digits", "a single digit"])
def test_a_written_number_is_read_with_each_digit_shown(app, digits):
    at = written(in_number_mode(open_page(app, "Draw", task="which_digit")), *write(digits, style="dark on light")[:2])
    assert number(at) == "".join(map(str, digits))
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert captions[0].startswith("Each digit's ink in its numbered box")
    assert [caption.split(" (")[0] for caption in captions[1:]] == [f"{place}: {digit}" for place, digit in enumerate(digits, 1)]


def test_a_binary_task_reads_each_digit_of_the_number(app):
    at = written(in_number_mode(open_page(app, "Draw", task="five_or_not")), *write((5, 1), style="dark on light")[:2])
    assert number(at) == "5, not 5"



def _dots():
    """Four dots in a row: specks, not digits."""
    centres = [np.array([[85.0, 40.0 + 60 * i]]) for i in range(4)]  # (row, col)
    return draw_lines(centres, brush=16, style="dark on light"), [centre[:, ::-1] for centre in centres]


def _ones(count: int):
    """``count`` ones side by side."""
    canvas, strokes, (box,) = write((1,), style="dark on light")
    width = int(box[2]) + 6
    return np.hstack([canvas[:, :width]] * count), [stroke + [width * i, 0] for i in range(count) for stroke in strokes]


@pytest.mark.parametrize("make, sentence", [
    (_dots, "There are only specks or dots"),
    (lambda: _ones(MAX_DIGITS + 1), f"A number here has at most {MAX_DIGITS} digits; this one has {MAX_DIGITS + 1}"),
], ids=["only specks", "too many digits"])
def test_what_cannot_be_read_as_a_number_gets_one_sentence(app, make, sentence):
    at = written(in_number_mode(open_page(app, "Draw", task="which_digit")), *make())
    assert number(at) is None
    assert [warning.value for warning in at.warning] and at.warning[0].value.startswith(sentence)
    assert not at.get("image")


def test_a_photo_read_as_a_whole_number(app):
    canvas, _, _ = write((2, 0, 7))
    ink = canvas[:, :, 0].astype(np.float32) / 255
    light = np.linspace(0.75, 1.0, ink.shape[1])[None, :]  # the light falls off across the page
    buffer = io.BytesIO()
    Image.fromarray(np.round(255 * light * (1 - 0.8 * ink)).astype(np.uint8)).save(buffer, format="PNG")
    at = open_page(app, "Draw", task="which_digit")
    at.radio(key=state.SOURCE).set_value(state.PHOTOS[0]).run()
    at.file_uploader(key=state.UPLOAD).set_value(("number.png", buffer.getvalue(), "image/png")).run()
    assert number(at) is None  # one digit, until asked to read a number
    at.toggle(key=state.AS_NUMBER).set_value(True).run()
    assert not at.exception and number(at) == "207"


def _with_a_star(digits) -> tuple[np.ndarray, list[np.ndarray]]:
    """``digits`` written as usual, then a five-pointed star to their right, 90 pixels tall."""
    _, strokes, boxes = write(digits, style="dark on light")
    angles = np.pi / 2 + np.arange(6) * 4 * np.pi / 5  # every second point of a pentagon, closed
    star = np.c_[np.cos(angles), -np.sin(angles)] * 45 + [boxes[-1][2] + 30 + 45, 90 + 45]
    strokes = [*strokes, star]
    return draw_lines([stroke[:, ::-1] for stroke in strokes], brush=12, style="dark on light"), strokes


@needs_mnist
def test_a_place_that_is_no_digit_is_marked_in_the_number(app):
    at = in_number_mode(open_page(app, "Draw", task="which_digit"))
    deadline = time.monotonic() + 240  # the not-a-digit check is built once per server, in the background
    while number(written(at, *_with_a_star((4, 1)))) != "41?" and time.monotonic() < deadline:
        time.sleep(1)
    assert number(at) == "41?"
    assert any(w.value.startswith("Place 3 does not look like a digit") for w in at.warning)
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert captions[3].startswith("3: ? (no digit, most like ")


def test_a_flagged_place_is_no_digit_only_when_the_model_is_unsure_of_it_too():
    canvas, strokes = _with_a_star((4, 1))
    reading = read_number(canvas, strokes=strokes)
    assert [digit.sure for digit in reading.digits] == [True, True, False]  # the star is read unsurely
    flagged = np.array([True, False, True])  # as the check might flag a real 4 written small in a number
    assert number_view.strangers(reading, flagged).tolist() == [False, False, True]
    assert number_view.strangers(reading, None) is None  # not checked yet: nothing to mark
