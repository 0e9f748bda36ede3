"""Does a drawing look like a digit at all? Networks that read the model's own features and the distance to the nearest training digits.

A classifier always answers with one of its classes, so a star, a letter or two digits at once
get a digit back, often confidently. A drawing far from every training digit in the features the
model reads is one it has no business answering: :class:`DigitNovelty` measures that distance (the
mean over the ``k`` nearest digits of an index, :class:`~digit_model.explain.neighbours.Neighbours`).
Distance alone misses non-digits that sit near one digit (a smiley near a 0, a plus near a 4), so
when the model has a discriminator shipped (:mod:`digit_model.novelty.discriminator`, learned on
training digits against generated non-digits), its log-odds are the score instead. Either way the
check learns where "no digit" starts from training digits kept out of the index: the score that
only ``refuse`` of them exceed. ``python -m digit_model.studies.non_digits`` measures what the check
catches and what it refuses.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np

from digit_model.basics import as_digits, as_labels, check_int
from digit_model.explain.neighbours import Neighbours, feature_transform
from digit_model.inputs.mnist import load_mnist
from digit_model.novelty.discriminator import Discriminator, load_discriminator
from digit_model.training import registry

__all__ = ["INDEX_SIZE", "REFUSE", "DigitNovelty", "looks_like_a_digit", "novelty_check", "with_distance"]

#: Training digits indexed, as many as the "why" view's neighbours: an index this small fits in the
#: processor's cache, which keeps the check fast; a larger one catches a few more non-digits, more
#: slowly (compare with ``python -m digit_model.studies.non_digits --size``).
INDEX_SIZE = 10_000

#: The share of held-out training digits the check may refuse: below MNIST test's target (0.5%), since its digits
#: come from other writers than the training digits, whose writers the networks learned (see the non-digits study).
REFUSE = 0.004
_SCORE_CHUNK = 500  # drawings scored at once: their distances to the whole index bound the peak memory
# Fewer drawings than this are compared with the index on this thread (einsum): BLAS hands even one
# drawing's product to its threads, and a busy machine keeps the drawing waiting for them.
_BLAS_FROM = 16


class DigitNovelty:
    """How far a drawing is from the training digits in a model's features, and the line past which it is no digit.

    Parameters
    ----------
    model : a fitted model that :func:`~digit_model.explain.neighbours.feature_transform` can read
    k : how many nearest training digits the distance is averaged over
    size : how many training digits to index (a seeded subset, as :class:`Neighbours` picks them)
    held_out : how many of the other training digits the threshold is chosen on, at most
    refuse : the share of those held-out digits that the threshold refuses
    random_state : which digits are indexed and held out
    discriminator : networks that read the model's features and the distance (see
        :mod:`digit_model.novelty.discriminator`), or None to score by the distance alone

    Attributes
    ----------
    index_ : Neighbours, the indexed training digits and their features
    held_out_ : ndarray of shape (n_held_out,), positions of the held-out digits in the images fitted on
    threshold_ : float, drawings scoring more than this are no digit
    """

    def __init__(self, model, *, k: int = 3, size: int = INDEX_SIZE, held_out: int = 10_000, refuse: float = REFUSE,
                 random_state: int = 0, discriminator: Discriminator | None = None):
        self.model = model
        self.discriminator = discriminator
        self.k = k
        self.size = size
        self.held_out = held_out
        self.refuse = refuse
        self.random_state = random_state

    def fit(self, images: np.ndarray, labels: np.ndarray) -> DigitNovelty:
        """Index ``size`` of the training digits and set the threshold on ``held_out`` of the others.

        images : ndarray of shape (n, 28, 28), uint8, training digits (never test digits)
        labels : ndarray of shape (n,), their digits
        """
        images = as_digits(images)
        labels = as_labels(labels, len(images))
        check_int(self.size, "size", low=1, high=None)
        check_int(self.k, "k", low=1, high=self.size)
        check_int(self.held_out, "held_out", low=1, high=None)
        if not 0 < self.refuse < 1:
            raise ValueError(f"The 'refuse' parameter must be a share between 0 and 1; got {self.refuse!r} instead.")
        if len(images) <= self.size:
            raise ValueError(f"The threshold needs training digits outside the index of {self.size:,}; "
                             f"got only {len(images):,} digits.")
        self.index_ = Neighbours(self.model, images, labels, size=self.size, random_state=self.random_state)
        self._transform = feature_transform(self.model)
        self._squares = np.einsum("ij,ij->i", self.index_.features, self.index_.features)
        rest = np.setdiff1d(np.arange(len(images)), self.index_.indices)
        rng = np.random.default_rng([self.random_state, 1])  # apart from the index's own random numbers
        self.held_out_ = np.sort(rng.choice(rest, size=min(self.held_out, len(rest)), replace=False))
        self.threshold_ = float(np.quantile(self.score(images[self.held_out_]), 1 - self.refuse))
        if self.discriminator is not None:  # never below what the held-out pen writers' digits allow
            self.threshold_ = max(self.threshold_, float(self.discriminator.floor))
        return self

    def score(self, images: np.ndarray) -> np.ndarray:
        """How unlike a digit each drawing is: ndarray of shape (n,), float, higher for a non-digit.

        The discriminator's log-odds when there is one, else the mean distance to the ``k`` nearest indexed digits.

        images : ndarray of shape (n, 28, 28), uint8, as ``to_mnist`` returns them
        """
        features, distances = self._read(images)
        if self.discriminator is None:
            return distances
        return self.discriminator.log_odds(with_distance(features, distances)).astype(np.float64)

    def distance(self, images: np.ndarray) -> np.ndarray:
        """The mean distance of each drawing to its ``k`` nearest indexed digits: ndarray of shape (n,), float."""
        return self._read(images)[1]

    def features(self, images: np.ndarray) -> np.ndarray:
        """What the discriminator reads: the model's features and the log distance, shape (n, n_features + 1)."""
        return with_distance(*self._read(images))

    def _read(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The model's features of the drawings, (n, n_features), and their mean distance to the ``k`` nearest, (n,)."""
        images = as_digits(images, allow_empty=True)
        self._check_fitted("_squares")
        features = [self._transform(images[start : start + _SCORE_CHUNK]) for start in range(0, len(images), _SCORE_CHUNK)]
        if not features:
            return np.empty((0, self.index_.features.shape[1]), np.float32), np.empty(0)
        return np.concatenate(features), np.concatenate([self._mean_nearest(chunk) for chunk in features])

    def looks_like_a_digit(self, images: np.ndarray) -> np.ndarray:
        """For each drawing, is it within the threshold of the training digits? ndarray of shape (n,), bool.

        images : ndarray of shape (n, 28, 28), uint8, as ``to_mnist`` returns them
        """
        self._check_fitted("threshold_")
        return self.score(images) <= self.threshold_

    def _mean_nearest(self, features: np.ndarray) -> np.ndarray:
        """(m, n_features) -> (m,): the mean distance to the ``k`` nearest indexed digits, all at once.

        A fast but rounded distance finds them; their exact distances are averaged.
        """
        index = self.index_.features
        products = features @ index.T if len(features) >= _BLAS_FROM else np.einsum("ij,kj->ik", features, index)
        nearest = np.argpartition(self._squares - 2 * products, self.k - 1, axis=1)[:, : self.k]
        return np.linalg.norm(index[nearest] - features[:, None], axis=2).mean(axis=1)

    def _check_fitted(self, attribute: str) -> None:
        if not hasattr(self, attribute):
            raise ValueError("This DigitNovelty is not fitted yet: call fit(images, labels) with training digits first.")


def with_distance(features: np.ndarray, distances: np.ndarray) -> np.ndarray:
    """The model's features with the log of the distance as one more column (a digit's own copy is at 0: clipped)."""
    return np.column_stack([features, np.log(np.maximum(distances, 1e-6))])


def novelty_check(task: str = "which_digit", name: str | None = None, *, source: str | None = None,
                  size: int = INDEX_SIZE) -> DigitNovelty:
    """The check for a shipped model (by default the task's), fitted on MNIST's training digits.

    Takes seconds (it turns 20,000 digits into features): build it once and share it, as
    :func:`looks_like_a_digit` does and as the app does with ``st.cache_resource``.
    ``source`` is where MNIST is read from (default: ``$MNIST_PATH``, see :func:`load_mnist`);
    ``size`` is how many of its training digits are indexed.
    """
    name = registry.shipped_name(task, name)
    model = registry.load_model(task, name)
    model_sha256 = hashlib.sha256(registry.model_path(task, name).read_bytes()).hexdigest()
    X_train, y_train, _, _ = load_mnist(source)
    return DigitNovelty(model, size=size, discriminator=load_discriminator(task, name, model_sha256)).fit(X_train, y_train)


# One check per shipped model, built on first use and never changed afterwards.
_shared_check = functools.lru_cache(maxsize=2)(novelty_check)


def looks_like_a_digit(images: np.ndarray, *, task: str = "which_digit", model: str | None = None) -> np.ndarray:
    """For each drawing, does it look like a digit to the shipped model ``model`` (default: the task's)?

    The first call builds the model's check from MNIST's training digits (:func:`novelty_check`;
    seconds), later ones reuse it and take milliseconds.

    Parameters
    ----------
    images : ndarray of shape (n, 28, 28), uint8, as ``to_mnist`` returns them
    task : the task whose model reads the drawings
    model : the name of one of the task's shipped models, or None for its default

    Returns
    -------
    ndarray of shape (n,), bool: False for a drawing too far from every training digit to be one
    """
    images = as_digits(images, allow_empty=True)
    if not len(images):  # nothing to check, so no check to build (seconds, and MNIST's training digits)
        registry.shipped_name(task, model)  # an unknown task or model is still refused
        return np.zeros(0, bool)
    return _shared_check(task, model).looks_like_a_digit(images)
