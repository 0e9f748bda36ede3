"""The number benchmark: how often whole numbers are read right, from their strokes and from the image alone.

Numbers of 2 to 6 digits are built (:mod:`digit_model.numbers.synthetic`) from the pen digits of
one writer each, with natural gaps and touching, and from MNIST test digits, and read by
:func:`digit_model.numbers.reading.read_number` exactly as the app reads a canvas: with the
canvas's strokes, and from the image alone. A reading that raises counts as wrong.
"""

from __future__ import annotations

import time

import numpy as np

from digit_model.inputs.pendigits import PenDigits
from digit_model.numbers.reading import read_number
from digit_model.numbers.synthetic import LAYOUTS, Number, mnist_numbers, pen_numbers
from digit_model.tasks import Task

__all__ = ["NUMBER_SEED", "LENGTHS", "number_rows"]

#: The benchmark's numbers. The split's levels were tuned on the training writers' numbers built with other seeds.
NUMBER_SEED = 0
LENGTHS = (2, 3, 4, 5, 6)


def number_rows(model, *, task: Task, pen: PenDigits | None = None, mnist: tuple[np.ndarray, np.ndarray] | None = None,
                lengths: tuple[int, ...] = LENGTHS, count: int = 100, seed: int = NUMBER_SEED) -> list[dict]:
    """A table row per source of digits, layout and number length, as Markdown-ready strings.

    Parameters
    ----------
    model : a fitted estimator of the task, with ``predict_proba`` and ``classes_``
    pen : pen digits to build numbers from, strokes and all (the evaluation writers', for a fair test)
    mnist : ``(images, labels)``, (n, 28, 28) uint8 and (n,) digits, to build numbers from (image only)
    count : numbers per source, layout and length

    Each row holds the share of numbers read whole and right, read as the right count of
    digits, and of digits read right (in order: the longest common subsequence of the digits
    read and the digits written), with the strokes and from the image alone; and the
    milliseconds per digit of each reading, the model's share in brackets.
    """
    rows = []
    for name, digits in [("pen", pen), ("MNIST test", mnist)]:
        if digits is None:
            continue
        for layout in LAYOUTS:
            for length in lengths:
                numbers = _build(digits, length, count, layout=layout, seed=seed, task=task)
                row = {"numbers": name, "layout": layout, "digits": length, "n": len(numbers)}
                has_strokes = numbers[0].strokes is not None
                row |= _cells(_figures(numbers, model, task=task, use_strokes=True) if has_strokes else None, "strokes")
                row |= _cells(_figures(numbers, model, task=task, use_strokes=False), "image")
                rows.append(row)
    return rows


def _build(digits, length: int, count: int, *, layout: str, seed: int, task: Task) -> list[Number]:
    if isinstance(digits, PenDigits):
        return pen_numbers(digits, length, count, layout=layout, seed=seed, digits=task.digits)
    images, labels = digits
    return mnist_numbers(images, labels, length, count, layout=layout, seed=seed, digits=task.digits)


def _figures(numbers: list[Number], model, *, task: Task, use_strokes: bool) -> dict:
    """Whole-number, count and digit accuracy of reading ``numbers``, and milliseconds per digit."""
    timed = _Timed(model)
    whole = counted = right = written = 0
    started = time.perf_counter()
    for number in numbers:
        truth = [task.target(np.array([digit])).item() for digit in number.digits]
        try:
            read = [digit.label for digit in read_number(number.canvas, task=task.id, model=timed,
                                                         strokes=number.strokes if use_strokes else None).digits]
        except ValueError:
            read = []
        whole += read == truth
        counted += len(read) == len(truth)
        right += _common(read, truth)
        written += len(truth)
    seconds = time.perf_counter() - started
    return {
        "whole": whole / len(numbers), "count": counted / len(numbers), "digits": right / written,
        "ms": 1000 * seconds / written, "model ms": 1000 * timed.seconds / written,
    }


def _cells(figures: dict | None, way: str) -> dict:
    """One reading's cells of a row, blank when it was not measured (MNIST digits have no strokes)."""
    names = [f"whole number, {way}", f"right count, {way}", f"digits right, {way}", f"ms per digit, {way} (model)"]
    if figures is None:
        return dict.fromkeys(names, "")
    return dict(zip(names, [
        f"{figures['whole']:.1%}", f"{figures['count']:.1%}", f"{figures['digits']:.1%}",
        f"{figures['ms']:.1f} ({figures['model ms']:.1f})",
    ]))


def _common(read: list, truth: list) -> int:
    """The length of the longest common subsequence: digits read right, in order, whatever was split wrong."""
    lengths = np.zeros((len(read) + 1, len(truth) + 1), np.int64)
    for i, a in enumerate(read):
        for j, b in enumerate(truth):
            lengths[i + 1, j + 1] = lengths[i, j] + 1 if a == b else max(lengths[i, j + 1], lengths[i + 1, j])
    return int(lengths[-1, -1])


class _Timed:
    """A model that keeps count of the time its predictions take."""

    def __init__(self, model):
        self.model, self.classes_, self.seconds = model, model.classes_, 0.0

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        started = time.perf_counter()
        proba = self.model.predict_proba(X)
        self.seconds += time.perf_counter() - started
        return proba
