import numpy as np
import pytest

from digit_model.personal.kaggle_csv import HEADER, from_kaggle_csv, to_kaggle_csv
from digit_model.personal.my_digits import MAX_DRAWINGS, MyDigits
from tools.fonts import font_digits


def mine(n: int) -> MyDigits:
    images, labels = font_digits(n, seed=1)
    collection = MyDigits()
    for image, label in zip(images, labels):
        collection = collection.add(image, int(label), task="which_digit", model="sgd", answer=str(label),
                                    probabilities=np.full(10, 0.1))
    return collection


def test_the_drawings_round_trip_through_the_digit_recognizer_layout():
    original = mine(12)
    data = to_kaggle_csv(original)
    lines = data.decode().splitlines()
    assert lines[0] == ",".join(HEADER) and len(lines) == 13
    assert lines[1].split(",")[0] == str(original.labels[0])
    back = from_kaggle_csv(data)
    np.testing.assert_array_equal(back.images, original.images)
    np.testing.assert_array_equal(back.labels, original.labels)
    assert to_kaggle_csv(back) == data


def test_reading_the_same_csv_twice_adds_nothing():
    data = to_kaggle_csv(mine(5))
    once = MyDigits().merged(from_kaggle_csv(data))
    assert len(once.merged(from_kaggle_csv(data))) == 5


def test_an_empty_collection_is_just_the_header():
    assert from_kaggle_csv(to_kaggle_csv(MyDigits())).images.shape == (0, 28, 28)


def _with_row(row: str) -> bytes:
    return (",".join(HEADER) + "\n" + row + "\n").encode()


@pytest.mark.parametrize("data, match", [
    (b"\x89PNG\r\n\x1a\n\xff\xfe", "not plain text"),
    (b"id,label\n1,2\n", "first line must be label,pixel0"),
    (b"", "first line must be label"),
    (_with_row("3," + ",".join(["0"] * 783)), "Line 2 of this CSV has 784 values, not the 785"),
    (_with_row("3," + ",".join(["x"] * 784)), "Line 2 of this CSV holds something other than whole numbers"),
    (_with_row("12," + ",".join(["0"] * 784)), "Line 2 of this CSV is out of range"),
    (_with_row("3," + ",".join(["256"] * 784)), "out of range"),
    (("\n".join([",".join(HEADER)] + ["1," + ",".join(["0"] * 784)] * (MAX_DRAWINGS + 1))).encode(), "more than the 2,000"),
    (b"label" + b"," * (17 * 2**20), "MiB, more than 2,000 drawings take"),
], ids=["binary", "other-header", "empty", "short-row", "not-numbers", "label-12", "pixel-256", "too-many", "too-big"])
def test_a_malformed_csv_is_refused_in_one_sentence(data, match):
    with pytest.raises(ValueError, match=match):
        from_kaggle_csv(data)
