"""Stateless transformers that every model starts with, so any (n, 28, 28) or (n, 784) array goes in."""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from sklearn.base import BaseEstimator, TransformerMixin

from digit_model.basics import SIDE

__all__ = ["RawPixels", "Flatten", "Deskew", "GradientDirections"]



def _images(X) -> np.ndarray:
    """(n, 28, 28) or (n, 784) pixels 0-255 -> float32 (n, 28, 28) in [0, 1]."""
    return _grid(X).astype(np.float32) / 255.0


def _grid(X) -> np.ndarray:
    """(n, 28, 28) or (n, 784) pixels -> (n, 28, 28), as they are."""
    X = np.asarray(X)
    if X.ndim == 2 and X.shape[1] == SIDE * SIDE:
        X = X.reshape(-1, SIDE, SIDE)
    if X.ndim != 3 or X.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"Expected images of shape (n, 28, 28) or (n, 784); got shape {X.shape} instead.")
    return X


class _Stateless(TransformerMixin, BaseEstimator):
    # A transformer that learns nothing: fitting is a no-op and it may transform unfitted.

    def fit(self, X, y=None):
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags


class RawPixels(_Stateless):
    """Flatten each image to its 784 pixels as they are, 0 to 255: the book's ``X_train``.

    The Lab's "raw pixels": a linear model's gradient steps depend on this scale, and the book's
    figures for ``SGDClassifier`` (its 5-detector's 95%) are on it; every other estimator here is
    indifferent to a common scale.
    """

    def transform(self, X) -> np.ndarray:
        return _grid(X).astype(np.float64).reshape(-1, SIDE * SIDE)  # float64, as fetch_openml gives the book


class Flatten(_Stateless):
    """Scale pixels to [0, 1] and flatten each image to 784 features."""

    def transform(self, X) -> np.ndarray:
        return _images(X).reshape(-1, SIDE * SIDE)


class Deskew(Flatten):
    """Straighten slanted digits by image moments, then flatten.

    Slant is the main variation between writers that carries no information about the
    digit; shearing it away lets the classifier spend its capacity on shape.
    """

    def transform(self, X) -> np.ndarray:
        images = _images(X)
        return np.stack([_deskew(image) for image in images]).reshape(-1, SIDE * SIDE)


_ROWS, _COLS = np.mgrid[:SIDE, :SIDE].astype(np.float32)


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
    centre = np.array([(SIDE - 1) / 2, (SIDE - 1) / 2])
    offset = np.array([row_mean, col_mean]) - shear @ centre
    return ndimage.affine_transform(image, shear, offset=offset, order=1, mode="constant")


class GradientDirections(_Stateless):
    """Which way the strokes run, and where: edge strength in 8 directions, pooled on a 7x7 grid.

    Pixels only say where the ink is, so a stroke moved by one pixel looks like a new
    pattern. Direction maps, blurred and sampled coarsely, tolerate such small moves while
    keeping the shape; this is the gradient feature of the best classical MNIST
    classifiers (Liu et al., 2003). Takes the [0, 1] pixels that :class:`Deskew` returns.
    With ``levels``, every feature is rounded to a multiple of ``1 / levels``: an SVM's support
    vectors of such features compress to a third of the size, for a model that keeps many.
    """

    levels: int | None = None  # what the shipped models pickled before ``levels`` existed read

    def __init__(self, *, directions: int = 8, grid: int = 7, levels: int | None = None):
        self.directions = directions
        self.grid = grid
        self.levels = levels

    def transform(self, X) -> np.ndarray:
        images = np.asarray(X, dtype=np.float32).reshape(-1, SIDE, SIDE)
        chunks = [self._features(images[start : start + 4096]) for start in range(0, len(images), 4096)]
        return np.concatenate(chunks) if chunks else np.empty((0, self.directions * self.grid**2), np.float32)

    def _features(self, images: np.ndarray) -> np.ndarray:
        padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
        rows = padded[:, :-2] + 2 * padded[:, 1:-1] + padded[:, 2:]  # Sobel: smooth down the columns...
        cols = padded[:, :, :-2] + 2 * padded[:, :, 1:-1] + padded[:, :, 2:]  # ...and along the rows
        gx = rows[:, :, 2:] - rows[:, :, :-2]
        gy = cols[:, 2:, :] - cols[:, :-2, :]
        strength = np.hypot(gx, gy)
        position = np.arctan2(gy, gx) / (2 * np.pi / self.directions)  # angle in units of directions
        step = SIDE / self.grid
        centres = ((np.arange(self.grid) + 0.5) * step - 0.5).astype(np.float32)
        features = []
        for direction in range(self.directions):
            distance = np.abs((position - direction + self.directions / 2) % self.directions - self.directions / 2)
            plane = strength * np.clip(1 - distance, 0, 1)  # each edge split between its two nearest directions
            blurred = ndimage.gaussian_filter(plane, sigma=(0, step / 2, step / 2))
            features.append(_sample(blurred, centres))
        # A square root evens out strong and faint edges. float32 is plenty, and the support
        # vectors a model keeps of these features then compress to half the size.
        described = np.sqrt(np.concatenate(features, axis=1)).astype(np.float32)
        return described if self.levels is None else np.round(described * self.levels) / np.float32(self.levels)


def _sample(maps: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Bilinear samples of every (n, 28, 28) map at the grid's centres, flattened per image."""
    low = np.floor(centres).astype(int)
    frac = centres - low
    high = np.minimum(low + 1, SIDE - 1)
    top = maps[:, low][:, :, low] * (1 - frac)[None, None, :] + maps[:, low][:, :, high] * frac[None, None, :]
    bottom = maps[:, high][:, :, low] * (1 - frac)[None, None, :] + maps[:, high][:, :, high] * frac[None, None, :]
    return (top * (1 - frac)[None, :, None] + bottom * frac[None, :, None]).reshape(len(maps), -1)
