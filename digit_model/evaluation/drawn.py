"""Drawn-digit benchmark: MNIST test digits redrawn as a visitor would draw them on the canvas.

Each digit is thinned to its stroke skeleton and redrawn with a round brush of random width,
at a random size and place on a 280x280 canvas, in one of the three canvas styles. Only test
digits are used, so the benchmark stays a fair test; generation is seeded and needs no data
beyond MNIST itself.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from digit_model.inputs.canvas import CANVAS, STYLES, brush_ink, paint

__all__ = ["STYLES", "skeleton", "redraw", "drawn_digits"]

_UPSCALE = 4  # thin at 112x112 so that the skeleton follows the stroke's middle smoothly


def skeleton(image: np.ndarray) -> np.ndarray:
    """The one-pixel-wide centre line of a (28, 28) digit, at 4x resolution (Zhang-Suen thinning)."""
    big = Image.fromarray(image).resize((28 * _UPSCALE,) * 2, Image.Resampling.BILINEAR)
    ink = np.pad(np.asarray(big) > 127, 1)
    while True:
        changed = False
        for first in (True, False):
            p2, p3, p4, p5, p6, p7, p8, p9 = _neighbours(ink)
            around = [p2, p3, p4, p5, p6, p7, p8, p9, p2]
            count = sum(p.astype(np.uint8) for p in around[:8])
            transitions = sum((~a & b).astype(np.uint8) for a, b in zip(around, around[1:]))
            side = ~(p2 & p4 & p6) & ~(p4 & p6 & p8) if first else ~(p2 & p4 & p8) & ~(p2 & p6 & p8)
            remove = ink & (count >= 2) & (count <= 6) & (transitions == 1) & side
            if remove.any():
                ink = ink & ~remove
                changed = True
        if not changed:
            return ink[1:-1, 1:-1]


def _neighbours(ink: np.ndarray) -> list[np.ndarray]:
    """The eight neighbours of every pixel, clockwise from north (zero outside the image)."""
    padded = np.pad(ink, 1)
    height, width = ink.shape
    shifts = [(-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)]
    return [padded[1 + dr : 1 + dr + height, 1 + dc : 1 + dc + width] for dr, dc in shifts]


def redraw(line: np.ndarray, rng: np.random.Generator, *, style: str) -> np.ndarray:
    """Draw a skeleton on an RGBA canvas with a round brush, at a random size, place and width."""
    rows, cols = np.nonzero(line)
    if rows.size == 0:
        return paint(np.zeros((CANVAS, CANVAS), np.float32), style)
    extent = max(rows.max() - rows.min(), cols.max() - cols.min(), 1)
    height = rng.uniform(90, 250)  # the digit's size on the canvas, in pixels
    scale = height / extent
    brush = rng.uniform(8, 26)  # the canvas's brush width slider covers this range
    points = np.column_stack([rows - rows.min(), cols - cols.min()]) * scale
    span = points.max(axis=0) + brush
    offset = rng.uniform(brush / 2, np.maximum(CANVAS - span + brush / 2, brush / 2 + 1))
    return paint(brush_ink(points + offset, brush), style)


def drawn_digits(images: np.ndarray, *, seed: int = 0):
    """Yield one RGBA canvas per image; digit ``i`` always gets the same size, place, brush and style."""
    for index, image in enumerate(images):
        rng = np.random.default_rng([seed, index])
        yield redraw(skeleton(image), rng, style=STYLES[index % len(STYLES)])
