"""Reading a whole number: the split by strokes and by ink, each digit's box, and every refusal's sentence."""

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from digit_model.inputs.canvas import draw_lines
from digit_model.inputs.recipe import NotADigit, to_mnist, to_mnist_steps
from digit_model.numbers.reading import read_number
from digit_model.numbers.strokes import canvas_strokes
from digit_model.tasks import get_task
from digit_model.training import registry
from tests.numbers.written import DRAWN, write

BOX_SLACK = 2  # canvas pixels between a drawn box and the box read: the brush's anti-aliased rim


def boxes_match(read, drawn, *, slack=BOX_SLACK) -> bool:
    return len(read) == len(drawn) and all(np.abs(np.subtract(a, b)).max() <= slack for a, b in zip(read, drawn))


@pytest.mark.parametrize("use_strokes", [True, False], ids=["strokes", "image alone"])
def test_the_two_stroke_4_the_flagged_5_and_the_barred_7_stay_whole(digit_reader, use_strokes):
    canvas, strokes, boxes = write((4, 5, 7))
    assert len(strokes) == 6  # each of them drawn in two strokes
    reading = read_number(canvas, model=digit_reader, strokes=strokes if use_strokes else None)
    assert reading.text == "457"
    assert boxes_match([digit.box for digit in reading.digits], boxes)
    assert reading.split_sure


@pytest.mark.parametrize("digits", [(2, 3), (3, 0)], ids=["23", "30"])
def test_a_touching_pair_is_cut_in_two_and_the_split_is_not_sure(digit_reader, digits):
    canvas, _, boxes = write(digits, gap=-8)
    assert ndimage.label(canvas[:, :, 0] > 127, structure=np.ones((3, 3)))[1] == 1  # one piece of ink
    reading = read_number(canvas, model=digit_reader)
    assert reading.text == "".join(map(str, digits))
    assert [digit.box[0] for digit in reading.digits] == pytest.approx([box[0] for box in boxes], abs=BOX_SLACK)
    assert not reading.split_sure and not reading.sure


@pytest.mark.parametrize("order", ["as written", "right to left", "no strokes", "an empty list of strokes"])
def test_digits_come_out_left_to_right_with_the_boxes_they_were_drawn_in(digit_reader, order):
    canvas, strokes, boxes = write((7, 0, 2), style="dark on light")
    given = {"as written": strokes, "right to left": strokes[::-1], "no strokes": None, "an empty list of strokes": []}[order]
    reading = read_number(canvas, model=digit_reader, strokes=given)
    assert reading.text == "702"
    assert boxes_match([digit.box for digit in reading.digits], boxes)
    assert all(digit.image.shape == (28, 28) and digit.image.dtype == np.uint8 for digit in reading.digits)


def test_strokes_lying_nowhere_on_the_ink_leave_the_number_to_be_read_from_the_ink(digit_reader):
    """Strokes of another drawing (a caller's mix-up) must not turn a plainly written number into "only specks"."""
    canvas, _, _ = write((4, 1))
    elsewhere = [np.array([[250.0, 10.0], [270.0, 20.0]])]  # a corner the number does not reach
    assert read_number(canvas, model=digit_reader, strokes=elsewhere).text == "41"


def test_a_single_digit_reads_as_it_does_alone_on_the_canvas(digit_reader):
    canvas, strokes, _ = write((3,), height=200, brush=20, top=40)
    alone = to_mnist(canvas)
    for given in (strokes, None):
        reading = read_number(canvas, model=digit_reader, strokes=given)
        (digit,) = reading.digits
        assert np.array_equal(digit.image, alone)
        proba = digit_reader.predict_proba(alone[None])[0]
        assert digit.label == digit_reader.classes_[proba.argmax()] == 3 and type(digit.label) is int  # not NumPy's
        assert digit.confidence == pytest.approx(proba.max(), abs=1e-3)
        assert reading.text == "3" and digit.sure == (digit.confidence >= get_task("which_digit").sure_from)


def test_a_small_digit_in_a_broad_brush_is_judged_by_the_number_not_as_a_dot(digit_reader):
    ring = np.linspace(0, 2 * np.pi, 100)
    zero = np.column_stack([228 + 20 * np.sin(ring), 140 + 16 * np.cos(ring)])  # (row, col): 40 tall
    ones = [np.array([[130.0, x - 18], [110.0, x], [250.0, x]]) for x in (60.0, 220.0)]
    with pytest.raises(NotADigit, match="draw it larger"):
        to_mnist_steps(draw_lines([zero], brush=40, style="light on dark"))  # alone: a blob
    reading = read_number(draw_lines([ones[0], zero, ones[1]], brush=40, style="light on dark"), model=digit_reader)
    assert reading.text == "101"


def test_a_blob_much_smaller_than_the_numbers_digits_is_still_a_dot_and_left_out(digit_reader):
    ring = np.linspace(0, 2 * np.pi, 100)
    blob = np.column_stack([213 + 25 * np.sin(ring), 140 + 20 * np.cos(ring)])  # (row, col): 90 tall with the brush
    ones = [np.array([[40.0, x], [238.0, x]]) for x in (40.0, 240.0)]  # 238 tall with the brush
    with pytest.raises(NotADigit, match="draw it larger"):
        to_mnist_steps(draw_lines([blob], brush=40, style="light on dark"))
    reading = read_number(draw_lines([ones[0], blob, ones[1]], brush=40, style="light on dark"), model=digit_reader)
    assert reading.text == "11"  # over two stroke widths tall, yet far smaller than the digits around it


