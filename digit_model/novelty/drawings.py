"""Drawings that are not a digit, as visitors make them: letters, shapes, symbols, scribbles,
two digits at once and crossed-out digits, drawn with the canvas's brush and read by ``to_mnist``.

Each kind starts from stroke templates (letters and shapes in a unit box, or real pen digits of
the evaluation writers for the last two kinds), bent by a small random warp and turned a little,
then drawn at a random size, place, brush and style exactly as :mod:`digit_model.inputs.canvas`
draws pen digits. Seeded: drawing ``i`` of a template always comes out the same.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from digit_model.basics import SIDE, check_int
from digit_model.inputs.canvas import STYLES, draw_strokes
from digit_model.inputs.pendigits import PenDigits
from digit_model.inputs.recipe import to_mnist
from digit_model.inputs.warp import warp_strokes

__all__ = ["KINDS", "TEMPLATES", "NonDigits", "non_digit_drawings"]

_WARP = 0.06  # how far a template is bent, as in the warp of the pen training drawings
_TURN = np.radians(12)  # templates are turned by up to this much either way
_ARC_POINTS = 40  # points along a curve of a template


def _arc(centre, radii, start: float, end: float, points: int = _ARC_POINTS) -> np.ndarray:
    """An elliptic arc from ``start`` to ``end`` degrees (counter-clockwise from the right)."""
    angles = np.radians(np.linspace(start, end, points))
    return np.column_stack([centre[0] + radii[0] * np.cos(angles), centre[1] + radii[1] * np.sin(angles)])


def _lines(*strokes) -> Callable[[np.random.Generator], list[np.ndarray]]:
    """A fixed template: the same strokes, (x, y) with y up, whatever the random numbers."""
    fixed = [np.asarray(stroke, float) for stroke in strokes]
    return lambda rng: fixed


def _star() -> np.ndarray:
    """A five-pointed star in one stroke: from each point to the next but one, back to the first."""
    return _arc((0.5, 0.5), (0.5, 0.5), 90, 90 + 5 * 144, points=6)


def _heart() -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, 2 * _ARC_POINTS)
    return np.column_stack([16 * np.sin(t) ** 3, 13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)])


def _spiral(rng: np.random.Generator) -> list[np.ndarray]:
    turns = rng.uniform(2.0, 3.5)
    angle = np.linspace(0, 2 * np.pi * turns, int(60 * turns))
    return [np.column_stack([angle * np.cos(angle), angle * np.sin(angle)])]


def _zigzag(rng: np.random.Generator) -> list[np.ndarray]:
    """Back and forth across a box, top to bottom: hatching a patch out."""
    turns = int(rng.integers(5, 12))
    x = np.where(np.arange(turns) % 2, rng.uniform(0.8, 1.0, turns), rng.uniform(0.0, 0.2, turns))
    return [np.column_stack([x, np.linspace(1, 0, turns) + rng.normal(0, 0.03, turns)])]


def _tangle(rng: np.random.Generator) -> list[np.ndarray]:
    """A pen wandering in loops: steps of one length whose direction drifts."""
    heading = np.cumsum(rng.normal(0.35, 0.5, 60)) + rng.uniform(0, 2 * np.pi)
    return [np.cumsum(np.column_stack([np.cos(heading), np.sin(heading)]), axis=0)]


#: The templates, by kind: each maps random numbers to strokes, (x, y) float arrays with y up, in any
#: units (a drawing is scaled to the canvas).
TEMPLATES: dict[str, dict[str, Callable[[np.random.Generator], list[np.ndarray]]]] = {
    "letter": {
        "A": _lines([(0, 0), (0.5, 1), (1, 0)], [(0.22, 0.4), (0.78, 0.4)]),
        "B": _lines([(0, 0), (0, 1)], np.vstack([[(0, 1)], _arc((0.45, 0.75), (0.4, 0.25), 90, -90), [(0, 0.5)]]),
                    np.vstack([[(0, 0.5)], _arc((0.5, 0.25), (0.45, 0.25), 90, -90), [(0, 0)]])),
        "E": _lines([(0.8, 1), (0, 1), (0, 0), (0.8, 0)], [(0, 0.5), (0.6, 0.5)]),
        "H": _lines([(0, 0), (0, 1)], [(0.8, 0), (0.8, 1)], [(0, 0.5), (0.8, 0.5)]),
        "K": _lines([(0, 0), (0, 1)], [(0.8, 1), (0, 0.45), (0.8, 0)]),
        "M": _lines([(0, 0), (0.1, 1), (0.5, 0.3), (0.9, 1), (1, 0)]),
        "W": _lines([(0, 1), (0.25, 0), (0.5, 0.7), (0.75, 0), (1, 1)]),
        "X": _lines([(0, 0), (1, 1)], [(0, 1), (1, 0)]),
        "Z": _lines([(0, 1), (1, 1), (0, 0), (1, 0)]),
    },
    "shape": {
        "star": _lines(_star()),
        "smiley": _lines(_arc((0.5, 0.5), (0.5, 0.5), 90, 450), [(0.33, 0.65)], [(0.67, 0.65)],
                         _arc((0.5, 0.45), (0.25, 0.22), 200, 340)),
        "heart": _lines(_heart()),
        "triangle": _lines([(0.5, 1), (0, 0), (1, 0), (0.5, 1)]),
        "square": _lines([(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]),
    },
    "symbol": {
        "arrow": _lines([(0, 0.5), (1, 0.5)], [(0.65, 0.85), (1, 0.5), (0.65, 0.15)]),
        "plus": _lines([(0.5, 0), (0.5, 1)], [(0, 0.5), (1, 0.5)]),
        "question mark": _lines(np.vstack([_arc((0.5, 0.72), (0.35, 0.28), 160, -90), [(0.5, 0.25)]]), [(0.5, 0.0)]),
        "hash": _lines([(0.35, 1), (0.3, 0)], [(0.7, 1), (0.65, 0)], [(0, 0.68), (1, 0.68)], [(0, 0.32), (1, 0.32)]),
    },
    "scribble": {"spiral": _spiral, "zig-zag": _zigzag, "tangle": _tangle},
}
#: Every kind of drawing, the last two made of the pen digits given.
KINDS = (*TEMPLATES, "two digits", "crossed-out digit")


@dataclass(frozen=True)
class NonDigits:
    """Non-digit drawings read back by ``to_mnist``.

    Attributes
    ----------
    images : ndarray of shape (n, 28, 28), uint8; blank where ``read`` is False
    kinds : ndarray of shape (n,), str, one of :data:`KINDS`
    names : ndarray of shape (n,), str, the template ("star", "A", ...) or the kind
    read : ndarray of shape (n,), bool; False where ``to_mnist`` already refused the drawing
        (a dash or a speck), which the app answers with "draw a whole digit"
    """

    images: np.ndarray
    kinds: np.ndarray
    names: np.ndarray
    read: np.ndarray

    def __len__(self) -> int:
        return len(self.kinds)


def non_digit_drawings(pen: PenDigits, *, per_template: int = 40, seed: int = 0) -> NonDigits:
    """``per_template`` drawings of every template, and as many two-digit and crossed-out drawings as a kind of templates has.

    Parameters
    ----------
    pen : the pen digits to draw two at once or cross out (the evaluation writers': they are only scored here)
    per_template : drawings of each template
    seed : the random numbers; the same seed draws the same drawings
    """
    check_int(per_template, "per_template", low=1, high=None)
    if len(pen) < 2:
        raise ValueError(f"Two or more pen digits are needed to draw two at once; got {len(pen)} instead.")
    pen_count = per_template * max(len(named) for named in TEMPLATES.values())  # as many as the largest kind
    plans = [(kind, name, template, per_template) for kind, named in TEMPLATES.items() for name, template in named.items()]
    plans += [("two digits", "two digits", functools.partial(_two_digits, pen), pen_count),
              ("crossed-out digit", "crossed-out digit", functools.partial(_crossed_out, pen), pen_count)]
    images, kinds, names = [], [], []
    for kind, name, template, count in plans:
        for _ in range(count):
            rng = np.random.default_rng([seed, len(images)])
            strokes = _jittered(template(rng), rng) if kind in TEMPLATES else template(rng)
            images.append(to_mnist(draw_strokes(strokes, rng, style=STYLES[len(images) % len(STYLES)])))
            kinds.append(kind)
            names.append(name)
    read = np.array([image is not None for image in images])
    blank = np.zeros((SIDE, SIDE), np.uint8)
    return NonDigits(np.stack([blank if image is None else image for image in images]), np.array(kinds), np.array(names), read)


def _jittered(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A template as one hand draws it: bent a little, turned a little."""
    angle = rng.uniform(-_TURN, _TURN)
    turn = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
    return [stroke @ turn for stroke in warp_strokes(strokes, rng, strength=_WARP)]


def _unit_height(strokes: list[np.ndarray]) -> list[np.ndarray]:
    """A pen digit's strokes moved and scaled so that its ink spans heights 0 to 1 from x = 0."""
    every = np.vstack(strokes)
    low, height = every.min(axis=0), max(float(np.ptp(every[:, 1])), 1.0)
    return [(stroke - low) / height for stroke in strokes]


def _two_digits(pen: PenDigits, rng: np.random.Generator) -> list[np.ndarray]:
    """Two pen digits side by side, as one drawing, a small gap between them."""
    first, second = (_unit_height(pen.strokes[i]) for i in rng.choice(len(pen), size=2, replace=False))
    shift = np.vstack(first)[:, 0].max() + rng.uniform(0.1, 0.35)
    return first + [stroke + [shift, rng.normal(0, 0.05)] for stroke in second]


def _crossed_out(pen: PenDigits, rng: np.random.Generator) -> list[np.ndarray]:
    """A pen digit crossed out: an X over it, or a zig-zag hatching across it."""
    digit = _unit_height(pen.strokes[int(rng.integers(len(pen)))])
    width = max(np.vstack(digit)[:, 0].max(), 0.2)
    if rng.random() < 0.5:
        over = [np.array([[0, 0], [width, 1]], float), np.array([[0, 1], [width, 0]], float)]
    else:
        over = _zigzag(rng)
        over = [over[0] * [width, 0.6] + [0, 0.2]]
    margin = rng.uniform(-0.05, 0.1)
    return digit + [(stroke - 0.5 * np.array([width, 1])) * (1 + 2 * margin) + 0.5 * np.array([width, 1]) for stroke in over]
