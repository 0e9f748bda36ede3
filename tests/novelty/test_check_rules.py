"""Rules of the not-a-digit check that a changed line would break unnoticed by tests/novelty/test_check.py:
the distance it measures, its settings' checks and defaults, the threshold's edge, the log distance."""

import re
import typing

import numpy as np
import pytest
from scipy.spatial.distance import cdist

import digit_model
from digit_model.novelty import check as check_module
from digit_model.novelty.check import (
    DigitNovelty,
    looks_like_a_digit,
    novelty_check,
    with_distance,
)
from digit_model.training import registry
from tools.fonts import font_digits


# ``n`` random 28x28 drawings and labels, from a seed.
def _drawings(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), rng.integers(0, 10, n)


@pytest.fixture(scope="module")
def pixel_check(pixel_reader):
    """A check on the pixel model: 300 random drawings indexed, the threshold set on 100 others."""
    return DigitNovelty(pixel_reader, size=300, held_out=100).fit(*_drawings(400, seed=0))


# The mean Euclidean distance, in pixels from 0 to 1, from each drawing to its ``k`` nearest indexed digits.
def _expected_distance(check: DigitNovelty, images: np.ndarray, k: int) -> np.ndarray:
    distances = cdist(images.reshape(len(images), -1) / 255, check.index_.features.astype(np.float64))
    return np.sort(distances, axis=1)[:, :k].mean(axis=1)


