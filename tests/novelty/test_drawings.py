"""The non-digit drawings: every kind, as many as asked, seeded, read back by to_mnist."""

import numpy as np
import pytest

from digit_model.inputs.pendigits import load_pendigits
from digit_model.novelty.drawings import KINDS, TEMPLATES, non_digit_drawings


@pytest.fixture(scope="module")
def pen(small_pen):
    return load_pendigits(small_pen, split="eval")


@pytest.fixture(scope="module")
def drawings(pen):
    return non_digit_drawings(pen, per_template=2, seed=5)


def test_every_template_is_drawn_as_often_as_asked_and_the_pen_kinds_as_often_as_the_largest_kind(drawings):
    largest = max(len(named) for named in TEMPLATES.values())
    expected = {kind: 2 * len(named) for kind, named in TEMPLATES.items()} | {"two digits": 2 * largest, "crossed-out digit": 2 * largest}
    assert {kind: int(np.sum(drawings.kinds == kind)) for kind in KINDS} == expected
    assert all(np.sum(drawings.names == name) == 2 for named in TEMPLATES.values() for name in named)
    assert drawings.images.shape == (len(drawings), 28, 28) and drawings.images.dtype == np.uint8


def test_a_drawing_is_ink_where_to_mnist_read_it_and_blank_where_it_refused(drawings):
    inked = drawings.images.reshape(len(drawings), -1).max(axis=1) > 0
    assert np.array_equal(inked, drawings.read)
    assert drawings.read.mean() > 0.5


def test_the_same_seed_draws_the_same_drawings_and_another_seed_others(pen, drawings):
    again = non_digit_drawings(pen, per_template=2, seed=5)
    other = non_digit_drawings(pen, per_template=2, seed=6)
    assert np.array_equal(again.images, drawings.images) and np.array_equal(again.names, drawings.names)
    assert not np.array_equal(other.images, drawings.images)


def test_two_digits_side_by_side_are_mostly_wider_than_tall(drawings):
    ink = drawings.images[(drawings.kinds == "two digits") & drawings.read] > 0
    widths = ink.any(axis=1).sum(axis=1)
    heights = ink.any(axis=2).sum(axis=1)
    assert len(ink) and np.median(widths / heights) > 1  # two 1s can still be taller than wide


@pytest.mark.parametrize("per_template, count, message", [
    (0, 10, r"^The 'per_template' parameter must be an integer of at least 1; got 0 instead\.$"),
    (1, 1, r"^Two or more pen digits are needed to draw two at once; got 1 instead\.$"),
], ids=["no drawings", "one pen digit"])
def test_too_few_drawings_or_pen_digits_is_one_sentence(pen, per_template, count, message):
    with pytest.raises(ValueError, match=message):
        non_digit_drawings(pen.subset(np.arange(count)), per_template=per_template)
