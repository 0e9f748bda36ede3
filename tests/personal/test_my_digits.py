import numpy as np
import pytest

from digit_model.personal.my_digits import MAX_DRAWINGS, MyDigits
from tests.personal.files import GOOD, WHEN, image, npz, three


def test_adding_keeps_exactly_one_more_drawing_with_its_label_answer_and_probabilities():
    before = three()
    after = before.add(image(3), 4, task="which_digit", model="svm", answer="9", probabilities=np.full(10, 0.1), time=WHEN)
    assert len(before) == 3 and len(after) == 4
    np.testing.assert_array_equal(after.images[-1], image(3))
    assert after.labels[-1] == 4 and after.answers[-1] == "9" and after.models[-1] == "which_digit/svm"
    assert after.times[-1] == "2026-11-28T13:00:00+00:00"
    np.testing.assert_array_equal(after.probabilities[1], [0.8, 0.2, 0, 0, 0, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(after.counts(), np.bincount([7, 5, 3, 4], minlength=10))


def test_a_drawing_with_the_wrong_number_of_probabilities_is_refused():
    with pytest.raises(ValueError, match="Expected 2 probabilities for the task 'five_or_not'"):
        MyDigits().add(image(0), 5, task="five_or_not", model="sgd", answer="5", probabilities=np.full(10, 0.1))


def test_deleting_removes_exactly_the_drawings_named():
    mine = three()
    left = mine.without([1])
    assert left.labels.tolist() == [7, 3] and left.answers.tolist() == ["1", "3"]
    np.testing.assert_array_equal(left.images, mine.images[[0, 2]])
    assert len(mine.without([])) == 3 and len(mine.without([0, 1, 2])) == 0


def test_saved_drawings_load_back_as_identical_arrays():
    mine = three()
    loaded = MyDigits.load(mine.save())
    for name in ("images", "labels", "times", "models", "answers", "probabilities"):
        np.testing.assert_array_equal(getattr(loaded, name), getattr(mine, name))
        assert getattr(loaded, name).dtype == getattr(mine, name).dtype
    assert len(MyDigits.load(MyDigits().save())) == 0


def test_merging_the_same_file_twice_adds_its_drawings_once():
    mine = three()
    again = mine.merged(MyDigits.load(mine.save()))
    assert len(again) == 3
    other = MyDigits().add(image(9), 1, task="which_digit", model="sgd", answer="1", probabilities=np.eye(10)[1])
    assert mine.merged(other).labels.tolist() == [7, 5, 3, 1]


def test_no_more_than_the_most_drawings_can_be_kept():
    many = MyDigits(
        images=np.zeros((MAX_DRAWINGS, 28, 28), np.uint8), labels=np.zeros(MAX_DRAWINGS, int),
        times=np.full(MAX_DRAWINGS, "t"), models=np.full(MAX_DRAWINGS, "m"), answers=np.full(MAX_DRAWINGS, "0"),
        probabilities=np.zeros((MAX_DRAWINGS, 10)),
    )
    with pytest.raises(ValueError, match="at most 2,000 drawings"):
        many.add(image(0), 1, task="which_digit", model="sgd", answer="1", probabilities=np.eye(10)[1])
    with pytest.raises(ValueError, match="more than the 2,000 you can keep"):
        three().merged(many)


_BAD_FILES = {
    "not an npz": (b"just some text", "not an .npz archive"),
    "a foreign npz": (npz(x_train=np.zeros((2, 28, 28), np.uint8)), "not a set of drawings saved by this app"),
    "missing arrays": (npz(format=GOOD["format"], images=GOOD["images"]), "lacks the arrays 'labels', 'times'"),
    "wrong image shape": (npz(**GOOD | {"images": np.zeros((2, 32, 32), np.uint8)}), "must be 28x28 uint8 images"),
    "wrong image dtype": (npz(**GOOD | {"images": np.zeros((2, 28, 28))}), "must be 28x28 uint8 images"),
    "labels outside 0-9": (npz(**GOOD | {"labels": np.array([1, 12])}), "Labels must be digits from 0 to 9"),
    "one label too few": (npz(**GOOD | {"labels": np.array([1])}), "Expected 2 digit labels"),
    "answers not text": (npz(**GOOD | {"answers": np.array([1, 2])}), "Expected 2 answers"),
    "probabilities above 1": (npz(**GOOD | {"probabilities": np.full((2, 10), 2.0)}), "numbers from 0 to 1"),
    "too many drawings": (npz(**GOOD | {"images": np.zeros((MAX_DRAWINGS + 1, 28, 28), np.uint8)}), "at most 2,000"),
    "pickled objects": (npz(**GOOD | {"labels": np.array([1, "x"], dtype=object)}), "pickled objects"),
    "truncated": (three().save()[:-40], "not"),
    "a zip bomb": (npz(**GOOD | {"padding": np.zeros(70 * 2**20, np.uint8)}), "unpacks to 70 MiB"),
}


@pytest.mark.parametrize("data, message", list(_BAD_FILES.values()), ids=list(_BAD_FILES))
def test_a_bad_or_foreign_file_is_refused_with_one_sentence(data, message):
    with pytest.raises(ValueError, match=message) as refused:
        MyDigits.load(data)
    text = str(refused.value)
    assert text.endswith(".") and ". " not in text and "\n" not in text


def test_a_good_file_written_by_hand_loads():
    assert MyDigits.load(npz(**GOOD)).labels.tolist() == [1, 2]
