"""Rules of the MNIST recipe that a changed constant or operator would break unnoticed by
tests/inputs/test_recipe.py: what counts as ink, as background and as the digit's extent."""

import dataclasses

import numpy as np
import pytest
from PIL import Image

from digit_model.inputs.recipe import NotADigit, as_image_array, ink_strength, to_mnist, to_mnist_steps
from tests.inputs.pictures import drawing


# The font 4 as ink strength in [0, 1], 200 pixels tall on a 280 canvas.
def _ink() -> np.ndarray:
    return drawing("4")[:, :, 0] / 255


def test_the_crop_keeps_every_ink_pixel_and_nothing_around_them():
    steps = to_mnist_steps(drawing("4"))
    rows, cols = np.nonzero(steps.ink)
    assert steps.cropped.shape == (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1)
    assert steps.cropped.astype(int).sum() == np.round(steps.ink * 255).astype(int).sum()


def test_a_one_pixel_stroke_keeps_its_aspect_ratio_when_fitted():
    line = np.zeros((280, 280), np.uint8)
    line[40:240, 140] = 255
    assert to_mnist_steps(line).fitted.shape == (20, 1)


def test_light_ink_on_a_dark_grey_background_reads_as_on_black():
    on_black = np.round(_ink() * 195).astype(np.uint8)
    np.testing.assert_array_equal(to_mnist(on_black + 60), to_mnist(on_black))


def test_a_red_pen_on_white_paper_is_read_by_its_darkness():
    red = np.full((280, 280, 3), 255, np.uint8)
    red[..., 1:] = np.round(255 * (1 - _ink()))[..., None]  # red ink keeps its red channel at 255
    grey = np.round(255 - 0.587 * 255 * _ink() - 0.114 * 255 * _ink()).astype(np.uint8)  # the same luminance
    assert np.abs(to_mnist(red).astype(int) - to_mnist(grey)).max() <= 1


def test_a_drawing_as_a_true_false_mask_reads_like_the_same_drawing_in_0_and_255():
    mask = _ink() > 0.5
    np.testing.assert_array_equal(to_mnist(mask), to_mnist(mask.astype(np.uint8) * 255))


@pytest.mark.parametrize(
    "turn", [lambda t: t, np.flipud, lambda t: np.rot90(t, 1), lambda t: np.rot90(t, -1)],
    ids=["top edge of a wide drawing", "bottom edge of a wide one", "left edge of a tall one", "right edge of a tall one"],
)
def test_ink_along_a_whole_edge_is_not_taken_for_the_background(turn):
    wide = np.full((150, 300), 255, np.uint8)
    wide[:8, :] = 0  # a bar along the top edge
    wide[:, 100:110] = 0  # a stem down from it: a T
    drawn = turn(wide)  # flipped or turned, the bar runs along the bottom, left or right edge
    framed = np.pad(drawn, 20, constant_values=255)  # the same T on paper that shows all round it
    np.testing.assert_array_equal(to_mnist(drawn), to_mnist(framed))


@pytest.mark.parametrize("side", [10, 14], ids=["twice as large", "1.4 times as large"])
def test_a_small_drawing_is_scaled_up_smoothly(side):
    small = np.zeros((40, 40), np.uint8)
    small[15:17, 15 : 15 + side] = 255  # a 7, ``side`` pixels tall: its bar
    small[15 : 15 + side, 13 + side : 15 + side] = 255  # and its stem
    fitted = to_mnist_steps(small).fitted
    assert fitted.shape == (20, 20) and len(np.unique(fitted)) > 2  # grey edges, not blocks of the pixels


def test_a_palette_image_with_a_transparent_background_is_read_by_its_transparency():
    """Black ink on transparent black, as the canvas gives with no background: only alpha tells them apart."""
    palette = Image.fromarray((_ink() > 0.5).astype(np.uint8), mode="P")
    palette.putpalette([0, 0, 0] * 2)
    palette.info["transparency"] = 0
    np.testing.assert_array_equal(to_mnist(palette), to_mnist(drawing("4", style="ink on transparent")[..., 3] > 127))


@pytest.mark.parametrize("contrast, read", [(32, True), (31, False)], ids=["32 levels", "31 levels"])
def test_a_faint_drawing_is_read_down_to_32_grey_levels_from_its_background(contrast, read):
    faint = np.where(_ink() > 0.5, 100 + contrast, 100).astype(np.uint8)
    assert (to_mnist(faint) is not None) == read


def test_ink_at_half_the_strongest_is_a_strokes_rim_not_its_width():
    one = np.zeros((280, 280), np.uint8)
    one[40:240, 80:200] = 127  # a wide, faint halo: exactly half of the strongest ink
    one[40:240, 135:145] = 254  # a thin stroke: a 1, not a blot
    assert to_mnist_steps(one) is not None


def test_a_half_transparent_background_is_read_by_its_colour_not_its_transparency():
    on_white = drawing("4", style="dark on light")
    half = on_white.copy()
    half[..., 3] = 128
    np.testing.assert_array_equal(to_mnist(half), to_mnist(on_white))


