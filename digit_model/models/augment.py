"""Training-time augmentation: more handwriting than MNIST's 60,000 digits, for free.

A model that has seen each digit slightly rotated, scaled, shifted and written with a
thinner or thicker pen is less surprised by the next writer, and by a mouse on a canvas.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from digit_model.basics import SIDE

__all__ = ["distort", "FittedWithCopies", "Augmented"]

_CENTRE = np.array([(SIDE - 1) / 2, (SIDE - 1) / 2])


def distort(
    X: np.ndarray,
    *,
    copies: int,
    random_state: int,
    max_rotation: float = 10.0,
    scale: tuple[float, float] = (0.9, 1.1),
    max_shift: float = 1.5,
    stroke_change: float = 0.0,
) -> np.ndarray:
    """``copies`` randomly distorted versions of every image.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 784), pixels in [0, 1]
    max_rotation : degrees either way
    scale : range of the zoom factor
    max_shift : pixels either way, along each axis
    stroke_change : share of copies drawn with a one-pixel thinner or thicker pen

    Returns
    -------
    ndarray of shape (n_samples * copies, 784), copy by copy
    """
    rng = np.random.default_rng(random_state)
    images = np.asarray(X, dtype=np.float32).reshape(-1, SIDE, SIDE)
    out = np.empty((copies * len(images), SIDE, SIDE), dtype=np.float32)
    for k in range(copies):
        for i, image in enumerate(images):
            angle = np.deg2rad(rng.uniform(-max_rotation, max_rotation))
            rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
            matrix = rotation / rng.uniform(*scale)
            offset = _CENTRE - matrix @ _CENTRE + rng.uniform(-max_shift, max_shift, size=2)
            moved = ndimage.affine_transform(image, matrix, offset=offset, order=1, mode="constant")
            if rng.random() < stroke_change:
                pen = ndimage.grey_dilation if rng.random() < 0.5 else ndimage.grey_erosion
                moved = pen(moved, size=(2, 2))
            out[k * len(images) + i] = moved
    return np.clip(out, 0.0, 1.0).reshape(len(out), -1)


class FittedWithCopies(ClassifierMixin, BaseEstimator):
    """Fit ``estimator`` on the training digits and extra copies of them, then predict as it does.

    Subclasses say which copies (:meth:`_with_copies`). Only ``fit`` sees them, so in cross-validation
    they come from the training folds alone.
    """

    def _with_copies(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def fit(self, X, y):
        X_all, y_all = self._with_copies(np.asarray(X), np.asarray(y))
        self.estimator_ = clone(self.estimator).fit(X_all, y_all)
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


class Augmented(FittedWithCopies):
    """Fit ``estimator`` on the training images plus ``copies`` distorted copies of each.

    Only ``fit`` sees the extra images; prediction is the wrapped estimator's own.
    """

    def __init__(self, estimator, *, copies: int = 2, stroke_change: float = 0.0, random_state: int = 0):
        self.estimator = estimator
        self.copies = copies
        self.stroke_change = stroke_change
        self.random_state = random_state

    def _with_copies(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        extra = distort(X, copies=self.copies, random_state=self.random_state, stroke_change=self.stroke_change)
        return np.vstack([X, extra]), np.concatenate([y] * (self.copies + 1))
