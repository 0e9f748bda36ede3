"""Non-digits to learn from, made apart from the benchmark's: printed characters, random curves, and training digits.

The not-a-digit discriminator (:mod:`digit_model.novelty.discriminator`) needs examples of what is
no digit. The study's benchmark (:mod:`digit_model.novelty.drawings`) must stay unseen, so these are
made another way: characters of Pillow's built-in font (letters and symbols that look like no digit)
at random sizes, turns and weights; random smooth curves and outlines; two or three pen digits of the
*training* writers side by side; training writers' digits struck through with long lines or a
scribble; and random straight strokes with sharp corners. Every one is drawn on a canvas-sized image
and read back by ``to_mnist``, as a visitor's drawing is. Seeded: drawing ``i`` of a seed always
comes out the same.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from digit_model.basics import SIDE, check_int
from digit_model.inputs.canvas import CANVAS, STYLES, draw_strokes, paint
from digit_model.inputs.pendigits import PenDigits
from digit_model.inputs.recipe import to_mnist

__all__ = ["GLYPHS", "NEGATIVE_KINDS", "negative_drawings"]

#: Printed characters used as non-digits: letters and symbols, leaving out those a digit is often
#: written like (O o D Q for 0; I l i j | ! / for 1; Z z for 2; S s for 5; b G for 6; B for 8; g q for 9).
GLYPHS = "ACEFHJKLMNPRTUVWXYacdefhkmnprtuvwxy#$%&*+<>=?@^~{}"
_FONT_SIZES = (60, 230)  # the glyph's font size on the 280-pixel canvas
_TURN = 30  # degrees, either way
_CURVE_POINTS = 60


def _glyph(rng: np.random.Generator) -> np.ndarray:
    """One printed character, at a random size, weight, turn and place, in a random canvas style."""
    font = ImageFont.load_default(size=int(rng.integers(*_FONT_SIZES)))
    glyph = GLYPHS[int(rng.integers(len(GLYPHS)))]
    sheet = Image.new("L", (2 * CANVAS, 2 * CANVAS))
    ImageDraw.Draw(sheet).text((CANVAS // 2, CANVAS // 2), glyph, font=font, fill=255,
                               stroke_width=int(rng.integers(0, 9)), stroke_fill=255)
    sheet = sheet.rotate(float(rng.uniform(-_TURN, _TURN)), resample=Image.BILINEAR)
    box = sheet.getbbox()
    if box is None:
        return np.zeros((CANVAS, CANVAS, 4), np.uint8)
    ink = np.asarray(sheet.crop(box), np.float32) / 255
    ink = ink[: CANVAS - 8, : CANVAS - 8]
    canvas = np.zeros((CANVAS, CANVAS), np.float32)
    top, left = (rng.integers(0, CANVAS - side + 1) for side in ink.shape)
    canvas[top : top + ink.shape[0], left : left + ink.shape[1]] = ink
    return paint(canvas, STYLES[int(rng.integers(len(STYLES)))])


def _smooth(points: np.ndarray, count: int = _CURVE_POINTS) -> np.ndarray:
    """A smooth curve through control points (a quadratic B-spline: each corner rounded off)."""
    middles = (points[:-1] + points[1:]) / 2
    pieces = [middles[:1]]
    t = np.linspace(0, 1, max(count // max(len(points) - 2, 1), 4))[:, None]
    for start, corner, end in zip(middles[:-1], points[1:-1], middles[1:]):
        pieces.append((1 - t) ** 2 * start + 2 * (1 - t) * t * corner + t**2 * end)
    return np.vstack(pieces)


def _curves(rng: np.random.Generator) -> list[np.ndarray]:
    """One to three random smooth curves, outlines (ellipses, polygons) or both, in one box."""
    strokes = []
    for _ in range(int(rng.integers(1, 4))):
        choice = rng.integers(3)
        if choice == 0:
            strokes.append(_smooth(rng.uniform(0, 1, (int(rng.integers(4, 10)), 2))))
        elif choice == 1:
            start = rng.uniform(0, 360)
            angles = np.radians(np.linspace(start, start + rng.uniform(200, 400), _CURVE_POINTS))
            centre, radii = rng.uniform(0.2, 0.8, 2), rng.uniform(0.15, 0.5, 2)
            strokes.append(centre + radii * np.column_stack([np.cos(angles), np.sin(angles)]))
        else:
            corners = int(rng.integers(3, 8))
            angles = np.sort(rng.uniform(0, 2 * np.pi, corners))
            polygon = 0.5 + rng.uniform(0.2, 0.5) * np.column_stack([np.cos(angles), np.sin(angles)])
            strokes.append(np.vstack([polygon, polygon[:1]]))
    return strokes


def _lines(rng: np.random.Generator) -> list[np.ndarray]:
    """Two to five random strokes of straight lines with sharp corners, which smooth curves and printed characters
    leave out: they cross and meet like the stick letters and symbols a visitor draws."""
    return [rng.uniform(0, 1, (int(rng.integers(2, 6)), 2)) for _ in range(int(rng.integers(2, 6)))]


def _in_box(strokes: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Strokes moved so their ink starts at (0, 0), and the (width, height) of their box."""
    every = np.vstack(strokes)
    low = every.min(axis=0)
    return [stroke - low for stroke in strokes], np.maximum(np.ptp(every, axis=0), 1.0)


