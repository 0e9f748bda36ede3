"""Is "95% confident" right 95% of the time? Calibration error, reliability and risk-coverage.

A model's probability is only as honest as the data it was calibrated on. These figures say
how honest it is on a given set of answers: the expected calibration error (ECE), the
reliability diagram behind it, and how accurate the answers kept are when the least
confident ones are set aside (risk-coverage).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BINS", "COVERAGES", "CONFIDENT", "reliability", "expected_calibration_error", "risk_coverage", "sure_from",
    "calibration_figures",
]

BINS = 10
COVERAGES = (1.0, 0.95, 0.9)
#: "Confident" wrong answers are those given at this confidence or more.
CONFIDENT = 0.9
_CURVE_POINTS = 101  # the risk-coverage curve a report keeps, at every 1% of coverage


def _checked(confidence, correct) -> tuple[np.ndarray, np.ndarray]:
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    if confidence.ndim != 1 or confidence.shape != correct.shape or confidence.size == 0:
        raise ValueError(
            f"Expected one confidence per answer and one right/wrong per answer, as two equal 1-D arrays; "
            f"got shapes {confidence.shape} and {correct.shape} instead."
        )
    if confidence.min() < 0 or confidence.max() > 1:
        raise ValueError("Confidences must be probabilities between 0 and 1.")
    return confidence, correct


def reliability(confidence, correct, *, bins: int = BINS) -> list[dict]:
    """Answers grouped by confidence into ``bins`` equal-width bins (empty bins left out).

    Each bin: its range, how many answers it holds, their mean confidence and their accuracy.
    A calibrated model's bins have accuracy equal to confidence.
    """
    confidence, correct = _checked(confidence, correct)
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    return [
        {
            "low": b / bins,
            "high": (b + 1) / bins,
            "n": int(np.sum(which == b)),
            "confidence": float(confidence[which == b].mean()),
            "accuracy": float(correct[which == b].mean()),
        }
        for b in range(bins)
        if np.any(which == b)
    ]


def expected_calibration_error(confidence, correct, *, bins: int = BINS) -> float:
    """The answers' average gap between confidence and accuracy, bin by bin, weighted by bin size."""
    confidence, _ = _checked(confidence, correct)
    table = reliability(confidence, correct, bins=bins)
    return float(sum(b["n"] * abs(b["accuracy"] - b["confidence"]) for b in table) / confidence.size)


def risk_coverage(confidence, correct) -> tuple[np.ndarray, np.ndarray]:
    """``(coverage, accuracy)``: keeping the k most confident answers, for k = 1 to n.

    ``coverage[k - 1]`` is k / n and ``accuracy[k - 1]`` the accuracy of those k answers; the
    last point is plain accuracy. Ties in confidence are kept together, in a stable order.
    """
    confidence, correct = _checked(confidence, correct)
    order = np.argsort(-confidence, kind="stable")
    kept = np.arange(1, confidence.size + 1)
    return kept / confidence.size, np.cumsum(correct[order]) / kept


def sure_from(confidence, correct, *, coverage: float) -> float:
    """The confidence of the least confident answer kept at ``coverage``: below it, "not sure".

    Read off the risk-coverage curve: setting aside the answers below this level keeps the
    ``coverage`` most confident share of them.
    """
    confidence, _ = _checked(confidence, correct)
    kept = max(1, int(np.ceil(coverage * confidence.size)))
    return float(np.sort(confidence)[::-1][kept - 1])


def calibration_figures(confidence, correct) -> dict:
    """The figures a report keeps: ECE, reliability bins, accuracy at 100/95/90% coverage, the
    share of wrong answers given with 90% confidence or more, and the risk-coverage curve
    (accuracy and the lowest confidence kept, at every 1% of coverage)."""
    confidence, correct = _checked(confidence, correct)
    coverage, accuracy = risk_coverage(confidence, correct)
    at = {f"{c:.2f}": float(accuracy[max(0, int(np.ceil(c * confidence.size)) - 1)]) for c in COVERAGES}
    points = np.unique(np.ceil(np.linspace(0, 1, _CURVE_POINTS) * confidence.size).clip(1).astype(int)) - 1
    wrong = ~correct
    return {
        "ece": expected_calibration_error(confidence, correct),
        "reliability": reliability(confidence, correct),
        "accuracy_at_coverage": at,
        "wrong_confident_share": float(np.mean(confidence[wrong] >= CONFIDENT)) if wrong.any() else 0.0,
        "risk_coverage": {
            "coverage": coverage[points].round(4).tolist(),
            "accuracy": accuracy[points].round(6).tolist(),
            "confidence": np.sort(confidence)[::-1][points].round(6).tolist(),
        },
    }
