"""Numbers written on a canvas from simple digit shapes, with their strokes and boxes, for the tests."""

import numpy as np

from digit_model.inputs.canvas import draw_lines

# Digits as polylines in a box one unit tall, (x, y) with y down, a list per stroke in drawing order.
SHAPES = {
    0: [[(0.35, 0.0), (0.1, 0.2), (0.05, 0.55), (0.2, 0.92), (0.45, 1.0), (0.65, 0.85), (0.7, 0.45), (0.6, 0.1), (0.35, 0.0)]],
    1: [[(0.15, 0.15), (0.35, 0.0), (0.35, 1.0)]],
    2: [[(0.05, 0.2), (0.35, 0.0), (0.65, 0.15), (0.6, 0.45), (0.05, 1.0), (0.75, 1.0)]],
    3: [[(0.05, 0.1), (0.4, 0.0), (0.65, 0.2), (0.3, 0.48), (0.7, 0.7), (0.45, 1.0), (0.05, 0.9)]],
    4: [[(0.5, 0.0), (0.05, 0.65), (0.75, 0.65)], [(0.55, 0.3), (0.55, 1.0)]],
    5: [[(0.15, 0.0), (0.1, 0.45), (0.45, 0.38), (0.7, 0.6), (0.6, 0.92), (0.3, 1.0), (0.05, 0.88)], [(0.15, 0.0), (0.7, 0.0)]],
    7: [[(0.05, 0.0), (0.7, 0.0), (0.3, 1.0)], [(0.2, 0.5), (0.6, 0.5)]],
}


def write(digits, *, height: float = 90, gap: float = 18, brush: float = 12, style: str = "light on dark", top: float = 90):
    """A canvas with ``digits`` written left to right: ``(canvas, strokes, boxes)``.

    strokes : (x, y) canvas pixels in drawing order; boxes : each digit's ink box (x0, y0, x1, y1).
    ``gap`` is the space between two digits' ink, negative for overlapping ones.
    """
    strokes, boxes, left = [], [], 10 + brush / 2
    for digit in digits:
        shape = [np.array(stroke) * height for stroke in SHAPES[digit]]
        every = np.vstack(shape)
        shape = [stroke - [every[:, 0].min(), 0] + [left, top] for stroke in shape]
        width = np.ptp(every[:, 0])
        strokes += shape
        boxes.append((left - brush / 2, top - brush / 2, left + width + brush / 2, top + height + brush / 2))
        left += width + brush + gap
    canvas = draw_lines([stroke[:, ::-1] for stroke in strokes], brush=brush, style=style)
    return canvas, strokes, boxes


def ask_between(short: float, *, brush: float = 12):
    """A canvas with a tall slanted stroke and, just right of its foot, an upright ``short`` pixels
    tall, bottoms level: ``(canvas, strokes)``. The upright starts neither over the first stroke
    nor clearly beyond it, so the split by strokes leaves it to the model whether they are one
    digit or two. With the brush the tall stroke's ink is 120 pixels tall, the upright's ``short`` + 13.
    """
    strokes = [np.array([[20.0, 40.0], [60.0, 147.0]]), np.array([[72.0, 147.0 - short], [72.0, 147.0]])]
    return draw_lines([stroke[:, ::-1] for stroke in strokes], brush=brush, style="light on dark"), strokes


# A stroke as fabric.js 7 (the canvas's) reports it: placed by its box's centre, the box 60 x 60 without the stroke.
DRAWN = {"type": "Path", "strokeWidth": 10, "originX": "center", "originY": "center", "left": 40, "top": 50,
         "width": 60, "height": 60, "path": [["M", 10, 20], ["Q", 30, 40, 50, 60], ["L", 70, 80]]}
