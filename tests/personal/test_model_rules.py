"""Rules of the personal model that a changed line would break unnoticed by tests/personal/test_model.py."""

import re
import typing
import warnings

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from digit_model.models.catalogue import MNIST, MNIST_AND_PEN
from digit_model.personal.model import PersonalModel, blend_for, leave_one_out


# A model of 0-9 whose feature space is its pixels times ``factor``, answering every digit alike.
def _model(factor: float):
    pixels = FunctionTransformer(lambda images: images.reshape(len(images), -1) / 255 * factor)
    images = np.random.default_rng(0).integers(0, 256, (10, 28, 28), dtype=np.uint8)
    return make_pipeline(pixels, DummyClassifier(strategy="uniform")).fit(images, np.arange(10))


@pytest.mark.parametrize("scale", [10.0, 0.01], ids=["ten times larger", "a hundred times smaller"])
def test_the_blend_gives_the_same_answers_whatever_the_scale_of_every_feature(scale):
    """The kernel's width follows the drawings' typical feature length, however long or short it is."""
    rng = np.random.default_rng(1)
    mine = rng.integers(0, 256, (20, 28, 28), dtype=np.uint8)
    labels = np.arange(20) % 10
    asked = np.clip(mine[:5].astype(int) + rng.integers(-40, 41, (5, 28, 28)), 0, 255).astype(np.uint8)
    plain = PersonalModel(_model(1.0), "which_digit", mine, labels).predict_proba(asked)
    scaled = PersonalModel(_model(scale), "which_digit", mine, labels).predict_proba(asked)
    assert not np.allclose(plain, 0.1)  # the visitor's drawings do move the answers
    np.testing.assert_allclose(scaled, plain, rtol=1e-5)


# A model of 0-9 with no feature steps of its own, answering every digit alike.
def _plain():
    images = np.zeros((10, 28, 28), np.uint8)
    return DummyClassifier(strategy="uniform").fit(images.reshape(10, -1), np.arange(10))


def test_without_feature_steps_of_its_own_a_models_feature_space_is_pixels_from_0_to_1():
    one_pixel = np.zeros((1, 28, 28), np.uint8)
    one_pixel[0, 14, 14] = 255
    personal = PersonalModel(_plain(), "which_digit", one_pixel, [1])
    assert personal.nearest(np.zeros((28, 28), np.uint8)).distances.tolist() == [1.0]


def test_with_no_drawings_the_features_have_the_models_width():
    personal = PersonalModel(_model(1.0), "which_digit")
    assert personal.features_.shape == (0, 28 * 28)


def test_nearest_gives_the_three_nearest_unless_asked_and_refuses_asking_for_none():
    mine = np.random.default_rng(2).integers(0, 256, (6, 28, 28), dtype=np.uint8)
    personal = PersonalModel(_model(1.0), "which_digit", mine, np.arange(6))
    assert len(personal.nearest(mine[0]).indices) == 3
    with pytest.raises(ValueError, match="'k' parameter"):
        personal.nearest(mine[0], k=0)


@pytest.mark.parametrize("k", ["5", True], ids=["text", "a truth value"])
def test_a_setting_that_is_not_a_number_is_refused_by_name(k):
    with pytest.raises(ValueError, match="'k' parameter"):
        PersonalModel(_plain(), "which_digit", k=k)


def test_the_blend_follows_its_formula():
    """(prior * shipped + sum of w_i * onehot(class_i)) / (prior + sum of w_i), w_i = exp(-(d_i / h)^2),
    h = bandwidth * the median length of the visitor's drawings' features, over the k nearest."""
    rng = np.random.default_rng(3)
    mine = rng.integers(0, 256, (8, 28, 28), dtype=np.uint8)
    labels = np.array([0, 1, 2, 3, 0, 1, 2, 3])
    asked = np.clip(mine[:2].astype(int) + rng.integers(-60, 61, (2, 28, 28)), 0, 255).astype(np.uint8)
    k, prior, bandwidth = 3, 0.5, 0.6
    personal = PersonalModel(_plain(), "which_digit", mine, labels, k=k, prior=prior, bandwidth=bandwidth)
    proba = personal.predict_proba(asked)
    features, asked_features = mine.reshape(8, -1) / 255, asked.reshape(2, -1) / 255
    width = bandwidth * np.median(np.linalg.norm(features, axis=1))
    for row, query in zip(proba, asked_features):
        distances = np.linalg.norm(features - query, axis=1)
        nearest = np.argsort(distances)[:k]
        weights = np.exp(-((distances[nearest] / width) ** 2))
        expected = prior * np.full(10, 0.1)
        np.add.at(expected, labels[nearest], weights)
        np.testing.assert_allclose(row, expected / (prior + weights.sum()), rtol=1e-6)