@pytest.mark.parametrize(
    "height, width", [(40, 20), (90, 200)], ids=["twice as long as its stroke", "0.45 times as tall as wide"]
)
def test_ink_right_at_the_shortest_or_flattest_a_digit_may_be_is_still_read(height, width):
    """A digit is at least 2 stroke widths long, and at least 0.45 times as tall as it is wide."""
    block = np.zeros((280, 280), np.uint8)
    block[20 : 20 + height, 20 : 20 + width] = 255  # a bar 20 (or 90) pixels thick: its stroke width
    assert to_mnist_steps(block) is not None


def test_a_speck_under_a_thousandth_of_a_large_canvas_is_nothing_drawn_not_a_dot_to_draw_larger():
    """Past four pixels, what counts as a speck grows with the canvas: 400 pixels of a million are noise."""
    image = np.zeros((1000, 1000), np.uint8)
    image[500:520, 500:520] = 255
    assert to_mnist_steps(image) is None


def test_ink_on_a_transparent_background_reads_alike_as_grey_and_alpha_or_as_rgba():
    rgba = drawing("8", style="ink on transparent")  # black ink: only its transparency tells it apart
    grey_and_alpha = np.dstack([rgba[:, :, 0], rgba[:, :, 3]])
    np.testing.assert_array_equal(to_mnist(grey_and_alpha), to_mnist(rgba))


def test_the_stages_of_a_drawing_cannot_be_changed_afterwards():
    steps = to_mnist_steps(drawing("4"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        steps.centred = None


@pytest.mark.parametrize("level, kept", [(51, True), (50, False)], ids=["a fifth of the strongest", "just under"])
def test_ink_down_to_a_fifth_of_the_strongest_is_kept_and_fainter_is_background_noise(level, kept):
    image = np.zeros((280, 280), np.uint8)
    image[40:240, 135:145] = 255  # a 1
    image[40:240, 145:150] = level  # a faint shadow along it
    assert (ink_strength(image)[40:240, 145:150] > 0).all() == kept


def test_a_two_by_two_dot_on_a_small_image_is_a_dot_to_draw_larger_not_nothing_drawn():
    """Three stray pixels are nothing drawn (test_recipe.py); four in a square are a pen's dot."""
    image = np.zeros((28, 28), np.uint8)
    image[10:12, 14:16] = 255
    with pytest.raises(NotADigit):
        to_mnist_steps(image)


def test_a_halo_at_half_the_strongest_does_not_make_three_stray_pixels_a_drawing():
    image = np.zeros((28, 28), np.uint8)
    image[10:15, 12:17] = 127  # a faint blot: exactly half the strongest ink
    image[12, 13:16] = 254  # three strong pixels in it
    assert to_mnist_steps(image) is None


@pytest.mark.parametrize("background, ink", [(127, 255), (128, 0)], ids=["light ink on 127", "dark ink on 128"])
def test_a_background_in_the_dark_half_of_the_grey_levels_is_dark_and_in_the_light_half_light(background, ink):
    mask = _ink() > 0.5
    drawn = np.where(mask, ink, background).astype(np.uint8)
    np.testing.assert_array_equal(to_mnist(drawn), to_mnist(mask.astype(np.uint8) * 255))


def test_below_half_opaque_the_background_is_transparent_and_the_colour_says_nothing():
    """Black or an 8 in white under the same transparency (a 4 opaque on a background of alpha 127): one reading."""
    alpha = np.where(_ink() > 0.5, 255, 127).astype(np.uint8)
    black = np.zeros_like(alpha)
    eight = np.where(drawing("8")[:, :, 0] > 127, 255, 0).astype(np.uint8)
    np.testing.assert_array_equal(to_mnist(np.dstack([eight, alpha])), to_mnist(np.dstack([black, alpha])))


@pytest.mark.parametrize("background", [51, 127])
def test_ink_on_a_partly_transparent_background_reads_as_on_a_clear_one(background):
    """The ink is what is more opaque than the background, as grey ink is what differs from the paper."""
    ink = _ink() > 0.5
    clear = np.dstack([np.zeros_like(ink, np.uint8), np.where(ink, 255, 0).astype(np.uint8)])
    tinted = np.dstack([np.zeros_like(ink, np.uint8), np.where(ink, 255, background).astype(np.uint8)])
    np.testing.assert_array_equal(to_mnist(tinted), to_mnist(clear))


def test_a_true_false_mask_is_taken_as_black_and_white():
    mask = _ink() > 0.5
    np.testing.assert_array_equal(as_image_array(mask), mask.astype(np.uint8)[:, :, None] * 255)


def test_a_large_drawing_is_shrunk_by_averaging_each_block_so_strokes_do_not_spread():
    """Ten times too large: each fitted pixel is the mean of its 10x10 block, no ink leaks into the next."""
    image = np.zeros((280, 280), np.uint8)
    for left in (40, 140, 230):
        image[40:240, left : left + 10] = 255  # three bars 10 pixels wide: a 200x200 crop
    steps = to_mnist_steps(image)
    blocks = steps.cropped.astype(float).reshape(20, 10, 20, 10).mean(axis=(1, 3))
    np.testing.assert_array_equal(steps.fitted, np.round(blocks).astype(np.uint8))


def test_leaving_out_the_size_check_must_be_asked_for_by_name():
    with pytest.raises(TypeError):
        to_mnist_steps(drawing("4"), False)
