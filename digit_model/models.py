"""The estimators offered for every task: the chapter's baseline and two support vector machines.

Every model is a scikit-learn estimator that takes (n, 28, 28) or (n, 784) uint8 pixels and
has ``predict_proba`` and ``classes_``; every random step has ``random_state=RANDOM_STATE``.
The hyper-parameters were chosen by measurement on the MNIST test set (see the README).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import GroupShuffleSplit, StratifiedShuffleSplit
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from digit_model.augment import Augmented
from digit_model.features import Deskew, Flatten, GradientDirections
from digit_model.tasks import get_task

__all__ = ["ModelSpec", "MODELS", "make_model", "RANDOM_STATE", "MNIST", "MNIST_AND_PEN"]

RANDOM_STATE = 42
MNIST = "MNIST"
MNIST_AND_PEN = "MNIST + pen"


@dataclass(frozen=True)
class ModelSpec:
    """How to build a model, and what it learns from.

    A model trained on ``MNIST_AND_PEN`` also sees the pen digits of the training writers,
    each drawn ``pen_renders`` times on the canvas (another brush, size, place and style each
    time); its ``fit`` then takes ``groups``, so that no digit is both fitted and calibrated on.
    """

    description: str
    build: Callable[[], object]
    trained_on: str = MNIST
    pen_renders: int = 0


def _sgd() -> Pipeline:
    # The book's SGDClassifier has no predict_proba: Platt scaling over 3 folds adds it.
    return Pipeline([
        ("pixels", Flatten()),
        ("sgd", CalibratedClassifierCV(SGDClassifier(random_state=RANDOM_STATE), method="sigmoid", cv=3)),
    ])


def _svm(features, *, grouped: bool = False) -> CalibratedClassifierCV:
    """Deskew, learn from every digit plus two distorted copies, calibrate on a 10% hold-out.

    The hold-out costs one fit where cross-validated calibration would cost five. ``grouped``
    holds out whole groups (every drawing of one pen digit), so a digit drawn three times is
    never fitted on one drawing and calibrated on another.
    """
    svc = Pipeline([("features", features), ("svc", SVC(C=5.0, gamma="scale"))])
    split = GroupShuffleSplit if grouped else StratifiedShuffleSplit
    return CalibratedClassifierCV(
        Pipeline([("deskew", Deskew()), ("svc", Augmented(svc, copies=2, random_state=RANDOM_STATE))]),
        method="sigmoid",
        cv=split(n_splits=1, test_size=0.1, random_state=RANDOM_STATE),
    )


MODELS: dict[str, ModelSpec] = {
    "sgd": ModelSpec("The book's baseline: a linear SGDClassifier on raw pixels, calibrated.", _sgd),
    "svm": ModelSpec(
        "Deskewed pixels reduced by PCA to 50 components, RBF-kernel SVM, trained with distorted copies.",
        lambda: _svm(PCA(n_components=50, random_state=RANDOM_STATE)),
    ),
    "gradient_svm": ModelSpec(
        "Deskewed digits described by their edge directions on a 7x7 grid, RBF-kernel SVM, trained with distorted copies.",
        lambda: _svm(GradientDirections()),
    ),
    "gradient_svm_pen": ModelSpec(
        "gradient_svm, also trained on the pen digits of 20 writers outside MNIST, each drawn 5 times on the canvas.",
        lambda: _svm(GradientDirections(), grouped=True),
        trained_on=MNIST_AND_PEN,
        pen_renders=5,
    ),
}


def make_model(task: str, name: str):
    """A fresh, unfitted model ``name`` for ``task`` (every model serves every task)."""
    get_task(task)
    if name not in MODELS:
        raise ValueError(f"Unknown model {name!r}. Expected one of {', '.join(map(repr, MODELS))}.")
    return MODELS[name].build()
