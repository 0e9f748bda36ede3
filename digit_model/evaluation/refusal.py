"""What refusing drawings that look like no digit buys and costs: non-digits caught against real digits refused.

A check that scores how unlike a digit each drawing is (higher: less like one) refuses the
drawings above its threshold. Moving the threshold trades real digits refused for non-digits
caught; :func:`refusal_tradeoff` lays that out for a chart, and :func:`confidently_wrong_per_1000`
counts what the refusal spares: wrong answers given at 90% confidence or more.
"""

from __future__ import annotations

import numpy as np

from digit_model.evaluation.calibration import CONFIDENT

__all__ = ["REFUSED_SHARES", "refusal_tradeoff", "confidently_wrong_per_1000"]

#: The trade-off's points: thresholds that refuse 0% to 20% of the real digits, every half percent.
REFUSED_SHARES = tuple(np.round(np.arange(0, 0.2001, 0.005), 3).tolist())


def _scores(values, name: str) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or values.size == 0 or np.isnan(values).any():
        raise ValueError(f"Expected the {name} as a non-empty 1-D array of numbers; got shape {values.shape} instead.")
    return values


def refusal_tradeoff(digit_scores, non_digit_scores, *, shares=REFUSED_SHARES) -> list[dict]:
    """For each share of real digits to refuse, the threshold that does it and the share of non-digits it catches.

    Parameters
    ----------
    digit_scores : array of shape (n_digits,), the check's scores of real digits (higher: less like a digit)
    non_digit_scores : array of shape (n_non_digits,), its scores of drawings that are no digit;
        ``inf`` for one refused before the check (``to_mnist`` found a dash or a speck): caught at any threshold
    shares : the shares of real digits to refuse, each from 0 to 1

    Returns
    -------
    list of dict, one per share, in its order: ``threshold`` (drawings scored above it are refused),
    ``digits_refused`` and ``non_digits_caught`` (shares, as measured at that threshold; ties may
    refuse a little less than asked)
    """
    digits, non_digits = _scores(digit_scores, "real digits' scores"), _scores(non_digit_scores, "non-digits' scores")
    shares = np.asarray(shares, dtype=float)
    if shares.ndim != 1 or shares.size == 0 or shares.min() < 0 or shares.max() > 1:
        raise ValueError(f"The shares of real digits to refuse must be a list of numbers from 0 to 1; "
                         f"got {shares.tolist()!r} instead.")
    thresholds = np.quantile(digits, 1 - shares, method="higher")
    return [
        {
            "threshold": float(threshold),
            "digits_refused": float(np.mean(digits > threshold)),
            "non_digits_caught": float(np.mean(non_digits > threshold)),
        }
        for threshold in thresholds
    ]


def confidently_wrong_per_1000(confidence, correct, *, answered=None) -> float:
    """Wrong answers given at ``CONFIDENT`` (90%) or more, per 1,000 drawings shown (refused ones count as shown).

    Parameters
    ----------
    confidence : array of shape (n,), the probability of each answer
    correct : array of shape (n,), bool, whether it is right (all False for drawings that are no digit)
    answered : array of shape (n,), bool, False where the drawing was refused instead; None: all answered
    """
    confidence = _scores(confidence, "confidences")
    correct = np.asarray(correct, dtype=bool)
    answered = np.ones(len(confidence), bool) if answered is None else np.asarray(answered, dtype=bool)
    if correct.shape != confidence.shape or answered.shape != confidence.shape:
        raise ValueError(f"Expected one right/wrong and one answered flag per answer, shape {confidence.shape}; "
                         f"got shapes {correct.shape} and {answered.shape} instead.")
    return float(1000 * np.mean(~correct & answered & (confidence >= CONFIDENT)))
