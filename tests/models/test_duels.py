"""The weakest duel: one-against-one margins turned into an honest probability for the answer."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import SVC

from digit_model.explain.neighbours import feature_transform
from digit_model.models.duels import WeakestDuel, duels, ovr_scores


@pytest.fixture(scope="module")
def digits():
    """scikit-learn's own 8x8 digits (not MNIST): small, shipped with it, and not all easy for a weak SVM."""
    X, y = load_digits(return_X_y=True)
    return train_test_split(X, y, test_size=0.5, random_state=0, stratify=y)


def _svm(shape: str = "ovo"):
    # A deliberately weak SVM (a wide kernel), so that it makes enough mistakes to learn from.
    return make_pipeline(FunctionTransformer(lambda X: X / 16), SVC(gamma=0.002, decision_function_shape=shape))


def test_the_answer_and_its_scores_are_the_svms_own(digits):
    X_train, X_test, y_train, _ = digits
    svc = _svm().fit(X_train, y_train)
    ovo = svc.decision_function(X_test)
    answer, margins = duels(ovo, 10)
    svc[-1].set_params(decision_function_shape="ovr", break_ties=True)  # equal votes go to the larger summed margin
    assert np.allclose(ovr_scores(ovo, 10), svc.decision_function(X_test))
    assert np.array_equal(svc.classes_[answer], svc.predict(X_test))
    assert np.all(np.isinf(margins[np.arange(len(answer)), answer]))
    assert np.all(np.isfinite(np.delete(margins[0], answer[0])))


def test_a_margin_is_the_answers_decision_value_against_each_rival():
    # Three classes, duels (0, 1), (0, 2), (1, 2): class 0 beats 1 by 2.0 and 2 by 0.5.
    answer, margins = duels(np.array([[2.0, 0.5, -1.0]]), 3)
    assert answer.tolist() == [0]
    assert margins[0, 1:].tolist() == [2.0, 0.5]
    answer, margins = duels(np.array([[-2.0, 0.5, 1.5]]), 3)  # 1 beats 0 (by 2.0) and 2 (by 1.5)
    assert answer.tolist() == [1] and margins[0, [0, 2]].tolist() == [2.0, 1.5]


def test_one_vs_rest_scores_are_refused_in_one_sentence():
    with pytest.raises(ValueError, match=r"one-against-one decision values of shape \(n, 45\) for 10 classes.*\(5, 10\)"):
        duels(np.zeros((5, 10)), 10)


def test_a_narrow_weakest_duel_means_a_less_likely_answer(digits):
    X_train, X_test, y_train, y_test = digits
    model = WeakestDuel(_svm(), cv=2).fit(X_train, y_train)
    assert model.confidence_.coef_[0, 0] > 0
    proba = model.predict_proba(X_test)
    assert proba.shape == (len(X_test), 10) and np.allclose(proba.sum(axis=1), 1)
    answer, margins = duels(model.decision_function(X_test), 10)
    weakest = margins.min(axis=1)
    order = np.argsort(weakest)
    assert np.all(np.diff(proba[order, answer[order]]) >= 0)  # the answer's probability grows with its margin
    sure = proba.max(axis=1) > 0.5
    assert np.array_equal(model.predict(X_test)[sure], model.classes_[answer][sure])
    # The runner-up is the rival that came closest to beating the answer.
    rivals = proba.copy()
    rivals[np.arange(len(answer)), answer] = -1
    assert np.array_equal(rivals.argmax(axis=1), margins.argmin(axis=1))


def test_out_of_fold_confidence_is_honest_on_digits_it_did_not_see(digits):
    X_train, X_test, y_train, y_test = digits
    model = WeakestDuel(_svm(), cv=5).fit(X_train, y_train)
    right = model.predict(X_test) == y_test
    assert right.mean() < 0.99  # there are mistakes to be honest about
    assert abs(model.predict_proba(X_test).max(axis=1).mean() - right.mean()) < 0.03
    wrong_confidence = model.predict_proba(X_test).max(axis=1)[~right]
    assert np.median(wrong_confidence) < np.median(model.predict_proba(X_test).max(axis=1)[right])


def test_the_feature_transform_looks_through_the_weakest_duel(digits):
    X_train, X_test, y_train, _ = digits
    model = WeakestDuel(make_pipeline(FunctionTransformer(lambda X: X.reshape(len(X), -1) / 16), SVC(decision_function_shape="ovo")))
    model.fit(X_train.reshape(-1, 8, 8), y_train)
    features = feature_transform(model)(X_test[:5].reshape(-1, 8, 8))
    assert np.allclose(features, X_test[:5] / 16)


def test_samples_whose_answers_are_all_right_are_refused_in_one_sentence():
    X = np.repeat(np.eye(3) * 10, 4, axis=0)  # three classes no model can get wrong
    with pytest.raises(ValueError, match="All 12 out-of-fold answers were right, so there is nothing"):
        WeakestDuel(SVC(decision_function_shape="ovo")).fit(X, np.repeat([0, 1, 2], 4))
