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


def _missing(variable: str) -> bool:
    # REQUIRE_MNIST=1 (CI) makes a test that needs the data run, and fail for want of it.
    return not os.environ.get(variable) and os.environ.get("REQUIRE_MNIST") != "1"


def needs_data(variable: str, what: str) -> pytest.MarkDecorator:
    """Skip, with a one-line reason, a test that reads data from ``$variable`` when it is unset."""
    return pytest.mark.skipif(_missing(variable), reason=f"set {variable} to {what} to run this test (CI does)")


def skip_without(variable: str, what: str) -> None:
    """The same, from inside a fixture or a test."""
    if _missing(variable):
        pytest.skip(f"set {variable} to {what} to run this test (CI does)")


@pytest.fixture(scope="session")
def small_npz(tmp_path_factory) -> str:
    """A Keras-layout .npz of generated digits: 1,000 to train, 300 to test."""
    x_train, y_train = font_digits(1000, seed=0)
    x_test, y_test = font_digits(300, seed=1)
    path = tmp_path_factory.mktemp("data") / "digits.npz"
    np.savez_compressed(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return str(path)


# A hand-drawn stroke plan per digit, (x, y) with y up on a 100x100 pad; a list per stroke.
_PEN_PLANS = {
    0: [[(50, 100), (20, 80), (15, 40), (35, 3), (65, 3), (85, 40), (80, 80), (50, 100)]],
    1: [[(35, 80), (55, 100), (55, 0)]],
    2: [[(20, 80), (50, 100), (80, 80), (70, 50), (20, 0), (85, 0)]],
    3: [[(20, 90), (70, 95), (40, 55), (78, 30), (50, 0), (18, 12)]],
    4: [[(55, 100), (15, 35), (85, 35)], [(65, 70), (65, 0)]],
    5: [[(30, 100), (25, 60), (65, 60), (78, 28), (55, 0), (20, 10)], [(30, 100), (80, 100)]],
    6: [[(70, 100), (30, 60), (22, 20), (50, 0), (78, 20), (62, 48), (25, 38)]],
    7: [[(20, 100), (80, 100), (38, 0)], [(35, 50), (70, 50)]],
    8: [[(70, 85), (50, 100), (28, 85), (72, 25), (50, 0), (28, 25), (72, 85)]],
    9: [[(75, 70), (50, 50), (25, 70), (50, 100), (75, 80), (75, 0)]],
}


def pen_text(*, per_digit: int, seed: int) -> str:
    """UNIPEN text of ``per_digit`` jittered samples of every digit for each of the 30 writers:
    a stand-in for the real pen file wherever a test needs pen digits but not the real ones."""
    rng = np.random.default_rng(seed)
    lines = ['.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"']
    for writer in range(1, 31):
        for sample in range(per_digit * 10):
            digit = sample % 10
            lines += [f'.SEGMENT DIGIT {sample} ? "{digit}"', f".COMMENT {digit} {writer} {sample}"]
            for stroke in _PEN_PLANS[digit]:
                points = np.array(stroke, float) * rng.uniform(0.8, 1.2, size=2) + rng.normal(0, 3, (len(stroke), 2))
                lines += [".PEN_DOWN", *(f" {x:.0f} {y:.0f}" for x, y in points + 200), ".PEN_UP"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def small_pen(tmp_path_factory) -> str:
    """A small pen file in the real one's format: 30 writers, 2 samples of each digit each."""
    path = tmp_path_factory.mktemp("pen") / "pendigits.tra"
    path.write_text(pen_text(per_digit=2, seed=0))
    return str(path)


@pytest.fixture(scope="session")
def trained(tmp_path_factory, small_npz, small_pen):
    """Every model of every task, trained end to end on the small data into a scratch folder."""
    from digit_model.training.train import train

    artifacts = tmp_path_factory.mktemp("artifacts")
    reports = train(source=small_npz, pen_source=small_pen, artifacts=artifacts, log=lambda message: None)
    return artifacts, reports