@pytest.mark.parametrize("count", [1, 40], ids=["one drawing", "forty at once"])
def test_the_distance_is_the_mean_over_the_k_nearest_indexed_digits(pixel_check, count):
    """Drawings half-way between two indexed digits: the three nearest are found among 300, one by
    one or many at once (different products, the same answer), and their exact distances averaged."""
    index_images = _drawings(400, seed=0)[0][pixel_check.index_.indices]
    images = ((index_images[:count].astype(int) + index_images[1 : count + 1]) // 2).astype(np.uint8)
    np.testing.assert_allclose(pixel_check.distance(images), _expected_distance(pixel_check, images, k=3), rtol=1e-5)
    np.testing.assert_allclose(pixel_check.score(images), pixel_check.distance(images))


@pytest.mark.parametrize("k, size", [(1, 300), (20, 20)], ids=["the nearest alone", "every indexed digit"])
def test_k_may_be_anything_from_1_to_the_size_of_the_index(pixel_reader, k, size):
    images, labels = _drawings(size + 10, seed=1)
    check = DigitNovelty(pixel_reader, k=k, size=size, held_out=10).fit(images, labels)
    asked = _drawings(5, seed=10)[0]
    np.testing.assert_allclose(check.distance(asked), _expected_distance(check, asked, k=k), rtol=1e-5)


def test_a_copy_of_an_indexed_digit_is_at_distance_0_and_its_log_distance_is_clipped(pixel_reader):
    """The log of the distance is one of the discriminator's features: a digit's own copy (at 0 from
    its nearest) gets the log of a millionth, not minus infinity; other distances keep their own log."""
    images, labels = _drawings(20, seed=1)
    check = DigitNovelty(pixel_reader, k=1, size=10, held_out=10).fit(images, labels)
    features = check.features(images[check.index_.indices[:1]])
    assert features.shape == (1, 28 * 28 + 1)
    assert features[0, -1] == pytest.approx(np.log(1e-6))
    np.testing.assert_allclose(with_distance(np.zeros((3, 2)), np.array([0.0, 0.5, 2.0]))[:, -1],
                               np.log([1e-6, 0.5, 2.0]))


def test_no_drawings_get_no_scores_and_no_features(pixel_check):
    nothing = np.zeros((0, 28, 28), np.uint8)
    assert pixel_check.score(nothing).shape == (0,) and pixel_check.distance(nothing).shape == (0,)
    assert pixel_check.features(nothing).shape == (0, 28 * 28 + 1)
    assert pixel_check.looks_like_a_digit(nothing).shape == (0,)


def test_no_drawings_are_a_batch_the_shared_check_takes_only_the_model_asked_for_is_refused():
    """An empty batch passes the drawings' check: what is refused here is a model that does not exist."""
    with pytest.raises(registry.ModelError, match="^Unknown model 'no_such_model' for task 'which_digit'"):
        digit_model.looks_like_a_digit(np.zeros((0, 28, 28), np.uint8), model="no_such_model")


def test_no_drawings_need_no_check_built_so_neither_mnist_nor_seconds(monkeypatch, tmp_path):
    """Building a check reads MNIST's training digits: an empty batch is answered without one."""
    monkeypatch.setenv("MNIST_PATH", str(tmp_path / "absent.npz"))
    built = check_module._shared_check.cache_info().misses
    assert digit_model.looks_like_a_digit(np.zeros((0, 28, 28), np.uint8), task="five_or_three", model="sgd").shape == (0,)
    assert check_module._shared_check.cache_info().misses == built


def test_over_500_drawings_score_as_they_do_in_smaller_batches(pixel_check):
    """Drawings are scored 500 at a time to bound the memory: the batches join without a gap or an overlap."""
    images = _drawings(1_101, seed=2)[0]
    whole = pixel_check.score(images)
    assert whole.shape == (1_101,)
    np.testing.assert_allclose(whole, np.concatenate([pixel_check.score(part) for part in np.array_split(images, 7)]))


def test_a_drawing_scoring_exactly_the_threshold_is_a_digit_and_one_just_above_is_not(pixel_check):
    """The threshold is the score that only the refused share of held-out digits exceed: it is itself a digit's."""
    images = _drawings(2, seed=3)[0]
    score = pixel_check.score(images[:1])[0]
    at_the_edge = DigitNovelty.__new__(DigitNovelty)
    at_the_edge.__dict__.update(pixel_check.__dict__, threshold_=score)
    assert at_the_edge.looks_like_a_digit(images[:1]).tolist() == [True]
    at_the_edge.threshold_ = float(np.nextafter(score, -np.inf))
    assert at_the_edge.looks_like_a_digit(images[:1]).tolist() == [False]


@pytest.mark.parametrize("setting, allowed", [
    ({"size": 0}, "The 'size' parameter must be an integer of at least 1; got 0 instead."),
    ({"k": 0}, "The 'k' parameter must be an integer from 1 to 10; got 0 instead."),
    ({"k": 11}, "The 'k' parameter must be an integer from 1 to 10; got 11 instead."),
    ({"held_out": 0}, "The 'held_out' parameter must be an integer of at least 1; got 0 instead."),
    ({"refuse": 0.0}, "The 'refuse' parameter must be a share between 0 and 1; got 0.0 instead."),
    ({"refuse": 1.0}, "The 'refuse' parameter must be a share between 0 and 1; got 1.0 instead."),
], ids=["no index", "no neighbour", "more neighbours than indexed", "nothing held out", "refusing none",
        "refusing all"])
def test_a_setting_out_of_its_range_is_refused_in_one_sentence_naming_it(pixel_reader, setting, allowed):
    """An index needs a digit, the distance a neighbour among them, the threshold held-out digits and
    a share strictly between none and all of them to refuse."""
    settings = {"size": 10, "held_out": 5} | setting
    with pytest.raises(ValueError, match=f"^{re.escape(allowed)}$"):
        DigitNovelty(pixel_reader, **settings).fit(*_drawings(20, seed=4))


def test_with_fewer_digits_outside_the_index_than_asked_each_of_them_is_held_out_once(pixel_reader):
    images, labels = _drawings(30, seed=5)
    check = DigitNovelty(pixel_reader, size=20, held_out=100).fit(images, labels)
    assert check.held_out_.tolist() == np.setdiff1d(np.arange(30), check.index_.indices).tolist()


def test_the_smallest_settings_allowed_are_accepted(pixel_reader):
    check = DigitNovelty(pixel_reader, k=1, size=1, held_out=1, refuse=0.01).fit(*_drawings(2, seed=5))
    assert len(check.index_.indices) == 1 and len(check.held_out_) == 1


def test_by_default_10000_digits_are_indexed_and_up_to_10000_others_set_the_threshold(pixel_reader):
    """The defaults of the shipped check: an index of 10,000 digits (as many as the "why" view's) and
    a threshold on as many of the others, MNIST's test set's size."""
    images, labels = _drawings(10_002, seed=6)
    assert len(DigitNovelty(pixel_reader, held_out=1).fit(images, labels).index_.indices) == 10_000
    assert len(DigitNovelty(pixel_reader, size=1, k=1).fit(images, labels).held_out_) == 10_000  # of 10,001


def test_by_default_the_distance_is_averaged_over_the_3_nearest_indexed_digits(pixel_reader):
    images, labels = _drawings(40, seed=7)
    check = DigitNovelty(pixel_reader, size=30, held_out=10).fit(images, labels)
    np.testing.assert_allclose(check.distance(images[:5]), _expected_distance(check, images[:5], k=3), rtol=1e-5)


def test_the_held_out_digits_are_the_same_for_the_same_seed_in_every_version(pixel_reader):
    """A seeded choice, drawn apart from the index's own: the same ``random_state`` picks the same
    held-out digits (recorded here), so a threshold can be rebuilt; changing the draw must be deliberate."""
    images, labels = _drawings(30, seed=8)
    check = DigitNovelty(pixel_reader, size=10, held_out=5).fit(images, labels)
    assert check.held_out_.tolist() == [13, 16, 19, 25, 27]


def test_the_checks_settings_must_be_named(pixel_reader):
    """A positional setting would be read as another one: a count taken for a share, a task for a model."""
    images = np.zeros((1, 28, 28), np.uint8)
    with pytest.raises(TypeError):
        DigitNovelty(pixel_reader, 3)
    with pytest.raises(TypeError):  # refused before the task is looked up
        digit_model.looks_like_a_digit(images, "no_such_task")
    with pytest.raises(TypeError):
        novelty_check("no_such_task", None, "mnist.npz")


@pytest.mark.parametrize("name, discriminated", [(None, True), ("sgd", False)], ids=["the default model", "another"])
def test_a_shipped_models_check_reads_with_that_model_and_its_own_discriminator_if_any(small_npz, name, discriminated):
    """The check of a named shipped model (by default the task's), indexing as many digits as asked,
    with the discriminator learned on that very model file; one without is scored by distance."""
    check = novelty_check("which_digit", name, source=small_npz, size=100)
    model = registry.load_model("which_digit", name)
    images = font_digits(5, seed=11)[0]
    np.testing.assert_array_equal(check.model.predict_proba(images), model.predict_proba(images))
    assert len(check.index_.indices) == 100 and (check.discriminator is not None) == discriminated


def test_the_checks_type_hints_name_real_types():
    """Tools that read the signatures (``typing.get_type_hints``, documentation, editors) evaluate
    their annotations: each must name a type, not fail as an expression."""
    for function in (DigitNovelty.__init__, DigitNovelty.fit, DigitNovelty.score, novelty_check, looks_like_a_digit,
                     with_distance):
        typing.get_type_hints(function)
