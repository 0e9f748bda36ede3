"""Test-set evaluation of a fitted model into a JSON-ready report, and readings of such reports.

The report keeps the per-sample scores of binary tasks, so that any decision threshold can
be evaluated later (the chapter's precision/recall trade-off) without the model or the data.
"""

from __future__ import annotations

import numpy as np
from sklearn import metrics

from digit_model.evaluation.calibration import calibration_figures
from digit_model.tasks import Task

__all__ = [
    "most_probable", "evaluate", "benchmark_figures", "at_threshold", "confusion", "NORMALISATIONS",
]

_CURVE_POINTS = 400  # enough for a smooth chart, small enough for a light report
NORMALISATIONS = ("counts", "by true class", "errors only")


def most_probable(model, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(labels, probabilities)``: the most probable class, which is what the app shows.

    Used everywhere a prediction is scored, rather than ``predict``, which for some
    calibrated estimators can disagree with the probabilities.
    """
    proba = model.predict_proba(X)
    return np.asarray(model.classes_)[proba.argmax(axis=1)], proba


def evaluate(model, X: np.ndarray, y: np.ndarray, *, task: Task, indices: np.ndarray) -> dict:
    """Score ``model`` on the task's test samples.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 28, 28)
    y : ndarray of shape (n_samples,), labels in the task's classes
    indices : ndarray of shape (n_samples,), positions of the samples in the MNIST test set
    """
    predicted, proba = most_probable(model, X)
    classes = np.asarray(model.classes_)
    precision, recall, f1, support = metrics.precision_recall_fscore_support(
        y, predicted, labels=classes, zero_division=0
    )
    report = {
        "task": task.id,
        "classes": classes.tolist(),
        "n_test": int(len(y)),
        "accuracy": float(metrics.accuracy_score(y, predicted)),
        "precision": float(np.mean(precision)),
        "recall": float(np.mean(recall)),
        "f1": float(np.mean(f1)),
        "per_class": [
            {"class": c, "precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for c, p, r, f, s in zip(classes.tolist(), precision, recall, f1, support)
        ],
        "confusion_matrix": metrics.confusion_matrix(y, predicted, labels=classes).tolist(),
        "errors": _errors(y, predicted, proba, indices),
        "calibration": calibration_figures(proba.max(axis=1), predicted == y),
    }
    if task.is_binary:
        report.update(_binary(y == classes[1], proba[:, 1]))
    return report


def benchmark_figures(model, X: np.ndarray, digits: np.ndarray, *, task: Task, sure_from: float | None = None) -> dict:
    """A model's figures on a benchmark of drawings: accuracy, accuracy per digit, F1 of the 5s, calibration.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 28, 28), the drawings as ``to_mnist`` returns them
    digits : ndarray of shape (n_samples,), the digits 0-9 that were drawn; the task keeps its own
    sure_from : with it, also the share of answers at or above this confidence ("sure_share") and
        their accuracy ("sure_accuracy")
    """
    X, y, indices = task.select(X, digits)
    predicted, proba = most_probable(model, X)
    right = predicted == y
    kept = np.asarray(digits)[indices]
    figures = {
        "n": int(len(y)),
        "accuracy": float(np.mean(right)),
        "per_digit": {str(digit): float(np.mean(right[kept == digit])) for digit in task.digits},
        "calibration": calibration_figures(proba.max(axis=1), right),
    }
    if sure_from is not None:
        sure = proba.max(axis=1) >= sure_from
        figures["sure_share"] = float(np.mean(sure))  # answered without "I'm not sure"
        figures["sure_accuracy"] = float(np.mean(right[sure])) if sure.any() else 1.0
    if task.is_binary:
        figures["positive_f1"] = float(metrics.f1_score(y == model.classes_[1], predicted == model.classes_[1]))
    return figures


def _errors(y, predicted, proba, indices) -> list[dict]:
    """Misclassified test samples, most confident mistakes first."""
    wrong = np.flatnonzero(predicted != y)
    confidence = proba[wrong].max(axis=1)
    order = np.argsort(-confidence, kind="stable")
    return [
        {
            "index": int(indices[wrong[i]]),
            "true": y[wrong[i]].item(),
            "predicted": predicted[wrong[i]].item(),
            "confidence": round(float(confidence[i]), 6),
        }
        for i in order
    ]


def _binary(positive: np.ndarray, scores: np.ndarray) -> dict:
    """Binary figures: for the positive class (the 5 in both binary tasks), plus curves and scores."""
    fpr, tpr, roc_thresholds = metrics.roc_curve(positive, scores)
    precision, recall, pr_thresholds = metrics.precision_recall_curve(positive, scores)
    roc_keep = _thin(len(fpr))
    pr_keep = _thin(len(pr_thresholds))
    return {
        "positive_precision": float(metrics.precision_score(positive, scores >= 0.5, zero_division=0)),
        "positive_recall": float(metrics.recall_score(positive, scores >= 0.5)),
        "positive_f1": float(metrics.f1_score(positive, scores >= 0.5)),
        "roc_auc": float(metrics.roc_auc_score(positive, scores)),
        "roc": {
            "fpr": fpr[roc_keep].tolist(),
            "tpr": tpr[roc_keep].tolist(),
            "threshold": np.minimum(roc_thresholds[roc_keep], 1.0).tolist(),
        },
        "pr": {
            "precision": precision[pr_keep].tolist(),
            "recall": recall[pr_keep].tolist(),
            "threshold": pr_thresholds[pr_keep].tolist(),
        },
        "scores": np.round(scores, 6).tolist(),
        "is_positive": positive.astype(int).tolist(),
    }


def _thin(n: int) -> np.ndarray:
    """At most _CURVE_POINTS evenly spaced indices, always keeping both ends."""
    return np.unique(np.linspace(0, n - 1, min(n, _CURVE_POINTS)).round().astype(int))


def at_threshold(report: dict, threshold: float) -> dict:
    """Test-set precision, recall and F1 of a binary model that answers "yes" from ``threshold`` on.

    Precision is None when no test digit reaches the threshold: with no "yes" answer there is
    no share of right ones, and neither 0 nor 1 would be true.
    """
    if "scores" not in report:
        raise ValueError(f"Thresholds apply to binary tasks only; {report['task']!r} has {len(report['classes'])} classes.")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"The threshold must be a probability between 0 and 1; got {threshold} instead.")
    scores = np.asarray(report["scores"])
    positive = np.asarray(report["is_positive"], dtype=bool)
    said_yes = scores >= threshold
    return {
        "precision": float(metrics.precision_score(positive, said_yes)) if said_yes.any() else None,
        "recall": float(metrics.recall_score(positive, said_yes, zero_division=0)),
        "f1": float(metrics.f1_score(positive, said_yes, zero_division=0)),
        "false_positive_rate": float(np.mean(said_yes[~positive])) if (~positive).any() else 0.0,
    }


def confusion(report: dict, normalisation: str = "counts") -> np.ndarray:
    """The confusion matrix (rows: true class, columns: predicted) read three ways.

    "counts" as is; "by true class" divides each row by its total, so a rare class's
    errors are as visible as a common one's; "errors only" is the latter with the
    diagonal zeroed, the view the book uses for its error analysis.
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"The normalisation must be one of {', '.join(map(repr, NORMALISATIONS))}; got {normalisation!r} instead.")
    matrix = np.asarray(report["confusion_matrix"], dtype=float)
    if normalisation == "counts":
        return matrix
    rates = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    if normalisation == "errors only":
        np.fill_diagonal(rates, 0.0)
    return rates
