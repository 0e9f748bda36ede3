"""The estimators offered for every task: the chapter's baseline and the strong default.

Every model is a Pipeline that takes (n, 28, 28) or (n, 784) uint8 pixels and has
``predict_proba``; every random step has ``random_state=RANDOM_STATE``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from digit_model.features import Deskew, Flatten
from digit_model.tasks import get_task

__all__ = ["ModelSpec", "MODELS", "make_model", "RANDOM_STATE"]

RANDOM_STATE = 42


@dataclass(frozen=True)
class ModelSpec:
    description: str
    build: Callable[[], Pipeline]


def _sgd() -> Pipeline:
    # The book's SGDClassifier has no predict_proba: Platt scaling over 3 folds adds it.
    return Pipeline([
        ("pixels", Flatten()),
        ("sgd", CalibratedClassifierCV(SGDClassifier(random_state=RANDOM_STATE), method="sigmoid", cv=3)),
    ])


def _svm() -> Pipeline:
    return Pipeline([
        ("deskew", Deskew()),
        ("pca", PCA(n_components=50, random_state=RANDOM_STATE)),
        ("svc", SVC(kernel="rbf", C=10.0, gamma="scale", probability=True, random_state=RANDOM_STATE)),
    ])


MODELS: dict[str, ModelSpec] = {
    "sgd": ModelSpec("The book's baseline: a linear SGDClassifier on raw pixels, calibrated.", _sgd),
    "svm": ModelSpec("Deskewed pixels, PCA to 50 components, RBF-kernel support vector machine.", _svm),
}


def make_model(task: str, name: str) -> Pipeline:
    """A fresh, unfitted model ``name`` for ``task``."""
    get_task(task)
    if name not in MODELS:
        raise ValueError(f"Unknown model {name!r}. Expected one of {', '.join(map(repr, MODELS))}.")
    return MODELS[name].build()
