"""Why did the model answer that? What a drawing's parts do, what it resembles, and where a threshold cuts.

Three readings that need nothing but a fitted model, its report and MNIST:

- :func:`occlusion` covers each small patch of a drawing and measures how the probabilities
  move, so a page can colour the strokes that carried the answer (and those that argued for the
  runner-up);
- :class:`Neighbours` finds the MNIST training digits closest to a drawing in the model's own
  feature space (:func:`feature_transform`), the digits it "compares" the drawing with;
- :func:`threshold_strip` and :func:`figure_3_11` pick the MNIST test digits behind a binary
  model's threshold and behind each cell of its confusion matrix, as the book shows them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from digit_model.augment import Augmented
from digit_model.duels import WeakestDuel
from digit_model.evaluate import at_threshold
from digit_model.tasks import get_task

__all__ = ["PATCH", "STRIDE", "Occlusion", "occlusion", "feature_transform", "Nearest", "Neighbours", "OUTCOMES", "threshold_strip", "figure_3_11", "as_digit", "as_digits"]

_SIDE = 28
_BUILD_CHUNK = 250  # digits turned into features at once: bounds the index build's peak memory
PATCH, STRIDE = 8, 4  # occlusion's default squares and their spacing, in pixels
OUTCOMES = ("true positive", "false positive", "false negative", "true negative")


@dataclass(frozen=True)
class Occlusion:
    """What covering each square patch of a drawing does to the model's probabilities.

    Attributes
    ----------
    proba : ndarray of shape (n_classes,)
        The probabilities of the drawing as it is, in the order of ``model.classes_``.
    corners : ndarray of shape (n_patches, 2)
        Each patch's top-left (row, column).
    drops : ndarray of shape (n_patches, n_classes)
        ``proba`` minus the probabilities with the patch covered: positive where the patch
        supported the class, negative where covering it raised the class. Exactly 0 for a
        patch without ink, which covering leaves unchanged.
    patch : int
        The patches' side in pixels.
    """

    proba: np.ndarray
    corners: np.ndarray
    drops: np.ndarray
    patch: int

    @property
    def answer(self) -> int:
        """The index of the most probable class, the answer the maps explain by default."""
        return int(np.argmax(self.proba))

    @property
    def runner_up(self) -> int:
        """The index of the second most probable class."""
        return int(np.argsort(-self.proba, kind="stable")[1])

    def heatmap(self, target: int | None = None) -> np.ndarray:
        """How much each pixel supports class ``target`` (an index into ``classes_``; default the answer).

        Returns
        -------
        ndarray of shape (28, 28)
            Per pixel, the mean drop of the target's probability over the patches covering it.
            Positive: covering the pixel lowers the target's probability, the ink supports it;
            negative: covering raises it, the ink argues against it. So negative values of
            ``heatmap(runner_up)`` mark the ink that keeps the runner-up from being the answer.
        """
        target = self.answer if target is None else target
        _check_int(target, "target", low=0, high=len(self.proba) - 1)
        total = np.zeros((_SIDE, _SIDE))
        covers = np.zeros((_SIDE, _SIDE))
        for (row, col), drop in zip(self.corners, self.drops[:, target]):
            total[row : row + self.patch, col : col + self.patch] += drop
            covers[row : row + self.patch, col : col + self.patch] += 1
        return total / covers


def occlusion(model, image: np.ndarray, *, patch: int = PATCH, stride: int = STRIDE) -> Occlusion:
    """Cover each ``patch`` x ``patch`` square of ``image`` with background, one at a time, and
    record how every class's probability drops.

    All covered copies that differ from the drawing go to the model in one ``predict_proba``
    call; a patch without ink is not sent, since covering it changes nothing.

    Parameters
    ----------
    model : a fitted model with ``predict_proba``, as :func:`digit_model.registry.load_model` returns
    image : ndarray of shape (28, 28), uint8
        A drawing as :func:`digit_model.preprocess.to_mnist` returns it: ink 255 on 0.
    patch : side of the covered squares, in pixels, 1 to 28. The default, PATCH, covers a piece of
        a stroke: a confident model shrugs off a 4x4 hole but not an 8x8 one (its largest
        probability drop is in ``python -m digit_model.explain_bench``)
    stride : pixels between neighbouring squares; the last row and column of squares always
        reach the image's edge, so every pixel is covered by at least one

    Returns
    -------
    Occlusion
    """
    image = as_digit(image)
    _check_int(patch, "patch", low=1, high=_SIDE)
    _check_int(stride, "stride", low=1, high=_SIDE)
    starts = np.unique(np.append(np.arange(0, _SIDE - patch + 1, stride), _SIDE - patch))
    corners = np.array([(row, col) for row in starts for col in starts])
    inked = np.array([image[row : row + patch, col : col + patch].any() for row, col in corners])
    copies = np.repeat(image[None], 1 + inked.sum(), axis=0)
    for copy, (row, col) in zip(copies[1:], corners[inked]):
        copy[row : row + patch, col : col + patch] = 0
    proba = np.asarray(model.predict_proba(copies), dtype=float)
    drops = np.zeros((len(corners), proba.shape[1]))
    drops[inked] = proba[0] - proba[1:]
    return Occlusion(proba=proba[0], corners=corners, drops=drops, patch=patch)


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
    takes several seconds (``python -m digit_model.explain_bench`` measures it); 10,000 keep ~1,000
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
        _check_int(size, "size", low=1, high=None)
        chosen = np.random.default_rng(random_state).choice(len(images), size=min(size, len(images)), replace=False)
        self.indices = np.sort(chosen)
        self.labels = labels[self.indices]
        self._transform = transform
        dimensions = transform(np.zeros((1, _SIDE, _SIDE), np.uint8)).shape[1]
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
        _check_int(k, "k", low=1, high=len(self.indices))
        # A fast but rounded distance picks a short list; the exact one orders it, so a digit's own copy is at 0.
        rough = self._squares - 2 * (self.features @ features)
        shortlist = min(len(rough), 4 * k)
        candidates = np.argpartition(rough, shortlist - 1)[:shortlist]
        exact = np.sqrt(np.sum((self.features[candidates] - features) ** 2, axis=1, dtype=np.float64))
        best = np.lexsort((self.indices[candidates], exact))[:k]
        chosen = candidates[best]
        return Nearest(indices=self.indices[chosen], labels=self.labels[chosen], distances=exact[best])


def threshold_strip(report: dict, threshold: float, *, test_labels: np.ndarray, spread: int = 80, near: int = 10) -> dict:
    """The test digits of a binary report ordered by score, with what a threshold makes of each.

    The strip is deterministic and does not depend on the threshold except near it: ``spread``
    digits at evenly spaced ranks of score, half among the positives and half among the
    negatives, plus the ``near`` digits on each side of the threshold, so the digits that change
    side as the threshold moves are always on show.

    Parameters
    ----------
    report : a binary task's report (it has ``scores`` and ``is_positive``)
    threshold : a "yes" from this score on, 0 to 1
    test_labels : ndarray of shape (n_mnist_test,), the digits of the MNIST test set the report
        was made on; the task's own test digits, and so their MNIST indices, are taken from it
        by :meth:`digit_model.tasks.Task.select`
    spread : digits spread over the whole range of scores, half positives and half negatives
    near : digits shown on each side of the threshold

    Returns
    -------
    dict
        ``digits``: the strip, ascending by score (ties by index), each a dict with the digit's
        MNIST test ``index``, its ``digit``, ``score``, ``is_positive`` and ``outcome`` (one of
        :data:`OUTCOMES`); ``counts``: each outcome's count over the whole test set; and
        :func:`digit_model.evaluate.at_threshold`'s ``precision`` (None when no digit reaches the
        threshold), ``recall``, ``f1`` and ``false_positive_rate``.
    """
    figures = at_threshold(report, threshold)
    _check_int(spread, "spread", low=0, high=None)
    _check_int(near, "near", low=0, high=None)
    indices, digits, _ = _test_digits(report, test_labels)
    scores = np.asarray(report["scores"], dtype=float)
    positive = np.asarray(report["is_positive"], dtype=bool)
    outcomes = np.array(OUTCOMES)[np.where(scores >= threshold, np.where(positive, 0, 1), np.where(positive, 2, 3))]
    order = np.lexsort((indices, scores))
    cut = int(np.searchsorted(scores[order], threshold))
    chosen = [order[max(cut - near, 0) : cut + near]]
    for members in (order[positive[order]], order[~positive[order]]):
        ranks = np.linspace(0, len(members) - 1, min(len(members), spread // 2)).round().astype(int)
        chosen.append(members[ranks])
    strip = order[np.isin(order, np.concatenate(chosen))]
    shown = [
        {
            "index": int(indices[position]),
            "digit": int(digits[position]),
            "score": float(scores[position]),
            "is_positive": bool(positive[position]),
            "outcome": str(outcomes[position]),
        }
        for position in strip
    ]
    return {"digits": shown, "counts": {outcome: int(np.sum(outcomes == outcome)) for outcome in OUTCOMES}} | figures


def figure_3_11(report: dict, *, test_labels: np.ndarray, per_cell: int = 25) -> dict:
    """Example test digits for every cell of a report's confusion matrix: the book's figure 3.11.

    For ``five_or_three`` this is the book's 2x2 grid of 3s and 5s, rows the true class and
    columns the predicted one; any other task gets its own grid the same way. Mistakes come from
    the report's ``errors``, which list every misclassified test digit, most confident first;
    the right answers are the rest of the task's test digits.

    Parameters
    ----------
    report : a report as :func:`digit_model.evaluate.evaluate` writes it
    test_labels : ndarray of shape (n_mnist_test,), the digits of the MNIST test set the report was made on
    per_cell : most examples kept per cell

    Returns
    -------
    dict
        ``classes``: the report's classes; ``counts``: (n_classes, n_classes) nested lists, equal to
        the report's confusion matrix; ``examples``: the same layout of lists of MNIST test
        indices, mistakes most confident first, right answers by ascending index.
    """
    _check_int(per_cell, "per_cell", low=1, high=None)
    indices, _, truth = _test_digits(report, test_labels)
    classes = list(report["classes"])
    errors = report["errors"]
    wrong = np.minimum(np.searchsorted(indices, [error["index"] for error in errors]), len(indices) - 1).astype(int)
    said = np.array([classes.index(error["predicted"]) for error in errors], dtype=int)
    matrix = np.asarray(report["confusion_matrix"])
    mistakes = int(matrix.sum() - np.trace(matrix))
    listed = np.array_equal(indices[wrong], [error["index"] for error in errors]) and np.array_equal(
        truth[wrong], [classes.index(error["true"]) for error in errors]
    )
    if len(errors) != mistakes or not listed:
        raise ValueError(
            f"The report's errors must list each of its {mistakes} mistakes, a test digit of its task with its true "
            f"class; it lists {len(errors)}{'' if listed else ', not all of them test digits of their stated class'}."
        )
    predicted = truth.copy()
    predicted[wrong] = said
    counts = np.zeros((len(classes), len(classes)), dtype=int)
    np.add.at(counts, (truth, predicted), 1)
    examples = []
    for row in range(len(classes)):
        examples.append([])
        for col in range(len(classes)):
            if row == col:  # right answers, by ascending index
                members = indices[(truth == row) & (predicted == row)]
            else:  # mistakes, in the report's order: most confident first
                members = indices[wrong[(truth[wrong] == row) & (said == col)]]
            examples[row].append(members[:per_cell].tolist())
    return {"classes": classes, "counts": counts.tolist(), "examples": examples}


# The report's test digits as ``(MNIST test indices, digits, true class positions in report["classes"])``,
# once the labels are shown to be the test set the report was made on.
def _test_digits(report: dict, test_labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    labels = np.asarray(test_labels)
    if labels.ndim != 1:
        raise ValueError(f"Expected the MNIST test labels, shape (n,); got shape {labels.shape} instead.")
    _, target, indices = get_task(report["task"]).select(labels, labels)
    classes = np.asarray(report["classes"])
    truth = np.argmax(target[:, None] == classes[None, :], axis=1)
    per_class = np.bincount(truth, minlength=len(classes)).tolist()
    expected = np.asarray(report["confusion_matrix"]).sum(axis=1).tolist()
    positives = report.get("is_positive")
    if per_class != expected or positives is not None and not np.array_equal(truth == 1, np.asarray(positives, dtype=bool)):
        raise ValueError(
            f"These test labels are not the ones the {report['task']!r} report was made on: they give "
            f"{per_class} test digits per class, the report has {expected} (or its positives are other digits)."
        )
    return indices, labels[indices], truth


def as_digit(image: np.ndarray) -> np.ndarray:
    """One drawing as the models take it, validated: a (28, 28) uint8 array, as ``to_mnist`` returns."""
    image = np.asarray(image)
    if image.shape != (_SIDE, _SIDE) or image.dtype != np.uint8:
        raise ValueError(f"Expected one 28x28 uint8 image, as to_mnist returns; got {image.dtype} of shape {image.shape} instead.")
    return image


def as_digits(images: np.ndarray, *, allow_empty: bool = False) -> np.ndarray:
    """Many drawings, validated: a (n, 28, 28) uint8 array, with n >= 1 unless ``allow_empty``."""
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (_SIDE, _SIDE) or images.dtype != np.uint8 or not (len(images) or allow_empty):
        raise ValueError(f"Expected 28x28 uint8 images, shape (n, 28, 28); got {images.dtype} of shape {images.shape} instead.")
    return images


# An integer option within [low, high] (high None: no upper bound), or a ValueError naming it.
def _check_int(value, name: str, *, low: int, high: int | None) -> None:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < low or high is not None and value > high:
        allowed = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise ValueError(f"The {name!r} parameter must be an integer {allowed}; got {value!r} instead.")
