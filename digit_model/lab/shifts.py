"""Exercise 2 of the chapter: learn from every training digit and from its copies shifted by one
pixel in four directions, five times the digits for a model that minds less where a stroke sits."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from digit_model.basics import SIDE

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


class Shifted(ClassifierMixin, BaseEstimator):
    """Fit ``estimator`` on the training images followed by their copies shifted by each of ``SHIFTS``.

    Only ``fit`` sees the copies, so in cross-validation they come from the training folds alone;
    prediction is the fitted estimator's own. Takes images of shape (n, 28, 28) or (n, 784), and hands
    the estimator its copies in the same layout.
    """

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y):
        X = np.asarray(X)
        images = X.reshape(-1, SIDE, SIDE)
        every = np.concatenate([images, *(shifted(images, rows, cols) for rows, cols in SHIFTS)])
        self.estimator_ = clone(self.estimator).fit(every.reshape(len(every), *X.shape[1:]), np.tile(np.asarray(y), 1 + len(SHIFTS)))
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        check_is_fitted(self)
        return self.estimator_.predict(X)

    @available_if(lambda self: hasattr(self.estimator, "predict_proba"))
    def predict_proba(self, X):
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    @available_if(lambda self: hasattr(self.estimator, "decision_function"))
    def decision_function(self, X):
        check_is_fitted(self)
        return self.estimator_.decision_function(X)
