"""Split a number by its strokes: which strokes make one digit, and which pixels each digit inked.

People write a number digit by digit, left to right, and a digit's strokes follow each other,
so a digit is a run of strokes in drawing order. A rule rules most splits out: a stroke lying
over the strokes before it (a 4's second stroke, a 5's flag, a 7's bar) is of their digit, and a
stroke starting to their right begins a new one. Of the splits left (a 4's upright drawn at the
right end of its bar looks like a 1 written close by), the model picks the one whose digits it
reads most surely. Each ink pixel then belongs to the digit of the stroke nearest to it, so
touching and overlapping digits come apart along their own strokes.

The rule's levels were tuned on the pen training writers' numbers only (`python -m
digit_model.studies.numbers --split train`), never on the evaluation writers.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digit_model.numbers.pieces import (
    LEAST_CONFIDENCE,
    Confidences,
    Piece,
    cheapest,
    piece_of,
    stroke_width,
)

__all__ = ["stroke_pieces", "canvas_strokes", "as_strokes"]

# A stroke lies over the digit before it when its middle is left of _OVER of the digit's width
# (ink extents, 0 its left edge, 1 its right edge) and it reaches at least _INSIDE number heights
# into the digit from either edge. It starts a new digit when its middle is beyond _BEYOND, or
# when it lies past either edge by _AFTER heights (a digit written to the left is a new one too).
# In between, the model decides.
_OVER = 1.0
_INSIDE = 0.12
_BEYOND = 1.2
_AFTER = -0.03
# A split costs minus the log of the model's confidence in each digit, and _SHORT more for each digit
# less tall than _SHORTEST of the tallest run's: the short upright of some writers' 4 reads as a sure 1.
_SHORT, _SHORTEST = 2.0, 0.45
_MOST_STROKES = 4  # strokes in one digit at most
_STEP = 1.0  # canvas pixels between the points at which a stroke is traced
# fabric.js places a path by its curves' exact bounds, traced here at a few points only: a path
# whose "left" and "top" differ from its traced points' by more than this (canvas pixels) was moved.
_MOVED = 2.0
_ORIGINS = {"left": 0.0, "top": 0.0, "center": 0.5, "right": 1.0, "bottom": 1.0}  # fabric.js origins, a share of the box


def as_strokes(strokes, shape: tuple[int, int], *, scale: float = 1.0) -> list[np.ndarray]:
    """The strokes validated at the public boundary: (x, y) pixels of the image, in ink pixels.

    Parameters
    ----------
    strokes : sequence of array-likes of shape (n_points, 2), (x, y) in image pixels
    shape : the ink's (height, width)
    scale : image pixels per ink pixel
    """
    checked = []
    for number, stroke in enumerate(strokes, start=1):
        points = np.asarray(stroke, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0 or not np.isfinite(points).all():
            raise ValueError(
                f"Each stroke must be an array of (x, y) points of shape (n, 2); stroke {number} has shape {points.shape}."
            )
        checked.append(points / scale)
    every = np.vstack(checked) if checked else np.empty((0, 2))
    if every.size and (every.min() < -1 or every[:, 0].max() > shape[1] + 1 or every[:, 1].max() > shape[0] + 1):
        raise ValueError(
            f"The strokes must lie on the image ({shape[1] * scale:.0f} x {shape[0] * scale:.0f} pixels, x then y); "
            f"they reach from ({every.min(axis=0)[0] * scale:.0f}, {every.min(axis=0)[1] * scale:.0f}) "
            f"to ({every.max(axis=0)[0] * scale:.0f}, {every.max(axis=0)[1] * scale:.0f})."
        )
    return checked


def stroke_pieces(ink: np.ndarray, strokes: list[np.ndarray], *, confidences: Confidences) -> list[Piece]:
    """Each digit's piece of ``ink`` (h, w), left to right, from the strokes that drew it.

    ``strokes`` are (x, y) ink pixels in drawing order. A digit is a run of strokes that follow
    each other; of the runs the rule allows, the model (``confidences(pieces)``, its confidence
    in each piece's reading, 0 for no digit) picks the ones it reads most surely, all together.
    """
    inked = ink > 0
    nearest = _nearest_stroke(inked, [_traced(stroke) for stroke in strokes])
    height = max(float(np.ptp(np.vstack(strokes)[:, 1])), 1.0)
    brush = stroke_width(ink)
    runs = _runs(strokes, height=height, brush=brush)
    pieces = {run: piece_of(np.isin(nearest, list(range(*run))) & inked) for run in runs}
    runs = [run for run in runs if pieces[run] is not None]
    if _ways(runs, len(strokes)) > 1:
        tallest = max(pieces[run].height for run in runs)
        confidence = np.maximum(confidences([pieces[run] for run in runs]), LEAST_CONFIDENCE)
        costs = {run: -np.log(c) + _SHORT * (pieces[run].height < _SHORTEST * tallest) for run, c in zip(runs, confidence)}
    else:
        costs = dict.fromkeys(runs, 0.0)
    chosen = cheapest(costs, len(strokes))
    return sorted((pieces[run] for run in chosen), key=lambda found: found.left)


def _runs(strokes: list[np.ndarray], *, height: float, brush: float) -> list[tuple[int, int]]:
    """Every run of strokes (start, stop) that may be one digit: no stroke in it starts a new digit,
    and the stroke after it does not lie over it, unless the run has _MOST_STROKES strokes, the most."""
    runs = []
    for start in range(len(strokes)):
        for stop in range(start + 1, min(start + _MOST_STROKES, len(strokes)) + 1):
            if stop - 1 > start and _verdict(strokes[stop - 1], strokes[start : stop - 1], height=height, brush=brush) == "new":
                break
            last = stop == len(strokes) or stop - start == _MOST_STROKES
            if last or _verdict(strokes[stop], strokes[start:stop], height=height, brush=brush) != "same":
                runs.append((start, stop))
    return runs


def _ways(runs: list[tuple[int, int]], count: int) -> int:
    """How many ways the runs split all ``count`` strokes into digits."""
    ways = [1] + [0] * count
    for start, stop in sorted(runs, key=lambda run: run[1]):
        ways[stop] += ways[start]
    return ways[count]


def _verdict(stroke: np.ndarray, group: list[np.ndarray], *, height: float, brush: float) -> str:
    """"same" when the stroke lies over the digit of the strokes before it, "new" when it starts another, else "ask"."""
    group_x = np.concatenate([member[:, 0] for member in group])
    left, right = group_x.min() - brush / 2, group_x.max() + brush / 2
    start, end = stroke[:, 0].min() - brush / 2, stroke[:, 0].max() + brush / 2
    middle = ((start + end) / 2 - left) / (right - left)  # where the stroke's middle is, in the digit's width
    inside = (right - start) / height  # how far left of the digit's right edge the stroke starts
    if middle < _OVER and inside > _INSIDE and (end - left) / height > _INSIDE:
        return "same"
    if middle > _BEYOND or min(inside, (end - left) / height) < _AFTER:
        return "new"
    return "ask"


def _traced(stroke: np.ndarray) -> np.ndarray:
    """The stroke's polyline as (row, col) points at most _STEP apart."""
    points = stroke[:, ::-1]
    if len(points) == 1:
        return points
    lengths = np.hypot(*np.diff(points, axis=0).T)
    counts = np.maximum(1, np.ceil(lengths / _STEP).astype(int))
    parts = [a + np.linspace(0, 1, n, endpoint=False)[:, None] * (b - a) for a, b, n in zip(points[:-1], points[1:], counts)]
    return np.vstack([*parts, points[-1:]])


def _nearest_stroke(inked: np.ndarray, traced: list[np.ndarray]) -> np.ndarray:
    """For every inked pixel, the index of the stroke that passes nearest to it (-1 elsewhere)."""
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    top, left = rows[0], cols[0]
    window = inked[top : rows[-1] + 1, left : cols[-1] + 1]  # one distance transform, over the ink only
    labels = np.zeros(window.shape, np.int32)
    for index, points in enumerate(traced):
        at = np.round(points).astype(int) - [top, left]
        at = at[(at >= 0).all(axis=1) & (at < window.shape).all(axis=1)]
        labels[at[:, 0], at[:, 1]] = index + 1
    nearest = np.full(inked.shape, -1, np.int32)
    if labels.any():
        near_rows, near_cols = ndimage.distance_transform_edt(labels == 0, return_distances=False, return_indices=True)
        nearest[top : rows[-1] + 1, left : cols[-1] + 1] = np.where(window, labels[near_rows, near_cols] - 1, -1)
    return nearest


def canvas_strokes(json_data: dict | None) -> list[np.ndarray]:
    """The free-drawn strokes of a streamlit-drawable-canvas drawing, in drawing order.

    Each fabric.js path object's commands (["M", x, y], ["Q", cx, cy, x, y], ["L", x, y])
    become an array of (x, y) canvas pixels, quadratic curves traced at their middle too. A path
    moved since it was drawn (the canvas's edit toggle) is put where its "left" and "top" say,
    read at its origin ("center" in fabric.js 7, "left"/"top" before); scaled or turned paths are
    not supported.
    """
    strokes = []
    for item in (json_data or {}).get("objects", []):
        if str(item.get("type", "")).lower() != "path" or not item.get("path"):
            continue
        points = []
        for command in item["path"]:
            if command[0] == "Q" and points:
                (x0, y0), (cx, cy, x, y) = points[-1], command[1:5]
                points.append((0.25 * x0 + 0.5 * cx + 0.25 * x, 0.25 * y0 + 0.5 * cy + 0.25 * y))
                points.append((x, y))
            elif command[0] in ("M", "L", "Q"):
                points.append(tuple(command[-2:]))
        stroke = np.array(points, float)
        if all(name in item for name in ("left", "top", "width", "height")):
            moved = _centre(item) - (stroke.min(axis=0) + stroke.max(axis=0)) / 2
            stroke += np.where(np.abs(moved) > _MOVED, moved, 0.0)
        strokes.append(stroke)
    return strokes


def _centre(item: dict) -> np.ndarray:
    """The (x, y) centre of a fabric.js object's box, stroke included, from its "left" and "top" at its origin."""
    size = np.array([item["width"], item["height"]], float) + item.get("strokeWidth", 0)
    origin = np.array([_ORIGINS.get(item.get("originX"), 0.0), _ORIGINS.get(item.get("originY"), 0.0)])
    return np.array([item["left"], item["top"]], float) + (0.5 - origin) * size
