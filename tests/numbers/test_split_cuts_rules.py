"""The split by ink's rules for touching digits: where seams may part them, which digits a cut
may make, and when the split says a seam crossed ink.

The ink is drawn as rectangles (bars joined by a bridge of ink) and the model replaced by one
that reads any piece narrower than the whole as a digit surely and the whole as none, so that
each rule's level falls between two whole numbers of pixels (the pieces 40 pixels tall).
"""

import numpy as np
import pytest

from digit_model.inputs.recipe import ink_strength
from digit_model.numbers import split
from digit_model.numbers.pieces import (
    Piece,
    cheapest,
    misshapen,
    piece_of,
    stroke_width,
)
from tests.numbers.inked import columns, ink_of
from tests.numbers.written import write

STROKE = 4.0  # the strokes' width: a bridge 2 rows thick is half a stroke


def digits_narrower_than(width: int):
    """A model that reads a piece narrower than ``width`` as a digit surely, and a wider one as none."""
    return lambda pieces: np.array([1.0 if piece.width < width else 0.0 for piece in pieces])


def two_bars(left: int, gap: int, right: int, *, bridge: int = 2) -> np.ndarray:
    """Two bars 40 rows tall, ``left`` and ``right`` columns wide, ``gap`` columns apart, joined
    by a bridge ``bridge`` rows thick across their middle."""
    first, second = 10 + left, 10 + left + gap
    return ink_of((10, 10, 50, first), (10, second, 50, second + right), (28, first, 28 + bridge, second))


@pytest.mark.parametrize("bridge, crossed", [(2, False), (3, True)])
def test_touching_digits_are_cut_across_the_ink_joining_them_which_counts_as_crossing_ink_over_half_a_stroke(bridge, crossed):
    ink = two_bars(12, 12, 12, bridge=bridge)
    pieces, cut = split.ink_pieces(ink, confidences=digits_narrower_than(36), stroke=STROKE)
    assert len(pieces) == 2 and cut == crossed
    (first, second) = pieces
    assert first.left == 10 and 22 <= first.box[3] == second.left <= 34 and second.box[3] == 46
    assert all(piece.box[::2] == (10, 50) for piece in pieces)
    assert first.mask[:, :12].all() and second.mask[:, -12:].all()  # each bar whole in its digit
    assert first.mask.sum() + second.mask.sum() == (ink > 0).sum()  # and the bridge shared out


def test_a_split_crossed_ink_when_any_of_its_seams_crossed_over_half_a_stroke():
    ink = two_bars(12, 12, 12) + ink_of((10, 58, 50, 70), (28, 46, 31, 58))  # a third bar, joined by a thicker bridge
    pieces, cut = split.ink_pieces(ink, confidences=digits_narrower_than(30), stroke=STROKE)
    assert len(pieces) == 3 and cut


@pytest.mark.parametrize("trust, pieces", [(10.5, 1), (9.5, 2)])
def test_a_piece_is_cut_when_ten_times_the_models_doubt_in_it_whole_costs_more_than_its_cut(trust, pieces):
    """A digit costs ten times the model's doubt in it (minus the log of its confidence) and its
    misshapenness (pieces.misshapen), a seam half a unit per stroke it crosses: the whole is read
    just surely enough for ten times its doubt to be a little under (``trust`` 10.5) or over
    (9.5) what its cut costs more than it in shape and ink."""
    ink = two_bars(12, 12, 12, bridge=3)  # the seam crosses 3 rows of ink: 3/4 of a stroke
    parts, _ = split.ink_pieces(ink, confidences=digits_narrower_than(36), stroke=STROKE)
    dearer = sum(map(misshapen, parts)) + 0.5 * 3 / STROKE - misshapen(piece_of(ink > 0))
    sure = np.exp(-dearer / trust)
    model = lambda found: np.array([1.0 if piece.width < 36 else sure for piece in found])
    assert len(split.ink_pieces(ink, confidences=model, stroke=STROKE)[0]) == pieces


def _eagerly(bounds, last, read):
    """The cheapest split of reading every candidate digit."""
    return cheapest(dict(zip(bounds, read(list(bounds)))), last)


def _nearly_sure(salt: int):
    """A model between 97% and 100% sure of every piece, at random, always the same for the same
    piece: the seams' ink then weighs as much as its doubt."""
    return lambda pieces: np.array([np.random.default_rng(abs(hash((piece.box, salt)))).uniform(0.97, 1.0) for piece in pieces])


@pytest.mark.parametrize("digits, gap, salt", [
    ((2, 3, 0, 7), -8, 0), ((5, 5, 3, 5), -9, 452), ((0, 0, 3), -8, 371), ((7, 7, 0), -12, 118), ((0, 0, 2), -12, 147),
])
def test_touching_digits_are_split_as_reading_every_candidate_digit_would(monkeypatch, digits, gap, salt):
    """The model is asked only about the digits that may make the cheapest split (_read_lazily):
    a digit's shape and seam are a bound on its cost, and the split found is the same."""
    ink = ink_strength(write(digits, gap=gap)[0])
    lazily = split.ink_pieces(ink, confidences=_nearly_sure(salt), stroke=stroke_width(ink))
    monkeypatch.setattr(split, "_read_lazily", _eagerly)
    eagerly = split.ink_pieces(ink, confidences=_nearly_sure(salt), stroke=stroke_width(ink))
    assert [piece.box for piece in lazily[0]] == [piece.box for piece in eagerly[0]] and lazily[1] == eagerly[1]


