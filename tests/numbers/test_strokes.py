"""The split by strokes: which strokes make one digit (the rule, then the model), which ink pixels
are each digit's, and the strokes as they come from the caller or the canvas."""

import numpy as np
import pytest

from digit_model.inputs.canvas import draw_lines
from digit_model.inputs.recipe import ink_strength
from digit_model.numbers import strokes
from digit_model.numbers.pieces import stroke_width
from digit_model.numbers.strokes import stroke_pieces
from tests.numbers.written import ask_between, write

PIECE_SLACK = 2  # pixels between a digit's drawn box and its piece's: the brush's anti-aliased rim


def _unasked(parts):
    raise AssertionError("the model was asked although the rule left one way to split the strokes")


def _preferring_wide(parts, *, wide: float = 80, together: float = 1.0, apart: float = 0.5) -> np.ndarray:
    """A model more (or less) sure of pieces wider than ``wide`` pixels: the strokes read together."""
    return np.array([together if part.width > wide else apart for part in parts])


@pytest.mark.parametrize("order", ["as written", "right to left"])
def test_each_digits_strokes_make_one_piece_left_to_right_without_asking_the_model(order):
    canvas, drawn, boxes = write((4, 5, 7))
    pieces = stroke_pieces(ink_strength(canvas), drawn if order == "as written" else drawn[::-1], confidences=_unasked)
    assert len(pieces) == 3
    for piece, (x0, y0, x1, y1) in zip(pieces, boxes):
        assert np.abs(np.subtract(piece.box, (y0, x0, y1, x1))).max() <= PIECE_SLACK


def test_overlapping_digits_come_apart_along_their_own_strokes():
    canvas, drawn, boxes = write((2, 3), gap=-8)
    ink = ink_strength(canvas)
    pieces = stroke_pieces(ink, drawn, confidences=_unasked)
    assert [piece.left for piece in pieces] == pytest.approx([box[0] for box in boxes], abs=PIECE_SLACK)
    shared = np.zeros(ink.shape, int)
    for piece in pieces:
        row0, col0, row1, col1 = piece.box
        shared[row0:row1, col0:col1] += piece.mask
    assert shared.max() == 1 and np.array_equal(shared > 0, ink > 0)  # every inked pixel is one digit's, once


@pytest.mark.parametrize("after_a_1", [False, True])
def test_five_strokes_over_each_other_are_two_digits_four_strokes_being_the_most_in_one(after_a_1):
    bars = [np.array([[80.0, y], [140.0, y]]) for y in (40, 60, 80, 100, 120)]
    drawn = [np.array([[30.0, 40.0], [30.0, 130.0]])] * after_a_1 + bars
    ink = ink_strength(draw_lines([stroke[:, ::-1] for stroke in drawn], brush=12, style="light on dark"))
    *one, first, second = stroke_pieces(ink, drawn, confidences=_unasked)
    assert len(one) == after_a_1 and first.box[0] < 40 and first.box[2] > 100 and second.box[0] > 100


def test_the_models_confidences_must_be_passed_by_name():
    canvas, drawn, _ = write((1,))
    with pytest.raises(TypeError):
        stroke_pieces(ink_strength(canvas), drawn, _unasked)


@pytest.mark.parametrize("reach, pieces", [(0.18, 1), (0.06, 2)])
def test_strokes_drawn_on_one_level_are_measured_against_a_number_one_pixel_tall(reach, pieces):
    """A stroke ending ``reach`` pixels inside the left edge of a flat one lies over it when that is
    over 0.12 of the number's height; else the model, which reads them apart, decides."""
    ink = np.zeros((40, 120))
    ink[15:27, 5:100] = 1.0
    brush = stroke_width(ink)
    end = 20 - brush + reach  # its ink ends at end + brush / 2; the flat stroke's starts at 20 - brush / 2
    drawn = [np.array([[20.0, 21.0], [90.0, 21.0]]), np.array([[8.0, 21.0], [end, 21.0]])]
    assert len(stroke_pieces(ink, drawn, confidences=lambda parts: _preferring_wide(parts, wide=90, together=0.5, apart=1.0))) == pieces


@pytest.mark.parametrize("together, pieces", [(1.0, 1), (0.5, 2)])
def test_where_the_rule_cannot_tell_the_model_reads_the_strokes_together_or_apart(together, pieces):
    canvas, drawn = ask_between(short=60)
    found = stroke_pieces(ink_strength(canvas), drawn, confidences=lambda parts: _preferring_wide(parts, wide=60, together=together, apart=0.9))
    assert len(found) == pieces


@pytest.mark.parametrize("short, together, pieces", [
    (40, np.exp(-1.5), 1),  # 53 of the tallest's 120 pixels: short, which costs more than reading the two together
    (41, np.exp(-1.5), 2),  # 54 pixels, 0.45 of the tallest: not short
    (40, np.exp(-2.5), 2),  # short, but the two together are read less surely still
])
def test_a_digit_under_045_of_the_tallest_is_read_apart_only_when_the_model_is_surer_of_it(short, together, pieces):
    canvas, drawn = ask_between(short=short)
    found = stroke_pieces(ink_strength(canvas), drawn, confidences=lambda parts: _preferring_wide(parts, wide=60, together=together, apart=1.0))
    assert len(found) == pieces


