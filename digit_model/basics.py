"""The shapes every layer agrees on: MNIST's 28-pixel side, and checks of digits, labels and options.

Kept at the bottom of the package so that the recipe, the models, the explanations and the
visitor's own digits all refuse a wrong array with the same sentence.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SIDE", "as_digit", "as_digits", "as_labels", "check_int"]

SIDE = 28  # MNIST's images are SIDE x SIDE pixels


def as_digit(image: np.ndarray) -> np.ndarray:
    """One drawing as the models take it, validated: a (28, 28) uint8 array, as ``to_mnist`` returns."""
    image = np.asarray(image)
    if image.shape != (SIDE, SIDE) or image.dtype != np.uint8:
        raise ValueError(f"Expected one 28x28 uint8 image, as to_mnist returns; got {image.dtype} of shape {image.shape} instead.")
    return image


def as_digits(images: np.ndarray, *, allow_empty: bool = False) -> np.ndarray:
    """Many drawings, validated: a (n, 28, 28) uint8 array, with n >= 1 unless ``allow_empty``."""
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE) or images.dtype != np.uint8 or not (len(images) or allow_empty):
        raise ValueError(f"Expected 28x28 uint8 images, shape (n, 28, 28); got {images.dtype} of shape {images.shape} instead.")
    return images


def as_labels(labels, n: int) -> np.ndarray:
    """Digit labels checked at a public boundary: shape (n,), integers 0-9, returned as int64."""
    labels = np.asarray(labels)
    if labels.shape != (n,) or (n and labels.dtype.kind not in "iu"):
        raise ValueError(f"Expected {n} digit labels, one per drawing; got {labels.dtype} of shape {labels.shape} instead.")
    if n and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"Labels must be digits from 0 to 9; got {sorted(set(labels[(labels < 0) | (labels > 9)].tolist()))} instead.")
    return labels.astype(np.int64)


def check_int(value, name: str, *, low: int, high: int | None) -> None:
    """An integer option within [low, high] (high None: no upper bound), or a ValueError naming it."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low or high is not None and value > high:
        allowed = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise ValueError(f"The {name!r} parameter must be an integer {allowed}; got {value!r} instead.")
