"""Shared fixtures: small generated digit data, so the core's tests need neither MNIST nor a network."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont


def font_digits(n: int, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` 28x28 uint8 digits rendered from a font at random sizes and offsets, with labels.

    Stand-ins for MNIST wherever a test needs digit-like images but not MNIST itself.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 10
    images = np.zeros((n, 28, 28), dtype=np.uint8)
    for i, label in enumerate(labels):
        canvas = Image.new("L", (28, 28))
        font = ImageFont.load_default(size=int(rng.integers(16, 24)))
        ImageDraw.Draw(canvas).text(
            (int(rng.integers(4, 12)), int(rng.integers(-2, 4))), str(label), fill=255, font=font
        )
        images[i] = np.asarray(canvas)
    return images, labels.astype(np.int64)


def needs_data(variable: str, what: str) -> pytest.MarkDecorator:
    """Skip, with a one-line reason, a test that reads data from ``$variable`` when it is unset,
    unless ``REQUIRE_MNIST=1`` (CI): then the test runs and fails for want of the data."""
    return pytest.mark.skipif(
        not os.environ.get(variable) and os.environ.get("REQUIRE_MNIST") != "1",
        reason=f"set {variable} to {what} to run this test (CI does)",
    )


@pytest.fixture(scope="session")
def small_npz(tmp_path_factory) -> str:
    """A Keras-layout .npz of generated digits: 1,000 to train, 300 to test."""
    x_train, y_train = font_digits(1000, seed=0)
    x_test, y_test = font_digits(300, seed=1)
    path = tmp_path_factory.mktemp("data") / "digits.npz"
    np.savez_compressed(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return str(path)


@pytest.fixture(scope="session")
def trained(tmp_path_factory, small_npz):
    """Every model of every task, trained end to end on the small data into a scratch folder."""
    from digit_model.train import train

    artifacts = tmp_path_factory.mktemp("artifacts")
    reports = train(source=small_npz, artifacts=artifacts, log=lambda message: None)
    return artifacts, reports
