"""The split by ink's rules for pieces apart: which parts of a number's ink are one digit, which
are specks, which two strokes close together are one digit, and which wide piece is left whole.

The ink here is drawn as rectangles, and the model replaced by fixed confidences, so that each
rule's level falls between two whole numbers of pixels (the number 40 pixels tall, unless said).
"""

import itertools

import numpy as np
import pytest

from digit_model.numbers import split
from digit_model.numbers.pieces import Piece, piece_of
from tests.numbers.inked import H, bar, columns, ink_of


def box(col0: int, col1: int, rows: tuple[int, int] = (0, H)) -> tuple[int, int, int, int]:
    return bar(col0, col1, rows).box


def never_sure(pieces: list[Piece]) -> np.ndarray:
    """A model that reads nothing as a digit."""
    return np.zeros(len(pieces))


def test_each_piece_of_ink_apart_from_the_others_is_a_digit_left_to_right_whatever_its_height():
    ink = ink_of((10, 100, 60, 110), (40, 20, 75, 30), (30, 60, 70, 68))  # the rightmost starts highest
    pieces, cut = split.ink_pieces(ink, confidences=never_sure, stroke=4.0)
    assert columns(pieces) == [(20, 30), (60, 68), (100, 110)] and not cut
    assert [piece.box[::2] for piece in pieces] == [(40, 75), (30, 70), (10, 60)]
    assert all(piece.mask.all() for piece in pieces)


def test_no_ink_beyond_the_number_is_part_of_a_digit_and_ink_down_to_its_faint_rim_is():
    ink = ink_of((10, 20, 50, 30))
    ink[10:50, 19] = ink[10:50, 30] = 0.1  # the brush's soft rim
    ink[10:50, 31] = 0.0
    pieces, _ = split.ink_pieces(ink, confidences=never_sure, stroke=4.0)
    assert columns(pieces) == [(19, 31)]


@pytest.mark.parametrize("height, part, pieces", [
    (40, 16, 2),  # a part 0.4 of the number's height is a digit of its own, even right beside another
    (43, 17, 1),  # one less tall than 0.4 of it (17.2) joins the digit beside it
])
def test_the_numbers_height_is_that_of_its_ink_from_its_half_inked_top_row_to_its_bottom_row(height, part, pieces):
    """The levels are shares of the number's height, measured from its first row of ink at least
    half inked to its last, wherever the number stands on the canvas: one pixel more or less
    would move a part just under or at 0.4 of it across the level."""
    ink = ink_of((20, 10, 20 + height, 20), (21, 22, 21 + part, 30))
    ink[20, 10:20] = 0.5  # the top row, half inked, counts
    ink[19, 10:20] = 0.49  # the row above, less than half, does not
    found, _ = split.ink_pieces(ink, confidences=never_sure, stroke=4.0)
    assert len(found) == pieces


@pytest.mark.parametrize("part, groups", [
    (box(27, 35, (0, 15)), [[0, 1]]),  # under 0.4 of the height, 2 columns away: part of the digit
    (box(27, 35, (0, 16)), [[0], [1]]),  # 0.4 of the height: a digit of its own
    (box(28, 35, (0, 10)), [[0, 1]]),  # 3 columns away: a broken stroke
    (box(29, 35, (0, 10)), [[0], [1]]),  # 4 columns away, a tenth of the height: apart
    (box(15, 35, (30, 40)), [[0, 1]]),  # lying under the digit
])
def test_a_small_part_joins_a_digit_it_lies_over_or_has_fewer_than_a_tenth_of_the_height_of_columns_from(part, groups):
    assert sorted(split._grouped([box(5, 25), part], H)) == groups


def test_a_small_part_joins_the_digit_it_shares_most_columns_with():
    boxes = [box(0, 20), box(30, 50, (5, 45)), box(15, 38, (20, 30))]  # a bar across the gap, mostly over the second digit
    assert sorted(split._grouped(boxes, H)) == [[0], [1, 2]]
    boxes = [box(0, 20), box(30, 50, (5, 45)), box(12, 33, (20, 30))]  # mostly over the first
    assert sorted(split._grouped(boxes, H)) == [[0, 2], [1]]


@pytest.mark.parametrize("part, kept", [
    (box(60, 62, (0, 6)), True),  # 0.15 of the height tall
    (box(60, 66, (0, 2)), True),  # 0.15 of it long
    (box(60, 65, (0, 5)), False),  # shorter every way: a speck
])
def test_a_small_part_far_from_any_digit_is_a_speck_unless_three_twentieths_of_the_height_long(part, kept):
    assert sorted(split._grouped([box(0, 20), part], H)) == ([[0], [1]] if kept else [[0]])


@pytest.mark.parametrize("first, second, groups", [
    (box(5, 25, (2, 40)), box(14, 34), [[0, 1]]),  # shares 11 of the narrower one's 20 columns: one digit (a 7's bar lifted off it)
    (box(5, 25, (2, 40)), box(15, 35), [[0], [1]]),  # shares half: two digits
    (box(5, 25, (2, 40)), box(14, 65, (20, 60)), [[0, 1]]),  # shares 11 of the first's 20, the other wider and lower
    (box(5, 25, (2, 40)), box(15, 65, (20, 60)), [[0], [1]]),
    (box(5, 45, (0, 60)), box(34, 54), [[0, 1]]),  # shares 11 of the second's 20, the first wider and taller
    (box(5, 45, (0, 60)), box(35, 55), [[0], [1]]),
])
def test_two_tall_pieces_sharing_more_than_half_of_the_narrower_ones_columns_are_one_digit(first, second, groups):
    assert sorted(split._grouped([first, second], H)) == groups


