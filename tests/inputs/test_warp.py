"""Warped pen strokes: the same digit as a slightly different hand would write it."""

import numpy as np
import pytest

from digit_model.inputs.canvas import pen_images
from digit_model.inputs.pendigits import parse
from digit_model.inputs.warp import warp_strokes
from tests.helpers import TWO_DIGITS

SEVEN = parse(TWO_DIGITS).strokes[0]  # two strokes


def test_no_strength_leaves_the_strokes_as_written():
    for stroke, warped in zip(SEVEN, warp_strokes(SEVEN, np.random.default_rng(0), strength=0.0)):
        assert np.allclose(stroke, warped)


@pytest.mark.parametrize("seed", range(10))
def test_a_warp_bends_every_stroke_a_little_and_keeps_its_points(seed):
    size = np.ptp(np.vstack(SEVEN), axis=0).max()
    warped = warp_strokes(SEVEN, np.random.default_rng(seed), strength=0.08)
    assert [w.shape for w in warped] == [s.shape for s in SEVEN]
    moved = np.concatenate([np.hypot(*(w - s).T) for w, s in zip(warped, SEVEN)])
    assert 0 < moved.max() < 0.6 * size  # bent, still the same digit
    stronger = warp_strokes(SEVEN, np.random.default_rng(seed), strength=0.24)
    assert np.concatenate([np.hypot(*(w - s).T) for w, s in zip(stronger, SEVEN)]).mean() > moved.mean()


def test_the_same_random_numbers_give_the_same_warp_and_a_negative_strength_is_refused():
    first, again = (warp_strokes(SEVEN, np.random.default_rng(5), strength=0.1) for _ in range(2))
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    with pytest.raises(ValueError, match="zero or more"):
        warp_strokes(SEVEN, np.random.default_rng(0), strength=-0.1)


def test_only_the_drawings_after_the_first_are_bent():
    digits = parse(TWO_DIGITS)
    plain, _ = pen_images(digits, seed=3, renders=3)
    bent, labels = pen_images(digits, seed=3, renders=3, warp=0.1)
    assert labels.tolist() == [7, 1] * 3
    assert np.array_equal(plain[:2], bent[:2])  # the strokes as written, same brush and place
    for index in range(2, 6):
        assert not np.array_equal(plain[index], bent[index])
