"""A study's results shipped beside a model: hashed in the manifest, refused when altered, dropped on retraining."""

import json

import pytest

from digit_model.training import registry
from digit_model.training.train import main

TRADE_OFF = {"threshold": 2.5, "point": {"digits_refused": 0.004, "non_digits_caught": 0.67}, "tradeoff": []}


def test_a_shipped_study_is_read_back_and_listed_in_the_manifest(copy_of):
    assert registry.load_study("which_digit", "svm", artifacts=copy_of) is None  # none shipped yet
    path = registry.ship_study("which_digit", "svm", "non_digits", TRADE_OFF, artifacts=copy_of)
    assert path.name == "svm.non_digits.json"
    assert registry.load_study("which_digit", "svm", artifacts=copy_of) == TRADE_OFF
    manifest = json.loads((copy_of / "manifest.json").read_text())
    assert "which_digit/svm.non_digits.json" in manifest["sha256"]
    assert registry.load_study("which_digit", "sgd", artifacts=copy_of) is None  # another model has none


def test_an_altered_study_is_refused(copy_of):
    path = registry.ship_study("which_digit", "svm", "non_digits", TRADE_OFF, artifacts=copy_of)
    path.write_text(path.read_text().replace("0.67", "0.97"))
    with pytest.raises(registry.ModelError, match="does not match its checksum"):
        registry.load_study("which_digit", "svm", artifacts=copy_of)


def test_unknown_studies_and_models_are_refused_in_one_sentence(copy_of):
    with pytest.raises(ValueError, match="Unknown study 'colours'"):
        registry.ship_study("which_digit", "svm", "colours", TRADE_OFF, artifacts=copy_of)
    with pytest.raises(registry.ModelError, match="Unknown model 'forest'"):
        registry.ship_study("which_digit", "forest", "non_digits", TRADE_OFF, artifacts=copy_of)


def test_retraining_a_model_drops_the_study_measured_on_the_old_one(copy_of, small_npz):
    registry.ship_study("five_or_three", "sgd", "non_digits", TRADE_OFF, artifacts=copy_of)
    assert main(["--source", small_npz, "--tasks", "five_or_three", "--models", "sgd", "--artifacts", str(copy_of)]) == 0
    assert registry.load_study("five_or_three", "sgd", artifacts=copy_of) is None
    assert not registry.study_path("five_or_three", "sgd", "non_digits", artifacts=copy_of).exists()


def test_the_shipped_default_carries_the_non_digit_trade_off():
    study = registry.load_study("which_digit")
    assert study is not None and study["model"] == registry.default_model("which_digit")
    refused = [point["digits_refused"] for point in study["tradeoff"]]
    assert refused == sorted(refused) and 0 <= study["point"]["non_digits_caught"] <= 1