def test_the_blend_settings_must_be_named():
    with pytest.raises(TypeError):
        PersonalModel(_plain(), "which_digit", None, None, 5)


def test_the_smallest_settings_allowed_are_accepted():
    """One neighbour, and a prior worth nothing: then the nearest drawing alone decides."""
    mine = np.random.default_rng(4).integers(0, 256, (4, 28, 28), dtype=np.uint8)
    personal = PersonalModel(_plain(), "which_digit", mine, [0, 1, 2, 3], k=1, prior=0)
    assert personal.predict(mine).tolist() == [0, 1, 2, 3]
    assert len(personal.nearest(mine[0], k=1).indices) == 1


@pytest.mark.parametrize("setting, allowed", [
    ({"k": 2.5}, "'k' parameter must be an integer of at least 1; got 2.5"),
    ({"k": 0}, "'k' parameter must be an integer of at least 1; got 0"),
    ({"bandwidth": 0}, "'bandwidth' parameter must be a number above 0; got 0"),
    ({"bandwidth": -0.5}, "'bandwidth' parameter must be a number above 0; got -0.5"),
    ({"prior": float("inf")}, "'prior' parameter must be a number of at least 0; got inf"),
], ids=["k not whole", "k of 0", "bandwidth of 0", "negative bandwidth", "endless prior"])
def test_a_setting_out_of_its_range_is_refused_saying_what_is_allowed(setting, allowed):
    """A neighbour count is whole and at least one; a kernel needs a width; the prior a finite worth."""
    with pytest.raises(ValueError, match=re.escape(allowed)):
        PersonalModel(_plain(), "which_digit", **setting)


def test_nearest_refuses_a_count_that_is_not_whole():
    mine = np.random.default_rng(2).integers(0, 256, (6, 28, 28), dtype=np.uint8)
    with pytest.raises(ValueError, match="'k' parameter must be an integer of at least 1; got 1.5"):
        PersonalModel(_plain(), "which_digit", mine, np.arange(6)).nearest(mine[0], k=1.5)


def test_with_no_prior_and_every_drawing_too_far_to_count_the_answer_is_the_shipped_one():
    """Every nearest drawing's weight rounds to 0 and the prior is worth nothing: nothing to blend."""
    mine = np.zeros((4, 28, 28), np.uint8)
    personal = PersonalModel(_plain(), "which_digit", mine + 255, [0, 1, 2, 3], prior=0, bandwidth=0.001)
    np.testing.assert_array_equal(personal.predict_proba(mine[:1]), np.full((1, 10), 0.1))


def test_with_mostly_blank_drawings_a_blank_drawing_takes_their_label_and_the_answers_stay_probabilities():
    """Over half the features are all zero, so their typical length is 0: the kernel still has a width."""
    mine = np.zeros((5, 28, 28), np.uint8)
    mine[3:] = np.random.default_rng(6).integers(0, 256, (2, 28, 28), dtype=np.uint8)
    personal = PersonalModel(_plain(), "which_digit", mine, [1, 1, 1, 2, 3])
    proba = personal.predict_proba(mine)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert personal.predict(mine[:1]).tolist() == [1]


def test_with_nothing_to_blend_the_shipped_answer_comes_back_without_a_warning():
    """No prior and no drawing near enough to count: a total of 0 is never divided by."""
    mine = np.zeros((4, 28, 28), np.uint8)
    personal = PersonalModel(_plain(), "which_digit", mine + 255, [0, 1, 2, 3], prior=0, bandwidth=0.001)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        proba = personal.predict_proba(mine[:1])
    assert [str(warning.message) for warning in caught] == []
    np.testing.assert_array_equal(proba, np.full((1, 10), 0.1))


@pytest.mark.parametrize("k", [1, 3])
def test_among_hundreds_of_drawings_the_k_nearest_vote(k):
    """A visitor may keep up to 2,000 drawings; the nearest ones vote however many there are."""
    rng = np.random.default_rng(7)
    mine = rng.integers(0, 256, (300, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, 300)
    asked = np.clip(mine[:4].astype(int) + rng.integers(-30, 31, (4, 28, 28)), 0, 255).astype(np.uint8)
    personal = PersonalModel(_plain(), "which_digit", mine, labels, k=k, prior=0)
    features, asked_features = mine.reshape(300, -1) / 255, asked.reshape(4, -1) / 255
    width = 0.25 * np.median(np.linalg.norm(features, axis=1))
    for row, query in zip(personal.predict_proba(asked), asked_features):
        distances = np.linalg.norm(features - query, axis=1)
        nearest = np.argsort(distances)[:k]
        expected = np.zeros(10)
        np.add.at(expected, labels[nearest], np.exp(-((distances[nearest] / width) ** 2)))
        np.testing.assert_allclose(row, expected / expected.sum(), rtol=1e-6)


def test_leave_one_out_of_no_drawings_says_none_is_a_digit_the_task_uses():
    with pytest.raises(ValueError, match="None of the drawings is a digit the task 'which_digit' uses"):
        leave_one_out(_plain(), "which_digit", np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64))


