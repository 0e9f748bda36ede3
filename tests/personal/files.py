"""Sets of drawings the My digits tests make: a few drawings added the app's way, and .npz files
written by hand, past the app's checks. Shared by the mirror tests and their ``_rules`` companion."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import numpy as np

from digit_model.personal.my_digits import MyDigits

WHEN = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)

# The arrays of a good file of two drawings.
GOOD = {
    "format": np.array("digit_model.my_digits/1"), "images": np.zeros((2, 28, 28), np.uint8), "labels": np.array([1, 2]),
    "times": np.array(["2026-11-28T13:00:00", "2026-11-28T13:01:00"]), "models": np.array(["which_digit/sgd"] * 2),
    "answers": np.array(["1", "2"]), "probabilities": np.zeros((2, 10)),
}


def image(seed: int) -> np.ndarray:
    """A 28x28 drawing of random pixels, the same for the same seed."""
    return np.random.default_rng(seed).integers(0, 256, (28, 28), dtype=np.uint8)


def three() -> MyDigits:
    """Three drawings, one from each task."""
    mine = MyDigits()
    mine = mine.add(image(0), 7, task="which_digit", model="gradient_svm_pen", answer="1",
                    probabilities=np.eye(10)[1], time=WHEN)
    mine = mine.add(image(1), 5, task="five_or_not", model="sgd", answer="not 5", probabilities=[0.8, 0.2], time=WHEN)
    return mine.add(image(2), 3, task="five_or_three", model="svm", answer="3", probabilities=[0.9, 0.1])


def npz(**arrays) -> bytes:
    """An .npz with these arrays, written without the app's checks."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()
