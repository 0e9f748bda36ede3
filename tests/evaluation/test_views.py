"""The report views the Metrics page reads: the digit strip at a threshold, and the book's figure 3-11 grid."""

import numpy as np
import pytest

from digit_model.evaluation.scoring import at_threshold, evaluate
from digit_model.evaluation.views import OUTCOMES, figure_3_11, threshold_strip
from digit_model.tasks import TASKS
from tests.helpers import FixedScores


def _report(task_id: str, *, seed: int = 0) -> tuple[dict, np.ndarray]:
    """A task's report on made-up "MNIST test labels", with scores that overlap around 0.5."""
    task = TASKS[task_id]
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, 1500)
    _, y, indices = task.select(labels, labels)
    positive = y == task.classes[1]
    scores = np.clip(0.25 + 0.5 * positive + rng.normal(0, 0.2, len(y)), 0, 1).round(6)
    model = FixedScores(scores).fit(np.zeros((len(y), 1)), y)
    return evaluate(model, np.zeros((len(y), 1)), y, task=task, indices=indices), labels


@pytest.mark.parametrize("task_id", ["five_or_not", "five_or_three"])
def test_moving_the_threshold_moves_exactly_the_digits_whose_score_crosses_it(task_id):
    report, labels = _report(task_id)
    low, high = (threshold_strip(report, threshold, test_labels=labels, near=100) for threshold in (0.45, 0.55))
    at_low = {digit["index"]: digit for digit in low["digits"]}
    common = [digit for digit in high["digits"] if digit["index"] in at_low]
    moved = {digit["index"] for digit in common if digit["outcome"] != at_low[digit["index"]]["outcome"]}
    crossing = {digit["index"] for digit in common if 0.45 <= digit["score"] < 0.55}
    assert moved == crossing and len(moved) >= 10
    scores = np.asarray(report["scores"])
    said_yes = [strip["counts"]["true positive"] + strip["counts"]["false positive"] for strip in (low, high)]
    assert said_yes[0] - said_yes[1] == np.sum((scores >= 0.45) & (scores < 0.55)) > 0


def test_the_strip_is_ordered_by_score_with_both_classes_and_the_digits_at_the_threshold():
    report, labels = _report("five_or_three")
    threshold = float(np.sort(report["scores"])[200])  # a digit's own score: it says "yes" from there on
    strip = threshold_strip(report, threshold, test_labels=labels, spread=80, near=10)
    digits = strip["digits"]
    assert 60 <= len(digits) <= 100
    assert [digit["score"] for digit in digits] == sorted(digit["score"] for digit in digits)
    assert {digit["digit"] for digit in digits} == {3, 5} and {d["is_positive"] for d in digits} == {True, False}
    scores = np.sort(report["scores"])
    at_cut = np.searchsorted(scores, threshold)
    shown = [digit["score"] for digit in digits]
    assert set(scores[at_cut - 10 : at_cut + 10]) <= set(shown)
    named = {(True, True): "true positive", (False, True): "false positive", (True, False): "false negative", (False, False): "true negative"}
    assert set(named.values()) == set(OUTCOMES)
    assert all(digit["outcome"] == named[digit["is_positive"], digit["score"] >= threshold] for digit in digits)
    assert sum(strip["counts"].values()) == report["n_test"]
    assert strip["counts"]["true positive"] + strip["counts"]["false positive"] == np.sum(scores >= threshold)
    figures = at_threshold(report, threshold)
    assert strip["precision"] == figures["precision"] and strip["recall"] == figures["recall"]
    assert threshold_strip(report, threshold, test_labels=labels) == strip


def test_precision_is_none_in_the_strip_when_nothing_reaches_the_threshold():
    report, labels = _report("five_or_not")
    report["scores"] = [min(score, 0.9) for score in report["scores"]]
    strip = threshold_strip(report, 0.95, test_labels=labels)
    assert strip["precision"] is None and strip["counts"]["true positive"] == strip["counts"]["false positive"] == 0


def test_the_strip_and_the_grid_refuse_labels_of_another_test_set():
    report, labels = _report("five_or_three")
    with pytest.raises(ValueError, match="not the ones the 'five_or_three' report was made on"):
        threshold_strip(report, 0.5, test_labels=np.random.default_rng(1).permutation(labels))
    with pytest.raises(ValueError, match="not the ones the 'five_or_three' report was made on"):
        figure_3_11(report, test_labels=labels[:-100])
    with pytest.raises(ValueError, match="binary tasks only"):
        threshold_strip({"task": "which_digit", "classes": list(range(10))}, 0.5, test_labels=labels)


@pytest.mark.parametrize("task_id", ["five_or_three", "which_digit"])
def test_the_grid_counts_equal_the_confusion_matrix_and_its_examples_belong_to_their_cell(task_id):
    report, labels = _report(task_id)
    grid = figure_3_11(report, test_labels=labels, per_cell=5)
    assert grid["counts"] == report["confusion_matrix"]
    classes = report["classes"]
    errors = {error["index"]: error for error in report["errors"]}
    for row, true in enumerate(classes):
        for col, said in enumerate(classes):
            examples = grid["examples"][row][col]
            assert len(examples) == min(5, grid["counts"][row][col])
            if row == col:
                assert examples == sorted(examples) and not set(examples) & set(errors)
                assert all(TASKS[task_id].target(labels[examples]) == true)
            else:
                assert [(errors[i]["true"], errors[i]["predicted"]) for i in examples] == [(true, said)] * len(examples)
                confidence = [errors[i]["confidence"] for i in examples]
                assert confidence == sorted(confidence, reverse=True)


def test_the_grid_refuses_a_report_whose_errors_were_capped():
    report, labels = _report("five_or_three")
    with pytest.raises(ValueError, match=f"each of its {len(report['errors'])} mistakes.*it lists {len(report['errors']) - 1}"):
        figure_3_11(dict(report, errors=report["errors"][:-1]), test_labels=labels)
