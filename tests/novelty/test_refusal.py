"""Refusing what looks like no digit: the trade-off curve and the sure wrong answers per 1,000, on scores given by hand."""

import numpy as np
import pytest

from digit_model.evaluation.refusal import REFUSED_SHARES, confidently_wrong_per_1000, refusal_tradeoff

DIGITS = np.arange(100.0)  # real digits scored 0 to 99
NON_DIGITS = np.array([20.0, 95.0, 150.0, np.inf])  # the last one refused by to_mnist already


def test_each_point_refuses_the_share_asked_and_counts_the_non_digits_above_its_threshold():
    points = refusal_tradeoff(DIGITS, NON_DIGITS, shares=[0.0, 0.1, 0.5])
    assert points == [
        {"threshold": 99.0, "digits_refused": 0.0, "non_digits_caught": 0.5},
        {"threshold": 90.0, "digits_refused": 0.09, "non_digits_caught": 0.75},
        {"threshold": 50.0, "digits_refused": 0.49, "non_digits_caught": 0.75},
    ]


def test_refusing_more_digits_never_catches_fewer_non_digits():
    rng = np.random.default_rng(0)
    points = refusal_tradeoff(rng.normal(0, 1, 500), rng.normal(2, 1, 200))
    assert len(points) == len(REFUSED_SHARES) and REFUSED_SHARES[0] == 0.0
    for name in ("digits_refused", "non_digits_caught"):
        assert np.all(np.diff([point[name] for point in points]) >= 0)
    assert all(point["digits_refused"] <= share for point, share in zip(points, REFUSED_SHARES))


def test_sure_wrong_answers_are_counted_per_1000_drawings_and_refused_ones_are_spared():
    confidence = np.array([0.95, 0.9, 0.89, 0.99, 0.5])
    correct = np.array([False, False, False, True, False])
    assert confidently_wrong_per_1000(confidence, correct) == 400.0  # 2 of 5: at 90% or more, and wrong
    assert confidently_wrong_per_1000(confidence, correct, answered=[False, True, True, True, True]) == 200.0


@pytest.mark.parametrize("call, message", [
    (lambda: refusal_tradeoff([], [1.0]), r"^Expected the real digits' scores as a non-empty 1-D array of numbers; got shape \(0,\) instead\.$"),
    (lambda: refusal_tradeoff([1.0], [[1.0]]), r"^Expected the non-digits' scores as a non-empty 1-D array"),
    (lambda: refusal_tradeoff([1.0], [1.0], shares=[1.5]), r"^The shares of real digits to refuse must be a list of numbers from 0 to 1; got \[1\.5\] instead\.$"),
    (lambda: confidently_wrong_per_1000([0.9, 0.8], [True]), r"^Expected one right/wrong and one answered flag per answer, shape \(2,\); got shapes \(1,\) and \(2,\) instead\.$"),
], ids=["no digits", "2-D non-digits", "share above 1", "mismatched answers"])
def test_wrong_inputs_are_one_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()
