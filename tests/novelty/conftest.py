"""The shipped 0-9 model, loaded once for the novelty tests, and a small model that reads plain pixels."""

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import make_pipeline

from digit_model.models.features import Flatten
from digit_model.training import registry


@pytest.fixture(scope="session")
def digit_reader():
    return registry.load_model("which_digit")


@pytest.fixture(scope="session")
def pixel_reader():
    """A fitted model of 0-9 whose features are its pixels from 0 to 1 (784 of them): distances a test can work out."""
    return make_pipeline(Flatten(), DummyClassifier()).fit(np.zeros((10, 28, 28), np.uint8), np.arange(10))
