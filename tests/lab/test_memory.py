import re

import pytest

from digit_model.lab.estimators import ESTIMATORS
from digit_model.lab.jobs import MEMORY_BOUND
from digit_model.lab.memory import memory_needed
from digit_model.lab.settings import LabSettings


@pytest.mark.parametrize("estimator", list(ESTIMATORS))
@pytest.mark.parametrize("task", ["which_digit", "five_or_not"])
def test_every_default_fits_within_the_bound_and_more_digits_need_more(estimator, task):
    default = LabSettings(task=task, estimator=estimator)
    assert memory_needed(default).refusal(MEMORY_BOUND) is None
    smaller = LabSettings(task=task, estimator=estimator, n_train=2_000)
    assert memory_needed(smaller).bytes < memory_needed(default).bytes


def test_shifted_copies_multiply_what_the_training_digits_take():
    plain, shifted = LabSettings(n_train=5_000), LabSettings(n_train=5_000, shifted=True)
    base = LabSettings(n_train=500)  # the part that does not grow with the digits, nearly
    growth = memory_needed(plain).bytes - memory_needed(base).bytes
    assert memory_needed(shifted).bytes - memory_needed(plain).bytes == pytest.approx(4 * growth * 5_000 / 4_500, rel=0.01)


def test_a_setting_over_the_bound_is_refused_in_one_sentence_naming_its_largest_part():
    refusal = memory_needed(LabSettings(n_train=60_000, shifted=True)).refusal(MEMORY_BOUND)
    assert re.match(r"This setting needs about 4,\d{3} MiB to train \(300,000 training images and their features\)", refusal)
    assert "more than the 700 MiB" in refusal and refusal.count(". ") == 0