def _side_by_side(pen: PenDigits, rng: np.random.Generator) -> list[np.ndarray]:
    """Two or three pen digits in a row, each scaled to about one height, gaps (or slight overlaps) between."""
    strokes, right = [], 0.0
    for index in rng.choice(len(pen), size=int(rng.integers(2, 4)), replace=False):
        digit, (width, height) = _in_box(pen.strokes[index])
        scale = rng.uniform(0.8, 1.2) / height
        shift = np.array([right + rng.uniform(-0.05, 0.4), rng.normal(0, 0.08)])
        strokes += [stroke * scale + shift for stroke in digit]
        right = shift[0] + width * scale
    return strokes


def _struck(pen: PenDigits, rng: np.random.Generator) -> list[np.ndarray]:
    """A pen digit struck through: two to five long lines across its box, or a random curve over it."""
    digit, size = _in_box(pen.strokes[int(rng.integers(len(pen)))])
    if rng.random() < 0.3:
        return digit + [_smooth(rng.uniform(-0.1, 1.1, (int(rng.integers(6, 12)), 2))) * size]
    lines = []
    for _ in range(int(rng.integers(2, 6))):
        angle = rng.uniform(0, np.pi)
        direction = np.array([np.cos(angle), np.sin(angle)]) * np.hypot(*size) * rng.uniform(0.5, 0.7)
        centre = size * rng.uniform(0.2, 0.8, 2)
        lines.append(np.vstack([centre - direction, centre + direction]))
    return digit + lines


#: The kinds of negatives and how each is made from random numbers (and the training writers' pen digits).
_MAKERS: dict[str, Callable[[PenDigits, np.random.Generator], np.ndarray]] = {
    "glyph": lambda pen, rng: _glyph(rng),
    "curves": lambda pen, rng: draw_strokes(_curves(rng), rng, style=STYLES[int(rng.integers(3))]),
    "side by side": lambda pen, rng: draw_strokes(_side_by_side(pen, rng), rng, style=STYLES[int(rng.integers(3))]),
    "struck": lambda pen, rng: draw_strokes(_struck(pen, rng), rng, style=STYLES[int(rng.integers(3))]),
    "lines": lambda pen, rng: draw_strokes(_lines(rng), rng, style=STYLES[int(rng.integers(3))]),
}
NEGATIVE_KINDS = tuple(_MAKERS)


def negative_drawings(pen: PenDigits, count: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` non-digits of each kind, read by ``to_mnist``; those it refuses are left out.

    Parameters
    ----------
    pen : the training writers' pen digits (never the evaluation writers')
    count : drawings of each of :data:`NEGATIVE_KINDS`
    seed : the random numbers

    Returns
    -------
    images : ndarray of shape (m, 28, 28), uint8
    kinds : ndarray of shape (m,), str
    """
    check_int(count, "count", low=1, high=None)
    images, kinds = [], []
    for number, kind in enumerate(NEGATIVE_KINDS):
        for i in range(count):
            image = to_mnist(_MAKERS[kind](pen, np.random.default_rng([seed, number, i])))
            if image is not None:
                images.append(image)
                kinds.append(kind)
    return np.stack(images) if images else np.empty((0, SIDE, SIDE), np.uint8), np.array(kinds)

