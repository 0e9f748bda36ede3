"""Probabilities for the classifiers that only give scores (hinge-loss SGD, SVC), from the
cross-validation the Lab runs anyway.

The app reads every model through ``predict_proba``. ``CalibratedClassifierCV`` would add them by
fitting the classifier again on its own folds; but the Lab's 3-fold cross-validation has already
scored every training digit with a classifier that had not seen it. A logistic regression fitted on
those out-of-fold scores turns any score into probabilities (Platt's method; ``StackingClassifier``
fits its final estimator the same way), so the probabilities cost no extra fit.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from digit_model.models.catalogue import RANDOM_STATE

__all__ = ["ScoresToProba", "needs_scores", "scores_of"]



def needs_scores(estimator) -> bool:
    """Does this (unfitted) estimator lack ``predict_proba``, so that its probabilities come from its scores?"""
    return not hasattr(estimator, "predict_proba")


def scores_of(estimator, X) -> np.ndarray:
    """The fitted estimator's decision scores as columns: (n, 1) for two classes, (n, n_classes) otherwise."""
    scores = np.asarray(estimator.decision_function(X), dtype=np.float64)
    return scores.reshape(len(scores), -1)


class ScoresToProba(ClassifierMixin, BaseEstimator):
    """A fitted ``classifier`` whose decision scores a logistic regression turns into probabilities.

    ``fit`` takes the out-of-fold scores, not images: the scores the classifier's cross-validated
    copies gave the training digits they had not seen, as :func:`scores_of` returns them.
    Predictions are the most probable class, which is what the app shows.
    """

    def __init__(self, classifier):
        self.classifier = classifier

    def fit(self, scores, y):
        # Scores run to hundreds for a linear model on 784 pixels: standardised first, the regression
        # converges in lbfgs's default iterations.
        self.calibrator_ = make_pipeline(StandardScaler(), LogisticRegression(random_state=RANDOM_STATE)).fit(scores, y)
        self.classes_ = self.calibrator_.classes_
        if not np.array_equal(self.classes_, self.classifier.classes_):
            raise ValueError(f"The scores are for classes {self.classifier.classes_.tolist()}; got labels {self.classes_.tolist()} instead.")
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self)
        return self.calibrator_.predict_proba(scores_of(self.classifier, X))

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]
