"""Rules of the calibration figures that a changed constant or operator would break unnoticed by
tests/evaluation/test_calibration.py: where an answer's bin is, what counts as confident, the curve's points."""

import numpy as np
import pytest

from digit_model.evaluation.calibration import (
    calibration_figures,
    expected_calibration_error,
    reliability,
    sure_from,
)


def test_each_bin_covers_its_tenth_and_the_top_one_holds_a_confidence_of_exactly_1():
    table = reliability([0.05, 0.95, 1.0], [True, False, True])
    assert [(b["low"], b["high"], b["n"]) for b in table] == [(0.0, 0.1, 1), (0.9, 1.0, 2)]


def test_a_wrong_answer_given_with_exactly_the_confident_level_counts_as_confident():
    assert calibration_figures([0.9, 0.5, 0.8], [False, True, True])["wrong_confident_share"] == 1.0
    assert calibration_figures([0.9, 0.5], [True, True])["wrong_confident_share"] == 0.0  # no wrong answer


def test_the_curve_keeps_a_point_at_every_1_percent_of_coverage_to_four_decimals():
    thousand = calibration_figures(np.linspace(0.5, 1.0, 1000), np.ones(1000, bool))["risk_coverage"]["coverage"]
    assert len(thousand) == 101 and thousand[0] == 0.001 and thousand[-1] == 1.0
    assert np.diff(thousand).max() <= 0.011
    three = calibration_figures([0.9, 0.8, 0.7], [True, True, False])["risk_coverage"]["coverage"]
    assert three == [0.3333, 0.6667, 1.0]


@pytest.mark.parametrize("coverage", [0.0, 0.1], ids=["none", "the top tenth"])
def test_keeping_the_fewest_answers_keeps_the_most_confident_one(coverage):
    assert sure_from(np.linspace(0.05, 0.95, 10), np.ones(10, bool), coverage=coverage) == 0.95


def test_the_number_of_bins_must_be_named():
    with pytest.raises(TypeError):
        expected_calibration_error([0.5], [True], 5)


@pytest.mark.parametrize("confidence, allowed", [(0.0, True), (-0.5, False)], ids=["0", "below 0"])
def test_a_confidence_of_0_is_allowed_and_one_below_it_refused(confidence, allowed):
    if allowed:
        assert reliability([confidence], [False])[0]["n"] == 1
    else:
        with pytest.raises(ValueError, match="between 0 and 1"):
            reliability([confidence], [False])


def test_one_answer_is_enough_for_every_figure():
    figures = calibration_figures([0.7], [True])
    assert figures["accuracy_at_coverage"] == {"1.00": 1.0, "0.95": 1.0, "0.90": 1.0}


def test_the_curve_lists_accuracy_and_confidence_most_confident_first_to_six_decimals():
    curve = calibration_figures([0.9, 0.8, 0.1234567], [True, True, False])["risk_coverage"]
    assert curve["accuracy"] == [1.0, 1.0, 0.666667]
    assert curve["confidence"] == [0.9, 0.8, 0.123457]


@pytest.mark.parametrize("figure", [reliability, sure_from], ids=["reliability", "sure_from"])
def test_the_options_must_be_named(figure):
    with pytest.raises(TypeError):
        figure([0.5], [True], 1)
