"""The not-a-digit check: what it flags, where its threshold comes from, and what it refuses to take."""

import hashlib
import re

import numpy as np
import pytest
from scipy import ndimage

import digit_model
from digit_model.inputs.canvas import draw_lines, draw_strokes
from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.recipe import to_mnist
from digit_model.novelty.check import DigitNovelty
from digit_model.novelty.check import _shared_check as shared_check
from digit_model.novelty.drawings import TEMPLATES
from digit_model.training import registry
from tests.helpers import needs_mnist
from tools.fonts import font_digits


def drawn(template: str, *, brush: float = 16) -> np.ndarray:
    """A letter or shape template drawn once on the canvas, as it is (no jitter), read by to_mnist."""
    kind = next(kind for kind, named in TEMPLATES.items() if template in named)
    rng = np.random.default_rng(0)
    return to_mnist(draw_strokes(TEMPLATES[kind][template](rng), rng, style="light on dark", brush=brush))


def real_digits() -> dict[str, np.ndarray]:
    """A clean 7 (MNIST's first test digit) and a small 1 drawn on the canvas: a flag and a 100-pixel stem."""
    _, _, X_test, y_test = load_mnist()
    assert y_test[0] == 7
    one = to_mnist(draw_lines([[(110, 130), (100, 145), (200, 145)]], brush=14, style="dark on light"))
    return {"a clean 7": X_test[0], "a small 1": one}


@pytest.fixture(scope="module")
def small_check(digit_reader):
    """A check fitted on 4,000 MNIST training digits: 2,000 indexed, 2,000 to set the threshold."""
    X_train, y_train, _, _ = load_mnist()
    return DigitNovelty(digit_reader, size=2_000, held_out=2_000).fit(X_train[:4_000], y_train[:4_000])


@pytest.fixture(scope="module")
def font_check(digit_reader):
    """A check fitted on 600 font digits, and those digits."""
    images, labels = font_digits(600, seed=3)
    return DigitNovelty(digit_reader, size=300, held_out=300).fit(images, labels), images, labels


@needs_mnist
@pytest.mark.parametrize("template", ["star", "X"])
def test_a_star_and_an_x_are_flagged(small_check, template):
    assert not small_check.looks_like_a_digit(drawn(template)[None])[0]


@needs_mnist
def test_a_clean_7_and_a_small_1_are_not_flagged(small_check):
    digits = real_digits()
    assert small_check.looks_like_a_digit(np.stack(list(digits.values()))).tolist() == [True, True]


def test_the_threshold_is_where_the_held_out_training_digits_stop(font_check):
    check, images, _ = font_check
    assert len(check.held_out_) == 300 and not np.isin(check.held_out_, check.index_.indices).any()
    expected = np.quantile(check.score(images[check.held_out_]), 1 - check.refuse)
    assert check.threshold_ == pytest.approx(expected)
    assert np.mean(check.score(images[check.held_out_]) > check.threshold_) <= check.refuse


def test_a_drawing_scores_the_same_alone_as_among_many(font_check):
    check, images, _ = font_check
    alone = [check.score(image[None])[0] for image in images[:20]]
    assert np.allclose(alone, check.score(images[:20]), rtol=1e-5, atol=1e-6)


def test_other_held_out_digits_move_the_threshold(font_check, digit_reader):
    check, images, labels = font_check
    bolder = images.copy()
    bolder[check.held_out_] = ndimage.grey_dilation(images[check.held_out_], size=(1, 3, 3))  # thicker strokes: farther away
    moved = DigitNovelty(digit_reader, size=300, held_out=300).fit(bolder, labels)
    assert np.array_equal(moved.index_.indices, check.index_.indices)
    assert moved.threshold_ > check.threshold_
    lenient = DigitNovelty(digit_reader, size=300, held_out=300, refuse=0.1).fit(images, labels)
    assert lenient.threshold_ < check.threshold_


@pytest.mark.parametrize("images, got", [
    (np.zeros((28, 28), np.uint8), "uint8 of shape (28, 28)"),
    (np.zeros((2, 28, 28), np.float32), "float32 of shape (2, 28, 28)"),
    (np.zeros((2, 280, 280), np.uint8), "uint8 of shape (2, 280, 280)"),
], ids=["one image", "floats", "a whole canvas"])
def test_a_wrong_array_is_refused_in_one_sentence(font_check, images, got):
    message = re.escape(f"Expected 28x28 uint8 images, shape (n, 28, 28); got {got} instead.")
    with pytest.raises(ValueError, match=f"^{message}$"):
        font_check[0].looks_like_a_digit(images)
    with pytest.raises(ValueError, match=f"^{message}$"):  # before any check is built
        digit_model.looks_like_a_digit(images)


def test_an_unfitted_check_or_too_few_digits_is_one_sentence(digit_reader):
    images, labels = font_digits(50, seed=1)
    with pytest.raises(ValueError, match=r"^This DigitNovelty is not fitted yet: call fit\(images, labels\) with training digits first\.$"):
        DigitNovelty(digit_reader).looks_like_a_digit(images)
    with pytest.raises(ValueError, match=r"^The threshold needs training digits outside the index of 50; got only 50 digits\.$"):
        DigitNovelty(digit_reader, size=50).fit(images, labels)
    with pytest.raises(ValueError, match=r"^The 'refuse' parameter must be a share between 0 and 1; got 1\.5 instead\.$"):
        DigitNovelty(digit_reader, size=20, refuse=1.5).fit(images, labels)


@needs_mnist
@pytest.mark.slow
def test_the_shipped_check_flags_a_star_an_x_and_a_smiley_but_not_a_7_or_a_1():
    images = np.stack([drawn("star"), drawn("X"), drawn("smiley"), *real_digits().values()])
    assert digit_model.looks_like_a_digit(images).tolist() == [False, False, False, True, True]


@needs_mnist
@pytest.mark.slow
def test_the_shipped_check_reads_with_the_discriminator_learned_for_the_default_model():
    check = shared_check("which_digit", None)  # the one looks_like_a_digit builds
    assert check.discriminator is not None and len(check.discriminator.layers) >= 1
    assert check.discriminator.model_sha256 == hashlib.sha256(registry.model_path("which_digit", registry.default_model(
        "which_digit")).read_bytes()).hexdigest()
