"""Ink drawn as rectangles, and where the pieces found in it lie: for the split's rule tests."""

import numpy as np

from digit_model.numbers.pieces import Piece


def ink_of(*rects: tuple[int, int, int, int], shape: tuple[int, int] = (80, 160), level: float = 1.0) -> np.ndarray:
    """An ink image with each (row0, col0, row1, col1) filled with ``level``."""
    ink = np.zeros(shape)
    for row0, col0, row1, col1 in rects:
        ink[row0:row1, col0:col1] = level
    return ink


def columns(pieces: list[Piece]) -> list[tuple[int, int]]:
    return [(piece.box[1], piece.box[3]) for piece in pieces]
