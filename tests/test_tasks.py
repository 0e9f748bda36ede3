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


def test_class_labels_read_as_people_say_them():
    assert [TASKS["five_or_not"].class_label(v) for v in (False, True)] == ["not 5", "5"]
    assert TASKS["five_or_three"].class_label(3) == "3"


@pytest.mark.parametrize(
    "task_id, proba, threshold, expected",
    [
        ("five_or_not", [0.4, 0.6], 0.5, True),
        ("five_or_not", [0.4, 0.6], 0.7, False),
        ("five_or_three", [0.9, 0.1], 0.05, 5),
        ("which_digit", [0.05] * 7 + [0.6, 0.05, 0.0], 0.99, 7),
    ],
    ids=["yes at 0.5", "no at 0.7", "low threshold says 5", "multiclass ignores the threshold"],
)
def test_decide_applies_the_threshold_to_binary_tasks_only(task_id, proba, threshold, expected):
    assert TASKS[task_id].decide(np.array(proba), threshold=threshold) == expected
