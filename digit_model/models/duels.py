"""Confidence from the answer's closest duel: how narrowly the winning digit beat its strongest rival.

A one-against-one SVM answers by votes: each pair of digits holds a duel, and the digit that
wins the most duels is the answer. Its one-vs-rest scores are mostly those vote counts, so a
calibration of them gives nearly the same confidence to every answer that won all its duels,
however narrowly: on unseen writers, nine wrong answers in ten claimed 90% or more. The margin
of the answer's weakest duel (its decision value against the rival that came closest to
beating it) tells right answers from wrong ones far better, so :class:`WeakestDuel` turns that
margin into the probability that the answer is right, fitted on out-of-fold scores.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.utils.validation import check_is_fitted

__all__ = ["WeakestDuel", "duels", "ovr_scores"]


def _pairs(n_classes: int) -> np.ndarray:
    """The duels in scikit-learn's one-against-one order: (0, 1), (0, 2), ..., (n - 2, n - 1)."""
    return np.array(list(combinations(range(n_classes), 2)))


def _checked(ovo, n_classes: int) -> np.ndarray:
    ovo = np.asarray(ovo, dtype=float)
    duels_count = n_classes * (n_classes - 1) // 2
    if n_classes < 3 or ovo.ndim != 2 or ovo.shape[1] != duels_count:
        raise ValueError(
            f"Expected one-against-one decision values of shape (n, {duels_count}) for {n_classes} classes "
            f"(an SVC with decision_function_shape='ovo' and three or more classes); got shape {ovo.shape}."
        )
    return ovo


def ovr_scores(ovo, n_classes: int) -> np.ndarray:
    """One-vs-rest scores from one-against-one decision values, as scikit-learn's SVC computes them.

    Each class's votes, plus its summed decision values squashed into (-1/3, 1/3), which only
    break ties between equal votes. A positive value in duel (i, j) is a vote for i.
    """
    ovo = _checked(ovo, n_classes)
    pairs = _pairs(n_classes)
    votes, sums = np.zeros((len(ovo), n_classes)), np.zeros((len(ovo), n_classes))
    for column, (i, j) in enumerate(pairs):
        votes[:, i] += ovo[:, column] > 0
        votes[:, j] += ovo[:, column] <= 0
        sums[:, i] += ovo[:, column]
        sums[:, j] -= ovo[:, column]
    return votes + sums / (3 * (np.abs(sums) + 1))


def duels(ovo, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
    """``(answer, margins)``: the index of the voted answer, and its margin against every class.

    ``margins[s, c]`` is the answer's decision value against class ``c`` (positive when the
    answer won that duel), and ``+inf`` against itself, so ``margins.min(axis=1)`` is the
    margin of its weakest duel.
    """
    ovo = _checked(ovo, n_classes)
    answer = ovr_scores(ovo, n_classes).argmax(axis=1)
    table = np.zeros((len(ovo), n_classes, n_classes))
    pairs = _pairs(n_classes)
    table[:, pairs[:, 0], pairs[:, 1]] = ovo
    table[:, pairs[:, 1], pairs[:, 0]] = -ovo
    table[:, np.arange(n_classes), np.arange(n_classes)] = np.inf
    return answer, table[np.arange(len(ovo)), answer]


class WeakestDuel(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Probabilities from a one-against-one classifier's weakest duel, calibrated out of fold.

    ``estimator``'s ``decision_function`` must give one-against-one values (for instance a
    ``Pipeline`` ending in ``SVC(decision_function_shape="ovo")``), for three or more classes.
    ``fit`` scores every sample with copies of ``estimator`` fitted on the other folds of ``cv``
    (writers the copy never saw, when the folds keep writers whole), fits a logistic curve from
    the weakest-duel margin to "the answer is right" on those scores, then fits ``estimator``
    on everything. The answer gets that probability; the rest is shared among the other classes
    by how close each came to beating it (weights ``exp(-margin)``), so the runner-up is the
    closest rival. The answer is the voted one unless it is less likely than a rival.

    Parameters
    ----------
    estimator : classifier with a one-against-one ``decision_function``
    cv : int or cross-validation splitter, as for ``cross_val_predict``
    """

    def __init__(self, estimator, *, cv=2):
        self.estimator = estimator
        self.cv = cv

    def fit(self, X, y):
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        ovo = cross_val_predict(clone(self.estimator), X, y, cv=self.cv, method="decision_function")
        answer, margins = duels(ovo, len(self.classes_))
        right = self.classes_[answer] == y
        if right.all() or not right.any():
            raise ValueError(
                f"All {len(y)} out-of-fold answers were {'right' if right.all() else 'wrong'}, so there is nothing "
                "to learn how often an answer is right from; fit on more (or more varied) samples."
            )
        self.confidence_ = LogisticRegression(C=1e4).fit(margins.min(axis=1)[:, None], right)
        self.estimator_ = clone(self.estimator).fit(X, y)
        return self

    def decision_function(self, X) -> np.ndarray:
        """The fitted estimator's one-against-one decision values."""
        check_is_fitted(self)
        return self.estimator_.decision_function(X)

    def predict_proba(self, X) -> np.ndarray:
        answer, margins = duels(self.decision_function(X), len(self.classes_))
        sure = self.confidence_.predict_proba(margins.min(axis=1)[:, None])[:, 1]  # its classes_ are [False, True]
        rivals = np.exp(-np.clip(margins, -50, 50))
        rivals[np.arange(len(answer)), answer] = 0
        proba = rivals / rivals.sum(axis=1, keepdims=True) * (1 - sure)[:, None]
        proba[np.arange(len(answer)), answer] = sure
        return proba

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
