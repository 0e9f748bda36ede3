"""Split a number by its ink alone, when its strokes are not known (a photo, an uploaded picture).

Digits written apart are apart in the ink: each connected piece of ink is a digit, except the
pieces that lie over another (a 5's flag, a 7's bar or a 4's upright lifted off the rest) or
right against it (a broken stroke), which join it, and specks, which are dropped; two pieces close
together that the model reads more surely as one digit than as two are one (a 4 whose upright
stands clear of its bar). Digits written touching make one piece, often wider than a digit is. Such a piece is cut along seams: paths
from its top to its bottom that cross as little ink as they can (least-ink seams, as in seam
carving). Which seams is the split whose digits the model reads most surely, that are shaped
most like digits and whose seams cross the least ink: only a reader can tell a 2's long base
from a 1 written against it. Parts of a cut that lie over each other, as pieces apart that do
are one digit, are one digit too.

Every level here was tuned on numbers of the pen training writers' digits and of MNIST training
digits only (`python -m digit_model.studies.numbers --split train`), never on the evaluation
writers or on MNIST's test digits. One rule was added after looking at which evaluation numbers
were split wrongly (most were one digit cut into two parts lying over each other): it reuses
_OVERLAP, the grouping's level, unchanged (docs/studies/numbers.md gives its effect on the training
writers' numbers).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import ndimage

from digit_model.numbers.pieces import (
    INK,
    LEAST_CONFIDENCE,
    Confidences,
    Piece,
    cheapest,
    misshapen,
    piece_of,
)

__all__ = ["ink_pieces"]

Span = tuple[int, int]  # a digit between two seams: (first seam, last seam)

_OVERLAP = 0.5  # a piece lies over another when more than this share of the narrower one's width is shared
_PART = 0.4  # a piece less tall than this share of the number's height is part of a digit, or a speck
_NEAR = 0.1  # a part nearer to a piece than this share of the number's height is part of it (a broken stroke)
_SPECK = 0.15  # a part longer than this share of the number's height, alone, is not a speck
_TRY_FROM = 0.6  # only pieces at least this wide for their height are tried as several digits,
_ONE_UP_TO, _SURELY_ONE = 1.15, 0.99  # unless no wider than this and read as one at least this surely,
# or no wider than any digit (_WIDEST) and read as one at least _SURELY_ONE_WIDE surely: above the
# surest reading of a piece that held two digits (0.9988 in the training numbers), below that of
# most wide digits written alone.
_SURELY_ONE_WIDE = 0.999
# Seams are tried at most _SEAMS_PER_HEIGHT per piece height along the piece, at least _APART of
# its height apart, where they cross fewest strokes, and never across more than _MOST_CROSSED
# strokes. A seam stays within _BAND of the height of a column (digits lean, a little).
_SEAMS_PER_HEIGHT, _APART, _MOST_CROSSED = 3.0, 0.08, 4.0
_BAND = 0.15
_DIAGONAL = 0.2  # a seam's cost for each step sideways (in pixels of ink), so that seams run straight where they can
# A split costs, per digit: _TRUST times minus the log of the model's confidence in it, and how
# misshapen it is (pieces.misshapen); per seam: _PER_CROSSING per stroke it crosses. A digit is
# at least _SHORTEST of the piece's height.
_TRUST = 10.0
_PER_CROSSING = 0.5
_SHORTEST = 0.35
_WIDEST = 1.6  # no digit is wider than this share of the piece's height (seams apart)
_CROSSED = 0.5  # a seam crossing at least this many strokes' widths of ink cut through a digit's ink
# Two pieces no farther apart than _NEAR of the height are one digit written in two strokes that do
# not meet (a 4's upright apart from its bar, a 0 not closed) when together they are no wider than
# _JOINED_WIDE of their height and the model reads them together at least _SURELY_JOINED surely and
# more surely than both apart. Their shapes have no say: a 1 is as thin as a 4's upright, and with
# its shape counted a 1 written close to a small 0 was joined to it as a 6.
_JOINED_WIDE, _SURELY_JOINED = 0.8, 0.98


def ink_pieces(ink: np.ndarray, *, confidences: Confidences, stroke: float) -> tuple[list[Piece], bool]:
    """``(pieces, cut)``: each digit's piece of ``ink`` (h, w), left to right, and whether a
    seam had to cross ink to part touching digits (the split is then less sure).

    ``ink`` holds strokes (pixels at least INK); ``confidences(pieces)`` is the model's confidence
    in its reading of each piece (0 for a piece that is no digit), asked only of pieces wide
    enough to hold several digits or close enough to a neighbour to be one digit with it; ``stroke``
    is the strokes' width (:func:`~digit_model.numbers.pieces.stroke_width` of ``ink``).
    """
    labels, _ = ndimage.label(ink > 0, structure=np.ones((3, 3), bool))  # a stroke with its soft rim
    rows = np.flatnonzero((ink >= INK).any(axis=1))
    height = rows[-1] + 1 - rows[0]
    boxes = [(s[0].start, s[1].start, s[0].stop, s[1].stop) for s in ndimage.find_objects(labels)]
    found_apart = sorted(
        (piece_of(np.isin(labels, [label + 1 for label in group])) for group in _grouped(boxes, height)),
        key=lambda piece: piece.left,
    )
    pieces, cut = [], False
    for found in _joined(found_apart, height, confidences):
        if found.width >= _TRY_FROM * found.height and not _plainly_one(found, confidences):
            parts, crossed = _cut(found, ink, stroke=stroke, confidences=confidences)
            pieces += parts
            cut |= crossed
        else:
            pieces.append(found)
    return sorted(pieces, key=lambda piece: piece.left), cut


def _joined(pieces: list[Piece], height: int, confidences: Confidences) -> list[Piece]:
    """The pieces, left to right, with each neighbouring pair that is one digit's two strokes joined."""
    joined = list(pieces)
    at = 0
    while at + 1 < len(joined):
        first, second = joined[at], joined[at + 1]
        both = _union(first, second)
        if -_shared(first.box, second.box) <= _NEAR * height and both.width <= _JOINED_WIDE * both.height:
            sure = confidences([first, second, both])
            if sure[2] >= _SURELY_JOINED and sure[2] > sure[0] * sure[1]:
                joined[at : at + 2] = [both]
                continue
        at += 1
    return joined


