"""Teach it your handwriting: the shipped model, adapted to one visitor's own labelled drawings.

A visitor draws digits and says what each one is. :class:`PersonalModel` then answers with the
shipped model's probabilities blended with a vote of the visitor's nearest drawings, measured in
the shipped model's own feature space (:func:`digit_model.explain.feature_transform`). Nothing is
refitted: the shipped model is shared by every session and never changes; the visitor's drawings
are a small index beside it, so adapting takes milliseconds.

The blend treats the shipped probabilities as a prior worth ``prior`` drawings and adds, for each
of the ``k`` nearest personal drawings, a vote for its class weighted by ``exp(-(d / h)^2)``,
where ``d`` is its distance and ``h`` is ``bandwidth`` times the median length of the personal
drawings' feature vectors (so one setting fits feature spaces of any scale)::

    proba = (prior * shipped + sum_i w_i * onehot(class_i)) / (prior + sum_i w_i)

With no personal drawings, or only distant ones, this is the shipped answer; a drawing close to
one the visitor labelled takes that label. The defaults were chosen by
``python -m digit_model.personal_bench``'s simulation on the pen *training* writers only (see
:data:`K`, :data:`PRIOR`, :data:`BANDWIDTH`); the evaluation writers are only ever scored.

:func:`leave_one_out` says whether it helps a given visitor, and :func:`save_digits` /
:func:`load_digits` let them download their drawings and bring them back another day.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import numpy as np

from digit_model.explain import Nearest, as_digit, as_digits, feature_transform
from digit_model.tasks import Task, get_task

__all__ = [
    "K", "PRIOR", "BANDWIDTH", "MAX_DRAWINGS", "PersonalModel", "Nearest", "leave_one_out",
    "Drawings", "save_digits", "load_digits",
]

#: Nearest personal drawings that vote, the shipped prior's worth in drawings, and the kernel's width
#: as a share of the typical feature length. Chosen with ``python -m digit_model.personal_bench --tune
#: --model gradient_svm`` on the pen TRAINING writers (the default which_digit model was trained on
#: them, so it cannot show what teaching adds; gradient_svm has the same feature space and never saw
#: them): mean accuracy on untaught digits 0.9822 over k = 1, 3, 5 taught per digit, against 0.957
#: without; prior 0.1 and bandwidth 0.25 are an interior optimum of the grid, and 10 neighbours
#: (0.9826) are no better than 5 beyond noise.
K, PRIOR, BANDWIDTH = 5, 0.1, 0.25
#: Most drawings a saved file may hold, and so the most one visitor can teach.
MAX_DRAWINGS = 2_000

_SIDE = 28
_FORMAT = "digit_model.personal/1"  # marks a file as ours, so a foreign .npz is refused by name
_MAX_UNPACKED = 64 * 1024 * 1024  # bytes a saved file may unpack to: refuses zip bombs before reading


class PersonalModel:
    """The shipped model, adapted to a visitor's own labelled drawings; scikit-learn style.

    Parameters
    ----------
    model : a fitted model with ``predict_proba`` and ``classes_``, as
        :func:`digit_model.registry.load_model` returns it; never modified
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
        images = np.zeros((0, _SIDE, _SIDE), np.uint8) if images is None else as_digits(images, allow_empty=True)
        digits = _digits(np.zeros(0, np.int64) if labels is None else labels, len(images))
        self.indices_ = np.flatnonzero(np.isin(digits, self.task.digits))
        self.digits_ = digits[self.indices_]
        if len(self.indices_):
            self.features_ = self._transform(images[self.indices_])
        else:
            self.features_ = np.zeros((0, self._transform(np.zeros((1, _SIDE, _SIDE), np.uint8)).shape[1]), np.float32)
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


@dataclass(frozen=True)
class Drawings:
    """A visitor's drawings as :func:`load_digits` reads them back.

    images : ndarray of shape (n, 28, 28), uint8
    labels : ndarray of shape (n,), int64 digits 0-9
    times : ndarray of shape (n,), str, when each was drawn (ISO 8601)
    answers : ndarray of shape (n,) or None, the model's answer to each when drawn
    probabilities : ndarray of shape (n, n_classes), float64, or None
    classes : ndarray of shape (n_classes,) or None, the probabilities' columns
    """

    images: np.ndarray
    labels: np.ndarray
    times: np.ndarray
    answers: np.ndarray | None = None
    probabilities: np.ndarray | None = None
    classes: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.labels)


