import numpy as np
import pytest
from scipy import ndimage
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.svm import SVC

from digit_model.models.augment import Augmented, distort
from tools.fonts import font_digits


@pytest.fixture(scope="module")
def digits():
    images, labels = font_digits(40, seed=5)
    return images.reshape(40, -1).astype(np.float32) / 255, labels


def test_distorted_copies_are_seeded_and_stay_digit_like(digits):
    X, _ = digits
    copies = distort(X, copies=2, random_state=0)
    assert copies.shape == (80, 784) and copies.min() >= 0 and copies.max() <= 1
    assert np.array_equal(copies, distort(X, copies=2, random_state=0))
    assert not np.array_equal(copies, distort(X, copies=2, random_state=1))
    ink_ratio = copies[:40].sum(axis=1) / X.sum(axis=1)
    assert 0.7 < ink_ratio.min() and ink_ratio.max() < 1.3  # zooms of 0.9-1.1 change the ink by at most ~20%
    for original, copy in zip(X, copies[:40]):
        assert not np.array_equal(original, copy)
        shift = np.subtract(ndimage.center_of_mass(copy.reshape(28, 28)), ndimage.center_of_mass(original.reshape(28, 28)))
        assert np.abs(shift).max() < 4


def test_no_distortion_gives_the_originals_back(digits):
    X, _ = digits
    same = distort(X, copies=1, random_state=0, max_rotation=0, scale=(1, 1), max_shift=0)
    assert np.allclose(same, X, atol=1e-6)


def test_stroke_changes_make_the_pen_thinner_or_thicker(digits):
    X, _ = digits
    plain = distort(X, copies=1, random_state=0, max_rotation=0, scale=(1, 1), max_shift=0)
    pens = distort(X, copies=1, random_state=0, max_rotation=0, scale=(1, 1), max_shift=0, stroke_change=1.0)
    ink_ratio = pens.sum(axis=1) / plain.sum(axis=1)
    assert (ink_ratio > 1.2).any() and (ink_ratio < 0.8).any()


def test_augmented_fits_on_originals_plus_copies_and_predicts_like_its_estimator(digits):
    X, y = digits
    model = Augmented(LogisticRegression(max_iter=200), copies=3, random_state=0).fit(X, y)
    assert model.estimator_.n_features_in_ == 784
    assert list(model.classes_) == list(range(10))
    assert np.array_equal(model.predict_proba(X), model.estimator_.predict_proba(X))
    assert model.score(X, y) > 0.8


def test_augmented_offers_only_what_its_estimator_offers():
    assert hasattr(Augmented(SVC()), "decision_function") and not hasattr(Augmented(SVC()), "predict_proba")
    assert hasattr(Augmented(MLPClassifier()), "predict_proba") and not hasattr(Augmented(MLPClassifier()), "decision_function")