def test_a_digits_strokes_lifted_off_it_all_join_it():
    """A flag over its top and a bar over its bottom, each sharing most of its columns: one digit."""
    boxes = [box(60, 80), box(0, 20), box(5, 25, (0, 18)), box(2, 18, (22, 40))]  # another digit first
    assert sorted(sorted(group) for group in split._grouped(boxes, H)) == [[0], [1, 2, 3]]


def test_strokes_lying_over_each_other_in_a_chain_are_one_digit_whatever_order_they_were_found_in():
    """Each shares over half of the narrower one's columns with another: after every join the
    joined pieces are measured against the rest anew."""
    strokes = [box(30, 55), box(20, 35), box(10, 40), box(25, 45)]
    for order in itertools.permutations(strokes):
        groups = split._grouped(list(order), H)
        assert len(groups) == 1 and sorted(groups[0]) == [0, 1, 2, 3], order


def test_a_piece_made_of_two_is_boxed_around_both_with_each_ones_own_pixels():
    first = np.zeros((60, 60), bool)
    first[10:30, 5:15] = np.eye(20, 10, dtype=bool) | np.eye(20, 10, k=3, dtype=bool)
    second = np.zeros((60, 60), bool)
    second[20:50, 12:40] = np.tri(30, 28, dtype=bool)
    expected = piece_of(first | second)
    for both in (split._union(piece_of(first), piece_of(second)), split._union(piece_of(second), piece_of(first))):
        assert both.box == expected.box and (both.mask == expected.mask).all()


def reads(together: float, apart: tuple[float, float] = (0.5, 0.5)):
    """A model asked about two strokes, left then right, and both together: it reads them apart
    ``apart`` surely and together ``together`` surely."""
    return lambda pieces: np.array([*apart, together][: len(pieces)])


@pytest.mark.parametrize("first, second, joined", [
    (bar(0, 10), bar(14, 24), True),  # a tenth of the height apart
    (bar(0, 10), bar(15, 25), False),
    (bar(0, 10), bar(8, 18, (0, 20)), True),  # lying over each other
    (bar(0, 14), bar(18, 36, (5, 45)), True),  # together 0.8 of their height (45) wide
    (bar(0, 14), bar(18, 37, (5, 45)), False),
])
def test_two_strokes_near_each_other_and_together_no_wider_than_a_digit_are_joined_when_read_surely_as_one(first, second, joined):
    found = split._joined([first, second], H, reads(0.99))
    assert columns(found) == ([(first.box[1], second.box[3])] if joined else columns([first, second]))


@pytest.mark.parametrize("together, apart, joined", [
    (0.98, (0.5, 0.5), True),
    (0.9799, (0.5, 0.5), False),  # not surely enough one digit
    (0.98, (1.0, 0.98), False),  # read as surely as two digits
    (0.98, (0.98, 1.0), False),
    (0.98, (1.0, 0.979), True),  # more surely as one
    (0.98, (0.979, 1.0), True),
])
def test_two_strokes_are_one_digit_when_read_as_one_at_least_98_percent_surely_and_more_surely_than_as_two(together, apart, joined):
    found = split._joined([bar(0, 10), bar(14, 24)], H, reads(together, apart))
    assert len(found) == (1 if joined else 2)


def test_a_digit_in_three_strokes_near_each_other_is_joined_stroke_by_stroke():
    strokes = [bar(0, 6), bar(9, 15), bar(18, 24), bar(40, 46), bar(49, 55)]
    found = split._joined(strokes, H, reads(0.99))
    assert columns(found) == [(0, 24), (40, 55)]


def test_strokes_are_joined_only_with_their_neighbours_left_and_right():
    strokes = [bar(0, 10), bar(30, 36), bar(39, 45), bar(60, 66)]  # only the middle two are near each other
    found = split._joined(strokes, H, reads(0.99))
    assert columns(found) == [(0, 10), (30, 45), (60, 66)]


@pytest.mark.parametrize("width, sure, whole", [
    (46, 0.99, True),  # 1.15 times as wide as tall, read 99% surely: one digit
    (46, 0.9899, False),
    (47, 0.99, False),  # wider
    (47, 0.999, True),  # wider, read 99.9% surely: one digit
    (64, 0.999, True),  # as wide as any digit (1.6 times its height)
    (64, 0.9989, False),
    (65, 1.0, False),  # wider than any digit
])
def test_a_piece_wide_enough_for_two_digits_is_left_whole_when_read_surely_enough_for_its_width(width, sure, whole):
    assert split._plainly_one(bar(0, width), lambda pieces: np.full(len(pieces), sure)) == whole


@pytest.mark.parametrize("third, boxes", [
    (bar(32, 62, (5, 45)), [(0, 0, 40, 10), (0, 30, 45, 62)]),  # sharing 28 of the second's 30 columns
    (bar(45, 75, (5, 45)), [(0, 0, 40, 10), (0, 30, 40, 60), (5, 45, 45, 75)]),  # sharing 15: half
])
def test_of_three_cut_parts_only_those_lying_over_each_other_are_one_digit(third, boxes):
    found = split._overlaps_joined([bar(0, 10), bar(30, 60), third])
    assert [piece.box for piece in found] == boxes


def test_cut_parts_sharing_half_of_the_narrower_ones_columns_are_two_digits_as_pieces_apart_are():
    parts = [bar(0, 40), bar(20, 60, (5, 45))]
    assert split._overlaps_joined(parts) == parts
    assert split._grouped([part.box for part in parts], H) == [[0], [1]]