@pytest.mark.parametrize("gap, pieces", [(3, 1), (10, 2)])
def test_a_stroke_starting_right_of_a_digit_by_over_003_of_the_numbers_height_starts_a_new_one(gap, pieces):
    drawn = [np.array([[20.0, 40.0], [80.0, 240.0]]), np.array([[92.5 + gap, 40.0], [92.5 + gap, 240.0]])]  # 200 tall
    ink = ink_strength(draw_lines([stroke[:, ::-1] for stroke in drawn], brush=12, style="light on dark"))
    assert len(stroke_pieces(ink, drawn, confidences=_preferring_wide)) == pieces  # the model would read them as one


GROUP = [np.array([[1.0, 0.0], [50.0, 100.0]]), np.array([[60.0, 0.0], [99.0, 100.0]])]  # with a brush of 2: x from 0 to 100


@pytest.mark.parametrize("start, end, verdict", [
    (50, 140, "same"), (50, 150, "ask"), (60, 150, "ask"),  # its middle left of the digit's right edge, at it, right of it
    (87, 95, "same"), (88, 95, "ask"), (89, 95, "ask"),  # starting over, at, under 0.12 heights inside the digit's right edge
    (-50, 13, "same"), (-50, 12, "ask"), (-50, 11, "ask"),  # ending over, at, under 0.12 heights inside its left edge
    (95, 143, "ask"), (95, 145, "ask"), (95, 147, "new"),  # its middle under, at, over 1.2 of the digit's width
    (102, 113, "ask"), (103, 113, "ask"), (104, 113, "new"),  # starting under, at, over 0.03 heights right of the digit
    (-20, -2, "ask"), (-20, -3, "ask"), (-20, -4, "new"),  # ending under, at, over 0.03 heights left of the digit
])
def test_a_stroke_lies_over_the_digit_before_it_starts_a_new_one_or_is_left_to_the_model(start, end, verdict):
    """The stroke's ink reaches from ``start`` to ``end`` (x, with the brush); the number is 100 tall."""
    stroke = np.array([[start + 1.0, 30.0], [end - 1.0, 60.0]])
    assert strokes._verdict(stroke, GROUP, height=100.0, brush=2.0) == verdict


@pytest.mark.parametrize("runs, count, ways", [
    ([(0, 1), (1, 2)], 2, 1),
    ([(0, 1), (1, 2), (0, 2)], 2, 2),
    ([(0, 1), (1, 2), (0, 2), (2, 3), (1, 3)], 3, 3),
    ([(0, 1), (2, 3)], 3, 0),
])
def test_the_ways_to_split_the_strokes_into_runs_are_counted(runs, count, ways):
    assert strokes._ways(runs, count) == ways


def test_a_stroke_is_traced_at_the_fewest_evenly_spaced_points_at_most_a_pixel_apart_as_rows_and_columns():
    traced = strokes._traced(np.array([[2.0, 5.0], [2.0, 5.5], [2.0, 8.0], [6.0, 11.0]]))  # (x, y)
    np.testing.assert_allclose(traced, [
        [5.0, 2.0], [5.5, 2.0], [5.5 + 2.5 / 3, 2.0], [5.5 + 5 / 3, 2.0],  # 0.5 then 2.5 pixels down
        [8.0, 2.0], [8.6, 2.8], [9.2, 3.6], [9.8, 4.4], [10.4, 5.2], [11.0, 6.0],  # 5 pixels down and right
    ], atol=1e-12)
    assert strokes._traced(np.array([[3.0, 4.0]])).tolist() == [[4.0, 3.0]]


def test_each_inked_pixel_belongs_to_the_stroke_passing_nearest_it_of_the_points_on_the_ink():
    inked = np.zeros((20, 40), bool)
    inked[5:15, 5:35] = True  # the ink starts at row 5, column 5
    inked[9, 20] = False  # a hole in it
    traced = [
        np.array([[row, 10.0] for row in range(7, 15)]),
        np.array([*([row, 29.0] for row in range(5, 15)), [2.0, 12.0], [4.0, 12.0], [15.0, 29.0], [9.0, 35.0]]),  # off the ink
        np.array([[5.0, 5.0]]),  # at the ink's first row and column
    ]
    nearest = strokes._nearest_stroke(inked, traced)
    assert (nearest[~inked] == -1).all() and (nearest[inked] >= 0).all()
    assert nearest[5, 5] == nearest[5, 6] == 2
    assert nearest[14, 12] == nearest[12, 12] == nearest[9, 8] == nearest[5, 12] == 0  # the second's points at (2, 12) and (4, 12) are off it
    assert nearest[10, 25] == nearest[14, 34] == 1 and (nearest[5:15, 20:35] == 1).sum() == 10 * 15 - 1
