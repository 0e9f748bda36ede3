"""What one Lab training is: a task, one of the chapter's estimators with its hyperparameters, an
input, how many of MNIST's first training digits, and the two exercises' options.

A setting is checked when it is made, so that a bad one is refused before any work starts, in one
sentence that names the value, what was allowed and what came instead.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from sklearn.pipeline import Pipeline

from digit_model.lab.estimators import ESTIMATORS, INPUTS, Estimator
from digit_model.lab.shifts import SHIFTS, Shifted
from digit_model.tasks import get_task

__all__ = ["LabSettings", "MIN_DIGITS", "MAX_DIGITS", "short_size"]

MIN_DIGITS = 500
MAX_DIGITS = 60_000  # all of MNIST's training split


@dataclass(frozen=True)
class LabSettings:
    """One training of the Lab.

    n_train : the first ``n_train`` digits of MNIST's standard training split, as the book takes
        them; the task keeps those of its digits. None: the estimator's default size.
    params : the estimator's hyperparameters by name (a dict or pairs); those not given take the
        book's defaults. Stored as sorted pairs, so a setting stays immutable and hashable.
    shifted : exercise 2, also learn from every training digit shifted by one pixel in 4 directions
    grid_search : exercise 1, cross-validate every combination of the estimator's small grid and
        keep the best (the grid's values replace the chosen ones)
    """

    task: str = "which_digit"
    estimator: str = "knn"
    features: str = "pixels"
    n_train: int | None = None
    params: tuple = ()
    shifted: bool = False
    grid_search: bool = False

    def __post_init__(self):
        get_task(self.task)
        spec = _one_of("estimator", self.estimator, ESTIMATORS)
        _one_of("input", self.features, INPUTS)
        size = spec.default_size if self.n_train is None else self.n_train
        if not isinstance(size, int) or isinstance(size, bool) or not MIN_DIGITS <= size <= MAX_DIGITS:
            raise ValueError(
                f"The training-set size must be a whole number of digits from {MIN_DIGITS:,} to {MAX_DIGITS:,}; "
                f"got {size!r} instead."
            )
        given = dict(self.params)
        for name in given:
            spec.hyperparameter(name)
        params = {p.name: p.checked(given.get(p.name, p.default), spec.label) for p in spec.hyperparameters}
        for option in ("shifted", "grid_search"):
            if not isinstance(getattr(self, option), bool):
                raise ValueError(f"The {option} option must be True or False; got {getattr(self, option)!r} instead.")
        object.__setattr__(self, "n_train", size)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    @property
    def spec(self) -> Estimator:
        return ESTIMATORS[self.estimator]

    @property
    def hyperparameters(self) -> dict:
        return dict(self.params)

    @property
    def copies(self) -> int:
        """How many images each training digit becomes: itself, and its shifted copies."""
        return 1 + len(SHIFTS) * self.shifted

    @property
    def setup(self) -> str:
        """What was trained, whatever the size: "KNN", "SVC deskewed, shifted, grid"."""
        features = "" if self.features == "pixels" else f" {self.features}"
        return ", ".join([self.spec.label + features] + ["shifted"] * self.shifted + ["grid"] * self.grid_search)

    @property
    def label(self) -> str:
        """A short name, as the sidebar shows it: "KNN, 10k", "SVC deskewed, 5k, shifted, grid"."""
        first, *extras = self.setup.split(", ")
        return ", ".join([first, short_size(self.n_train), *extras])

    def description(self) -> str:
        """One sentence saying what was trained, for the comparison table."""
        params = ", ".join(f"{name}={value!r}" for name, value in self.params)
        extras = " with shifted copies (exercise 2)" * self.shifted + ", best of a grid search (exercise 1)" * self.grid_search
        return (
            f"Yours, from the Lab: {self.spec.class_name}({params}) on {INPUTS[self.features].label.lower()}, "
            f"the first {self.n_train:,} MNIST training digits{extras}."
        )

    def build(self, *, threads: int = 1):
        """A fresh, unfitted estimator: the input's steps, then the classifier, as one ``Pipeline``;
        wrapped in :class:`~digit_model.lab.shifts.Shifted` when it learns from shifted copies too."""
        classifier = self.spec.make(self.hyperparameters, threads)
        pipeline = Pipeline([*INPUTS[self.features].steps(), (self.estimator, classifier)])
        return Shifted(pipeline) if self.shifted else pipeline

    def candidates(self) -> list[LabSettings]:
        """The settings a training cross-validates: every combination of the grid, or just this one."""
        if not self.grid_search:
            return [self]
        names = list(self.spec.grid)
        return [
            replace(self, params=self.hyperparameters | dict(zip(names, values)))
            for values in itertools.product(*self.spec.grid.values())
        ]


def short_size(n: int) -> str:
    """10000 -> "10k", 2500 -> "2.5k", 500 -> "500"."""
    return f"{n / 1000:g}k" if n >= 1000 else str(n)


def _one_of(what: str, value, allowed: dict):
    if value not in allowed:
        raise ValueError(f"The {what} must be one of {', '.join(map(repr, allowed))}; got {value!r} instead.")
    return allowed[value]
