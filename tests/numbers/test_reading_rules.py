"""The reader's levels at their boundaries, on numbers drawn in exact blocks of ink (no anti-aliased
rim unless one is drawn), so that each mark's size in pixels is known: specks, dots, marks judged
a digit's size by the number, wide digits, the most digits, and each digit's box."""

import dataclasses

import numpy as np
import pytest

from digit_model.inputs.recipe import ink_strength
from digit_model.numbers.pieces import piece_of
from digit_model.numbers.reading import _Reader, read_number

BOTTOM = 250  # the row below the number's marks, whose bottoms are level


def _number(marks: list[tuple[int, int, int]], *, half_top: bool = False):
    """A canvas of ink blocks on black, each mark (left column, width, height) with its bottom on
    BOTTOM, and the strokes that drew them (an upright through each): ``(canvas, strokes)``.
    With ``half_top``, each mark's top row is inked at exactly half the strongest ink (127 of 254)."""
    canvas = np.zeros((280, 420), np.uint8)
    strokes = []
    for left, width, height in marks:
        canvas[BOTTOM - height : BOTTOM, left : left + width] = 254
        if half_top:
            canvas[BOTTOM - height, left : left + width] = 127
        middle = left + (width - 1) / 2
        strokes.append(np.array([[middle, BOTTOM - height], [middle, BOTTOM - 1]], float))
    return canvas, strokes


def _between_ones(mark: tuple[int, int], *, tall: int = 200):
    """A ``tall`` 1 (a block 12 wide, its top row half inked), a mark (width, height) and another 1, far apart."""
    width, height = mark
    return _number([(40, 12, tall), (190 - width // 2, width, height), (340, 12, tall)], half_top=True)


@pytest.mark.parametrize("tall, side, digits", [
    (200, 80, 3),  # 0.4 of the number's height: judged a digit's size by the number, and read
    (200, 79, 2),  # less: the recipe's test calls the block a dot, and it is left out
    (201, 80, 2),  # less than 0.4 of a number 201 tall (its top row half inked, still a stroke's)
])
def test_a_blob_at_least_04_of_the_numbers_height_is_read_as_a_digit_and_a_smaller_one_left_out_as_a_dot(digit_reader, tall, side, digits):
    canvas, strokes = _between_ones((side, side), tall=tall)
    reading = read_number(canvas, model=digit_reader, strokes=strokes)
    assert len(reading.digits) == digits and reading.text[0] == reading.text[-1] == "1"


@pytest.mark.parametrize("length, kept", [(80, True), (79, False)])
def test_a_dash_no_shorter_than_04_of_the_tallest_mark_is_refused_and_a_shorter_one_left_out(digit_reader, length, kept):
    canvas, strokes = _number([(40, 12, 200), (150, length, 10), (340, 12, 200)])
    strokes[1] = np.array([[150.0, 245.0], [149.0 + length, 245.0]])
    if kept:
        with pytest.raises(ValueError, match="Mark 2 from the left is too small or too flat"):
            read_number(canvas, model=digit_reader, strokes=strokes)
    else:
        assert read_number(canvas, model=digit_reader, strokes=strokes).text == "11"


@pytest.mark.parametrize("height, text", [(30, "111"), (29, "11")])
def test_a_mark_smaller_every_way_than_015_of_the_tallest_is_a_speck_even_when_it_reads_as_a_digit(digit_reader, height, text):
    canvas, strokes = _number([(40, 12, 200), (190, 3, height), (340, 12, 200)])
    assert read_number(canvas, model=digit_reader, strokes=strokes).text == text


def _ring(width: int, height: int = 100) -> tuple[np.ndarray, list[np.ndarray]]:
    """A rectangular 0, 10 pixels thick, ``width`` wide and ``height`` tall, drawn in one stroke."""
    canvas = np.zeros((280, 420), np.uint8)
    canvas[100 : 100 + height, 100 : 100 + width] = 254
    canvas[110 : 90 + height, 110 : 90 + width] = 0
    x0, y0, x1, y1 = 104.5, 104.5, 95.5 + width, 95.5 + height
    return canvas, [np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])]


@pytest.mark.parametrize("width, split_sure", [(100, True), (101, False)])
def test_a_digit_wider_than_tall_makes_the_split_unsure_as_it_may_hold_two(digit_reader, width, split_sure):
    canvas, strokes = _ring(width)
    reading = read_number(canvas, model=digit_reader, strokes=strokes)
    assert len(reading.digits) == 1 and reading.split_sure == split_sure


def test_twelve_digits_are_read(digit_reader):
    canvas, strokes = _number([(12 + 34 * index, 8, 100) for index in range(12)])
    assert read_number(canvas, model=digit_reader, strokes=strokes).text == "1" * 12


def test_a_digits_box_is_its_strokes_in_the_images_pixels_without_the_fainter_rim(digit_reader):
    canvas, strokes = _number([(100, 12, 101)], half_top=True)  # rows 149 to 249, the first half inked
    canvas[148, 99:113] = canvas[149:251, 99] = canvas[149:251, 112] = canvas[250, 99:113] = 102  # a rim at 0.4
    reading = read_number(canvas, model=digit_reader, strokes=strokes)
    assert reading.digits[0].box == (100, 149, 112, 250)


def test_a_mark_the_recipe_refuses_is_no_digit_to_the_model(digit_reader):
    canvas, _ = _number([(40, 12, 200), (150, 80, 10)])
    ink = ink_strength(canvas)
    columns = np.arange(ink.shape[1])
    one, dash = piece_of((ink > 0) & (columns < 100)), piece_of((ink > 0) & (columns >= 100))
    confidences = _Reader(digit_reader, ink).confidences([one, dash])
    assert confidences[0] > 0.5 and confidences[1] == 0.0


def test_options_after_the_image_must_be_named(digit_reader):
    canvas, _ = _number([(40, 12, 200)])
    with pytest.raises(TypeError):
        read_number(canvas, "which_digit", digit_reader)
    assert read_number(image=canvas, model=digit_reader).text == "1"


def test_a_reading_and_its_digits_cannot_be_changed_afterwards(digit_reader):
    canvas, strokes = _number([(40, 12, 200)])
    reading = read_number(canvas, model=digit_reader, strokes=strokes)
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.text = "7"
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.digits[0].label = 7
