import pytest

from digit_model.models.catalogue import WEAKEST_DUEL
from digit_model.studies.calibration import METHODS, main, methods
from digit_model.tasks import TASKS


@pytest.mark.slow
def test_the_study_compares_every_method_on_every_task_asked(small_npz, small_pen, capsys):
    assert main(["--source", small_npz, "--pen-source", small_pen, "--tasks", "five_or_three", "which_digit", "--warp", "0.1"]) == 0
    captured = capsys.readouterr()
    assert "bent by a warp of 0.1" in captured.err
    lines = captured.out.splitlines()
    assert "pen ECE" in lines[0] and "MNIST ECE" in lines[0] and "pen accuracy" in lines[0]
    rows = [[cell.strip() for cell in line.split("|")[1:3]] for line in lines[2:]]
    assert rows == [[task, method] for task in ("five_or_three", "which_digit") for method in methods(TASKS[task].classes)]
    assert methods(TASKS["five_or_three"].classes) == METHODS and methods(TASKS["which_digit"].classes)[-1] == WEAKEST_DUEL


def test_the_study_without_pen_digits_is_one_line(small_npz, monkeypatch, capsys):
    monkeypatch.delenv("PENDIGITS_PATH", raising=False)
    assert main(["--source", small_npz]) == 2
    assert "error: No pen digits" in capsys.readouterr().err
