import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image
from scipy import ndimage

from digit_model.inputs.canvas import draw_lines
from digit_model.inputs.recipe import (
    MIN_INK_FRACTION,
    NotADigit,
    to_mnist,
    to_mnist_steps,
)
from digit_model.training.registry import load_model
from tests.inputs.pictures import STYLES, drawing, similarity


@pytest.mark.parametrize("digit", list("0123456789"))
@pytest.mark.parametrize("style", list(STYLES))
def test_output_is_centred_on_its_mass_and_fits_a_20_pixel_box(digit, style):
    out = to_mnist(drawing(digit, style=style))
    assert out.shape == (28, 28) and out.dtype == np.uint8 and out.max() == 255
    row, col = ndimage.center_of_mass(out.astype(float))
    assert abs(row - 14.0) <= 0.5 and abs(col - 14.0) <= 0.5  # where MNIST puts it
    rows, cols = np.flatnonzero(out.any(axis=1)), np.flatnonzero(out.any(axis=0))
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) == 20


@pytest.mark.parametrize("digit", list("2357"))
def test_the_three_canvas_styles_give_the_same_image(digit):
    outs = [to_mnist(drawing(digit, style=style)) for style in STYLES]
    for other in outs[1:]:
        assert np.abs(outs[0].astype(int) - other.astype(int)).max() <= 2


@pytest.mark.parametrize(
    "canvas, height, at",
    [(280, 60, (10, 10)), (280, 200, (120, 60)), (560, 400, (100, 60)), (140, 100, (20, 10))],
    ids=["small top-left", "large offset", "double canvas", "half canvas"],
)
def test_size_and_position_on_the_canvas_do_not_matter(canvas, height, at):
    reference = to_mnist(drawing("3"))
    moved = to_mnist(drawing("3", canvas=canvas, height=height, at=at))
    assert similarity(reference, moved) > 0.9


def test_steps_show_the_crop_the_fit_and_the_centring():
    steps = to_mnist_steps(drawing("1"))
    assert steps.ink.shape == (280, 280) and 0 <= steps.ink.min() and steps.ink.max() == 1
    assert steps.cropped.shape[0] > steps.cropped.shape[1]  # a 1 is tall and thin
    assert max(steps.fitted.shape) == 20
    assert steps.centred.shape == (28, 28)


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((280, 280, 4), np.uint8),
        np.full((280, 280, 4), 255, np.uint8),
        np.full((280, 280, 3), 37, np.uint8),
        np.zeros((0, 0, 4), np.uint8),
    ],
    ids=["transparent", "white", "flat grey", "zero size"],
)
def test_empty_canvas_gives_none(image):
    assert to_mnist(image) is None


def test_faint_marks_far_from_the_digit_do_not_move_the_crop():
    clean = drawing("4", style="dark on light").copy()
    smudged = clean.copy()
    smudged[250:270, 250:270, :3] = 235  # a light smudge (an eraser's trace, JPEG noise) in a corner
    assert np.array_equal(to_mnist(smudged), to_mnist(clean))


def test_a_digit_too_faint_to_tell_from_the_paper_is_nothing_drawn():
    faint = drawing("4", style="dark on light").copy()
    faint[..., :3] = np.maximum(faint[..., :3], 235)  # ink only 20 grey levels darker than the paper
    assert to_mnist(faint) is None
    visible = drawing("4", style="dark on light").copy()
    visible[..., :3] = np.maximum(visible[..., :3], 160)
    assert to_mnist(visible) is not None


def test_a_few_stray_pixels_are_nothing_drawn_not_a_digit_to_draw_larger():
    image = np.zeros((28, 28), np.uint8)
    image[10:13, 14] = 255
    assert to_mnist_steps(image) is None


def test_a_speck_below_the_minimum_gives_none_and_a_stroke_above_does_not():
    image = np.zeros((280, 280, 4), np.uint8)
    side = int(np.sqrt(MIN_INK_FRACTION * 280 * 280)) - 1
    image[100 : 100 + side, 100 : 100 + side] = 255
    assert to_mnist(image) is None
    image[100:200, 100:110] = 255
    assert to_mnist(image) is not None


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "LA", "P", "1"])
def test_pil_images_of_every_mode_are_accepted(mode):
    reference = to_mnist(drawing("8", style="dark on light"))
    image = Image.fromarray(drawing("8", style="dark on light")).convert(mode)
    assert similarity(reference, to_mnist(image)) > 0.95


@pytest.mark.parametrize("channels", [1, 2, 3, 4], ids=["grey", "grey+alpha", "RGB", "RGBA"])
def test_arrays_of_every_channel_count_are_accepted(channels):
    rgba = drawing("8", style="dark on light")
    grey = rgba[:, :, :1]
    image = {1: grey, 2: np.dstack([grey, rgba[:, :, 3]]), 3: rgba[:, :, :3], 4: rgba}[channels]
    assert np.array_equal(to_mnist(image), to_mnist(rgba))


