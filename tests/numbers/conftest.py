"""The shipped model that reads the numbers in these tests, loaded once per session."""

import pytest

from digit_model.training import registry


@pytest.fixture(scope="session")
def digit_reader():
    return registry.load_model("which_digit")
