import numpy as np
import pytest
from sklearn.metrics import precision_score, recall_score

from digit_model.evaluation.scoring import at_threshold, confusion, evaluate
from digit_model.tasks import TASKS
from tests.helpers import FixedScores


@pytest.fixture
def binary_report():
    rng = np.random.default_rng(0)
    truth = rng.random(500) < 0.2
    scores = np.clip(truth * 0.5 + rng.random(500) * 0.6, 0, 1)
    model = FixedScores(scores).fit(np.zeros((500, 1)), truth)
    return evaluate(model, np.zeros((500, 1)), truth, task=TASKS["five_or_not"], indices=np.arange(500)), truth, scores


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.77, 1.0])
def test_threshold_figures_match_scikit_learn(binary_report, threshold):
    report, truth, scores = binary_report
    figures = at_threshold(report, threshold)
    assert figures["precision"] == pytest.approx(precision_score(truth, scores >= threshold))
    assert figures["recall"] == pytest.approx(recall_score(truth, scores >= threshold))
    assert figures["false_positive_rate"] == pytest.approx(np.mean(scores[~truth] >= threshold))


def test_raising_the_threshold_trades_recall_for_precision(binary_report):
    report, _, _ = binary_report
    low, high = at_threshold(report, 0.3), at_threshold(report, 0.7)
    assert high["precision"] > low["precision"] and high["recall"] < low["recall"]


def test_precision_is_undefined_when_no_test_digit_reaches_the_threshold(binary_report):
    report, _, _ = binary_report
    below_one = dict(report, scores=[0.9 * score for score in report["scores"]])
    figures = at_threshold(below_one, 0.95)
    assert figures["precision"] is None and figures["recall"] == 0.0
    assert at_threshold(below_one, 0.9)["precision"] is not None


def test_thresholds_are_checked(binary_report):
    report, _, _ = binary_report
    with pytest.raises(ValueError, match="between 0 and 1; got 1.5"):
        at_threshold(report, 1.5)
    with pytest.raises(ValueError, match="binary tasks only"):
        at_threshold({"task": "which_digit", "classes": list(range(10))}, 0.5)


def test_confusion_normalisations():
    report = {"confusion_matrix": [[8, 2], [1, 9]]}
    assert confusion(report).tolist() == [[8, 2], [1, 9]]
    assert confusion(report, "by true class").tolist() == [[0.8, 0.2], [0.1, 0.9]]
    assert confusion(report, "errors only").tolist() == [[0.0, 0.2], [0.1, 0.0]]
    with pytest.raises(ValueError, match="must be one of 'counts'.*got 'rows'"):
        confusion(report, "rows")