def _dots() -> np.ndarray:
    return draw_lines([np.array([[140.0, 40.0 + 60 * i]]) for i in range(4)], brush=16, style="light on dark")


def _thirteen_ones() -> np.ndarray:
    canvas, _, (box,) = write((1,))
    one = canvas[:, : int(box[2]) + 6]
    return np.hstack([one] * 13)


def _a_dash_among_ones() -> np.ndarray:
    ones = [np.array([[90.0, 30.0], [190.0, 30.0]]), np.array([[90.0, 230.0], [190.0, 230.0]])]
    lines = [ones[0], np.array([[140.0, 80.0], [140.0, 170.0]]), ones[1]]  # (row, col): a dash between two ones
    return draw_lines(lines, brush=12, style="light on dark")


@pytest.mark.parametrize("image, sentence", [
    (np.zeros((280, 560, 4), np.uint8), "Nothing is written: write a number"),
    (_dots(), "There are only specks or dots"),
    (_thirteen_ones(), "at most 12 digits; this one has 13"),
    (_a_dash_among_ones(), "Mark 2 from the left is too small or too flat to be a digit"),
], ids=["nothing", "specks", "too many digits", "a dash"])
def test_what_cannot_be_read_as_a_number_gets_one_sentence(digit_reader, image, sentence):
    with pytest.raises(ValueError, match=sentence) as refused:
        read_number(image, model=digit_reader)
    assert str(refused.value).count(".") <= 1


def test_a_binary_task_reads_each_digit_as_its_answer():
    canvas, strokes, _ = write((5, 1))
    reading = read_number(canvas, task="five_or_not", strokes=strokes)
    assert reading.digits[0].label is True and reading.digits[1].label is False  # Python's, not NumPy's
    assert reading.text == "5, not 5"
    reading = read_number(*write((3, 5))[:1], task="five_or_three", model=registry.default_model("five_or_three"))
    assert reading.text == "35"


def test_a_photo_of_a_number_is_read_with_its_boxes_in_the_photos_pixels(digit_reader):
    canvas, _, boxes = write((2, 0, 7))
    ink = canvas[:, :, 0].astype(np.float32) / 255
    light = np.linspace(0.75, 1.0, ink.shape[1])[None, :]  # the light falls off across the page
    paper = np.round(255 * light * (1 - 0.8 * ink)).astype(np.uint8)
    photo = np.asarray(Image.fromarray(paper).convert("RGB").resize((840, 840), Image.Resampling.BILINEAR))
    reading = read_number(photo, model=digit_reader, photo=True)
    assert reading.text == "207"
    assert boxes_match([digit.box for digit in reading.digits], [np.multiply(box, 3) for box in boxes], slack=4 * BOX_SLACK)


class _Unfitted:
    """An estimator not fitted yet: it has predict_proba but no classes_."""

    def predict_proba(self, X):
        raise AssertionError("an unfitted model was asked to read")


@pytest.mark.parametrize("options, sentence", [
    ({"model": object()}, "a fitted estimator with predict_proba and classes_; got object instead"),
    ({"model": _Unfitted()}, "a fitted estimator with predict_proba and classes_; got _Unfitted instead"),
    ({"model": "no such model"}, "Unknown model 'no such model'"),
    ({"task": "which_letter"}, "Unknown task 'which_letter'"),
    ({"strokes": [np.zeros((3, 3))]}, "stroke 1 has shape \\(3, 3\\)"),
    ({"strokes": [np.array([[10.0, 10.0], [900.0, 10.0]])]}, "The strokes must lie on the image \\(280 x 280 pixels"),
    ({"strokes": [np.array([[10.0, 10.0]])], "photo": True}, "a photo has none"),
], ids=["not a model", "not fitted", "unknown name", "unknown task", "bad stroke", "stroke off the image", "strokes of a photo"])
def test_options_are_checked_at_the_boundary(options, sentence):
    canvas, _, _ = write((1,))
    with pytest.raises(ValueError, match=sentence):
        read_number(canvas, **options)


def test_a_model_of_another_task_is_refused(digit_reader):
    with pytest.raises(ValueError, match="The task 'five_or_three' answers \\[3, 5\\]; the model answers \\[0, 1, 2"):
        read_number(write((3,))[0], task="five_or_three", model=digit_reader)


def test_strokes_read_from_the_canvas_split_the_number_as_drawn(digit_reader):
    canvas, strokes, _ = write((4, 1))
    json_data = {"objects": [
        DRAWN | {"strokeWidth": 12, "left": float(s[:, 0].min() + s[:, 0].max()) / 2, "top": float(s[:, 1].min() + s[:, 1].max()) / 2,
                 "width": float(np.ptp(s[:, 0])), "height": float(np.ptp(s[:, 1])),
                 "path": [["M", *s[0]], *(["L", *point] for point in s[1:])]}
        for s in strokes
    ]}
    assert read_number(canvas, model=digit_reader, strokes=canvas_strokes(json_data)).text == "41"
