"""The benchmarks' test sets: digits no model learned from, drawn on the canvas and read by ``to_mnist``."""

from __future__ import annotations

import numpy as np

from digit_model.basics import SIDE
from digit_model.evaluation.drawn import drawn_digits
from digit_model.inputs.canvas import pen_images
from digit_model.inputs.mnist import load_mnist
from digit_model.inputs.pendigits import EVAL_WRITERS, PenDigits, load_pendigits
from digit_model.inputs.recipe import to_mnist

__all__ = ["PEN_TEST_SEED", "drawn_test_set", "pen_test_set", "drawn_once"]

PEN_TEST_SEED = 0  # the evaluation writers' one drawing each; training draws its writers with another seed


def drawn_test_set(n: int, *, source: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` MNIST test digits, drawn on a canvas and turned back into 28x28 by ``to_mnist``."""
    _, _, X_test, y_test = load_mnist(source)
    images = [to_mnist(canvas) for canvas in drawn_digits(X_test[:n])]
    blank = np.zeros((SIDE, SIDE), np.uint8)  # a drawing too faint to read still counts, as a miss
    return np.stack([blank if image is None else image for image in images]), y_test[:n]


def pen_test_set(source: str | None = None) -> tuple[np.ndarray, np.ndarray, dict]:
    """The evaluation writers' pen digits, each drawn once on the canvas and read by ``to_mnist``.

    Returns ``(images, digits, about)``; ``about`` names the writers and the file's SHA-256,
    so that a report says what its pen figures were measured on.
    """
    pen = load_pendigits(source, split="eval")
    images, digits = drawn_once(pen)
    return images, digits, {"writers": list(EVAL_WRITERS), "sha256": pen.sha256}


def drawn_once(pen: PenDigits) -> tuple[np.ndarray, np.ndarray]:
    """``(images, digits)``: each of ``pen``'s digits drawn once on the canvas, as the pen benchmark draws
    its writers, and read by ``to_mnist``."""
    return pen_images(pen, seed=PEN_TEST_SEED)
