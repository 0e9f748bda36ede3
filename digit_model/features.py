"""Stateless transformers that every model starts with, so any (n, 28, 28) or (n, 784) array goes in."""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["Flatten", "Deskew"]

_SIDE = 28


def _images(X) -> np.ndarray:
    """(n, 28, 28) or (n, 784) pixels 0-255 -> float32 (n, 28, 28) in [0, 1]."""
    X = np.asarray(X)
    if X.ndim == 2 and X.shape[1] == _SIDE * _SIDE:
        X = X.reshape(-1, _SIDE, _SIDE)
    if X.ndim != 3 or X.shape[1:] != (_SIDE, _SIDE):
        raise ValueError(f"Expected images of shape (n, 28, 28) or (n, 784); got shape {X.shape} instead.")
    return X.astype(np.float32) / 255.0


class Flatten(TransformerMixin, BaseEstimator):
    """Scale pixels to [0, 1] and flatten each image to 784 features."""

    def fit(self, X, y=None):
        return self

    def transform(self, X) -> np.ndarray:
        return _images(X).reshape(-1, _SIDE * _SIDE)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags


class Deskew(Flatten):
    """Straighten slanted digits by image moments, then flatten.

    Slant is the main variation between writers that carries no information about the
    digit; shearing it away lets the classifier spend its capacity on shape.
    """

    def transform(self, X) -> np.ndarray:
        images = _images(X)
        return np.stack([_deskew(image) for image in images]).reshape(-1, _SIDE * _SIDE)


_ROWS, _COLS = np.mgrid[:_SIDE, :_SIDE].astype(np.float32)


def _deskew(image: np.ndarray) -> np.ndarray:
    """Shear one image so its ink's covariance has no row-column term, centred on its mass."""
    total = image.sum()
    if total == 0:
        return image
    row_mean = (_ROWS * image).sum() / total
    col_mean = (_COLS * image).sum() / total
    row_var = ((_ROWS - row_mean) ** 2 * image).sum() / total
    if row_var == 0:
        return image
    covariance = ((_ROWS - row_mean) * (_COLS - col_mean) * image).sum() / total
    shear = np.array([[1.0, 0.0], [covariance / row_var, 1.0]])
    centre = np.array([(_SIDE - 1) / 2, (_SIDE - 1) / 2])
    offset = np.array([row_mean, col_mean]) - shear @ centre
    return ndimage.affine_transform(image, shear, offset=offset, order=1, mode="constant")
