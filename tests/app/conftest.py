"""AppTest fixtures: a fresh app per test, and the MNIST test set for real digits."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from digit_model.inputs.mnist import load_mnist
from tests.app.app_helpers import APP
from tests.helpers import skip_without


@pytest.fixture(autouse=True)
def _keep_main_module(monkeypatch):
    """AppTest installs the app script as ``__main__`` and leaves it there. A process that a later
    test spawns (the photo study's decoding) would then start by running the app; put it back."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture
def app(monkeypatch, tmp_path) -> AppTest:
    """A fresh app. Without MNIST_PATH it is given a path with nothing there, so that a page that
    would read MNIST says so at once instead of trying to download it from OpenML."""
    if not os.environ.get("MNIST_PATH"):
        monkeypatch.setenv("MNIST_PATH", str(tmp_path / "no-mnist-here.npz"))
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture(scope="session")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    skip_without("MNIST_PATH", "a MNIST copy")
    _, _, images, labels = load_mnist()
    return images, labels
