"""The MNIST test digits behind a binary model's threshold and behind each cell of its confusion matrix.

:func:`threshold_strip` and :func:`figure_3_11` pick the test digits the Metrics page shows, as
the book shows them; they need nothing but a report and MNIST's test labels.
"""

from __future__ import annotations

import numpy as np

from digit_model.basics import check_int
from digit_model.evaluation.scoring import at_threshold
from digit_model.tasks import get_task

__all__ = ["OUTCOMES", "threshold_strip", "figure_3_11"]

OUTCOMES = ("true positive", "false positive", "false negative", "true negative")


def threshold_strip(report: dict, threshold: float, *, test_labels: np.ndarray, spread: int = 80, near: int = 10) -> dict:
    """The test digits of a binary report ordered by score, with what a threshold makes of each.

    The strip is deterministic and does not depend on the threshold except near it: ``spread``
    digits at evenly spaced ranks of score, half among the positives and half among the
    negatives, plus the ``near`` digits on each side of the threshold, so the digits that change
    side as the threshold moves are always on show.

    Parameters
    ----------
    report : a binary task's report (it has ``scores`` and ``is_positive``)
    threshold : a "yes" from this score on, 0 to 1
    test_labels : ndarray of shape (n_mnist_test,), the digits of the MNIST test set the report
        was made on; the task's own test digits, and so their MNIST indices, are taken from it
        by :meth:`digit_model.tasks.Task.select`
    spread : digits spread over the whole range of scores, half positives and half negatives
    near : digits shown on each side of the threshold

    Returns
    -------
    dict
        ``digits``: the strip, ascending by score (ties by index), each a dict with the digit's
        MNIST test ``index``, its ``digit``, ``score``, ``is_positive`` and ``outcome`` (one of
        :data:`OUTCOMES`); ``counts``: each outcome's count over the whole test set; and
        :func:`digit_model.evaluation.scoring.at_threshold`'s ``precision`` (None when no digit reaches the
        threshold), ``recall``, ``f1`` and ``false_positive_rate``.
    """
    figures = at_threshold(report, threshold)
    check_int(spread, "spread", low=0, high=None)
    check_int(near, "near", low=0, high=None)
    indices, digits, _ = _test_digits(report, test_labels)
    scores = np.asarray(report["scores"], dtype=float)
    positive = np.asarray(report["is_positive"], dtype=bool)
    outcomes = np.array(OUTCOMES)[np.where(scores >= threshold, np.where(positive, 0, 1), np.where(positive, 2, 3))]
    order = np.lexsort((indices, scores))
    cut = int(np.searchsorted(scores[order], threshold))
    chosen = [order[max(cut - near, 0) : cut + near]]
    for members in (order[positive[order]], order[~positive[order]]):
        ranks = np.linspace(0, len(members) - 1, min(len(members), spread // 2)).round().astype(int)
        chosen.append(members[ranks])
    strip = order[np.isin(order, np.concatenate(chosen))]
    shown = [
        {
            "index": int(indices[position]),
            "digit": int(digits[position]),
            "score": float(scores[position]),
            "is_positive": bool(positive[position]),
            "outcome": str(outcomes[position]),
        }
        for position in strip
    ]
    return {"digits": shown, "counts": {outcome: int(np.sum(outcomes == outcome)) for outcome in OUTCOMES}} | figures


def figure_3_11(report: dict, *, test_labels: np.ndarray, per_cell: int = 25) -> dict:
    """Example test digits for every cell of a report's confusion matrix: the book's figure 3.11.

    For ``five_or_three`` this is the book's 2x2 grid of 3s and 5s, rows the true class and
    columns the predicted one; any other task gets its own grid the same way. Mistakes come from
    the report's ``errors``, which list every misclassified test digit, most confident first;
    the right answers are the rest of the task's test digits.

    Parameters
    ----------
    report : a report as :func:`digit_model.evaluation.scoring.evaluate` writes it
    test_labels : ndarray of shape (n_mnist_test,), the digits of the MNIST test set the report was made on
    per_cell : most examples kept per cell

    Returns
    -------
    dict
        ``classes``: the report's classes; ``counts``: (n_classes, n_classes) nested lists, equal to
        the report's confusion matrix; ``examples``: the same layout of lists of MNIST test
        indices, mistakes most confident first, right answers by ascending index.
    """
    check_int(per_cell, "per_cell", low=1, high=None)
    indices, _, truth = _test_digits(report, test_labels)
    classes = list(report["classes"])
    errors = report["errors"]
    wrong = np.minimum(np.searchsorted(indices, [error["index"] for error in errors]), len(indices) - 1).astype(int)
    said = np.array([classes.index(error["predicted"]) for error in errors], dtype=int)
    matrix = np.asarray(report["confusion_matrix"])
    mistakes = int(matrix.sum() - np.trace(matrix))
    listed = np.array_equal(indices[wrong], [error["index"] for error in errors]) and np.array_equal(
        truth[wrong], [classes.index(error["true"]) for error in errors]
    )
    if len(errors) != mistakes or not listed:
        raise ValueError(
            f"The report's errors must list each of its {mistakes} mistakes, a test digit of its task with its true "
            f"class; it lists {len(errors)}{'' if listed else ', not all of them test digits of their stated class'}."
        )
    predicted = truth.copy()
    predicted[wrong] = said
    counts = np.zeros((len(classes), len(classes)), dtype=int)
    np.add.at(counts, (truth, predicted), 1)
    examples = []
    for row in range(len(classes)):
        examples.append([])
        for col in range(len(classes)):
            if row == col:  # right answers, by ascending index
                members = indices[(truth == row) & (predicted == row)]
            else:  # mistakes, in the report's order: most confident first
                members = indices[wrong[(truth[wrong] == row) & (said == col)]]
            examples[row].append(members[:per_cell].tolist())
    return {"classes": classes, "counts": counts.tolist(), "examples": examples}


# The report's test digits as ``(MNIST test indices, digits, true class positions in report["classes"])``,
# once the labels are shown to be the test set the report was made on.
def _test_digits(report: dict, test_labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    labels = np.asarray(test_labels)
    if labels.ndim != 1:
        raise ValueError(f"Expected the MNIST test labels, shape (n,); got shape {labels.shape} instead.")
    _, target, indices = get_task(report["task"]).select(labels, labels)
    classes = np.asarray(report["classes"])
    truth = np.argmax(target[:, None] == classes[None, :], axis=1)
    per_class = np.bincount(truth, minlength=len(classes)).tolist()
    expected = np.asarray(report["confusion_matrix"]).sum(axis=1).tolist()
    positives = report.get("is_positive")
    if per_class != expected or positives is not None and not np.array_equal(truth == 1, np.asarray(positives, dtype=bool)):
        raise ValueError(
            f"These test labels are not the ones the {report['task']!r} report was made on: they give "
            f"{per_class} test digits per class, the report has {expected} (or its positives are other digits)."
        )
    return indices, labels[indices], truth
