import numpy as np
import pytest

from digit_model.evaluation.paper import PHOTO_SIDE, photograph
from digit_model.inputs.canvas import CANVAS, brush_ink

BLANK = np.zeros((CANVAS, CANVAS), np.float32)


def seven() -> np.ndarray:
    """The brush's ink of a 7 filling most of a canvas."""
    top = np.column_stack([np.full(100, 50.0), np.linspace(60, 220, 100)])
    stem = np.column_stack([np.linspace(50, 240, 100), np.linspace(220, 110, 100)])
    return brush_ink(np.vstack([top, stem]), 14)


def test_a_seed_gives_the_same_photo_and_another_seed_another():
    first = photograph(seven(), np.random.default_rng(1))
    assert np.array_equal(first, photograph(seven(), np.random.default_rng(1)))
    assert not np.array_equal(first, photograph(seven(), np.random.default_rng(2)))


@pytest.mark.parametrize("seed", range(6))
def test_the_photo_is_rgb_with_a_camera_aspect_ratio(seed):
    image = photograph(seven(), np.random.default_rng(seed), side=400)
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
    assert max(image.shape[:2]) == 400 and min(image.shape[:2]) == 300


def test_the_digit_is_written_near_the_middle_in_grey_not_black():
    darkest = []
    for seed in range(8):
        # Same seed, so the same light, paper, shadow and grain: the only difference is the ink.
        written = photograph(seven(), np.random.default_rng(seed), side=512).astype(float).mean(axis=2)
        blank = photograph(BLANK, np.random.default_rng(seed), side=512).astype(float).mean(axis=2)
        ratio = (written + 1) / (blank + 1)
        inked = ratio < 0.8
        assert inked.sum() > 200
        rows, cols = np.nonzero(inked)
        height, width = written.shape
        assert abs(rows.mean() / height - 0.5) < 0.2 and abs(cols.mean() / width - 0.5) < 0.2
        darkest.append(np.percentile(ratio[inked], 5))
    assert min(darkest) > 0.1  # never quite black: pencil and pen take at most 85% of the light
    assert max(darkest) - min(darkest) > 0.2  # some dark, some light


@pytest.mark.parametrize("seed", range(6))
def test_the_light_is_uneven_and_the_table_shows_beyond_the_paper(seed):
    image = photograph(BLANK, np.random.default_rng(seed), side=512).astype(float).mean(axis=2)
    height, width = image.shape
    paper = image[int(0.15 * height) : -int(0.15 * height), int(0.15 * width) : -int(0.15 * width)]
    assert np.percentile(paper, 95) > 1.3 * np.percentile(paper, 5)  # falling light and a shadow
    sides = [image[:4].mean(), image[-4:].mean(), image[:, :4].mean(), image[:, -4:].mean()]
    assert min(sides) < 0.6 * np.percentile(image, 99)  # at least one side is table, darker than lit paper


def test_the_default_photo_is_as_large_as_a_decoded_upload():
    assert max(photograph(BLANK, np.random.default_rng(0)).shape[:2]) == PHOTO_SIDE


@pytest.mark.parametrize(
    "ink, rng, side, message",
    [
        (np.zeros((10, 10, 3)), np.random.default_rng(0), PHOTO_SIDE, r"2-D numeric array .* got shape \(10, 10, 3\)"),
        (np.full((10, 10), 2.0), np.random.default_rng(0), PHOTO_SIDE, r"ink values in \[0, 1\]"),
        (BLANK, 0, PHOTO_SIDE, "Expected a numpy Generator .* got int instead"),
        (BLANK, np.random.default_rng(0), 32, "at least 64 pixels; got 32 instead"),
    ],
    ids=["colour", "out of range", "seed instead of a generator", "too small"],
)
def test_wrong_arguments_are_refused_with_a_message(ink, rng, side, message):
    with pytest.raises(ValueError, match=message):
        photograph(ink, rng, side=side)