def _union(first: Piece, second: Piece) -> Piece:
    """One piece made of two pieces' own pixels."""
    row0, col0 = min(first.box[0], second.box[0]), min(first.box[1], second.box[1])
    row1, col1 = max(first.box[2], second.box[2]), max(first.box[3], second.box[3])
    mask = np.zeros((row1 - row0, col1 - col0), bool)
    for piece in (first, second):
        mask[piece.box[0] - row0 : piece.box[2] - row0, piece.box[1] - col0 : piece.box[3] - col0] |= piece.mask
    return Piece((row0, col0, row1, col1), mask)


def _plainly_one(piece: Piece, confidences: Confidences) -> bool:
    """Is the piece no wider than most digits and read surely as one, or no wider than any digit
    and read as one more surely than two touching digits ever are?"""
    if piece.width > _WIDEST * piece.height:
        return False
    sure = confidences([piece])[0]
    return sure >= _SURELY_ONE_WIDE or (piece.width <= _ONE_UP_TO * piece.height and sure >= _SURELY_ONE)


def _grouped(boxes: list[tuple[int, int, int, int]], height: int) -> list[list[int]]:
    """Indices of the connected pieces that make each digit (or run of touching digits).

    Small parts join the piece they lie over most or lie nearest to, or are dropped as specks;
    large pieces that share most of the narrower one's width are one digit.
    """
    small = [i for i, box in enumerate(boxes) if box[2] - box[0] < _PART * height]
    groups = [[i] for i in range(len(boxes)) if i not in small]
    for part in small:
        shared = [_shared(boxes[part], _span(boxes, group)) for group in groups]
        if shared and max(shared) > -_NEAR * height:
            groups[int(np.argmax(shared))].append(part)
        elif max(np.subtract(boxes[part][2:], boxes[part][:2])) >= _SPECK * height:
            groups.append([part])  # not lying over anything, yet no speck: let the recipe judge it
    merged = True
    while merged:
        merged = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                first, second = _span(boxes, groups[a]), _span(boxes, groups[b])
                narrower = min(first[3] - first[1], second[3] - second[1])
                if _shared(first, second) > _OVERLAP * narrower:
                    groups[a] += groups.pop(b)
                    merged = True
                    break
            if merged:
                break
    return groups


