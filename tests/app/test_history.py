"""The history of a visit keeps its newest inputs, drops the oldest, and holds each input once."""

import numpy as np
import pytest

from ui.history import KEPT, History


def _image(number: int) -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image.flat[number] = 255  # a different image for every number up to 784
    return image


def _numbers(history: History) -> list[int]:
    return [seen.number for seen in history.newest_first()]


def test_the_history_keeps_the_newest_twenty_and_drops_the_oldest():
    history = History()
    for number in range(1, KEPT + 2):
        history = history.added(_image(number), str(number % 10))
    assert KEPT == 20 and len(history) == KEPT
    assert _numbers(history) == list(range(KEPT + 1, 1, -1))  # the first input went
    assert np.array_equal(next(history.newest_first()).image, _image(KEPT + 1))
    assert history.seen[0].answer == "2"


def test_an_input_already_in_the_history_is_not_added_again():
    history = History().added(_image(1), "7").added(_image(2), "1")
    assert history.added(_image(1), "7") is history
    assert history.added(_image(2).copy(), "not 5") is history  # the same image, answered otherwise: still once
    assert _numbers(history.added(_image(3), "4")) == [3, 2, 1]


def test_a_kept_image_is_a_copy_no_later_change_to_the_input_reaches():
    image = _image(5)
    history = History().added(image, "3")
    image[:] = 0
    assert next(history.newest_first()).image.flat[5] == 255
    with pytest.raises(ValueError):
        next(history.newest_first()).image[0, 0] = 1


def test_numbers_keep_counting_after_the_oldest_are_dropped():
    history = History()
    for number in range(1, 2 * KEPT + 1):
        history = history.added(_image(number), "0")
    assert history.count == 2 * KEPT and _numbers(history)[-1] == KEPT + 1
