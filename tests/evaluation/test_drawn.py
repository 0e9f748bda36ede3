import numpy as np
import pytest

from digit_model.evaluation.drawn import STYLES, drawn_digits, redraw, skeleton
from digit_model.inputs.recipe import to_mnist
from tools.fonts import font_digits


@pytest.fixture(scope="module")
def digits():
    return font_digits(30, seed=3)[0]


def test_the_skeleton_is_thin_and_inside_the_stroke(digits):
    line = skeleton(digits[4])
    assert line.shape == (112, 112) and line.any()
    big_ink = np.kron(digits[4] > 0, np.ones((4, 4), bool))
    assert line.sum() < 0.35 * big_ink.sum()
    assert (line & ~big_ink).sum() <= 0.05 * line.sum()


def test_generation_is_deterministic_and_cycles_through_the_styles(digits):
    first = list(drawn_digits(digits[:6], seed=7))
    again = list(drawn_digits(digits[:6], seed=7))
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], next(drawn_digits(digits[:1], seed=8)))
    assert [canvas.shape for canvas in first] == [(280, 280, 4)] * 6
    assert first[1][0, 0].tolist() == [255, 255, 255, 255]  # dark on light: white corner
    assert first[2][0, 0, 3] == 0  # ink on transparent


@pytest.mark.parametrize("style", STYLES)
def test_a_redrawn_digit_comes_back_through_to_mnist_looking_like_itself(digits, style):
    for image in digits[:10]:
        canvas = redraw(skeleton(image), np.random.default_rng(0), style=style)
        again = to_mnist(canvas).astype(float)
        original = to_mnist(image).astype(float)
        # Centring moves by whole pixels, so the two may sit one pixel apart: compare at the best overlap.
        overlaps = [np.roll(again, (dr, dc), axis=(0, 1)) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
        assert max(np.corrcoef(moved.ravel(), original.ravel())[0, 1] for moved in overlaps) > 0.6


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="style must be one of"):
        redraw(np.ones((112, 112), bool), np.random.default_rng(0), style="neon")
