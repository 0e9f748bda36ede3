"""The chapter's four classifiers and three inputs, as the Lab offers them: each estimator's main
hyperparameters with the book's defaults, its small grid for exercise 1, and how fast it grows.

Every estimator is built as a scikit-learn ``Pipeline``: the input's stateless feature steps
(:mod:`digit_model.models.features`), then the classifier, with ``random_state=RANDOM_STATE`` wherever
it draws at random.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from digit_model.models.catalogue import RANDOM_STATE
from digit_model.models.features import Deskew, Flatten, GradientDirections, RawPixels

__all__ = ["Hyperparameter", "Estimator", "ESTIMATORS", "Input", "INPUTS"]


@dataclass(frozen=True)
class Hyperparameter:
    """One hyperparameter the page offers: a choice among ``choices``, or a number from ``low`` to ``high``."""

    name: str
    default: object
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    integer: bool = False
    note: str = ""  # what the book says or does with it

    def checked(self, value, owner: str):
        """``value`` when it is allowed, or a ValueError in one sentence."""
        if self.choices:
            if value not in self.choices:
                allowed = ", ".join(map(repr, self.choices))
                raise ValueError(f"The {owner}'s {self.name} must be one of {allowed}; got {value!r} instead.")
            return value
        kind = "a whole number" if self.integer else "a number"
        number = isinstance(value, int) if self.integer else isinstance(value, (int, float))
        if not number or isinstance(value, bool) or not self.low <= value <= self.high:
            raise ValueError(f"The {owner}'s {self.name} must be {kind} from {self.low:g} to {self.high:g}; got {value!r} instead.")
        return int(value) if self.integer else float(value)


@dataclass(frozen=True)
class Estimator:
    """A classifier of the chapter: how to build it from its hyperparameters, and what it costs.

    fit_growth, predict_growth : how the time of a fit grows with the training digits (time ~ n ** fit_growth),
        and the time per predicted digit (~ n ** predict_growth): what the progress estimate scales by
    """

    label: str
    class_name: str
    description: str
    hyperparameters: tuple[Hyperparameter, ...]
    grid: dict[str, tuple]
    make: Callable[[dict, int], object]  # (hyperparameters, threads for joblib's thread pools) -> an unfitted classifier
    default_size: int
    fit_growth: float
    predict_growth: float
    notes: tuple[str, ...] = field(default=())

    def hyperparameter(self, name: str) -> Hyperparameter:
        known = {parameter.name: parameter for parameter in self.hyperparameters}
        if name not in known:
            raise ValueError(f"The {self.label} has no hyperparameter {name!r}; it has {', '.join(map(repr, known))}.")
        return known[name]


ESTIMATORS: dict[str, Estimator] = {
    "sgd": Estimator(
        "SGD", "SGDClassifier",
        "A linear model fitted by stochastic gradient descent: the chapter's first classifier, one-versus-rest for 0-9.",
        (
            Hyperparameter("loss", "hinge", choices=("hinge", "log_loss", "modified_huber"),
                           note="The book keeps the default hinge loss (a linear SVM)."),
            Hyperparameter("alpha", 1e-4, low=1e-7, high=1.0, note="Regularisation strength; the book keeps 0.0001."),
        ),
        grid={"alpha": (1e-5, 1e-4, 1e-3)},
        make=lambda params, threads: SGDClassifier(random_state=RANDOM_STATE, n_jobs=threads, **params),
        default_size=60_000, fit_growth=1.0, predict_growth=0.0,
    ),
    "knn": Estimator(
        "KNN", "KNeighborsClassifier",
        "Answers what most of the nearest training digits are: it keeps every training digit and compares.",
        (
            Hyperparameter("n_neighbors", 3, low=1, high=50, integer=True,
                           note="Exercise 1's grid search finds 4 with weights='distance' best."),
            Hyperparameter("weights", "uniform", choices=("uniform", "distance"),
                           note="'distance' lets closer neighbours weigh more."),
        ),
        grid={"weights": ("uniform", "distance"), "n_neighbors": (3, 4, 5)},
        make=lambda params, threads: KNeighborsClassifier(**params),  # searches on all the threads it is allowed
        default_size=10_000, fit_growth=1.0, predict_growth=1.0,
    ),
    "forest": Estimator(
        "Random forest", "RandomForestClassifier",
        "Many decision trees, each on a bootstrap sample of the digits, voting with their class probabilities.",
        (
            Hyperparameter("n_estimators", 100, low=1, high=500, integer=True, note="The book keeps the default 100 trees."),
            Hyperparameter("max_features", "sqrt", choices=("sqrt", "log2"), note="Pixels each split may look at."),
        ),
        grid={"n_estimators": (50, 100), "max_features": ("sqrt", "log2")},
        make=lambda params, threads: RandomForestClassifier(random_state=RANDOM_STATE, n_jobs=threads, **params),
        default_size=10_000, fit_growth=1.0, predict_growth=0.0,
    ),
    "svc": Estimator(
        "SVC", "SVC",
        "A support vector machine with a kernel, one-versus-one for 0-9: the chapter's multiclass example.",
        (
            Hyperparameter("C", 1.0, low=0.001, high=1000.0, note="Less regularisation as C grows; the book keeps 1."),
            Hyperparameter("gamma", "scale", choices=("scale", "auto"), note="The RBF kernel's width, from the data."),
            Hyperparameter("kernel", "rbf", choices=("rbf", "poly", "linear"), note="The book keeps the RBF kernel."),
        ),
        grid={"C": (1.0, 5.0, 10.0)},
        make=lambda params, threads: SVC(random_state=RANDOM_STATE, **params),
        default_size=5_000, fit_growth=2.0, predict_growth=1.0,
    ),
}


@dataclass(frozen=True)
class Input:
    """What the classifier is shown: the feature steps in front of it, and how many features they make."""

    label: str
    steps: Callable[[], list]
    n_features: int


INPUTS: dict[str, Input] = {
    "pixels": Input("Pixels, scaled to 0 to 1", lambda: [("pixels", Flatten())], 784),
    # The book's own X_train: SGD reproduces the book's figures on it, and converges more slowly.
    "raw": Input("Raw pixels, 0 to 255 (as in the book)", lambda: [("raw", RawPixels())], 784),
    "deskewed": Input("Deskewed pixels", lambda: [("deskew", Deskew())], 784),
    "gradients": Input(
        "Edge directions (the shipped models' features)",
        lambda: [("deskew", Deskew()), ("gradients", GradientDirections())], 8 * 7 * 7,
    ),
}
