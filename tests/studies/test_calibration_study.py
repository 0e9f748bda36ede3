import numpy as np
import pytest

from digit_model.models.catalogue import WEAKEST_DUEL
from digit_model.studies.calibration import METHODS, _cross_calibrated, main, methods
from digit_model.tasks import TASKS


@pytest.mark.slow
def test_the_study_compares_every_method_on_every_task_asked(small_npz, small_pen, capsys):
    assert main(["--source", small_npz, "--pen-source", small_pen, "--tasks", "five_or_three", "which_digit", "--warp", "0.1"]) == 0
    captured = capsys.readouterr()
    assert "bent by a warp of 0.1" in captured.err
    lines = captured.out.splitlines()
    assert "pen ECE" in lines[0] and "MNIST ECE" in lines[0] and "pen accuracy" in lines[0]
    assert "pen wrong at >= 90% per 1,000" in lines[0]
    rows = [[cell.strip() for cell in line.split("|")[1:4]] for line in lines[2:]]
    assert rows == [
        [task, method, pool]
        for task in ("five_or_three", "which_digit") for method in methods(TASKS[task].classes)
        for pool in ("all", "canvas drawings")
    ]
    assert methods(TASKS["five_or_three"].classes) == METHODS and methods(TASKS["which_digit"].classes)[-1] == WEAKEST_DUEL


def test_the_study_without_pen_digits_is_one_line(small_npz, monkeypatch, capsys):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--source", small_npz]) == 2
    assert "error: No pen digits" in capsys.readouterr().err


def test_a_calibrator_fitted_on_some_samples_learns_from_those_alone():
    """Scores that say the truth for the samples fitted on, and the opposite for the others: fitted on the
    truthful ones alone, the calibrator trusts the scores; fitted on all, it learns they say nothing."""
    scores = np.tile([-2.0, -1.0, 1.0, 2.0], 40)
    truthful = np.repeat([True, False], 80)
    y = np.where(truthful, scores > 0, scores < 0).astype(int)
    folds = np.tile(np.repeat([0, 1], 40), 2)
    trusted = _cross_calibrated(scores, y, folds, [0, 1], "sigmoid", truthful)[:, 1]
    every = _cross_calibrated(scores, y, folds, [0, 1], "sigmoid", np.ones(160, bool))[:, 1]
    assert (trusted[scores > 0] > 0.8).all() and (trusted[scores < 0] < 0.2).all()
    np.testing.assert_allclose(every, 0.5, atol=0.05)
