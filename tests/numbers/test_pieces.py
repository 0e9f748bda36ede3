"""A digit's piece of a number's ink, the strokes' width, how unlike a digit a piece is shaped,
and the cheapest way to cover a number with digits."""

import dataclasses
import itertools

import numpy as np
import pytest

from digit_model.inputs.recipe import ink_strength
from digit_model.numbers.pieces import (
    Piece,
    cheapest,
    misshapen,
    piece_of,
    stroke_width,
)
from digit_model.numbers.strokes import stroke_pieces
from tests.numbers.inked import bar
from tests.numbers.written import ask_between


def test_a_piece_is_boxed_to_its_own_pixels_and_knows_its_left_width_and_height():
    mask = np.zeros((20, 30), bool)
    mask[3, 7] = mask[9, 12] = mask[5, 20] = True  # rows 3 to 9, columns 7 to 20
    piece = piece_of(mask)
    assert piece.box == (3, 7, 10, 21)
    assert (piece.left, piece.width, piece.height) == (7, 14, 7)
    assert piece.mask.shape == (7, 14) and piece.mask.sum() == 3 and piece.mask[0, 0] and piece.mask[-1, 5]


def test_a_one_pixel_piece_is_one_pixel_large_and_a_mask_without_pixels_is_no_piece():
    mask = np.zeros((4, 5), bool)
    assert piece_of(mask) is None
    mask[2, 3] = True
    piece = piece_of(mask)
    assert piece.box == (2, 3, 3, 4) and (piece.width, piece.height) == (1, 1) and piece.mask.tolist() == [[True]]


def test_a_pieces_ink_is_its_own_pixels_ink_cropped_to_its_box_the_others_background():
    ink = np.arange(1, 49, dtype=float).reshape(6, 8) / 48
    mask = np.array([[True, False, True], [False, True, False]])
    piece = Piece((2, 4, 4, 7), mask)
    assert piece.ink(ink).tolist() == [[ink[2, 4], 0.0, ink[2, 6]], [0.0, ink[3, 5], 0.0]]


def test_a_piece_cannot_be_changed_afterwards():
    piece = bar(0, 3, (0, 4))
    with pytest.raises(dataclasses.FrozenInstanceError):
        piece.box = (0, 0, 1, 1)


@pytest.mark.parametrize("thickness", [4, 6, 12])
def test_a_long_strokes_width_is_about_its_thickness(thickness):
    ink = np.zeros((40, 420))
    ink[10 : 10 + thickness, 10:410] = 1.0
    assert stroke_width(ink) == pytest.approx(thickness, rel=0.05)


def test_only_ink_at_least_half_the_strongest_makes_a_strokes_body():
    ink = np.zeros((40, 420))
    ink[10:22, 10:410] = 0.5  # a stroke 12 pixels wide at exactly half strength
    ink[25:27, 10:410] = 0.49  # a fainter rim beside it, not part of any stroke
    assert stroke_width(ink) == pytest.approx(12, rel=0.05)


def test_ink_too_faint_for_any_stroke_is_one_pixel_wide_and_a_lone_pixel_twice_its_area_over_its_outline():
    faint = np.full((10, 10), 0.4)
    assert stroke_width(faint) == 1.0  # the least width, without dividing by an outline of nothing
    dot = np.zeros((5, 5))
    dot[2, 2] = 1.0
    assert stroke_width(dot) == 2.0


def test_a_piece_of_the_median_digits_shape_costs_nothing_and_one_too_wide_or_narrow_by_a_factor_costs_alike():
    assert misshapen(bar(0, 670, (0, 1000))) == pytest.approx(0.0, abs=1e-6)
    for factor in (1.5, 2.0):
        wide = misshapen(bar(0, round(670 * factor), (0, 1000)))
        narrow = misshapen(bar(0, 670, (0, round(1000 * factor))))
        assert wide == pytest.approx(narrow, rel=1e-3) and wide > 0
    assert misshapen(bar(0, 2680, (0, 1000))) == pytest.approx(4 * misshapen(bar(0, 1340, (0, 1000))), rel=1e-6)  # twice the log: four times the cost


@pytest.mark.parametrize("width, height, cost", [
    (100, 100, 0.655),  # a square
    (20, 100, 5.966),  # a thin 1 without its brush
    (45, 100, 0.647),  # a narrow 1 with its brush
    (134, 100, 1.961),  # twice as wide as the median
])
def test_what_a_pieces_shape_costs_the_split(width, height, cost):
    """The median shape and its spread come from the pen training writers' digits (the study), not
    from a rule a drawing could just pass or fail: this pins the costs the split is charged for a
    few shapes, so that a changed level shows."""
    assert misshapen(bar(0, width, (0, height))) == pytest.approx(cost, abs=1e-3)


def _covers(spans: list, count: int):
    """Every way to cover 0 to ``count`` end to end with the spans, by brute force."""
    for size in range(1, count + 1):
        for chosen in itertools.combinations(sorted(spans), size):
            if chosen[0][0] == 0 and chosen[-1][1] == count and all(a[1] == b[0] for a, b in itertools.pairwise(chosen)):
                yield list(chosen)


@pytest.mark.parametrize("seed", range(12))
def test_the_cheapest_cover_of_a_number_is_found_left_to_right(seed):
    rng = np.random.default_rng(seed)
    count = int(rng.integers(2, 7))
    spans = [(i, j) for i in range(count) for j in range(i + 1, min(i + 3, count) + 1) if rng.random() < 0.8 or j == i + 1]
    costs = {span: float(rng.exponential(2)) for span in spans}
    best = min(_covers(spans, count), key=lambda chosen: sum(costs[span] for span in chosen))
    assert cheapest(costs, count) == best


def test_the_first_and_last_spans_are_in_the_cheapest_cover():
    costs = {(0, 1): 0.5, (1, 3): 0.5, (0, 3): 2.0, (1, 2): 1.0, (2, 3): 1.0}
    assert cheapest(costs, 3) == [(0, 1), (1, 3)]


def test_when_no_spans_cover_the_number_end_to_end_there_is_no_cover():
    assert cheapest({(1, 2): 0.0}, 2) == []
    assert cheapest({(0, 1): 0.0, (2, 3): 0.0}, 3) == []


def test_when_the_model_reads_no_run_of_strokes_as_a_digit_the_strokes_split_into_the_fewest_digits():
    """A piece that is no digit costs the same finite amount: the split with fewer pieces is cheaper."""
    canvas, strokes = ask_between(short=60)
    pieces = stroke_pieces(ink_strength(canvas), strokes, confidences=lambda parts: np.zeros(len(parts)))
    assert len(pieces) == 1
