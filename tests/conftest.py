"""Shared fixtures: small generated digit data, so the core's tests need neither MNIST nor a network."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import pen_text
from tools.fonts import font_digits


def pytest_collection_modifyitems(items):
    """A test that asks for ``trained`` waits for every model to be trained: it is slow."""
    for item in items:
        if "trained" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def small_npz(tmp_path_factory) -> str:
    """A Keras-layout .npz of generated digits: 1,000 to train, 300 to test."""
    x_train, y_train = font_digits(1000, seed=0)
    x_test, y_test = font_digits(300, seed=1)
    path = tmp_path_factory.mktemp("data") / "digits.npz"
    np.savez_compressed(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return str(path)


@pytest.fixture(scope="session")
def small_pen(tmp_path_factory) -> str:
    """A small pen file in the real one's format: 30 writers, 2 samples of each digit each."""
    path = tmp_path_factory.mktemp("pen") / "pendigits.tra"
    path.write_text(pen_text(per_digit=2, seed=0))
    return str(path)


@pytest.fixture(scope="session")
def trained(tmp_path_factory, small_npz, small_pen):
    """Every model of every task, trained end to end on the small data into a scratch folder."""
    from digit_model.training.train import train

    artifacts = tmp_path_factory.mktemp("artifacts")
    reports = train(source=small_npz, pen_source=small_pen, artifacts=artifacts, log=lambda message: None)
    return artifacts, reports
