"""Teach it your handwriting: the shipped model, adapted to one visitor's own labelled drawings.

A visitor draws digits and says what each one is. :class:`PersonalModel` then answers with the
shipped model's probabilities blended with a vote of the visitor's nearest drawings, measured in
the shipped model's own feature space (:func:`digit_model.explain.neighbours.feature_transform`). Nothing is
refitted: the shipped model is shared by every session and never changes; the visitor's drawings
are a small index beside it, so adapting takes milliseconds.

The blend treats the shipped probabilities as a prior worth ``prior`` drawings and adds, for each
of the ``k`` nearest personal drawings, a vote for its class weighted by ``exp(-(d / h)^2)``,
where ``d`` is its distance and ``h`` is ``bandwidth`` times the median length of the personal
drawings' feature vectors (so one setting fits feature spaces of any scale)::

    proba = (prior * shipped + sum_i w_i * onehot(class_i)) / (prior + sum_i w_i)

With no personal drawings, or only distant ones, this is the shipped answer; a drawing close to
one the visitor labelled takes that label. The settings depend on how well the model already
reads unseen hands, so there is one per kind of model (:data:`BLENDS`, :func:`blend_for`), each
chosen by ``python -m digit_model.studies.personal``'s simulation on pen *training* writers the
model never learned from; the evaluation writers are only ever scored.

:func:`leave_one_out` says whether it helps a given visitor, and :mod:`digit_model.personal.my_digits` keeps the
drawings themselves.
"""

from __future__ import annotations

import numpy as np

from digit_model.basics import SIDE, as_digit, as_digits, as_labels
from digit_model.explain.neighbours import Nearest, feature_transform
from digit_model.models.catalogue import MNIST, MNIST_AND_PEN
from digit_model.tasks import Task, get_task

__all__ = ["K", "PRIOR", "BANDWIDTH", "BLENDS", "blend_for", "PersonalModel", "Nearest", "leave_one_out"]

#: Nearest personal drawings that vote, the shipped prior's worth in drawings, and the kernel's width
#: as a share of the typical feature length, for a model of MNIST alone (and :class:`PersonalModel`'s
#: defaults). Chosen with ``python -m digit_model.studies.personal --tune --model gradient_svm`` on the
#: 20 pen TRAINING writers, whom it never saw: mean accuracy on untaught digits 0.9822 over k = 1, 3,
#: 5 taught per digit, against 0.957 without; prior 0.1 and bandwidth 0.25 are an interior optimum of
#: the grid, and 10 neighbours (0.9826) are no better than 5 beyond noise.
K, PRIOR, BANDWIDTH = 5, 0.1, 0.25
#: The blend per what the model learned from (its report's ``trained_on``). A model that learned pen
#: digits already reads unseen hands well, and the blend that suits a model of MNIST alone let a
#: visitor's nearest drawing outvote its right answers. Its setting was chosen with ``python -m
#: digit_model.studies.personal --tune`` on 10 training writers, with the default model's recipe fitted
#: on MNIST and the other 10 (:func:`digit_model.studies.personal.tuning_model`): mean 0.9945 over
#: k = 1, 3, 5 against 0.9905 without, and above it at every k; the only setting ahead (prior 2,
#: bandwidth 1.0: 0.9946) lies on the grid's edge and is less accurate at k = 1.
BLENDS = {
    MNIST: {"k": K, "prior": PRIOR, "bandwidth": BANDWIDTH},
    MNIST_AND_PEN: {"k": 3, "prior": 1.0, "bandwidth": 0.5},
}


def blend_for(report: dict) -> dict:
    """The blend settings (``k``, ``prior``, ``bandwidth``) for the model whose training report this is."""
    return dict(BLENDS[report["trained_on"]])


