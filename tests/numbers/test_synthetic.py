"""The benchmark's numbers: one writer's digits side by side on a wide canvas, apart or touching, seeded."""

import numpy as np
import pytest

from digit_model.inputs.canvas import CANVAS
from digit_model.inputs.pendigits import parse
from digit_model.numbers.synthetic import LAYOUTS, mnist_numbers, pen_numbers
from tests.helpers import pen_text

PEN = parse(pen_text(per_digit=1, seed=0))


def ink_of(canvas: np.ndarray) -> np.ndarray:
    return canvas[:, :, 3] if canvas[0, 0, 3] == 0 else np.abs(canvas[:, :, 0].astype(int) - canvas[0, 0, 0])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_number_is_drawn_digit_by_digit_inside_its_boxes(layout):
    for number in pen_numbers(PEN, 4, 6, layout=layout, seed=1):
        assert number.canvas.shape[0] == CANVAS and number.canvas.dtype == np.uint8 and len(number.digits) == 4
        inside = np.zeros(number.canvas.shape[:2], bool)
        for x0, y0, x1, y1 in number.boxes:
            assert 0 <= x0 < x1 <= number.canvas.shape[1] and 0 <= y0 < y1 <= CANVAS
            inside[y0:y1, x0:x1] = True
        assert ink_of(number.canvas)[~inside].max(initial=0) <= 128  # outside the boxes, only the brush's half-inked rim
        every = np.vstack(number.strokes)
        assert every[:, 0].min() >= number.boxes[0][0] and every[:, 0].max() <= number.boxes[-1][2]


def test_digits_are_apart_in_the_gaps_layout_and_touch_or_overlap_a_little_in_the_touching_one():
    for layout in LAYOUTS:
        for number in pen_numbers(PEN, 5, 6, layout=layout, seed=2):
            height = np.median([y1 - y0 for _, y0, _, y1 in number.boxes])
            spaces = np.array([after[0] - before[2] for before, after in zip(number.boxes, number.boxes[1:])])
            if layout == "gaps":
                assert (spaces >= 0.1 * height - 2).all()
            else:
                assert (spaces <= 1).all() and (spaces >= -0.1 * height - 2).all()


def test_a_number_is_written_by_one_writer_and_the_same_seed_builds_the_same_number():
    # writer 1 wrote only 7s and writer 2 only 1s: every number is all 7s or all 1s
    only = PEN.subset(((PEN.writers == 1) & (PEN.labels == 7)) | ((PEN.writers == 2) & (PEN.labels == 1)))
    doubled = only.subset(np.repeat(np.arange(len(only)), 3))
    numbers = pen_numbers(doubled, 3, 8, layout="gaps", seed=0)
    assert {number.digits for number in numbers} == {(7, 7, 7), (1, 1, 1)}
    again = pen_numbers(doubled, 3, 8, layout="gaps", seed=0)
    assert all(np.array_equal(a.canvas, b.canvas) and a.boxes == b.boxes for a, b in zip(numbers, again))


def test_mnist_numbers_are_pictures_only(small_npz):
    data = np.load(small_npz)
    numbers = mnist_numbers(data["x_test"], data["y_test"], 3, 4, layout="touching", seed=0, digits=(3, 5))
    assert all(number.strokes is None and set(number.digits) <= {3, 5} and len(number.boxes) == 3 for number in numbers)


@pytest.mark.parametrize("call, sentence", [
    (lambda: pen_numbers(PEN, 2, 1, layout="cursive", seed=0),
     "The layout must be one of 'gaps', 'touching'; got 'cursive' instead."),
    (lambda: pen_numbers(PEN, 11, 1, layout="gaps", seed=0), "No writer has 11 digits to build a number from; got at most 10."),
])
def test_impossible_numbers_are_refused_in_one_sentence(call, sentence):
    with pytest.raises(ValueError, match=sentence):
        call()