def save_digits(images: np.ndarray, labels: np.ndarray, times, *, answers=None, probabilities=None, classes=None) -> bytes:
    """The visitor's drawings as the bytes of a compressed ``.npz`` to download; :func:`load_digits` reads it.

    images : (n, 28, 28) uint8; labels : (n,) digits 0-9; times : n ISO 8601 strings;
    answers : (n,) the model's answers (numbers or booleans); probabilities : (n, n_classes);
    classes : (n_classes,) the probabilities' columns. The optional ones are saved when given.
    """
    drawings = _checked(images=images, labels=labels, times=times, answers=answers,
                        probabilities=probabilities, classes=classes)
    arrays = {name: value for name, value in vars(drawings).items() if value is not None}
    buffer = io.BytesIO()
    np.savez_compressed(buffer, format=np.array(_FORMAT), **arrays)
    return buffer.getvalue()


def load_digits(data: bytes) -> Drawings:
    """Read a file :func:`save_digits` wrote, refusing anything else with one sentence (ValueError).

    Never unpickles (``allow_pickle=False``) and checks the unpacked size before reading, so an
    uploaded file can neither run code nor fill the memory.
    """
    if not isinstance(data, (bytes, bytearray)) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError("This file is not a saved set of drawings: it is not an .npz archive.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > _MAX_UNPACKED:
            raise ValueError(f"This file unpacks to {unpacked / 2**20:.0f} MiB, more than the "
                             f"{_MAX_UNPACKED // 2**20} MiB a saved set of drawings can take.")
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except ValueError as error:
        if "pickle" in str(error).lower():
            raise ValueError("This file holds pickled objects, which a saved set of drawings never does.") from None
        if "saved set" in str(error):
            raise
        raise ValueError("This file is not a saved set of drawings: its arrays cannot be read.") from None
    except (OSError, zipfile.BadZipFile, EOFError):
        raise ValueError("This file is not a saved set of drawings: its arrays cannot be read.") from None
    if arrays.get("format") is None or arrays["format"].shape != () or str(arrays["format"]) != _FORMAT:
        raise ValueError(f"This .npz is not a set of drawings saved by this app: it lacks the marker {_FORMAT!r}.")
    missing = [name for name in ("images", "labels", "times") if name not in arrays]
    if missing:
        raise ValueError(f"This file of drawings lacks the array{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}.")
    return _checked(**{name: arrays.get(name) for name in ("images", "labels", "times", "answers", "probabilities", "classes")})


# The arrays of a set of drawings, validated together; each fault is one sentence.
def _checked(*, images, labels, times, answers, probabilities, classes) -> Drawings:
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[1:] != (_SIDE, _SIDE) or images.dtype != np.uint8:
        raise ValueError(f"The drawings must be 28x28 uint8 images, shape (n, 28, 28); got {images.dtype} of shape {images.shape} instead.")
    n = len(images)
    if n > MAX_DRAWINGS:
        raise ValueError(f"A set of drawings holds at most {MAX_DRAWINGS:,}; this one has {n:,}.")
    labels = _digits(labels, n)
    times = np.asarray(times)
    if times.shape != (n,) or (n and times.dtype.kind != "U"):
        raise ValueError(f"The times must be {n} ISO 8601 strings, one per drawing; got {times.dtype} of shape {times.shape} instead.")
    times = times.astype(str)
    if answers is not None:
        answers = np.asarray(answers)
        if answers.shape != (n,) or answers.dtype.kind not in "biu":
            raise ValueError(f"The answers must be {n} numbers or booleans, one per drawing; got {answers.dtype} of shape {answers.shape} instead.")
    if probabilities is not None:
        probabilities = np.asarray(probabilities)
        if (probabilities.ndim != 2 or len(probabilities) != n or probabilities.shape[1] not in (2, 10)
                or probabilities.dtype.kind != "f" or not np.all((probabilities >= 0) & (probabilities <= 1))):
            raise ValueError(f"The probabilities must be numbers from 0 to 1, shape ({n}, 2) or ({n}, 10); "
                             f"got {probabilities.dtype} of shape {probabilities.shape} instead.")
        probabilities = probabilities.astype(np.float64)
    if classes is not None:
        classes = np.asarray(classes)
        width = None if probabilities is None else probabilities.shape[1]
        if classes.ndim != 1 or classes.dtype.kind not in "biu" or width is not None and len(classes) != width:
            raise ValueError(f"The classes must be numbers or booleans, one per column of the probabilities; "
                             f"got {classes.dtype} of shape {classes.shape} instead.")
    return Drawings(images=images, labels=labels, times=times, answers=answers, probabilities=probabilities, classes=classes)


# Digit labels, validated: shape (n,), integers 0-9, as int64.
def _digits(labels, n: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.shape != (n,) or (n and labels.dtype.kind not in "iu"):
        raise ValueError(f"Expected {n} digit labels, one per drawing; got {labels.dtype} of shape {labels.shape} instead.")
    if n and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"Labels must be digits from 0 to 9; got {sorted(set(labels[(labels < 0) | (labels > 9)].tolist()))} instead.")
    return labels.astype(np.int64)


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