class PersonalModel:
    """The shipped model, adapted to a visitor's own labelled drawings; scikit-learn style.

    Parameters
    ----------
    model : a fitted model with ``predict_proba`` and ``classes_``, as
        :func:`digit_model.training.registry.load_model` returns it; never modified
    task : the model's :class:`~digit_model.tasks.Task` or its id
    images : ndarray of shape (n, 28, 28), uint8, the visitor's drawings (n may be 0)
    labels : ndarray of shape (n,), the digit 0-9 the visitor says each drawing is. Drawings of
        digits the task does not use (anything but 3 and 5 for ``five_or_three``) are ignored;
        for ``five_or_not`` a 5 is True and any other digit False.
    k, prior, bandwidth : the blend, see the module docstring

    Attributes
    ----------
    classes_ : ndarray, the shipped model's ``classes_``
    indices_ : ndarray of shape (m,), positions in ``images`` of the drawings the task uses
    digits_ : ndarray of shape (m,), their digits
    features_ : ndarray of shape (m, n_features), float32, in the model's feature space
    """

    def __init__(self, model, task: Task | str, images: np.ndarray | None = None, labels: np.ndarray | None = None,
                 *, k: int = K, prior: float = PRIOR, bandwidth: float = BANDWIDTH):
        self.model = model
        self.task = get_task(task) if isinstance(task, str) else task
        self.classes_ = np.asarray(model.classes_)
        if not np.array_equal(self.classes_, np.asarray(self.task.classes)):
            raise ValueError(f"The model's classes {self.classes_.tolist()} are not those of the task "
                             f"{self.task.id!r}, {list(self.task.classes)}.")
        _check_number(k, "k", low=1, integer=True)
        _check_number(prior, "prior", low=0)
        _check_number(bandwidth, "bandwidth", low=0, strict=True)
        self.k, self.prior, self.bandwidth = int(k), float(prior), float(bandwidth)
        self._transform = feature_transform(model) or _pixels
        images = np.zeros((0, SIDE, SIDE), np.uint8) if images is None else as_digits(images, allow_empty=True)
        digits = as_labels(np.zeros(0, np.int64) if labels is None else labels, len(images))
        self.indices_ = np.flatnonzero(np.isin(digits, self.task.digits))
        self.digits_ = digits[self.indices_]
        if len(self.indices_):
            self.features_ = self._transform(images[self.indices_])
        else:
            self.features_ = np.zeros((0, self._transform(np.zeros((1, SIDE, SIDE), np.uint8)).shape[1]), np.float32)
        self._index()

    # Everything a query needs from the personal drawings: their class positions and the kernel width.
    def _index(self) -> None:
        targets = np.asarray(self.task.target(self.digits_))
        self._targets = np.argmax(targets[:, None] == self.classes_[None, :], axis=1)
        lengths = np.linalg.norm(self.features_, axis=1)
        scale = float(np.median(lengths)) if len(lengths) else 1.0
        self._scale = scale if scale > 0 else 1.0

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``.

        X : ndarray of shape (n, 28, 28), uint8 -> ndarray of shape (n, n_classes), rows summing to 1.
        Exactly the shipped model's probabilities when no personal drawing counts for the task.
        """
        X = as_digits(X)
        shipped = np.asarray(self.model.predict_proba(X), dtype=float)
        return self.blend(shipped, self.features(X)) if len(self.features_) else shipped

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The answers, as the task decides them from :meth:`predict_proba`: shape (n,)."""
        return np.array([self.task.decide(row) for row in self.predict_proba(X)])

    def nearest(self, image: np.ndarray, k: int = 3) -> Nearest:
        """The visitor's drawings closest to ``image`` (28, 28) uint8, closest first, so a page can show
        why the answer changed: ``indices`` into the images given, their ``labels`` (digits) and
        Euclidean ``distances`` in the model's feature space. At most ``k``, fewer if fewer count."""
        _check_number(k, "k", low=1, integer=True)
        if not len(self.features_):
            raise ValueError(f"There are no drawings of your own for the task {self.task.id!r} to compare with yet.")
        distances = _distances(self._transform(as_digit(image)[None]), self.features_)[0]
        order = np.lexsort((self.indices_, distances))[:k]
        return Nearest(indices=self.indices_[order], labels=self.digits_[order], distances=distances[order])

    def features(self, X: np.ndarray) -> np.ndarray:
        """Drawings (n, 28, 28) uint8 in the model's feature space: (n, n_features) float32."""
        return self._transform(as_digits(X))

    def blend(self, shipped: np.ndarray, features: np.ndarray) -> np.ndarray:
        """The personalised probabilities (n, n_classes) of drawings whose shipped probabilities are
        ``shipped`` (n, n_classes) and whose :meth:`features` are ``features``; the shipped ones
        unchanged when no personal drawing counts for the task. Lets a caller that already has
        both (leave-one-out, a benchmark trying several blends) skip recomputing them."""
        if not len(self.features_):
            return shipped
        distances = _distances(features, self.features_)
        k = min(self.k, distances.shape[1])
        near = np.argpartition(distances, k - 1, axis=1)[:, :k]
        weights = np.exp(-(np.take_along_axis(distances, near, axis=1) / (self.bandwidth * self._scale)) ** 2)
        votes = np.zeros_like(shipped)
        np.add.at(votes, (np.repeat(np.arange(len(shipped)), k), self._targets[near].ravel()), weights.ravel())
        total = self.prior + weights.sum(axis=1, keepdims=True)
        blended = (self.prior * shipped + votes) / np.where(total > 0, total, 1.0)
        return np.where(total > 0, blended, shipped)


