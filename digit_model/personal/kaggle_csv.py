"""My digits as a CSV in the Kaggle digit-recognizer layout: ``label,pixel0,...,pixel783``, one row a drawing.

The layout every MNIST notebook reads, so a visitor's drawings can leave the app for a notebook
and come back. It keeps only the images and labels: drawings read back from it carry no model,
answer or probabilities, and a fixed time, so reading the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from digit_model.basics import SIDE
from digit_model.personal.my_digits import MAX_DRAWINGS, MyDigits

__all__ = ["HEADER", "to_kaggle_csv", "from_kaggle_csv"]

HEADER = ["label"] + [f"pixel{i}" for i in range(SIDE * SIDE)]
_IMPORTED = "1970-01-01T00:00:00+00:00"  # the time of every drawing read from a CSV, which has none
_MAX_BYTES = 16 * 2**20  # a full file of MAX_DRAWINGS rows of "255," takes under 8 MiB


def to_kaggle_csv(mine: MyDigits) -> bytes:
    """The drawings as CSV bytes, header first, one row per drawing: its label, then its 784 pixels row by row."""
    rows = np.column_stack([mine.labels, mine.images.reshape(len(mine), SIDE * SIDE)]).astype(np.int64)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows.tolist())
    return text.getvalue().encode("ascii")


def from_kaggle_csv(data: bytes) -> MyDigits:
    """Drawings read from a CSV in that layout, or a ValueError saying in one sentence what is wrong."""
    if not isinstance(data, (bytes, bytearray)):
        raise ValueError("Expected the bytes of a CSV file.")
    if len(data) > _MAX_BYTES:
        raise ValueError(f"This CSV is {len(data) / 2**20:.0f} MiB, more than {MAX_DRAWINGS:,} drawings take.")
    try:
        lines = data.decode("ascii").splitlines()
    except UnicodeDecodeError:
        raise ValueError("This file is not a CSV of drawings: it is not plain text.") from None
    rows = list(csv.reader(lines))
    if not rows or [cell.strip() for cell in rows[0]] != HEADER:
        raise ValueError("This CSV is not in the digit-recognizer layout: its first line must be label,pixel0,...,pixel783.")
    body = [row for row in rows[1:] if row]
    if len(body) > MAX_DRAWINGS:
        raise ValueError(f"This CSV has {len(body):,} drawings, more than the {MAX_DRAWINGS:,} you can keep.")
    values = _numbers(body)
    return MyDigits(
        images=values[:, 1:].astype(np.uint8).reshape(-1, SIDE, SIDE),
        labels=values[:, 0],
        times=np.full(len(values), _IMPORTED),
        models=np.full(len(values), ""),
        answers=np.full(len(values), ""),
        probabilities=np.zeros((len(values), 10)),
    )


# The rows as integers, each a label 0-9 and 784 pixels 0-255; the first bad row is named.
def _numbers(body: list[list[str]]) -> np.ndarray:
    values = np.zeros((len(body), len(HEADER)), np.int64)
    for number, row in enumerate(body, start=2):
        if len(row) != len(HEADER):
            raise ValueError(f"Line {number} of this CSV has {len(row)} values, not the {len(HEADER)} of a label and 784 pixels.")
        try:
            values[number - 2] = [int(cell) for cell in row]
        except ValueError:
            raise ValueError(f"Line {number} of this CSV holds something other than whole numbers.") from None
        label, pixels = values[number - 2, 0], values[number - 2, 1:]
        if not 0 <= label <= 9 or pixels.min() < 0 or pixels.max() > 255:
            raise ValueError(f"Line {number} of this CSV is out of range: the label must be 0-9 and the pixels 0-255.")
    return values