# A model of 0-9 that answers every drawing 0 with probability 0.91 and each other digit with 0.01.
def _sure_of_zero():
    labels = np.r_[np.zeros(91, np.int64), np.arange(1, 10)]
    return DummyClassifier(strategy="prior").fit(np.zeros((100, 28 * 28)), labels)


@pytest.mark.parametrize("trained_on", [MNIST, MNIST_AND_PEN])
def test_in_every_shipped_blend_a_drawing_as_far_as_from_a_blank_page_does_not_overrule_a_sure_answer(trained_on):
    """The shipped answer is worth some drawings: a visitor's drawing that is no nearer to the one
    asked about (a blank page) than to a blank page adds a vote, but does not decide alone."""
    mine = np.random.default_rng(8).integers(0, 256, (1, 28, 28), dtype=np.uint8)
    personal = PersonalModel(_sure_of_zero(), "which_digit", mine, [5], **blend_for({"trained_on": trained_on}))
    proba = personal.predict_proba(np.zeros((1, 28, 28), np.uint8))[0]
    assert proba[5] > 0.01  # it does count
    assert personal.predict(np.zeros((1, 28, 28), np.uint8)).tolist() == [0]


# Drawings of ``inked`` fully inked pixels each (the first of the page's pixels, row by row).
def _inked(*inked: int) -> np.ndarray:
    pages = np.zeros((len(inked), 28 * 28), np.uint8)
    for page, count in zip(pages, inked):
        page[:count] = 255
    return pages.reshape(-1, 28, 28)


@pytest.mark.parametrize("trained_on, rungs, recorded", [
    (MNIST, range(8, 33, 4), [0.004, 0.262, 0.224, 0.192, 0.164, 0.140, 0.004, 0.004, 0.004, 0.004]),
    (MNIST_AND_PEN, range(25, 176, 25), [0.035, 0.307, 0.247, 0.200, 0.035, 0.035, 0.035, 0.035, 0.035, 0.035]),
], ids=["MNIST", "MNIST + pen"])
def test_the_tuned_blends_answer_a_ladder_of_drawings_as_recorded(trained_on, rungs, recorded):
    """A characterization of the tuned settings (``k``, ``prior``, ``bandwidth`` of each shipped blend),
    chosen by ``python -m digit_model.studies.personal --tune``: a retune must change these recorded
    answers deliberately. A blank page is asked about; the visitor drew a ladder of seven drawings
    labelled 1 to 7, each a few inked pixels farther from it, and eight of 400 inked pixels labelled 0
    that set the typical feature length (20). The MNIST blend lets the five nearest vote, the pen
    blend the three nearest, each vote shrinking with the distance as its kernel's width says."""
    mine = _inked(*rungs, *[400] * 8)
    labels = [1, 2, 3, 4, 5, 6, 7, *[0] * 8]
    personal = PersonalModel(_plain(), "which_digit", mine, labels, **blend_for({"trained_on": trained_on}))
    np.testing.assert_allclose(personal.predict_proba(np.zeros((1, 28, 28), np.uint8))[0], recorded, atol=1e-3)


def test_with_mostly_blank_drawings_a_drawing_reaches_as_far_as_among_drawings_of_one_inked_pixel():
    """Over half the drawings blank: their typical feature length is 0, useless as a width. The kernel
    then takes the width of a typical length of 1 (one fully inked pixel, for a model reading pixels),
    so a drawing counts as much as it would among drawings of one inked pixel each."""
    drawing = np.random.default_rng(9).integers(0, 256, (28, 28), dtype=np.uint8)
    asked = drawing.copy()
    asked[0, 0] = asked[0, 0] + 51 if asked[0, 0] < 128 else asked[0, 0] - 51  # a fifth of a pixel away
    blank, one_pixel = _inked(0, 0, 0), _inked(1, 1, 1)
    answers = [PersonalModel(_sure_of_zero(), "which_digit", np.concatenate([others, drawing[None]]), [1, 1, 1, 2])
               .predict_proba(asked[None])[0] for others in (blank, one_pixel)]
    assert answers[0][2] > 0.5  # the drawing near the one asked about decides
    np.testing.assert_allclose(answers[0], answers[1], rtol=1e-9)


def test_the_personal_models_type_hints_name_real_types():
    """Tools that read the signatures (``typing.get_type_hints``, documentation, editors) evaluate
    their annotations: each must name a type, not fail as an expression."""
    for function in (PersonalModel.__init__, PersonalModel.blend, leave_one_out, blend_for):
        typing.get_type_hints(function)
