"""Load MNIST in the book's standard split: the first 60,000 images train, the last 10,000 test.

Sources, in order: an explicit path, the ``MNIST_PATH`` environment variable, then OpenML as
the book does (``fetch_openml("mnist_784")``, cached in scikit-learn's data home). A path is
either a Keras-layout ``.npz`` or a folder holding the four original IDX files.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import numpy as np

from digit_model.basics import SIDE

__all__ = ["MnistError", "load_mnist", "load_test_set", "checksum", "N_TRAIN", "ENV_VAR"]

ENV_VAR = "MNIST_PATH"
N_TRAIN = 60_000
_IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
_FIX = (
    f"Set {ENV_VAR} to a local copy (a Keras-layout .npz, or a folder with the four IDX "
    "files), or connect to the internet so that OpenML's mnist_784 can be downloaded once."
)

Split = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class MnistError(ValueError):
    """MNIST could not be loaded; the message says why and how to fix it."""


def load_mnist(source: str | os.PathLike | None = None) -> Split:
    """Return ``(X_train, y_train, X_test, y_test)``.

    Images are uint8 arrays of shape (n, 28, 28) with ink 255 on 0, labels int64 in 0-9.
    Everything is validated before anything is returned, so a broken source never
    yields half-loaded data.
    """
    source = source if source is not None else os.environ.get(ENV_VAR) or None
    if source is None:
        arrays = _from_openml()
    else:
        path = Path(source).expanduser()
        if not path.exists():
            raise MnistError(f"No MNIST copy at {str(path)!r}: the path does not exist. {_FIX}")
        arrays = _from_idx_folder(path) if path.is_dir() else _from_npz(path)
    return _validated(arrays, origin=str(source or "OpenML"))


def load_test_set(expected_sha256: str, source: str | os.PathLike | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(X_test, y_test)``, only when they are the test set a report was made on.

    A report's mistakes are indices into the test set: on any other copy of MNIST (another
    order, another version) they would point at the wrong images.
    """
    _, _, X_test, y_test = load_mnist(source)
    if checksum(X_test, y_test) != expected_sha256:
        raise MnistError(
            f"The MNIST test set from {str(source or os.environ.get(ENV_VAR) or 'OpenML')!r} is not the one this "
            "model's report was made on (its checksum differs), so its mistakes cannot be shown; use the standard MNIST."
        )
    return X_test, y_test


def checksum(*arrays: np.ndarray) -> str:
    """SHA-256 of the arrays' bytes, recorded in reports to tie a model to its training and test data."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _from_npz(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = sorted(set(_IDX_FILES) - set(npz.files))
            if missing:
                raise MnistError(
                    f"{str(path)!r} lacks the arrays {', '.join(missing)}: expected a Keras-layout "
                    f"MNIST .npz with x_train, y_train, x_test, y_test."
                )
            return {name: npz[name] for name in _IDX_FILES}
    except MnistError:
        raise
    except (OSError, ValueError, EOFError) as error:
        raise MnistError(
            f"{str(path)!r} is not a readable .npz file ({error}). {_FIX}"
        ) from error


def _from_idx_folder(folder: Path) -> dict[str, np.ndarray]:
    arrays = {}
    for name, stem in _IDX_FILES.items():
        candidates = [folder / stem, folder / f"{stem}.gz"]
        found = next((p for p in candidates if p.is_file()), None)
        if found is None:
            raise MnistError(
                f"{str(folder)!r} has no {stem} (or {stem}.gz): a MNIST folder needs the four "
                f"IDX files {', '.join(_IDX_FILES.values())}."
            )
        arrays[name] = _read_idx(found)
    return arrays


def _read_idx(path: Path) -> np.ndarray:
    """Parse one IDX file of unsigned bytes (magic 0x0801 labels, 0x0803 images)."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError) as error:
        raise MnistError(f"Cannot read {str(path)!r}: {error}. Replace the file.") from error
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] != 0x08 or raw[3] not in (1, 3):
        raise MnistError(f"{str(path)!r} is not an IDX file of unsigned bytes (bad magic number).")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise MnistError(f"{str(path)!r} is truncated: its header is incomplete.")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = int(np.prod(shape))
    if len(raw) - header != expected:
        raise MnistError(
            f"{str(path)!r} is truncated or padded: its header announces {expected:,} bytes "
            f"of data for shape {shape}, the file holds {len(raw) - header:,}. Download it again."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _from_openml() -> dict[str, np.ndarray]:
    from sklearn.datasets import fetch_openml

    try:
        X, y = fetch_openml("mnist_784", version=1, as_frame=False, return_X_y=True)
    except Exception as error:  # urllib, http and socket errors all mean: no data today
        raise MnistError(f"MNIST is not available offline and OpenML could not be reached ({error}). {_FIX}") from error
    images = np.asarray(X).reshape(-1, SIDE, SIDE).astype(np.uint8)
    labels = np.asarray(y).astype(np.int64)
    return {
        "x_train": images[:N_TRAIN],
        "y_train": labels[:N_TRAIN],
        "x_test": images[N_TRAIN:],
        "y_test": labels[N_TRAIN:],
    }


def _validated(arrays: dict[str, np.ndarray], *, origin: str) -> Split:
    for part in ("train", "test"):
        images, labels = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE) or images.dtype != np.uint8:
            raise MnistError(
                f"MNIST {part} images from {origin} must be uint8 of shape (n, 28, 28); "
                f"got {images.dtype} of shape {images.shape}."
            )
        if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
            raise MnistError(
                f"MNIST {part} labels from {origin} must be one per image ({images.shape[0]}); "
                f"got shape {labels.shape}."
            )
        if not np.issubdtype(labels.dtype, np.integer) or labels.size and (labels.min() < 0 or labels.max() > 9):
            raise MnistError(f"MNIST {part} labels from {origin} must be integers 0-9.")
        if images.shape[0] == 0:
            raise MnistError(f"MNIST {part} set from {origin} is empty.")
    return (
        np.ascontiguousarray(arrays["x_train"]),
        arrays["y_train"].astype(np.int64),
        np.ascontiguousarray(arrays["x_test"]),
        arrays["y_test"].astype(np.int64),
    )
