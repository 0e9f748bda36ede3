"""Otsu's threshold, with which the photo reader tells clearly dark ink from paper: the rules a changed
number in its arithmetic would break."""

import numpy as np
import pytest

from digit_model.inputs.photo import _otsu


def test_any_two_levels_one_of_its_256_steps_apart_are_told_apart():
    """Faint pencil on grey paper: wherever the two levels lie, the one step between them is a split."""
    for low in np.arange(0.1, 0.9, 0.007):
        high = low + 1 / 256
        assert low - 1 / 256 < _otsu(np.r_[np.full(5, low), np.full(5, high)]) < high, low


@pytest.mark.parametrize("copies", [1, 10, 1000])
def test_the_threshold_does_not_depend_on_how_many_pixels_there_are(copies):
    """A small photo's few pixels, or a large one's many, in the same shares: the same split."""
    values = np.r_[np.full(3, 0.300), np.full(2, 0.3035)]
    assert 0.3 - 1 / 256 < _otsu(np.repeat(values, copies)) < 0.3035


# Paper, a grey and ink: (count, level) of each, and the level the split lies just above.
_THREE = {
    "a quarter each of grey and black": ([(500, 0.1), (250, 0.6), (250, 1.0)], 0.1),
    "an eighth each of grey and black": ([(100, 0.0), (50, 0.3), (50, 1.0)], 0.3),
    "a twelfth each of grey and ink": ([(500, 0.0), (50, 0.3), (50, 0.8)], 0.3),
}


@pytest.mark.parametrize("groups, above", list(_THREE.values()), ids=list(_THREE))
def test_of_paper_a_grey_and_ink_the_split_that_best_separates_two_groups_is_taken(groups, above):
    """The split with the largest variance between its two sides, each side weighed by its count; ink
    as dark as can be (strength 1) falls in the histogram's last level and weighs in too. The split
    lies within one of the 256 steps above the upper level of its lower side."""
    values = np.concatenate([np.full(count, level) for count, level in groups])
    assert above - 1 / 256 < _otsu(values) < above + 1 / 256
