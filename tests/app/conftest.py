"""AppTest fixtures: a fresh app per test, and the MNIST test set for real digits."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import APP
from digit_model.data import load_mnist
from tests.conftest import skip_without


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture(scope="session")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    skip_without("MNIST_PATH", "a MNIST copy")
    _, _, images, labels = load_mnist()
    return images, labels
