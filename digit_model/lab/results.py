"""What a Lab training gives back: the model's file, its report, and the cross-validation table in
``GridSearchCV``'s ``cv_results_`` layout, which the results CSV writes out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace

import numpy as np
from scipy.stats import rankdata

from digit_model.lab.settings import LabSettings

__all__ = ["LabResult", "cv_table"]


@dataclass(frozen=True)
class LabResult:
    """A finished training.

    report : as :func:`~digit_model.evaluation.scoring.evaluate` writes it, with the keys the shipped
        reports add (``description``, ``trained_on``, ``file_bytes``...) and ``cv``: the chosen
        candidate's fold accuracies, their mean and standard deviation
    model_bytes : the fitted model as a joblib file, what the Download button gives
    model_size : about the bytes the model holds once loaded (its pickle's length)
    cv_results : one row per candidate, ``GridSearchCV.cv_results_``'s columns
    best : the row of the candidate that was fitted and tested
    seconds : the whole training, wall clock
    peak_extra_bytes : the training process's peak memory beyond its start, when it ran in one
    """

    settings: LabSettings
    report: dict
    model_bytes: bytes
    model_size: int
    cv_results: list[dict]
    best: int
    seconds: float
    peak_extra_bytes: int | None = None

    @property
    def test_accuracy(self) -> float:
        return self.report["accuracy"]

    def measured(self, peak_extra_bytes: int | None) -> LabResult:
        return replace(self, peak_extra_bytes=peak_extra_bytes)

    def to_csv(self) -> str:
        """The cross-validation table with the setting in front and the test accuracy of the chosen row."""
        setting = {
            "task": self.settings.task, "estimator": self.settings.spec.class_name, "input": self.settings.features,
            "first_n_training_digits": self.settings.n_train, "digits_fitted": self.report["n_train"],
            "shifted_copies": self.settings.shifted, "grid_search": self.settings.grid_search,
        }
        rows = [
            setting | row | {"chosen": number == self.best, "test_accuracy": self.test_accuracy if number == self.best else ""}
            for number, row in enumerate(self.cv_results)
        ]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()


def cv_table(candidates: list[LabSettings], folds: list[list[dict]]) -> list[dict]:
    """Per candidate: its hyperparameters (``param_<name>``), each fold's accuracy, their mean, standard
    deviation (as GridSearchCV, over folds) and rank (1 the best, ties sharing the lowest rank), and
    the mean seconds a fold took to fit and to score."""
    means = [float(np.mean([fold["accuracy"] for fold in done])) for done in folds]
    ranks = rankdata([-mean for mean in means], method="min").astype(int)
    table = []
    for candidate, done, mean, rank in zip(candidates, folds, means, ranks):
        row = {f"param_{name}": value for name, value in candidate.params}
        row |= {f"split{number}_test_score": fold["accuracy"] for number, fold in enumerate(done)}
        row |= {
            "mean_test_score": mean, "std_test_score": float(np.std([fold["accuracy"] for fold in done])),
            "rank_test_score": int(rank),
            "mean_fit_time": float(np.mean([fold["fit_seconds"] for fold in done])),
            "mean_score_time": float(np.mean([fold["score_seconds"] for fold in done])),
        }
        table.append(row)
    return table
