"""Ink drawn as rectangles, and where the pieces found in it lie: for the split's rule tests."""

import numpy as np

from digit_model.numbers.pieces import Piece

H = 40  # the number's height: a tenth of it is 4 pixels, 0.4 of it 16, 0.15 of it 6


def bar(col0: int, col1: int, rows: tuple[int, int] = (0, H)) -> Piece:
    """A piece of solid ink over ``rows`` and the columns ``col0`` to ``col1``."""
    return Piece((rows[0], col0, rows[1], col1), np.ones((rows[1] - rows[0], col1 - col0), bool))


def ink_of(*rects: tuple[int, int, int, int], shape: tuple[int, int] = (80, 160), level: float = 1.0) -> np.ndarray:
    """An ink image with each (row0, col0, row1, col1) filled with ``level``."""
    ink = np.zeros(shape)
    for row0, col0, row1, col1 in rects:
        ink[row0:row1, col0:col1] = level
    return ink


def columns(pieces: list[Piece]) -> list[tuple[int, int]]:
    return [(piece.box[1], piece.box[3]) for piece in pieces]
