import numpy as np
import pytest
from scipy import ndimage
from sklearn.neighbors import KNeighborsClassifier

from digit_model.lab.shifts import SHIFTS, Shifted, shifted
from tools.fonts import font_digits


@pytest.mark.parametrize("rows, cols", SHIFTS)
def test_a_whole_pixel_shift_is_the_books_ndimage_shift(rows, cols):
    images, _ = font_digits(5, seed=3)
    expected = np.stack([ndimage.shift(image, (rows, cols), cval=0, order=0) for image in images])
    assert np.array_equal(shifted(images, rows, cols), expected)


def test_shifted_learns_each_digit_five_times_and_knows_its_shifted_copies():
    images, labels = font_digits(40, seed=4)
    model = Shifted(KNeighborsClassifier(n_neighbors=1)).fit(images.reshape(40, -1), labels)
    assert model.estimator_.n_samples_fit_ == 5 * 40
    assert list(model.classes_) == list(range(10))
    moved = shifted(images, 0, 1).reshape(40, -1)
    assert np.array_equal(model.predict(moved), labels)
    assert not hasattr(Shifted(KNeighborsClassifier()), "decision_function")
