"""Rules of the not-a-digit discriminator that a changed line would break unnoticed by
tests/novelty/test_discriminator.py: how its networks' log-odds are combined, what its weights keep
on the way to bytes and back, when shipped weights are looked for, and what its settings learn."""

import dataclasses
import hashlib
import io
import typing

import numpy as np
import pytest

from digit_model.novelty import discriminator as module
from digit_model.novelty.discriminator import (
    Discriminator,
    fit_discriminator,
    load_discriminator,
)
from tests.novelty.clouds import separable


# A network of two inputs, ``hidden`` units and one output, its weights drawn from ``seed``, float32.
def _network(hidden: int, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    shapes = [(2, hidden), (hidden,), (hidden, 1), (1,)]
    return tuple(rng.normal(0, 1, shape).astype(np.float32) for shape in shapes)


@pytest.fixture(scope="module")
def two_networks() -> Discriminator:
    """Two networks of 3 and 4 hidden units on two features standardized by a mean and a scale of their own."""
    mean, scale = np.array([1.0, -2.0], np.float32), np.array([0.5, 4.0], np.float32)
    return Discriminator(mean, scale, (_network(3, seed=0), _network(4, seed=1)), "ab" * 32, floor=0.75)


def test_the_log_odds_are_the_mean_of_each_networks_output_on_standardized_features(two_networks):
    """Each network: standardize, a hidden layer with ReLU, one output; the discriminator averages them."""
    features = np.random.default_rng(2).normal(0, 3, (6, 2))
    x = (features - two_networks.mean) / two_networks.scale
    outputs = [np.maximum(x @ w1 + b1, 0.0) @ w2 + b2 for w1, b1, w2, b2 in two_networks.layers]
    np.testing.assert_allclose(two_networks.log_odds(features), np.mean(outputs, axis=0)[:, 0], rtol=1e-5, atol=1e-6)
    assert two_networks.log_odds(features).shape == (6,)


def test_the_weights_come_back_from_bytes_as_float16_rounds_them_and_the_rest_exactly(two_networks):
    """Bytes carry every network, each layer rounded to float16 (half the size), and the standardization,
    the model's SHA-256 and the floor unchanged."""
    back = Discriminator.from_bytes(two_networks.to_bytes())
    assert len(back.layers) == 2 and back.model_sha256 == "ab" * 32 and back.floor == 0.75
    np.testing.assert_array_equal(back.mean, two_networks.mean)
    np.testing.assert_array_equal(back.scale, two_networks.scale)
    for ours, theirs in zip(two_networks.layers, back.layers):
        for part, read in zip(ours, theirs):
            assert read.dtype == np.float32
            np.testing.assert_array_equal(read, part.astype(np.float16).astype(np.float32))


def test_a_discriminators_floor_and_weights_cannot_be_changed_afterwards(two_networks):
    """One discriminator serves every session's check (built once per model): none may move its floor."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        two_networks.floor = -1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        two_networks.layers = ()


def test_a_discriminator_without_a_floor_never_raises_a_threshold():
    assert Discriminator(np.zeros(2), np.ones(2), (), "ab" * 32).floor == -np.inf


def test_weights_holding_pickled_objects_are_refused_rather_than_unpickled(two_networks):
    """Reading weights never runs code: an array of Python objects (a pickle) in the file is refused."""
    buffer = io.BytesIO()
    with np.load(io.BytesIO(two_networks.to_bytes())) as arrays:
        pickled = {name: arrays[name] for name in arrays.files} | {"mean": np.array([1.0, -2.0], dtype=object)}
        np.savez(buffer, **pickled)
    with pytest.raises(ValueError, match="allow_pickle=False"):
        Discriminator.from_bytes(buffer.getvalue())


def test_the_model_file_the_weights_fit_must_be_named_when_fitting():
    with pytest.raises(TypeError):
        fit_discriminator(*separable(), "ab" * 32)


@pytest.fixture()
def shipped_folder(tmp_path, monkeypatch):
    """An empty folder of shipped weights with nothing pinned: each test pins and writes what it needs."""
    monkeypatch.setattr(module, "_FOLDER", tmp_path)
    monkeypatch.setattr(module, "SHIPPED", {})
    return tmp_path


def test_weights_without_a_pinned_sha256_are_not_used_even_if_their_file_is_there(two_networks, shipped_folder):
    module.shipped_path("which_digit", "toy").write_bytes(two_networks.to_bytes())
    assert load_discriminator("which_digit", "toy", "ab" * 32) is None


def test_a_pinned_sha256_without_its_file_means_no_discriminator(two_networks, shipped_folder):
    module.SHIPPED[("which_digit", "toy")] = hashlib.sha256(two_networks.to_bytes()).hexdigest()
    assert load_discriminator("which_digit", "toy", "ab" * 32) is None


def test_weights_whose_file_matches_their_pin_are_read_for_their_own_model(two_networks, shipped_folder):
    data = two_networks.to_bytes()
    module.SHIPPED[("which_digit", "toy")] = hashlib.sha256(data).hexdigest()
    module.shipped_path("which_digit", "toy").write_bytes(data)
    loaded = load_discriminator("which_digit", "toy", "ab" * 32)
    assert loaded is not None and loaded.floor == 0.75 and len(loaded.layers) == 2


def test_the_learning_settings_give_the_recorded_log_odds():
    """A characterization of the settings ``python -m digit_model.novelty.learn`` fits the shipped
    weights with (hidden units, L2 penalty, passes, networks averaged, their seeds): on two clouds of
    points they give these log-odds; a change of setting must change them deliberately, and the
    shipped weights must then be made again."""
    learned = fit_discriminator(*separable(), model_sha256="ab" * 32)
    points = np.vstack([np.zeros(8), np.ones(8), np.full(8, 2.0), np.linspace(-1, 3, 8)])
    np.testing.assert_allclose(learned.log_odds(points), [-2.597, 0.005, 2.433, -0.36], atol=5e-3)


def test_the_discriminators_type_hints_name_real_types():
    """Tools that read the signatures (``typing.get_type_hints``, documentation, editors) evaluate
    their annotations: each must name a type, not fail as an expression."""
    for function in (Discriminator.log_odds, Discriminator.from_bytes, fit_discriminator, load_discriminator,
                     module.shipped_path):
        typing.get_type_hints(function)
