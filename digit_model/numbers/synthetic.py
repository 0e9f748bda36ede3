"""Whole numbers written on a wide canvas, built from real digits, for the number benchmark.

A number is made of the digits of ONE writer (people write all of a number in one hand), placed
side by side at one size on a canvas as tall as the Draw page's and as wide as it needs, and
drawn by the app's round brush in one of the canvas styles. It is built twice over: with natural
gaps between the digits, and with the digits touching or slightly overlapping, the hard case of
a hurried hand. Pen digits keep their strokes, in drawing order and in canvas pixels, as the
canvas would report them; MNIST digits are pictures only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from digit_model.inputs.canvas import BRUSH_WIDTHS, CANVAS, STYLES, draw_lines, paint
from digit_model.inputs.pendigits import PenDigits

__all__ = ["Number", "LAYOUTS", "pen_numbers", "mnist_numbers"]

#: "gaps": digits apart as people space them; "touching": boxes touching or overlapping slightly.
LAYOUTS = ("gaps", "touching")
# Space between two digits' ink, in shares of the number's median digit height, per layout.
_GAPS = {"gaps": (0.1, 0.4), "touching": (-0.1, 0.0)}
_MIN_HEIGHT, _MAX_HEIGHT = 90, 250  # a number's median digit height in canvas pixels, as one digit's on the canvas
_JITTER = 0.05  # each digit's baseline moves up or down by up to this share of the median height
_MARGIN = 12  # canvas pixels at least between the ink and the canvas's edge


@dataclass(frozen=True)
class Number:
    """A number drawn on a canvas, with what was drawn where.

    canvas : uint8 array of shape (CANVAS, width, 4), RGBA as the canvas returns it
    digits : the digits, left to right
    boxes : each digit's ink box (x0, y0, x1, y1) in canvas pixels, x1 and y1 excluded
    strokes : for pen digits, every stroke as a float array of shape (n_points, 2) of (x, y)
        canvas pixels, in drawing order (digit by digit, left to right); None for MNIST digits
    """

    canvas: np.ndarray
    digits: tuple[int, ...]
    boxes: tuple[tuple[int, int, int, int], ...]
    strokes: list[np.ndarray] | None


def pen_numbers(pen: PenDigits, length: int, count: int, *, layout: str, seed: int,
                digits: tuple[int, ...] = tuple(range(10))) -> list[Number]:
    """``count`` numbers of ``length`` digits, each written by one of the pen writers.

    Parameters
    ----------
    pen : the pen digits to build from (one split's writers)
    length : digits per number
    layout : one of :data:`LAYOUTS`
    seed : number ``i`` always gets the same writer, digits, brush, size, spacing and style
    digits : only these digits are used (a task's digits)
    """
    _check_layout(layout)
    numbers = []
    for index in range(count):
        rng = np.random.default_rng([seed, length, LAYOUTS.index(layout), index])
        chosen = _pick(pen.labels, pen.writers, length, rng, digits)
        style = STYLES[index % len(STYLES)]
        canvas, boxes, strokes = _pen_drawn([pen.strokes[i] for i in chosen], rng, layout=layout, style=style)
        numbers.append(Number(canvas, tuple(int(pen.labels[i]) for i in chosen), boxes, strokes))
    return numbers


def mnist_numbers(images: np.ndarray, labels: np.ndarray, length: int, count: int, *, layout: str, seed: int,
                  digits: tuple[int, ...] = tuple(range(10))) -> list[Number]:
    """``count`` numbers of ``length`` MNIST digits (pictures only: ``strokes`` is None).

    MNIST does not say who wrote which digit, so a number's digits are any of ``images``
    (n, 28, 28), scaled up together as one digit's drawing is on the canvas.
    """
    _check_layout(layout)
    numbers = []
    writers = np.zeros(len(labels), np.int64)  # one anonymous writer
    for index in range(count):
        rng = np.random.default_rng([seed, length, LAYOUTS.index(layout), index])
        chosen = _pick(labels, writers, length, rng, digits)
        canvas, boxes = _mnist_drawn([images[i] for i in chosen], rng, layout=layout, style=STYLES[index % len(STYLES)])
        numbers.append(Number(canvas, tuple(int(labels[i]) for i in chosen), boxes, None))
    return numbers


def _pen_drawn(digit_strokes: list[list[np.ndarray]], rng: np.random.Generator, *, layout: str, style: str) -> tuple:
    """``(canvas, boxes, strokes)`` of pen digits drawn side by side by a brush the slider allows."""
    brush = float(rng.integers(BRUSH_WIDTHS[0], BRUSH_WIDTHS[1] + 1))
    shapes = [_flipped(strokes) for strokes in digit_strokes]  # (row, col) from the digit's top left, tablet units
    sizes = np.array([np.vstack(strokes).max(axis=0)[::-1] for strokes in shapes])  # (width, height)
    scale = _scale(sizes, rng, brush=brush)
    places, width = _layout(sizes * scale + brush, rng, layout=layout)
    lines = [[stroke * scale + place + brush / 2 for stroke in strokes] for strokes, place in zip(shapes, places)]
    ink = np.zeros((CANVAS, width), np.float32)
    for digit_lines in lines:
        _stamp(ink, digit_lines, brush)
    boxes = tuple(_box(place, size) for place, size in zip(places, sizes * scale + brush))
    return paint(ink, style), boxes, [stroke[:, ::-1].copy() for digit_lines in lines for stroke in digit_lines]


def _mnist_drawn(images: list[np.ndarray], rng: np.random.Generator, *, layout: str, style: str) -> tuple:
    """``(canvas, boxes)`` of MNIST digits scaled up together and placed side by side."""
    crops = [_ink_crop(image) for image in images]
    sizes = np.array([crop.shape[::-1] for crop in crops], float)
    scale = _scale(sizes, rng, brush=0.0)
    places, width = _layout(sizes * scale, rng, layout=layout)
    ink = np.zeros((CANVAS, width), np.float32)
    boxes = []
    for crop, place in zip(crops, places):
        resized = _resized(crop, scale)
        top, left = (int(value) for value in np.round(place))
        window = ink[top : top + resized.shape[0], left : left + resized.shape[1]]
        np.maximum(window, resized, out=window)
        boxes.append((left, top, left + resized.shape[1], top + resized.shape[0]))
    return paint(ink, style), tuple(boxes)


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"The layout must be one of {', '.join(map(repr, LAYOUTS))}; got {layout!r} instead.")


def _pick(labels: np.ndarray, writers: np.ndarray, length: int, rng: np.random.Generator, digits) -> np.ndarray:
    """Indices of ``length`` digits of one writer who wrote at least that many of ``digits``."""
    usable = np.isin(labels, digits)
    counts = {writer: np.count_nonzero(usable & (writers == writer)) for writer in np.unique(writers)}
    enough = sorted(writer for writer, n in counts.items() if n >= length)
    if not enough:
        raise ValueError(f"No writer has {length} digits to build a number from; got at most {max(counts.values(), default=0)}.")
    writer = rng.choice(enough)
    return rng.choice(np.flatnonzero(usable & (writers == writer)), size=length, replace=False)


def _flipped(strokes: list[np.ndarray]) -> list[np.ndarray]:
    """Pen strokes (x, y up) as (row, col) from the digit's top-left corner, still in tablet units."""
    every = np.vstack(strokes)
    low, high = every.min(axis=0), every.max(axis=0)
    return [np.column_stack([high[1] - stroke[:, 1], stroke[:, 0] - low[0]]) for stroke in strokes]


def _scale(sizes: np.ndarray, rng: np.random.Generator, *, brush: float) -> float:
    """Canvas pixels per unit: the median digit as tall as one digit on the canvas, every digit fitting.

    Like :func:`digit_model.inputs.canvas.place_strokes`, at least five brush widths tall, so that a wide
    brush does not fill the digits' holes, and no digit wider than the canvas is tall.
    """
    room = CANVAS - brush - 2 * _MARGIN
    height = rng.uniform(min(max(_MIN_HEIGHT, 5 * brush), _MAX_HEIGHT), _MAX_HEIGHT)
    median = max(float(np.median(sizes[:, 1])), 1.0)
    tallest = (1 + 2 * _JITTER) * max(float(sizes[:, 1].max()), 1.0)
    widest = max(float(sizes[:, 0].max()), 1.0)
    return min(height / median, room / tallest, room / widest)


def _layout(sizes: np.ndarray, rng: np.random.Generator, *, layout: str) -> tuple[np.ndarray, int]:
    """Each digit's (top, left) on the canvas for ink boxes of (width, height), and the canvas's width.

    Digits sit on a common baseline, each moved up or down a little, centred in the canvas's
    height, and follow each other left to right with the layout's space between their ink.
    """
    median = float(np.median(sizes[:, 1]))
    gaps = rng.uniform(*_GAPS[layout], size=len(sizes)) * median
    gaps[0] = _MARGIN + rng.uniform(0, 2 * _MARGIN)
    lefts = np.cumsum(gaps + np.concatenate([[0.0], sizes[:-1, 0]]))
    bottoms = rng.uniform(-_JITTER, _JITTER, size=len(sizes)) * median
    tops = bottoms - sizes[:, 1]
    tops += (CANVAS - (bottoms.max() - tops.min())) / 2 - tops.min()
    width = int(np.ceil(lefts[-1] + sizes[-1, 0] + _MARGIN + rng.uniform(0, 2 * _MARGIN)))
    return np.column_stack([tops, lefts]), width


def _stamp(ink: np.ndarray, lines: list[np.ndarray], brush: float) -> None:
    """Draw one digit's (row, col) polylines with the canvas's brush into ``ink``, in place.

    The brush (:func:`digit_model.inputs.canvas.draw_lines`) paints a CANVAS-wide window; the ink of
    the whole number is the brightest of its digits' inks, exactly the brush's ink of all strokes.
    """
    left = max(int(min(line[:, 1].min() for line in lines) - brush), 0)
    drawn = draw_lines([line - [0, left] for line in lines], brush=brush, style="light on dark")
    window = drawn[:, : ink.shape[1] - left, 0].astype(np.float32) / 255
    np.maximum(ink[:, left : left + window.shape[1]], window, out=ink[:, left : left + window.shape[1]])


def _box(place: np.ndarray, size: np.ndarray) -> tuple[int, int, int, int]:
    """An ink box (x0, y0, x1, y1) in whole canvas pixels from its (top, left) and (width, height)."""
    top, left = place
    return (int(np.floor(left)), int(np.floor(top)), int(np.ceil(left + size[0])), int(np.ceil(top + size[1])))


def _ink_crop(image: np.ndarray) -> np.ndarray:
    """An MNIST digit's ink in [0, 1], cropped to its box."""
    rows, cols = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    return image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1].astype(np.float32) / 255


def _resized(crop: np.ndarray, scale: float) -> np.ndarray:
    """A crop scaled smoothly by ``scale``."""
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    return np.clip(np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.BILINEAR)), 0.0, 1.0)
