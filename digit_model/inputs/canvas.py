"""Draw on a 280x280 canvas the way the app's canvas does: a round, anti-aliased brush, three styles.

The Draw page's canvas (streamlit-drawable-canvas, fabric.js free drawing) joins the mouse's
points with a round brush whose width the slider sets. Drawing recorded pen strokes the same
way, at any size and place, gives images that go through ``to_mnist`` exactly like a visitor's.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy import ndimage

from digit_model.basics import SIDE
from digit_model.inputs.pendigits import PenDigits
from digit_model.inputs.recipe import to_mnist
from digit_model.inputs.warp import warp_strokes

__all__ = [
    "CANVAS", "STYLES", "BRUSH_WIDTHS", "brush_ink", "paint", "place_strokes", "draw_strokes", "draw_lines", "pen_canvases", "pen_images",
]

CANVAS = 280
STYLES = ("light on dark", "dark on light", "ink on transparent")
#: The Draw page's brush width slider: 6 to 40 canvas pixels.
BRUSH_WIDTHS = (6, 40)
_MIN_HEIGHT, _MAX_HEIGHT = 90, 250  # a digit's longer side on the canvas, in pixels
_MARGIN = 3  # pixels kept free between the brush's edge and the canvas's edge
_WARP_STREAM = 7  # the warps' own random numbers, apart from the brush's
_STEP = 0.5  # densify strokes to points at most this far apart, so the brush leaves no gaps


def brush_ink(points: np.ndarray, brush: float) -> np.ndarray:
    """Ink in [0, 1] of a round brush of diameter ``brush`` stamped at every (row, col) point."""
    centres = np.zeros((CANVAS, CANVAS), bool)
    at = np.clip(np.round(points).astype(int), 0, CANVAS - 1)
    centres[at[:, 0], at[:, 1]] = True
    distance = ndimage.distance_transform_edt(~centres)
    return np.clip(brush / 2 + 0.5 - distance, 0.0, 1.0).astype(np.float32)  # anti-aliased edge


def paint(ink: np.ndarray, style: str) -> np.ndarray:
    """RGBA pixels of an ink map in one of the canvas styles."""
    level = np.round(ink * 255).astype(np.uint8)
    opaque = np.full_like(level, 255)
    if style == "light on dark":
        return np.dstack([level, level, level, opaque])
    if style == "dark on light":
        return np.dstack([255 - level, 255 - level, 255 - level, opaque])
    if style == "ink on transparent":
        zero = np.zeros_like(level)
        return np.dstack([zero, zero, zero, level])
    raise ValueError(f"The style must be one of {', '.join(map(repr, STYLES))}; got {style!r} instead.")


def place_strokes(strokes: list[np.ndarray], rng: np.random.Generator, *, brush: float) -> list[np.ndarray]:
    """Pen strokes scaled and moved to a random size and place on the canvas, as (row, col) pixels.

    Parameters
    ----------
    strokes : list of float arrays of shape (n_points, 2), (x, y) with y pointing up
    rng : the random size and place
    brush : the brush width in canvas pixels, kept clear of the canvas's edge

    The digit's longer side is between 90 and 250 pixels (at least five brush widths, so
    that a wide brush does not fill the digit's holes), anywhere it fits on the canvas.
    """
    if not strokes or any(len(stroke) == 0 for stroke in strokes):
        raise ValueError("Every stroke needs at least one point.")
    every = np.vstack(strokes)
    low, high = every.min(axis=0), every.max(axis=0)
    extent = max(float((high - low).max()), 1.0)
    room = CANVAS - brush - 2 * _MARGIN
    height = rng.uniform(min(max(_MIN_HEIGHT, 5 * brush), _MAX_HEIGHT), _MAX_HEIGHT)
    scale = min(height, room) / extent
    # Canvas rows run down, the tablet's y runs up.
    placed = [np.column_stack([high[1] - stroke[:, 1], stroke[:, 0] - low[0]]) * scale for stroke in strokes]
    span = np.array([high[1] - low[1], high[0] - low[0]]) * scale
    offset = brush / 2 + _MARGIN + rng.uniform(0, 1, size=2) * np.maximum(room - span, 0)
    return [stroke + offset for stroke in placed]


def draw_strokes(
    strokes: list[np.ndarray],
    rng: np.random.Generator,
    *,
    style: str,
    brush: float | None = None,
) -> np.ndarray:
    """An RGBA canvas with pen strokes drawn at a random size and place (:func:`place_strokes`).

    ``brush`` is the brush width in canvas pixels; by default one the slider allows, at random.
    """
    if brush is None:
        brush = float(rng.integers(BRUSH_WIDTHS[0], BRUSH_WIDTHS[1] + 1))
    return draw_lines(place_strokes(strokes, rng, brush=brush), brush=brush, style=style)


def draw_lines(lines: list[np.ndarray], *, brush: float, style: str) -> np.ndarray:
    """An RGBA canvas with polylines of (row, col) canvas pixels drawn by the round brush, as placed.

    A line of one point is a dot.
    """
    return paint(brush_ink(np.vstack([_densified(np.asarray(line, float)) for line in lines]), brush), style)


def _densified(stroke: np.ndarray) -> np.ndarray:
    """The stroke's polyline as points at most _STEP apart (a lone point stays a dot)."""
    if len(stroke) == 1:
        return stroke
    pieces = []
    for start, end in zip(stroke[:-1], stroke[1:]):
        steps = max(1, int(np.ceil(np.hypot(*(end - start)) / _STEP)))
        pieces.append(start + np.linspace(0, 1, steps, endpoint=False)[:, None] * (end - start))
    pieces.append(stroke[-1:])
    return np.vstack(pieces)


def pen_canvases(digits: PenDigits, *, seed: int, render: int = 0, warp: float = 0.0) -> Iterator[np.ndarray]:
    """One canvas per pen digit; digit ``i`` of rendering ``render`` always gets the same brush, size, place and style.

    With ``warp`` above zero, the strokes are first bent by :func:`digit_model.inputs.warp.warp_strokes`
    of that strength, seeded the same way.
    """
    for index, strokes in enumerate(digits.strokes):
        rng = np.random.default_rng([seed, render, index])
        if warp:
            strokes = warp_strokes(strokes, np.random.default_rng([seed, render, index, _WARP_STREAM]), strength=warp)
        yield draw_strokes(strokes, rng, style=STYLES[(index + render) % len(STYLES)])


def pen_images(digits: PenDigits, *, seed: int, renders: int = 1, warp: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Pen digits drawn on the canvas ``renders`` times each and read back by ``to_mnist``.

    Returns ``(images, labels)``: (n_samples * renders, 28, 28) uint8, rendering by rendering.
    A drawing ``to_mnist`` cannot read comes back blank, so it still counts (as a miss).
    The first rendering draws the strokes as written; with ``warp``, the others bend them
    (:func:`pen_canvases`), so that the writers' own hands stay in and vary.
    """
    blank = np.zeros((SIDE, SIDE), np.uint8)
    images = [
        blank if (image := to_mnist(canvas)) is None else image
        for render in range(renders)
        for canvas in pen_canvases(digits, seed=seed, render=render, warp=warp if render else 0.0)
    ]
    return np.stack(images) if images else np.empty((0, SIDE, SIDE), np.uint8), np.tile(digits.labels, renders)
