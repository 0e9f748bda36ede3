import numpy as np
import pytest
from scipy import ndimage

from digit_model.models.features import Deskew, Flatten, GradientDirections
from tools.fonts import font_digits


def _slanted_bar(slope: float) -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    for row in range(4, 24):
        col = int(round(13.5 + slope * (row - 13.5)))
        image[row, col - 1 : col + 1] = 255
    return image


def _slope(image: np.ndarray) -> float:
    rows, cols = np.nonzero(image > 0.3)
    return float(np.polyfit(rows, cols, 1)[0])


def test_flatten_accepts_both_layouts_and_scales_to_unit():
    X = np.random.default_rng(0).integers(0, 256, (3, 28, 28), dtype=np.uint8)
    flat = Flatten().fit_transform(X)
    assert flat.shape == (3, 784) and flat.dtype == np.float32 and flat.max() <= 1.0
    assert np.array_equal(flat, Flatten().transform(X.reshape(3, 784)))


def test_deskew_straightens_a_slanted_stroke_and_centres_it():
    out = Deskew().transform(_slanted_bar(0.4)[None]).reshape(28, 28)
    assert abs(_slope(_slanted_bar(0.4))) > 0.3
    assert abs(_slope(out)) < 0.05
    assert np.allclose(ndimage.center_of_mass(out), (13.5, 13.5), atol=0.5)


def test_deskew_keeps_an_upright_stroke_and_an_empty_image():
    upright = Deskew().transform(_slanted_bar(0.0)[None]).reshape(28, 28)
    assert np.abs(upright - _slanted_bar(0.0) / 255).max() < 1e-6
    assert not Deskew().transform(np.zeros((1, 28, 28), np.uint8)).any()


@pytest.mark.parametrize("shape", [(2, 27, 28), (2, 783), (784,)], ids=["27 rows", "783 features", "one flat image"])
def test_wrong_shapes_say_what_was_expected(shape):
    with pytest.raises(ValueError, match=r"Expected images of shape \(n, 28, 28\) or \(n, 784\)"):
        Flatten().transform(np.zeros(shape, np.uint8))


def test_gradient_directions_follow_the_edges_of_a_stroke():
    bar = np.zeros((1, 28, 28), np.float32)
    bar[0, 12:16, 4:24] = 1.0  # a horizontal bar: its edges face up and down
    features = GradientDirections().transform(bar.reshape(1, -1)).reshape(8, 49)
    by_direction = features.sum(axis=1)
    assert features.shape == (8, 49) and (features >= 0).all()
    assert set(np.argsort(by_direction)[-2:]) == {2, 6}  # gradients point straight down and straight up
    assert by_direction[0] < 0.3 * by_direction[2]  # only the short ends face sideways


def test_gradient_directions_tolerate_a_one_pixel_shift_better_than_pixels():
    image = Deskew().transform(_slanted_bar(0.2)[None])
    shifted = Deskew().transform(np.roll(_slanted_bar(0.2), 1, axis=1)[None])
    shifted_pixels = np.roll(image.reshape(28, 28), 1, axis=1).reshape(1, -1)

    def change(a, b):
        return np.linalg.norm(a - b) / np.linalg.norm(a)

    features = GradientDirections()
    assert np.allclose(image, shifted, atol=1e-6)  # deskewing already re-centres...
    assert change(features.transform(image), features.transform(shifted_pixels)) < 0.5 * change(image, shifted_pixels)


def test_gradient_directions_of_nothing_are_zero_and_of_no_images_are_empty():
    assert not GradientDirections().transform(np.zeros((2, 784))).any()
    assert GradientDirections().transform(np.zeros((0, 784))).shape == (0, 392)


def test_the_library_swaps_measured_compute_the_same_features():
    # `python -m tools.library_swaps` times scipy against the hand-written steps; both must agree.
    from digit_model.models.features import _sample
    from tools.library_swaps import hand_gradients, mapped_sample, sobel_gradients

    images = Deskew().transform(font_digits(16, seed=3)[0]).reshape(-1, 28, 28)
    for ours, theirs in zip(hand_gradients(images), sobel_gradients(images)):
        np.testing.assert_allclose(ours, theirs, atol=1e-5)
    centres = np.array([1.5, 5.5, 9.5, 13.5, 17.5, 21.5, 25.5], np.float32)
    np.testing.assert_allclose(_sample(images, centres), mapped_sample(images, centres), atol=1e-6)


def test_rounded_gradient_directions_are_on_the_grid_and_within_half_a_step():
    images, _ = font_digits(20, seed=4)
    exact = GradientDirections().transform(images / 255.0)
    rounded = GradientDirections(levels=1024).transform(images / 255.0)
    assert rounded.dtype == np.float32 and rounded.shape == exact.shape
    assert np.array_equal(rounded * 1024, np.round(rounded * 1024))
    assert np.abs(rounded - exact).max() <= 0.5 / 1024 + 1e-7
    assert not np.array_equal(rounded, exact)
