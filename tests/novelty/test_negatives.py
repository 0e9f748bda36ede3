"""The generated non-digits the discriminator learns from: every kind, seeded, no digit among the glyphs, the straight strokes' counts."""

import string

import numpy as np
import pytest

from digit_model.inputs.pendigits import parse
from digit_model.novelty.negatives import GLYPHS, NEGATIVE_KINDS, _lines, negative_drawings
from tests.helpers import pen_text


@pytest.fixture(scope="module")
def pen():
    return parse(pen_text(per_digit=2, seed=0))


def test_every_kind_is_drawn_and_read_as_a_visitors_drawing(pen):
    images, kinds = negative_drawings(pen, 6, seed=0)
    assert images.shape == (len(kinds), 28, 28) and images.dtype == np.uint8
    assert set(kinds) == set(NEGATIVE_KINDS)
    assert all(image.any() for image in images)


def test_the_same_seed_draws_the_same_non_digits_and_another_does_not(pen):
    first, _ = negative_drawings(pen, 3, seed=5)
    again, _ = negative_drawings(pen, 3, seed=5)
    other, _ = negative_drawings(pen, 3, seed=6)
    assert np.array_equal(first, again)
    assert not np.array_equal(first[: len(other)], other[: len(first)])


def test_no_glyph_is_a_digit_or_a_digit_look_alike():
    assert not set(GLYPHS) & set(string.digits + "OoDQIlij|!/ZzSsbGBgq")


def test_a_count_below_one_is_one_sentence(pen):
    with pytest.raises(ValueError, match="count"):
        negative_drawings(pen, 0)


def test_the_straight_strokes_are_two_to_five_lines_of_two_to_five_corners_each_in_one_box():
    drawings = [_lines(np.random.default_rng(seed)) for seed in range(200)]
    assert {len(strokes) for strokes in drawings} == {2, 3, 4, 5}
    assert {len(stroke) for strokes in drawings for stroke in strokes} == {2, 3, 4, 5}
    assert all(0 <= stroke.min() and stroke.max() <= 1 for strokes in drawings for stroke in strokes)