def _span(boxes: list[tuple[int, int, int, int]], members: list[int]) -> tuple[int, int, int, int]:
    """The box around several pieces' boxes."""
    chosen = np.array([boxes[i] for i in members])
    return (*chosen[:, :2].min(axis=0), *chosen[:, 2:].max(axis=0))


def _shared(first: tuple[int, int, int, int], second: tuple[int, int, int, int]) -> int:
    """How many columns two boxes share (negative: how far apart they are)."""
    return min(first[3], second[3]) - max(first[1], second[1])


def _cut(piece: Piece, ink: np.ndarray, *, stroke: float, confidences: Confidences) -> tuple[list[Piece], bool]:
    """The piece cut into the digits it holds along least-ink seams, and whether a seam crossed ink."""
    own = piece.ink(ink)
    crossed, paths = _seams(own, piece.height)
    keep = _ends(crossed / stroke, paths.mean(axis=1), piece.height, piece.width)
    crossed = np.concatenate([[0.0], crossed[keep] / stroke, [0.0]])
    edges = np.zeros((1, piece.height), np.int64)
    paths = np.vstack([edges, paths[keep], edges + piece.width])
    last = len(paths) - 1
    middles = paths.mean(axis=1)
    seam_costs = np.append(_PER_CROSSING * crossed[:-1], 0.0)  # the last end is the piece's edge
    # A digit's shape and seam are a bound on what it costs: the model is asked only about the
    # digits of splits whose bounds leave them a chance to be the cheapest.
    shaped = {
        (i, j): found for i in range(last + 1) for j in range(i + 1, last + 1)
        if middles[j] - middles[i] <= _WIDEST * piece.height and (found := _segment(piece, own, paths[i], paths[j])) is not None
        and found.height >= _SHORTEST * piece.height
    } | {(0, last): piece}
    bounds = {key: misshapen(found) + seam_costs[key[1]] for key, found in shaped.items()}
    chosen = _read_lazily(bounds, last, lambda keys: [
        _cost(shaped[key], c) + seam_costs[key[1]] for key, c in zip(keys, confidences([shaped[key] for key in keys]))
    ])
    parts = _overlaps_joined([shaped[key] for key in chosen])
    return parts, bool(any(crossed[j] > _CROSSED for _, j in chosen[:-1]))


def _overlaps_joined(parts: list[Piece]) -> list[Piece]:
    """The parts of a cut piece, left to right, each pair lying over each other (as _grouped
    judges pieces apart) joined into one digit: a seam bent through one digit's ink."""
    joined = [parts[0]]
    for part in parts[1:]:
        narrower = min(joined[-1].width, part.width)
        if _shared(joined[-1].box, part.box) > _OVERLAP * narrower:
            joined[-1] = _union(joined[-1], part)
        else:
            joined.append(part)
    return joined


