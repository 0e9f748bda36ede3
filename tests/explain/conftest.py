"""The shipped models the explanation tests explain, loaded once per module."""

import pytest

from digit_model.training import registry


@pytest.fixture(scope="module")
def digit_reader():
    return registry.load_model("which_digit")


@pytest.fixture(scope="module")
def three_or_five():
    return registry.load_model("five_or_three")
