"""Calibration figures: checked against synthetic scorers whose honesty is known."""

import numpy as np
import pytest

from digit_model.evaluation.calibration import (
    calibration_figures,
    expected_calibration_error,
    reliability,
    risk_coverage,
    sure_from,
)


def scorer(n: int, *, seed: int, overconfident: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Confidences in [0.5, 1] and whether each answer is right, drawn so that an answer at
    confidence c is right with probability c; an overconfident scorer claims 0.99 throughout."""
    rng = np.random.default_rng(seed)
    confidence = rng.uniform(0.5, 1.0, n)
    correct = rng.random(n) < confidence
    return (np.full(n, 0.99) if overconfident else confidence), correct


def test_a_calibrated_scorer_has_an_ece_near_zero_and_an_overconfident_one_a_large_ece():
    assert expected_calibration_error(*scorer(200_000, seed=0)) < 0.005
    assert expected_calibration_error(*scorer(200_000, seed=0, overconfident=True)) > 0.2


def test_the_ece_matches_a_hand_computed_example():
    confidence = np.array([0.95, 0.95, 0.95, 0.95, 0.55, 0.55])
    correct = np.array([True, True, True, False, True, False])
    # Bin 0.9-1.0: confidence 0.95, accuracy 0.75; bin 0.5-0.6: confidence 0.55, accuracy 0.5.
    assert expected_calibration_error(confidence, correct) == pytest.approx((4 * 0.2 + 2 * 0.05) / 6)
    assert [(b["n"], b["accuracy"]) for b in reliability(confidence, correct)] == [(2, 0.5), (4, 0.75)]


def test_the_risk_coverage_curve_falls_as_coverage_grows_and_ends_at_plain_accuracy():
    confidence, correct = scorer(200_000, seed=1)
    coverage, accuracy = risk_coverage(confidence, correct)
    assert coverage[-1] == 1.0 and accuracy[-1] == pytest.approx(correct.mean())
    steps = accuracy[np.searchsorted(coverage, np.linspace(0.05, 1.0, 20))]
    assert np.all(np.diff(steps) < 0)


def test_the_report_figures_keep_the_right_answers_at_each_coverage():
    confidence = np.array([0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.6])
    correct = np.array([True] * 9 + [False])
    figures = calibration_figures(confidence, correct)
    assert figures["accuracy_at_coverage"] == {"1.00": 0.9, "0.95": 0.9, "0.90": 1.0}
    assert figures["wrong_confident_share"] == 0.0
    assert calibration_figures(np.full(10, 0.95), correct)["wrong_confident_share"] == 1.0


@pytest.mark.parametrize(
    "confidence, correct, message",
    [([0.5, 0.6], [True], "two equal 1-D arrays"), ([1.5], [True], "between 0 and 1"), ([], [], "two equal")],
    ids=["lengths differ", "not a probability", "empty"],
)
def test_bad_inputs_say_what_was_expected(confidence, correct, message):
    with pytest.raises(ValueError, match=message):
        expected_calibration_error(confidence, correct)


def test_sure_from_is_the_confidence_of_the_least_sure_answer_kept_at_that_coverage():
    confidence = np.array([0.6, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91])
    right = np.ones(10, bool)
    assert sure_from(confidence, right, coverage=1.0) == 0.6
    assert sure_from(confidence, right, coverage=0.9) == 0.91
    assert sure_from(confidence, right, coverage=0.25) == 0.97
    assert np.mean(confidence >= sure_from(confidence, right, coverage=0.5)) == 0.5