@pytest.mark.parametrize("right, pieces", [(8, 2), (7, 1)])
def test_a_piece_is_tried_as_several_digits_only_from_three_fifths_as_wide_as_tall(right, pieces):
    ink = two_bars(8, 8, right)  # 24 (0.6 of 40) or 23 columns wide
    found, _ = split.ink_pieces(ink, confidences=digits_narrower_than(20), stroke=STROKE)
    assert len(found) == pieces


@pytest.mark.parametrize("stub, pieces", [(14, 2), (13, 1)])
def test_a_cut_off_part_less_tall_than_seven_twentieths_of_the_piece_is_no_digit(stub, pieces):
    ink = ink_of((10, 10, 50, 20), (20, 20, 22, 30), (14, 30, 14 + stub, 40))  # a bar, and a stub beside its top half
    found, _ = split.ink_pieces(ink, confidences=digits_narrower_than(30), stroke=STROKE)
    assert len(found) == pieces


@pytest.mark.parametrize("left, pieces", [(64, 2), (65, 1)])
def test_a_cut_off_part_wider_than_eight_fifths_of_the_piece_is_no_digit(left, pieces):
    """The only place a seam may part the piece is a column with one pixel of ink, ``left``
    columns from its left (every other crosses ten strokes): the digit left of it is at most 1.6
    times as wide as tall (64 columns)."""
    ink = ink_of((10, 10, 50, 10 + left), (10, 11 + left, 50, 31 + left), (30, 10 + left, 31, 11 + left))
    found, _ = split.ink_pieces(ink, confidences=digits_narrower_than(80), stroke=STROKE)
    assert columns(found) == ([(10, 10 + left), (10 + left, 31 + left)] if pieces == 2 else [(10, 31 + left)])


HEIGHT = 50  # a seam must be 4 columns (0.08 of it) from another and from the piece's edges


@pytest.mark.parametrize("crossed, chosen", [([4.0, 4.01], [0]), ([4.01, 4.0], [1])])
def test_a_seam_crossing_more_than_four_strokes_never_parts_digits(crossed, chosen):
    assert list(split._ends(np.array(crossed), np.array([20.0, 40.0]), HEIGHT, 100)) == chosen


def test_a_seam_parts_digits_only_from_0_08_of_the_height_from_the_pieces_edges():
    middles = np.array([3.9, 4.0, 50.0, 96.0, 96.1])
    crossed = np.array([0.0, 1.0, 0.0, 1.0, 0.0])  # those too near the edges would be taken first
    assert list(split._ends(crossed, middles, HEIGHT, 100)) == [1, 2, 3]


def test_seams_crossing_least_ink_are_taken_first_and_those_nearer_to_them_than_0_08_of_the_height_dropped():
    middles = np.array([20.0, 24.0, 27.9, 40.0, 43.9, 60.0])
    crossed = np.array([1.0, 0.0, 0.5, 2.0, 1.5, 3.0])
    assert list(split._ends(crossed, middles, HEIGHT, 100)) == [0, 1, 4, 5]  # left to right


@pytest.mark.parametrize("width, most", [(50, 3), (51, 4), (100, 6)])
def test_at_most_three_seams_per_height_of_the_pieces_width_are_taken_the_fewest_crossing(width, most):
    middles = np.arange(4.0, 47.0, 4.0)
    crossed = np.linspace(1.0, 0.0, len(middles))  # the rightmost cross least
    assert list(split._ends(crossed, middles, HEIGHT, width)) == list(range(len(middles) - most, len(middles)))


def test_a_piece_too_narrow_for_a_seam_has_none():
    assert list(split._ends(np.zeros(0), np.zeros(0), HEIGHT, 20)) == []
    assert list(split._ends(np.full(3, 5.0), np.array([10.0, 20.0, 30.0]), HEIGHT, 40)) == []


def test_a_digit_between_two_seams_holds_the_pixels_from_the_left_seams_on_to_the_right_ones_excluded():
    piece = Piece((10, 20, 16, 30), np.ones((6, 10), bool))
    own = np.ones((6, 10))
    own[:, 9] = 0.0  # the piece's last column has no ink of its own
    left, right = np.array([2, 2, 3, 3, 2, 2]), np.array([6, 6, 6, 7, 7, 7])
    found = split._segment(piece, own, left, right)
    assert found.box == (10, 22, 16, 27)
    expected = np.arange(22, 27) >= left[:, None] + 20
    assert (found.mask == (expected & (np.arange(22, 27) < right[:, None] + 20))).all()
    assert split._segment(piece, own, np.full(6, 9), np.full(6, 10)) is None  # no ink there
    assert split._segment(piece, own, right, right) is None