@pytest.mark.parametrize(
    "bad, message",
    [
        ("a string", "numpy array or a PIL image"),
        (np.zeros((10, 10, 5), np.uint8), r"shape \(H, W\) or \(H, W, C\)"),
        (np.zeros((2, 10, 10, 4), np.uint8), r"got shape \(2, 10, 10, 4\)"),
        (np.zeros((10, 10), np.float64), "uint8 image"),
    ],
    ids=["not an array", "five channels", "a batch", "float"],
)
def test_wrong_inputs_raise_a_value_error_that_says_what_was_expected(bad, message):
    with pytest.raises(ValueError, match=message):
        to_mnist(bad)


@settings(max_examples=300, deadline=None)
@given(
    arrays(
        np.uint8,
        st.tuples(st.integers(1, 60), st.integers(1, 60), st.sampled_from([1, 2, 3, 4])),
    )
)
def test_any_array_a_canvas_can_produce_never_crashes(image):
    out = to_mnist(image)
    assert out is None or (out.shape == (28, 28) and out.dtype == np.uint8)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(20, 400), st.integers(20, 400))
def test_random_sparse_strokes_never_crash_and_stay_centred(seed, height, width):
    rng = np.random.default_rng(seed)
    image = np.zeros((height, width, 4), np.uint8)
    for _ in range(rng.integers(1, 6)):
        r, c = rng.integers(0, height), rng.integers(0, width)
        image[r : r + rng.integers(1, 40), c : c + rng.integers(1, 40), 3] = 255
    out = to_mnist(image)
    if out is None:
        return
    assert out.shape == (28, 28)
    rows, cols = np.flatnonzero(out.any(axis=1)), np.flatnonzero(out.any(axis=0))
    assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 == 20
    # Centred by mass on MNIST's (14, 14), unless that would push ink off the 28x28 field.
    for com, ink in zip(ndimage.center_of_mass(out.astype(float)), (rows, cols)):
        assert abs(com - 14.0) <= 0.5 or ink[0] == 0 or ink[-1] == 27


def canvas_of(lines: list[list[tuple[float, float]]], *, brush: float) -> np.ndarray:
    """A canvas with polylines of (row, col) canvas points drawn by the app's round brush."""
    return draw_lines(lines, brush=brush, style="dark on light")


@pytest.mark.parametrize("brush", [12, 18, 30, 40])
def test_a_dot_is_not_a_digit_and_asks_to_draw_larger(brush):
    dot = canvas_of([[(140, 140)]], brush=brush)
    with pytest.raises(NotADigit, match="draw it larger"):
        to_mnist_steps(dot)
    assert to_mnist(dot) is None


@pytest.mark.parametrize("brush", [6, 18, 40])
@pytest.mark.parametrize("length", [60, 200])
def test_a_dash_is_not_a_digit(brush, length):
    dash = canvas_of([[(140, 40), (140, 40 + length)]], brush=brush)
    with pytest.raises(NotADigit, match="dash"):
        to_mnist_steps(dash)


@pytest.mark.parametrize("brush", [12, 40])
def test_a_caller_that_judges_size_itself_gets_a_dot_read_but_never_a_dash(brush):
    dot = canvas_of([[(140, 140)]], brush=brush)
    steps = to_mnist_steps(dot, check_size=False)
    assert steps is not None and steps.centred.max() == 255
    dash = canvas_of([[(140, 40), (140, 200)]], brush=brush)
    with pytest.raises(NotADigit, match="dash"):
        to_mnist_steps(dash, check_size=False)


def test_a_small_scribble_is_not_a_digit():
    scribble = canvas_of([[(130, 130), (140, 150), (150, 132), (135, 145)]], brush=18)
    with pytest.raises(NotADigit, match="draw it larger"):
        to_mnist_steps(scribble)


@pytest.mark.parametrize("brush", [6, 10])
def test_a_real_digit_drawn_small_is_still_read(brush):
    # A 7 with a crossbar, 50 pixels tall in a corner of the canvas.
    seven = canvas_of([[(20, 20), (20, 50), (70, 32)], [(45, 28), (45, 48)]], brush=brush)
    steps = to_mnist_steps(seven)
    assert steps is not None and steps.centred.max() == 255
    model = load_model("which_digit")
    assert model.classes_[model.predict_proba(steps.centred[None]).argmax()] == 7


@pytest.mark.parametrize("digit", list("0123456789"))
def test_no_digit_at_any_brush_counts_as_a_speck(digit):
    # The tallest glyph of the font drawn 90 pixels tall, the smallest size the benchmarks draw.
    assert to_mnist_steps(drawing(digit, height=90)) is not None