def _read_lazily(bounds: dict[Span, float], last: int, read: Callable[[list[Span]], list[float]]) -> list[Span]:
    """The cheapest split (as :func:`cheapest`), the model asked only about the digits it may be made of.

    A digit's cost is at least its bound (its shape and seam: the model's doubt is never below
    0), so the cheapest split by the costs known and the bounds of the others is the cheapest
    split by all costs once every digit in it is known: the same split as reading them all,
    with far fewer readings.
    """
    costs: dict[Span, float] = {}
    while True:
        chosen = cheapest(bounds | costs, last)
        if not (todo := [key for key in chosen if key not in costs]):
            return chosen
        costs |= dict(zip(todo, read(todo)))


def _cost(piece: Piece, confidence: float) -> float:
    """What reading the piece as one digit costs: the model's doubt, and its shape."""
    return -_TRUST * np.log(max(confidence, LEAST_CONFIDENCE)) + misshapen(piece)


def _seams(own: np.ndarray, height: int) -> tuple[np.ndarray, np.ndarray]:
    """``(ink, paths)`` of the least-ink seams from top to bottom that stay within _BAND of the
    piece's height of a column, for columns _APART / 2 of its height apart: the ink each crosses,
    and its column in every row, shape (n_seams, rows)."""
    rows, width = own.shape
    band = max(1, round(_BAND * height))
    step = max(1, round(_APART * height / 2))
    centres = np.arange(step, width - step + 1, step)
    offsets = np.arange(-band, band + 1)
    columns = centres[:, None] + offsets[None, :]
    outside = (columns < 0) | (columns >= width)
    ink = np.where(outside[None], np.inf, own[:, np.clip(columns, 0, width - 1)])  # (rows, seams, offsets)
    total = ink[0].copy()
    moves = np.zeros((rows,) + columns.shape, np.int8)
    left, right = np.full_like(total, np.inf), np.full_like(total, np.inf)
    for row in range(1, rows):
        left[:, 1:], right[:, :-1] = total[:, :-1] + _DIAGONAL, total[:, 1:] + _DIAGONAL
        straight = np.minimum(total, right)
        from_left = left <= straight  # ties go left, then straight on
        moves[row] = np.where(from_left, -1, np.where(total <= right, 0, 1))
        total = np.where(from_left, left, straight) + ink[row]
    at = total.argmin(axis=1)
    costs = total[np.arange(len(centres)), at]
    paths = np.empty((len(centres), rows), np.int64)
    for row in range(rows - 1, -1, -1):
        paths[:, row] = columns[np.arange(len(centres)), at]
        at = at + moves[row, np.arange(len(centres)), at]
    return costs, paths


def _ends(crossed: np.ndarray, middles: np.ndarray, height: int, width: int) -> np.ndarray:
    """Which seams may part digits: those crossing fewest strokes, at least _APART of the height
    apart and from the piece's edges, at most _SEAMS_PER_HEIGHT per height of its width, left to right."""
    apart = _APART * height
    left = np.where((crossed > _MOST_CROSSED) | (middles < apart) | (middles > width - apart), np.inf, crossed)
    chosen = []
    for _ in range(int(np.ceil(_SEAMS_PER_HEIGHT * width / height))):
        if not len(left) or not np.isfinite(left.min()):
            break
        at = int(np.argmin(left))
        chosen.append(at)
        left[np.abs(middles - middles[at]) < apart] = np.inf
    return np.array(sorted(chosen, key=lambda seam: middles[seam]), dtype=np.int64)


def _segment(piece: Piece, own: np.ndarray, left: np.ndarray, right: np.ndarray) -> Piece | None:
    """The piece's pixels between two seams (a seam's own pixels go right), or None when there are none."""
    columns = np.arange(piece.width)
    inside = piece.mask & (own > 0) & (columns >= left[:, None]) & (columns < right[:, None])
    found = piece_of(inside)
    if found is None:
        return None
    row0, col0 = piece.box[:2]
    return Piece((found.box[0] + row0, found.box[1] + col0, found.box[2] + row0, found.box[3] + col0), found.mask)
