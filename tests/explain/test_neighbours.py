"""The nearest training digits: the feature space a model reads, and the index searched in it."""

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from digit_model.evaluation.views import figure_3_11
from digit_model.explain.neighbours import Neighbours, feature_transform
from digit_model.inputs.mnist import load_mnist
from digit_model.models.features import Flatten
from digit_model.training import registry
from tests.helpers import needs_mnist
from tools.fonts import font_digits

NAMES = ["sgd", "svm", "gradient_svm", "gradient_svm_pen"]


# For each shipped model: (the classifier that reads the features, what it must agree with).
_CLASSIFIERS = {
    "sgd": lambda model: (model[-1].predict_proba, model.predict_proba),
    **{
        name: lambda model: (
            model.calibrated_classifiers_[0].estimator["svc"].estimator_["svc"].decision_function,
            model.calibrated_classifiers_[0].estimator.decision_function,
        )
        for name in NAMES[1:]
    },
}


@pytest.mark.parametrize("name", NAMES)
def test_the_feature_transform_gives_what_the_final_classifier_reads(name):
    model = registry.load_model("five_or_three", name)
    images = font_digits(20, seed=4)[0]
    classifier, whole = _CLASSIFIERS[name](model)
    features = feature_transform(model)(images)
    assert features.dtype == np.float32 and features.shape[0] == 20
    assert np.allclose(classifier(features), whole(images), atol=1e-6)


def test_a_model_without_a_single_feature_space_has_no_transform_and_no_neighbours():
    images, labels = font_digits(60, seed=5)
    flat = Flatten().transform(images)
    bare = SVC().fit(flat, labels)
    folds = CalibratedClassifierCV(make_pipeline(PCA(5), SVC()), cv=2).fit(flat, labels)  # a PCA per fold
    assert feature_transform(bare) is None and feature_transform(folds) is None
    assert feature_transform(make_pipeline(Flatten(), bare)) is not None
    with pytest.raises(ValueError, match="no single feature space"):
        Neighbours(folds, images, labels)
    with pytest.raises(ValueError, match="not fitted"):
        feature_transform(make_pipeline(Flatten(), SVC()))


@pytest.mark.parametrize("name", NAMES)
def test_the_neighbours_of_a_training_digit_include_that_digit_itself(name):
    model = registry.load_model("five_or_three", name)
    images, labels = font_digits(300, seed=6)
    index = Neighbours(model, images, labels, size=200, random_state=1)
    features = feature_transform(model)(images[index.indices])
    for position in (0, 77, 199):
        own = index.indices[position]
        found = index.query(images[own])
        assert own in found.indices[found.distances < 1e-5]  # 0 but for float32 rounding (PCA of one digit or many)
        assert np.array_equal(found.labels, labels[found.indices])
        reference = np.sort(np.linalg.norm(features.astype(np.float64) - features[position], axis=1))[:8]
        assert np.allclose(found.distances, reference, atol=1e-5)


def test_the_index_is_a_seeded_subset_of_the_digits_it_was_given(three_or_five):
    images, labels = font_digits(100, seed=7)
    one, again = (Neighbours(three_or_five, images, labels, size=40, random_state=3) for _ in range(2))
    other = Neighbours(three_or_five, images, labels, size=40, random_state=4)
    assert len(one.indices) == 40 and np.array_equal(one.indices, again.indices)
    assert not np.array_equal(one.indices, other.indices)
    assert np.array_equal(one.labels, labels[one.indices])
    assert len(Neighbours(three_or_five, images, labels, size=1000).indices) == 100
    with pytest.raises(ValueError, match="one label per image, shape \\(100,\\); got shape \\(99,\\)"):
        Neighbours(three_or_five, images, labels[:99])
    with pytest.raises(ValueError, match="'k' parameter must be an integer from 1 to 40; got 41"):
        one.query(images[0], k=41)


@needs_mnist
def test_the_shipped_3_or_5_grid_matches_its_report_and_neighbours_mostly_share_the_label(digit_reader):
    X_train, y_train, X_test, y_test = load_mnist()
    report = registry.load_report("five_or_three")
    assert figure_3_11(report, test_labels=y_test)["counts"] == report["confusion_matrix"]
    index = Neighbours(digit_reader, X_train, y_train, size=5000)
    agree = [np.bincount(index.query(image).labels, minlength=10).argmax() == label for image, label in zip(X_test[:50], y_test[:50])]
    assert np.mean(agree) >= 0.9
