"""The shipped 0-9 model, loaded once for the novelty tests."""

import pytest

from digit_model.training import registry


@pytest.fixture(scope="session")
def digit_reader():
    return registry.load_model("which_digit")
