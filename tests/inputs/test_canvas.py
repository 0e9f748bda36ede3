"""The canvas renderer: pen strokes drawn like the app's canvas, read back by to_mnist."""

import numpy as np
import pytest

from digit_model.inputs.canvas import (
    BRUSH_WIDTHS,
    CANVAS,
    STYLES,
    draw_strokes,
    pen_images,
)
from digit_model.inputs.pendigits import parse
from digit_model.inputs.recipe import to_mnist
from tests.helpers import TWO_DIGITS

SEVEN = parse(TWO_DIGITS).strokes[0]  # a 7 with a crossbar: two strokes


def ink_of(canvas: np.ndarray) -> np.ndarray:
    return canvas[:, :, 3] if canvas[0, 0, 3] == 0 else np.abs(canvas[:, :, 0].astype(int) - canvas[0, 0, 0])


@pytest.mark.parametrize("seed", range(20))
def test_strokes_land_inside_the_canvas_with_a_brush_the_slider_allows(seed):
    rng = np.random.default_rng(seed)
    canvas = draw_strokes(SEVEN, rng, style="light on dark")
    assert canvas.shape == (CANVAS, CANVAS, 4) and canvas.dtype == np.uint8
    ink = canvas[:, :, 0]
    assert ink.any()
    assert not (ink[0].any() or ink[-1].any() or ink[:, 0].any() or ink[:, -1].any())  # nothing cut at the edge


def test_the_brush_width_is_the_one_asked_for():
    for brush in BRUSH_WIDTHS:
        canvas = draw_strokes([np.array([[0.0, 0.0], [0.0, 100.0]])], np.random.default_rng(0), style="light on dark", brush=brush)
        widest_row = (canvas[:, :, 0] > 127).sum(axis=1).max()
        assert abs(widest_row - brush) <= 1


@pytest.mark.parametrize("seed", range(5))
def test_the_three_styles_give_nearly_the_same_mnist_image(seed):
    images = [to_mnist(draw_strokes(SEVEN, np.random.default_rng(seed), style=style)).astype(int) for style in STYLES]
    for other in images[1:]:
        assert np.abs(images[0] - other).max() <= 2


def test_every_stroke_of_a_multi_stroke_digit_is_drawn():
    both = ink_of(draw_strokes(SEVEN, np.random.default_rng(0), style="dark on light", brush=10)) > 127
    without_bar = ink_of(draw_strokes(SEVEN[:1], np.random.default_rng(0), style="dark on light", brush=10)) > 127
    # The same random size and place; the crossbar adds ink the first stroke does not have.
    assert both.sum() > without_bar.sum() * 1.1
    assert (without_bar & ~both).sum() == 0


def test_the_tablet_y_axis_points_up_so_a_7_keeps_its_top_bar_on_top():
    ink = ink_of(draw_strokes(SEVEN[:1], np.random.default_rng(1), style="dark on light", brush=10)) > 127
    rows = np.flatnonzero(ink.any(axis=1))
    top, bottom = ink[rows[0] + 3], ink[rows[-1] - 3]
    assert top.sum() > 3 * bottom.sum()


def test_pen_images_are_seeded_and_rendered_as_many_times_as_asked():
    digits = parse(TWO_DIGITS)
    images, labels = pen_images(digits, seed=3, renders=2)
    again, _ = pen_images(digits, seed=3, renders=2)
    assert images.shape == (4, 28, 28) and labels.tolist() == [7, 1, 7, 1]
    assert np.array_equal(images, again)
    assert not np.array_equal(images[0], images[2])  # another rendering, another brush and place


def test_a_stroke_without_points_is_refused():
    with pytest.raises(ValueError, match="at least one point"):
        draw_strokes([np.empty((0, 2))], np.random.default_rng(0), style="light on dark")
