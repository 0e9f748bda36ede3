"""Which training digits a drawing resembles, in the model's own feature space.

:class:`Neighbours` finds the MNIST training digits closest to a drawing in the model's own
feature space (:func:`feature_transform`), the digits it "compares" the drawing with.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from digit_model.basics import SIDE, as_digit, as_digits, check_int
from digit_model.models.augment import Augmented
from digit_model.models.duels import WeakestDuel

__all__ = ["feature_transform", "Nearest", "Neighbours"]

_BUILD_CHUNK = 250  # digits turned into features at once: bounds the index build's peak memory


def feature_transform(model) -> Callable[[np.ndarray], np.ndarray] | None:
    """The model's own view of digits: its fitted steps before the final classifier, as one function.

    Looks through the wrappers the shipped models use: a ``Pipeline`` (every step but the last),
    ``Augmented`` and ``WeakestDuel`` (which predict with their fitted inner estimator) and
    ``CalibratedClassifierCV`` (whose calibrated copy holds the fitted estimator). So for the
    gradient SVMs it is ``Deskew`` then ``GradientDirections``, for ``svm`` ``Deskew`` then PCA,
    for ``sgd`` ``Flatten``.

    Returns
    -------
    callable or None
        Maps an ndarray of shape (n, 28, 28), uint8, to float32 features of shape (n, n_features).
        None when the model has no such steps, or no single set of them (a calibration
        ensemble whose copies each fitted their own).
    """
    check_is_fitted(model)
    steps = _feature_steps(model)
    return functools.partial(_apply, tuple(steps)) if steps else None


# The fitted transforms in front of ``estimator``'s classifier, in order; None if its copies disagree.
def _feature_steps(estimator) -> list | None:
    if isinstance(estimator, Pipeline):
        inner = _feature_steps(estimator.steps[-1][1])
        own = [step for _, step in estimator.steps[:-1] if step not in (None, "passthrough")]
        return None if inner is None else own + inner
    if isinstance(estimator, (Augmented, WeakestDuel)):
        return _feature_steps(estimator.estimator_)
    if isinstance(estimator, CalibratedClassifierCV):
        copies = [_feature_steps(calibrated.estimator) for calibrated in estimator.calibrated_classifiers_]
        return copies[0] if len(copies) == 1 or not any(copies) else None
    return []


# Run the fitted ``steps`` on images (n, 28, 28) and return float32 features (n, n_features).
def _apply(steps: tuple, images: np.ndarray) -> np.ndarray:
    features = images
    for step in steps:
        features = step.transform(features)
    return np.asarray(features, dtype=np.float32).reshape(len(images), -1)


@dataclass(frozen=True)
class Nearest:
    """The training digits nearest to one drawing, closest first (ties by index).

    Attributes
    ----------
    indices : ndarray of shape (k,), positions in the images the index was built from
    labels : ndarray of shape (k,), their digits
    distances : ndarray of shape (k,), Euclidean, in the model's feature space
    """

    indices: np.ndarray
    labels: np.ndarray
    distances: np.ndarray


class Neighbours:
    """An index of training digits in a model's feature space, to show which ones a drawing resembles.

    A seeded random subset of the training digits, because turning all 60,000 into features
    takes several seconds (``python -m digit_model.studies.explain_costs`` measures it); 10,000 keep ~1,000
    of each digit. Build it once per model and reuse it: queries do not change it.

    Parameters
    ----------
    model : a fitted model that :func:`feature_transform` can read
    images : ndarray of shape (n, 28, 28), uint8, the training digits (MNIST's training set)
    labels : ndarray of shape (n,), their digits
    size : how many of the digits to index, at most ``n``
    random_state : which ones

    Attributes
    ----------
    indices : ndarray of shape (size,), ascending positions in ``images`` of the indexed digits
    labels : ndarray of shape (size,)
    features : ndarray of shape (size, n_features), float32
    """

    def __init__(self, model, images: np.ndarray, labels: np.ndarray, *, size: int = 10_000, random_state: int = 0):
        transform = feature_transform(model)
        if transform is None:
            raise ValueError(f"The model {type(model).__name__} has no single feature space to search: it has no fitted "
                             "transform before its classifier, or one per calibration fold.")
        images, labels = as_digits(images), np.asarray(labels)
        if labels.shape != (len(images),):
            raise ValueError(f"Expected one label per image, shape ({len(images)},); got shape {labels.shape} instead.")
        check_int(size, "size", low=1, high=None)
        chosen = np.random.default_rng(random_state).choice(len(images), size=min(size, len(images)), replace=False)
        self.indices = np.sort(chosen)
        self.labels = labels[self.indices]
        self._transform = transform
        dimensions = transform(np.zeros((1, SIDE, SIDE), np.uint8)).shape[1]
        self.features = np.empty((len(self.indices), dimensions), np.float32)
        for start in range(0, len(self.indices), _BUILD_CHUNK):
            self.features[start : start + _BUILD_CHUNK] = transform(images[self.indices[start : start + _BUILD_CHUNK]])
        self._squares = np.einsum("ij,ij->i", self.features, self.features)

    @property
    def nbytes(self) -> int:
        """The memory the index holds, in bytes."""
        return self.indices.nbytes + self.labels.nbytes + self.features.nbytes + self._squares.nbytes

    def query(self, image: np.ndarray, *, k: int = 8) -> Nearest:
        """The ``k`` indexed digits nearest to ``image``, an ndarray of shape (28, 28), uint8."""
        features = self._transform(as_digit(image)[None])[0]
        check_int(k, "k", low=1, high=len(self.indices))
        # A fast but rounded distance picks a short list; the exact one orders it, so a digit's own copy is at 0.
        rough = self._squares - 2 * (self.features @ features)
        shortlist = min(len(rough), 4 * k)
        candidates = np.argpartition(rough, shortlist - 1)[:shortlist]
        exact = np.sqrt(np.sum((self.features[candidates] - features) ** 2, axis=1, dtype=np.float64))
        best = np.lexsort((self.indices[candidates], exact))[:k]
        chosen = candidates[best]
        return Nearest(indices=self.indices[chosen], labels=self.labels[chosen], distances=exact[best])
