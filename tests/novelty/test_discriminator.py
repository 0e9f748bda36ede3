"""The not-a-digit discriminator: what it learns, how its weights travel, and when they are refused."""

import dataclasses
import hashlib

import numpy as np
import pytest
from scipy import ndimage

from digit_model.novelty import discriminator as module
from digit_model.novelty.check import DigitNovelty
from digit_model.novelty.discriminator import (
    Discriminator,
    fit_discriminator,
    load_discriminator,
)
from tests.novelty.clouds import separable
from tools.fonts import font_digits


@pytest.fixture(scope="module")
def learned() -> Discriminator:
    digits, non_digits = separable()
    return fit_discriminator(digits, non_digits, model_sha256="ab" * 32)


def test_non_digits_get_higher_log_odds_than_digits(learned):
    digits, non_digits = separable(seed=1)  # points the networks never saw
    assert np.mean(learned.log_odds(non_digits) > 0) > 0.9
    assert np.mean(learned.log_odds(digits) < 0) > 0.9


def test_the_same_data_gives_the_same_weights(learned):
    again = fit_discriminator(*separable(), model_sha256="ab" * 32)
    assert all(np.array_equal(a, b) for ours, theirs in zip(learned.layers, again.layers) for a, b in zip(ours, theirs))


def test_the_weights_travel_as_bytes_and_score_as_before(learned):
    back = Discriminator.from_bytes(dataclasses.replace(learned, floor=0.25).to_bytes())
    points = np.vstack(separable(seed=2))
    assert back.model_sha256 == learned.model_sha256 and len(back.layers) == len(learned.layers) and back.floor == 0.25
    assert np.allclose(back.log_odds(points), learned.log_odds(points), atol=0.05)  # float16 weights


def test_shipped_weights_are_refused_when_altered_and_ignored_for_another_model(learned, tmp_path, monkeypatch):
    data = learned.to_bytes()
    monkeypatch.setattr(module, "_FOLDER", tmp_path)
    monkeypatch.setattr(module, "SHIPPED", {("which_digit", "toy"): hashlib.sha256(data).hexdigest()})
    module.shipped_path("which_digit", "toy").write_bytes(data)
    assert load_discriminator("which_digit", "toy", "ab" * 32) is not None
    assert load_discriminator("which_digit", "toy", "cd" * 32) is None  # weights learned on another model's features
    assert load_discriminator("which_digit", "other", "ab" * 32) is None  # none shipped
    module.shipped_path("which_digit", "toy").write_bytes(data + b"x")
    with pytest.raises(ValueError, match=r"^which_digit\.toy\.npz does not match its SHA-256 pinned"):
        load_discriminator("which_digit", "toy", "ab" * 32)


@pytest.fixture(scope="module")
def font_discriminator(digit_reader):
    """A discriminator on the shipped model's features: font digits against the same digits cut in half and smeared."""
    images, labels = font_digits(600, seed=3)
    base = DigitNovelty(digit_reader, size=300, held_out=300).fit(images, labels)
    smeared = ndimage.grey_dilation(images, size=(1, 1, 9))
    smeared[:, :, 14:] = 0
    return fit_discriminator(base.features(images), base.features(smeared), model_sha256="ab" * 32), images, labels


def test_with_a_discriminator_the_threshold_still_comes_from_the_held_out_digits(font_discriminator, digit_reader):
    learned, images, labels = font_discriminator
    check = DigitNovelty(digit_reader, size=300, held_out=300, discriminator=learned).fit(images, labels)
    held = check.score(images[check.held_out_])
    assert check.threshold_ == pytest.approx(np.quantile(held, 1 - check.refuse))
    assert np.array_equal(check.score(images[:5]), learned.log_odds(check.features(images[:5])))
    bolder = images.copy()
    bolder[check.held_out_] = ndimage.grey_dilation(images[check.held_out_], size=(1, 3, 3))
    moved = DigitNovelty(digit_reader, size=300, held_out=300, discriminator=learned).fit(bolder, labels)
    assert moved.threshold_ != check.threshold_


def test_the_floor_learned_on_kept_out_pen_writers_keeps_the_threshold_from_going_lower(font_discriminator, digit_reader):
    learned, images, labels = font_discriminator
    check = DigitNovelty(digit_reader, size=300, held_out=300, discriminator=learned).fit(images, labels)
    raised = dataclasses.replace(learned, floor=check.threshold_ + 1.0)
    assert DigitNovelty(digit_reader, size=300, held_out=300, discriminator=raised).fit(images, labels).threshold_ == raised.floor
    lowered = dataclasses.replace(learned, floor=check.threshold_ - 1.0)
    assert DigitNovelty(digit_reader, size=300, held_out=300, discriminator=lowered).fit(images, labels).threshold_ == check.threshold_