def leave_one_out(model, task: Task | str, images: np.ndarray, labels: np.ndarray, **blend) -> dict:
    """Would personalising have helped? Each drawing the task uses is read by the shipped model and by
    a personal model built from all the OTHER drawings, so no drawing is scored by a model that
    learned it.

    Parameters
    ----------
    model, task : as for :class:`PersonalModel`
    images : ndarray of shape (n, 28, 28), uint8
    labels : ndarray of shape (n,), digits 0-9
    **blend : ``k``, ``prior``, ``bandwidth`` for :class:`PersonalModel`

    Returns
    -------
    dict
        ``n``: drawings scored; ``shipped_accuracy`` and ``personal_accuracy``; ``drawings``: per
        scored drawing its ``index`` in ``images``, ``digit``, ``truth`` (its class), the ``shipped``
        and ``personal`` answers and their probability lists ``shipped_proba`` and ``personal_proba``.
    """
    images = as_digits(images, allow_empty=True)
    everyone = PersonalModel(model, task, images, labels, **blend)
    task = everyone.task
    if not len(everyone.indices_):
        raise ValueError(f"None of the drawings is a digit the task {task.id!r} uses ({', '.join(map(str, task.digits))}).")
    shipped = np.asarray(model.predict_proba(images[everyone.indices_]), dtype=float)
    rows = []
    for position, index in enumerate(everyone.indices_):
        others = np.arange(len(everyone.indices_)) != position
        personal = _without(everyone, others)
        proba = personal.blend(shipped[position : position + 1], everyone.features_[position : position + 1])[0]
        truth = task.target(np.array([everyone.digits_[position]]))[0]
        rows.append({
            "index": int(index),
            "digit": int(everyone.digits_[position]),
            "truth": truth.item(),
            "shipped": np.asarray(task.decide(shipped[position])).item(),
            "personal": np.asarray(task.decide(proba)).item(),
            "shipped_proba": shipped[position].tolist(),
            "personal_proba": proba.tolist(),
        })
    return {
        "n": len(rows),
        "shipped_accuracy": float(np.mean([row["shipped"] == row["truth"] for row in rows])),
        "personal_accuracy": float(np.mean([row["personal"] == row["truth"] for row in rows])),
        "drawings": rows,
    }


# A copy of ``personal`` that keeps only the drawings at the boolean mask ``keep``, with no features recomputed.
def _without(personal: PersonalModel, keep: np.ndarray) -> PersonalModel:
    copy = object.__new__(PersonalModel)
    copy.__dict__.update(personal.__dict__)
    copy.indices_, copy.digits_, copy.features_ = personal.indices_[keep], personal.digits_[keep], personal.features_[keep]
    copy._index()
    return copy


# Euclidean distances between rows of ``a`` (n, d) and ``b`` (m, d), exact (not via the expanded square).
def _distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(np.sum((a[:, None, :].astype(np.float64) - b[None, :, :]) ** 2, axis=2))


# The feature space of a model without a transform of its own: pixels scaled to 0-1.
def _pixels(images: np.ndarray) -> np.ndarray:
    return (images.reshape(len(images), -1) / np.float32(255)).astype(np.float32)


# A number option of at least ``low`` (above it if ``strict``), an integer if ``integer``, or a ValueError naming it.
def _check_number(value, name: str, *, low: float, integer: bool = False, strict: bool = False) -> None:
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if not isinstance(value, kinds) or isinstance(value, bool) or value < low or strict and value == low or not np.isfinite(value):
        allowed = f"{'an integer' if integer else 'a number'} {'above' if strict else 'of at least'} {low}"
        raise ValueError(f"The {name!r} parameter must be {allowed}; got {value!r} instead.")
