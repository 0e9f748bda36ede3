import base64
import zlib

import numpy as np
import pytest

from digit_model.inputs.share_link import (
    MAX_LINK_TEXT,
    decode_drawing,
    encode_drawing,
    quantised,
)
from tools.fonts import font_digits


def test_a_drawing_comes_back_as_the_16_level_image_the_model_then_reads():
    images, _ = font_digits(20, seed=3)
    for image in images:
        text = encode_drawing(image)
        back = decode_drawing(text)
        assert back.dtype == np.uint8 and back.shape == (28, 28)
        np.testing.assert_array_equal(back, quantised(image))
        assert np.abs(back.astype(int) - image).max() <= 8  # the nearest of 16 levels, 17 apart
        assert encode_drawing(back) == text


def test_quantising_keeps_black_and_white_and_rounds_to_the_nearest_level():
    image = np.array([0, 8, 9, 16, 17, 246, 247, 255] + [0] * 776, np.uint8).reshape(28, 28)
    assert quantised(image).ravel()[:8].tolist() == [0, 0, 17, 17, 17, 238, 255, 255]


def test_even_noise_that_does_not_deflate_fits_the_limit():
    noise = np.random.default_rng(0).integers(0, 256, (28, 28), dtype=np.uint8)
    text = encode_drawing(noise)
    assert len(text) <= MAX_LINK_TEXT
    np.testing.assert_array_equal(decode_drawing(text), quantised(noise))


def _deflated(data: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(data)).decode().rstrip("=")


GOOD = encode_drawing(font_digits(1, seed=0)[0][0])


@pytest.mark.parametrize("text, match", [
    ("", "carries no drawing"),
    (GOOD[: len(GOOD) // 2], "damaged"),
    (GOOD[:-3], "damaged"),
    ("not base64 at all!", "not base64url"),
    ("A" * 10_000, "10,000 characters"),
    (_deflated(bytes(391)), "391 bytes, not the 392"),
    (_deflated(bytes(393)), "393 bytes, not the 392"),
    (_deflated(bytes(50_000)), "393 bytes or more, not the 392"),
    (_deflated(bytes(392)) + "AAAA", "damaged"),
    ("eJw", "damaged"),
], ids=["empty", "half", "truncated", "not-base64", "10000-characters", "short", "long", "bomb", "trailing", "stub"])
def test_a_damaged_oversized_or_edited_link_is_refused_in_one_sentence(text, match):
    with pytest.raises(ValueError, match=match) as caught:
        decode_drawing(text)
    assert str(caught.value).count(". ") == 0 and str(caught.value).endswith(".")


def test_only_a_28x28_uint8_image_is_encoded():
    with pytest.raises(ValueError, match="28x28 uint8"):
        encode_drawing(np.zeros((28, 28), np.float32))
