import numpy as np
import pytest

from digit_model.tasks import TASKS, get_task


def test_the_three_tasks_have_the_book_classes_in_level_order():
    assert [(t.id, t.level, t.classes) for t in TASKS.values()] == [
        ("five_or_not", 1, (False, True)),
        ("five_or_three", 2, (3, 5)),
        ("which_digit", 3, tuple(range(10))),
    ]
    assert TASKS["five_or_three"].label == "Level 2 - 5 or 3?"


def test_select_keeps_only_the_task_digits_and_maps_labels():
    X = np.arange(10 * 4).reshape(10, 2, 2)
    y = np.arange(10)
    X5, y5, idx5 = get_task("five_or_not").select(X, y)
    assert y5.tolist() == [d == 5 for d in range(10)] and len(X5) == 10
    X35, y35, idx35 = get_task("five_or_three").select(X, y)
    assert y35.tolist() == [3, 5] and idx35.tolist() == [3, 5]
    assert np.array_equal(X35, X[[3, 5]])


def test_unknown_task_names_the_valid_ones():
    with pytest.raises(ValueError, match="Unknown task 'seven'.*'five_or_not'"):
        get_task("seven")
