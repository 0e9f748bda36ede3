"""Rules of My digits that a changed constant would break unnoticed by tests/personal/test_my_digits.py."""

import dataclasses
import io
import struct
import zipfile

import numpy as np
import pytest

from digit_model.personal.my_digits import MAX_DRAWINGS, MyDigits
from tests.personal.files import GOOD, image, npz, three


# ``n`` blank drawings of 0.
def _blank(n: int) -> MyDigits:
    return MyDigits(images=np.zeros((n, 28, 28), np.uint8), labels=np.zeros(n, int), times=np.full(n, "t"),
                    models=np.full(n, "m"), answers=np.full(n, "0"), probabilities=np.zeros((n, 10)))


@pytest.mark.parametrize("name", ["models", "answers", "times"])
def test_an_imported_file_with_an_over_long_text_is_refused(name):
    huge = np.array(["x" * 1000, "1"])  # far longer than any model name, answer or time the app writes
    with pytest.raises(ValueError, match="of at most .* characters"):
        MyDigits.load(npz(**GOOD | {name: huge}))


def test_texts_of_100_characters_load_and_of_101_are_refused():
    """The limit the refusal names is the one applied."""
    assert len(MyDigits.load(npz(**GOOD | {"models": np.array(["m" * 100, "m"])}))) == 2
    with pytest.raises(ValueError, match="of at most 100 characters"):
        MyDigits.load(npz(**GOOD | {"models": np.array(["m" * 101, "m"])}))


def test_a_file_that_unpacks_to_just_over_64_mib_is_refused_and_says_so():
    with pytest.raises(ValueError, match="more than the 64 MiB a saved set"):
        MyDigits.load(npz(**GOOD | {"padding": np.zeros(64 * 2**20 + 1024, np.uint8)}))


@pytest.mark.parametrize(
    "probabilities",
    [np.zeros((2, 9)), np.zeros((2, 10), np.int64), np.full((2, 10), -0.5)],
    ids=["nine columns", "integers", "negative"],
)
def test_probabilities_of_the_wrong_shape_type_or_sign_are_refused(probabilities):
    with pytest.raises(ValueError, match="numbers from 0 to 1"):
        MyDigits.load(npz(**GOOD | {"probabilities": probabilities}))


def test_merging_up_to_exactly_the_most_drawings_is_allowed():
    assert len(_blank(MAX_DRAWINGS - 3).merged(three())) == MAX_DRAWINGS


def test_a_collection_cannot_be_changed_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError):
        three().labels = np.zeros(3, int)


def test_what_a_drawing_was_answered_with_must_be_named_when_adding_it():
    with pytest.raises(TypeError):
        MyDigits().add(image(0), 7, "which_digit", "sgd", "7", np.eye(10)[7])


def test_refusing_a_merge_counts_the_drawings_it_would_make():
    with pytest.raises(ValueError, match="Together that makes 2,003 drawings"):
        _blank(MAX_DRAWINGS).merged(three())


@pytest.mark.parametrize(
    "missing, message",
    [(["answers"], r"lacks the array 'answers'\.$"), (["times", "answers"], r"lacks the arrays 'times', 'answers'\.$")],
    ids=["one", "two"],
)
def test_a_file_lacking_arrays_names_them(missing, message):
    with pytest.raises(ValueError, match=message):
        MyDigits.load(npz(**{name: value for name, value in GOOD.items() if name not in missing}))


def test_a_file_that_unpacks_to_exactly_64_mib_loads():
    def unpacked(data: bytes) -> int:
        return sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())

    padding = 64 * 2**20 - unpacked(npz(**GOOD, padding=np.zeros(0, np.uint8)))
    data = npz(**GOOD, padding=np.zeros(padding, np.uint8))
    assert unpacked(data) == 64 * 2**20
    assert len(MyDigits.load(data)) == 2


def test_a_collection_made_from_lists_holds_arrays_of_the_documented_types():
    mine = MyDigits(images=np.zeros((1, 28, 28), np.uint8), labels=[3], times=["t"], models=["m"], answers=["3"],
                    probabilities=np.zeros((1, 10), np.float32))
    assert mine.labels.dtype == np.int64 and mine.probabilities.dtype == np.float64
    assert mine.answers.dtype.kind == "U"


def test_a_file_marked_by_another_format_is_refused():
    with pytest.raises(ValueError, match="lacks the marker"):
        MyDigits.load(npz(**GOOD | {"format": np.array("another.app/1")}))


def test_a_file_whose_array_runs_past_its_end_is_refused_with_one_sentence():
    """The zip's directory promises more of the images than the file holds: the zip reader runs out
    of bytes mid-array (EOFError), which must read as a damaged file like any other."""
    whole = io.BytesIO()
    np.save(whole, GOOD["images"])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("images.npy", whole.getvalue()[:-1000])
    data = bytearray(archive.getvalue())
    directory = data.rindex(b"PK\x01\x02")  # the member's entry: its sizes are at bytes 20 to 27
    struct.pack_into("<II", data, directory + 20, len(whole.getvalue()), len(whole.getvalue()))
    with pytest.raises(Exception) as refused:
        MyDigits.load(bytes(data))
    assert (refused.type, str(refused.value)) == (ValueError, "This file is not a saved set of drawings: its arrays cannot be read.")


def _damaged(change) -> bytes:
    """A file save() wrote, its first member altered in place by ``change(data, start of its compressed bytes, its
    entry in the zip's directory)``."""
    data = bytearray(three().save())
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
    change(data, member.header_offset + 30 + name_length + extra_length, data.index(b"PK\x01\x02"))
    return bytes(data)


@pytest.mark.parametrize("change", [
    lambda data, start, entry: data.__setitem__(start, 0xFF),  # a deflate block of the reserved type: zlib.error
    lambda data, start, entry: struct.pack_into("<H", data, entry + 10, 99),  # an unknown method: NotImplementedError
    lambda data, start, entry: data.__setitem__(entry + 16, data[entry + 16] ^ 1),  # a wrong checksum: BadZipFile
], ids=["corrupt compressed bytes", "an unknown compression method", "a checksum that does not match"])
def test_a_damaged_compressed_file_is_refused_with_one_sentence(change):
    with pytest.raises(Exception) as refused:
        MyDigits.load(_damaged(change))
    assert (refused.type, str(refused.value)) == (ValueError, "This file is not a saved set of drawings: its arrays cannot be read.")
