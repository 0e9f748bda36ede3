import gzip
import socket

import numpy as np
import pytest

from digit_model.inputs.mnist import MnistError, checksum, load_mnist, load_test_set


def _arrays(n_train=20, n_test=10):
    rng = np.random.default_rng(0)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }


def _idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    return header + array.tobytes()


_IDX = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}


def _write_idx(folder, arrays, *, gz):
    for name, stem in _IDX.items():
        raw = _idx_bytes(arrays[name])
        if gz:
            (folder / f"{stem}.gz").write_bytes(gzip.compress(raw))
        else:
            (folder / stem).write_bytes(raw)


def _assert_same(loaded, arrays):
    for got, name in zip(loaded, ["x_train", "y_train", "x_test", "y_test"]):
        assert np.array_equal(got, arrays[name])
    assert loaded[0].dtype == np.uint8 and loaded[1].dtype == np.int64


def test_npz_loads_in_keras_layout(tmp_path):
    arrays = _arrays()
    np.savez(tmp_path / "m.npz", **arrays)
    _assert_same(load_mnist(tmp_path / "m.npz"), arrays)


@pytest.mark.parametrize("gz", [True, False], ids=["gzipped", "plain"])
def test_idx_folder_loads(tmp_path, gz):
    arrays = _arrays()
    _write_idx(tmp_path, arrays, gz=gz)
    _assert_same(load_mnist(tmp_path), arrays)


def test_mnist_path_environment_variable_is_used(tmp_path, monkeypatch):
    arrays = _arrays()
    np.savez(tmp_path / "m.npz", **arrays)
    monkeypatch.setenv("MNIST_PATH", str(tmp_path / "m.npz"))
    _assert_same(load_mnist(), arrays)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: a.pop("y_test"), "lacks the arrays y_test"),
        (lambda a: a.update(x_train=a["x_train"].reshape(20, 784)), r"uint8 of shape \(n, 28, 28\)"),
        (lambda a: a.update(x_test=a["x_test"].astype(np.float32)), "got float32"),
        (lambda a: a.update(y_train=a["y_train"] + 10), "integers 0-9"),
        (lambda a: a.update(y_test=a["y_test"][:3]), "one per image"),
    ],
    ids=["missing array", "flat images", "float images", "labels over 9", "too few labels"],
)
def test_bad_npz_is_refused_with_a_reason(tmp_path, change, message):
    arrays = _arrays()
    change(arrays)
    np.savez(tmp_path / "m.npz", **arrays)
    with pytest.raises(MnistError, match=message):
        load_mnist(tmp_path / "m.npz")


def test_missing_path_names_both_remedies(tmp_path):
    with pytest.raises(MnistError, match="does not exist.*MNIST_PATH.*internet"):
        load_mnist(tmp_path / "nowhere.npz")


def test_a_file_that_is_not_npz_is_refused(tmp_path):
    (tmp_path / "m.npz").write_bytes(b"not a zip file at all")
    with pytest.raises(MnistError, match="not a readable .npz"):
        load_mnist(tmp_path / "m.npz")


def test_truncated_idx_file_is_refused(tmp_path):
    _write_idx(tmp_path, _arrays(), gz=False)
    images = tmp_path / "t10k-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[:-100])
    with pytest.raises(MnistError, match="t10k-images-idx3-ubyte' is truncated"):
        load_mnist(tmp_path)


def test_idx_folder_missing_a_file_names_it(tmp_path):
    _write_idx(tmp_path, _arrays(), gz=True)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(MnistError, match="no train-labels-idx1-ubyte"):
        load_mnist(tmp_path)


def test_idx_with_bad_magic_is_refused(tmp_path):
    _write_idx(tmp_path, _arrays(), gz=False)
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x09\x03" + b"\x00" * 20)
    with pytest.raises(MnistError, match="bad magic number"):
        load_mnist(tmp_path)


def test_no_network_and_no_local_copy_names_both_remedies(tmp_path, monkeypatch):
    monkeypatch.delenv("MNIST_PATH", raising=False)
    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path))  # an empty cache: OpenML must be asked

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(socket, "create_connection", offline)
    monkeypatch.setattr(socket.socket, "connect", offline)
    with pytest.raises(MnistError, match="OpenML could not be reached.*MNIST_PATH.*internet"):
        load_mnist()


def test_checksum_changes_with_a_single_pixel():
    arrays = _arrays()
    before = checksum(arrays["x_train"], arrays["y_train"])
    arrays["x_train"][0, 0, 0] ^= 1
    assert checksum(arrays["x_train"], arrays["y_train"]) != before


def test_the_test_set_is_only_given_when_it_is_the_one_a_report_names(small_npz):
    _, _, X_test, y_test = load_mnist(small_npz)
    images, labels = load_test_set(checksum(X_test, y_test), small_npz)
    assert np.array_equal(images, X_test) and np.array_equal(labels, y_test)
    other = checksum(X_test[::-1], y_test[::-1])  # the same digits in another order
    with pytest.raises(MnistError, match="is not the one this model's report was made on"):
        load_test_set(other, small_npz)
