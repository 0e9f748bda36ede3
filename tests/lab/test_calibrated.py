import numpy as np
import pytest
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import cross_val_predict
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from digit_model.lab.calibrated import ScoresToProba, needs_scores, scores_of
from tools.fonts import font_digits


def _digits(n=300, seed=5):
    images, labels = font_digits(n, seed=seed)
    return images.reshape(n, -1) / 255.0, labels


def test_only_the_classifiers_without_probabilities_need_their_scores():
    assert needs_scores(SGDClassifier()) and needs_scores(SVC())
    assert not needs_scores(SGDClassifier(loss="log_loss")) and not needs_scores(KNeighborsClassifier())


@pytest.mark.parametrize("binary", [False, True], ids=["0-9", "is-it-a-5"])
def test_out_of_fold_scores_give_a_hinge_sgd_probabilities_in_the_order_of_its_scores(binary):
    X, digits = _digits()
    y = digits == 5 if binary else digits
    sgd = SGDClassifier(random_state=42)
    out_of_fold = cross_val_predict(sgd, X, y, cv=3, method="decision_function").reshape(len(y), -1)
    model = ScoresToProba(sgd.fit(X, y)).fit(out_of_fold, y)
    proba = model.predict_proba(X)
    assert proba.shape == (len(y), len(set(y.tolist()))) and np.allclose(proba.sum(axis=1), 1.0)
    assert np.array_equal(model.classes_, sgd.classes_)
    assert np.array_equal(model.predict(X), model.classes_[proba.argmax(axis=1)])
    if binary:  # one logistic curve: a higher score is a higher P(5)
        order = np.argsort(scores_of(sgd, X)[:, 0])
        assert np.all(np.diff(proba[order, 1]) >= -1e-12)


def test_scores_for_other_labels_are_refused():
    X, y = _digits()
    sgd = SGDClassifier(random_state=42).fit(X, y)
    with pytest.raises(ValueError, match="The scores are for classes"):
        ScoresToProba(sgd).fit(scores_of(sgd, X), y + 1)
