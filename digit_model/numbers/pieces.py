"""A digit's part of a number's ink: where it is and which of the pixels there are its own.

Both ways of splitting a number (by its strokes, by its ink) end in a list of these, left to
right; reading then crops each one and sends it through the unchanged MNIST recipe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

__all__ = ["Piece", "Confidences", "piece_of", "misshapen", "cheapest", "stroke_width", "INK", "LEAST_CONFIDENCE"]

INK = 0.5  # a pixel at least this inked belongs to a stroke's body (the brush's edge is half inked)
# A digit's width is about ASPECT times its height (the pen training writers' median), give or take
# a factor of exp(SPREAD) (their spread, a little widened to take in the thin 1s).
ASPECT, SPREAD = 0.67, 0.35
LEAST_CONFIDENCE = 1e-6  # what a piece that is no digit counts as in a split's cost, so that its log stays finite


@dataclass(frozen=True)
class Piece:
    """One digit's ink: ``mask`` (bool, the box's shape) marks its own pixels within ``box``.

    box : (row0, col0, row1, col1) in ink pixels, row1 and col1 excluded
    """

    box: tuple[int, int, int, int]
    mask: np.ndarray

    @property
    def left(self) -> int:
        return self.box[1]

    @property
    def width(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def height(self) -> int:
        return self.box[2] - self.box[0]

    def ink(self, ink: np.ndarray) -> np.ndarray:
        """This digit's ink alone, cropped to its box: the other digits' pixels there are background."""
        row0, col0, row1, col1 = self.box
        return np.where(self.mask, ink[row0:row1, col0:col1], 0.0)


#: The model's confidence in its reading of each piece, 0 for a piece that is no digit.
Confidences = Callable[[list["Piece"]], np.ndarray]


def piece_of(mask: np.ndarray) -> Piece | None:
    """The piece made of the pixels of a full-size ``mask``, boxed to them, or None when there are none."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    row0, col0, row1, col1 = int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1
    return Piece((row0, col0, row1, col1), mask[row0:row1, col0:col1])


def stroke_width(ink: np.ndarray) -> float:
    """The strokes' width in pixels: twice their area over the length of their outline."""
    body = ink >= INK
    outline = np.count_nonzero(body & ~ndimage.binary_erosion(body))
    return max(2.0 * np.count_nonzero(body) / max(outline, 1), 1.0)


def misshapen(piece: Piece) -> float:
    """How unlike a digit's shape the piece is: half the squared number of factors exp(SPREAD)
    by which its width for its height is off ASPECT (a log-normal's cost)."""
    return float((np.log(piece.width / piece.height / ASPECT) / SPREAD) ** 2 / 2)


def cheapest(costs: dict[tuple[int, int], float], count: int) -> list[tuple[int, int]]:
    """The spans (start, stop) that cover 0 to ``count`` end to end at the least total cost
    (dynamic programming), left to right; ``costs`` holds the spans allowed."""
    best = [0.0] + [np.inf] * count
    came: list[tuple[int, int] | None] = [None] * (count + 1)
    for (start, stop), cost in sorted(costs.items(), key=lambda item: item[0][1]):
        if best[start] + cost < best[stop]:
            best[stop], came[stop] = best[start] + cost, (start, stop)
    chosen, at = [], count
    while at > 0 and came[at] is not None:
        chosen.append(came[at])
        at = came[at][0]
    return chosen[::-1]
