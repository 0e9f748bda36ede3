"""My digits leave for a notebook as a digit-recognizer CSV and come back from one, merged like a saved .npz."""

import numpy as np
import pytest

from digit_model.personal.kaggle_csv import HEADER, to_kaggle_csv
from digit_model.personal.my_digits import MyDigits
from tests.app.app_helpers import open_page
from ui import my_state


def _drawings(*labels: int) -> MyDigits:
    mine = MyDigits()
    for number, label in enumerate(labels):
        image = np.zeros((28, 28), np.uint8)
        image[4:24, 4 + number] = 255
        mine = mine.add(image, label, task="which_digit", model="svm", answer=str(label), probabilities=np.eye(10)[label])
    return mine


def _bring(at, content: bytes, name: str):
    at.file_uploader(key=my_state.MY_UPLOAD).set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _mine(at) -> MyDigits:
    return at.session_state[my_state.MY_DIGITS]


def test_a_csv_of_drawings_comes_back_with_their_images_and_labels(app):
    written = _drawings(1, 7, 7)
    at = _bring(open_page(app, "My digits", task="which_digit"), to_kaggle_csv(written), "my_digits.csv")
    assert "Added 3 new drawings from my_digits.csv" in at.success[0].value
    assert np.array_equal(_mine(at).images, written.images) and _mine(at).labels.tolist() == [1, 7, 7]
    assert at.subheader[0].value == "3 drawings of yours"
    assert to_kaggle_csv(_mine(at)) == to_kaggle_csv(written)  # the same file again, byte for byte
    csv = next(button for button in at.get("download_button") if button.label == "As a CSV")
    assert not csv.proto.disabled


def test_a_csv_merges_with_the_drawings_held_and_adds_nothing_twice(app):
    at = _bring(open_page(app, "My digits", task="which_digit"), _drawings(3).save(), "my_digits.npz")
    at = _bring(at, to_kaggle_csv(_drawings(1, 2)), "first.csv")
    assert _mine(at).labels.tolist() == [3, 1, 2]
    at = _bring(at, to_kaggle_csv(_drawings(1, 2)), "again.csv")
    assert "Added 0 new drawings" in at.success[0].value and len(_mine(at)) == 3


def _malformed() -> dict[str, bytes]:
    good = to_kaggle_csv(_drawings(4)).decode()
    header, row = good.splitlines()
    return {
        "no-header": f"{row}\n".encode(),
        "short-row": f"{header}\n{row.rsplit(',', 1)[0]}\n".encode(),
        "not-numbers": f"{header}\n{row.replace('255', 'ink', 1)}\n".encode(),
        "label-out-of-range": f"{header}\n12{row[1:]}\n".encode(),
        "not-text": b"\x89PNG\r\n\x1a\n\xff\xfe",
    }


@pytest.mark.parametrize("content", list(_malformed().values()), ids=list(_malformed()))
def test_a_malformed_csv_is_refused_in_one_sentence_and_changes_nothing(app, content):
    at = _bring(open_page(app, "My digits", task="which_digit"), _drawings(3).save(), "my_digits.npz")
    at = _bring(at, content, "other.csv")
    (error,) = at.error
    assert "CSV" in error.value and "\n" not in error.value and error.value.endswith(".")
    assert _mine(at).labels.tolist() == [3]


def test_the_layout_is_kaggles():
    assert HEADER[:2] == ["label", "pixel0"] and HEADER[-1] == "pixel783"
