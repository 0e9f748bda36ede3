"""Exercise 2 of the chapter: learn from every training digit and from its copies shifted by one
pixel in four directions, five times the digits for a model that minds less where a stroke sits."""

from __future__ import annotations

import numpy as np
from digit_model.basics import SIDE
from digit_model.models.augment import FittedWithCopies

__all__ = ["SHIFTS", "shifted", "Shifted"]

SHIFTS = ((0, 1), (0, -1), (1, 0), (-1, 0))  # (rows, columns): one pixel right, left, down, up


def shifted(images: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The (n, 28, 28) images moved by whole pixels, the uncovered edge left blank (the book's
    ``scipy.ndimage.shift(image, [rows, cols], cval=0)`` for whole pixels, without interpolation)."""
    out = np.zeros_like(images)
    out[:, max(rows, 0) : SIDE + min(rows, 0), max(cols, 0) : SIDE + min(cols, 0)] = (
        images[:, max(-rows, 0) : SIDE + min(-rows, 0), max(-cols, 0) : SIDE + min(-cols, 0)]
    )
    return out


class Shifted(FittedWithCopies):
    """Fit ``estimator`` on the training images followed by their copies shifted by each of ``SHIFTS``.

    Only ``fit`` sees the copies, so in cross-validation they come from the training folds alone;
    prediction is the fitted estimator's own. Takes images of shape (n, 28, 28) or (n, 784), and hands
    the estimator its copies in the same layout.
    """

    def __init__(self, estimator):
        self.estimator = estimator

    def _with_copies(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        images = X.reshape(-1, SIDE, SIDE)
        every = np.concatenate([images, *(shifted(images, rows, cols) for rows, cols in SHIFTS)])
        return every.reshape(len(every), *X.shape[1:]), np.tile(y, 1 + len(SHIFTS))
