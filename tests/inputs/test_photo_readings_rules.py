"""The photo reader's tuned levels and its ties, pinned by what it reads from photos made here.

The reader's percentiles, filter sizes and shares were tuned on photos, and a level moved a little
changes the reading of a few photos only: those whose light, grain or ink sit on its boundary. Each
photo below is built to sit on one (the comment says which); its every stage shown in "what the model
sees" (the model's input, the kept ink's mask and the flattened photo) is recorded as a SHA-256.
A retune must change these recorded readings deliberately, with the photos it was tuned on.
The ties (``<`` or ``<=``) are met exactly: grey levels whose quotients in float32 equal the level
they are compared with.
"""

import hashlib

import numpy as np
import pytest

from digit_model.inputs.photo import photo_steps
from digit_model.inputs.recipe import NotADigit
from tests.inputs.pictures import ink, photo


def _page(shape, paper, *marks):
    """A grey scan of ``shape`` at level ``paper``, with each (rows, columns, level) mark painted on it."""
    page = np.full(shape, paper, np.uint8)
    for rows, cols, level in marks:
        page[rows, cols] = level
    return page


def _lit(patches: int) -> np.ndarray:
    """Grey (110) with a dark 1, and bright patches (250) wider than a stroke: 0.6% of the photo each."""
    page = _page((40, 400), 110, (slice(8, 32), slice(200, 206), 0))
    for patch in range(patches):
        page[15:25, 20 + 15 * patch : 30 + 15 * patch] = 250
    return page


def _dim_edge(paper: int, lit_columns: int) -> np.ndarray:
    """Paper at 180, a strip at ``paper`` down the left with a 1 near the edge in it, and a lit strip
    (250) down the right as wide as ``lit_columns``: what the brightest paper is, and so what is dim."""
    page = _page((200, 400), 180, (slice(None), slice(0, 70), paper), (slice(60, 140), slice(5, 11), paper // 5))
    if lit_columns:
        page[:, -lit_columns:] = 250
    return page


def _grained(grey: int) -> np.ndarray:
    """Paper with a darker fibre every third pixel (most of it brighter than its 3x3 mean), a dark 1
    and a grey mark beside it at ``grey``."""
    page = _page((200, 200), 240, (slice(None, None, 3), slice(None, None, 3), 225))
    page[50:150, 90:100] = 46
    page[60:100, 110:130] = grey
    return page


def _translucent(paper: int, *marks) -> np.ndarray:
    """A grey-and-alpha image: opaque paper at ``paper``, each (rows, columns, grey, alpha) mark on it."""
    image = np.stack([np.full((200, 200), paper, np.uint8), np.full((200, 200), 255, np.uint8)], axis=-1)
    image[50:150, 90:100] = (0, 255)  # a dark 1
    for rows, cols, grey, alpha in marks:
        image[rows, cols] = (grey, alpha)
    return image


_S = slice
_PHOTOS = {
    # The kept strokes' darkness taken at its 90th percentile: a shadow's soft edge through the digit.
    "a 3 under a deep shadow": lambda: photo(ink("3", at=(180, 140)), shadow=0.6),
    # The darkest and brightest levels over 3x3 pixels: a 2x2 glare on dim paper is grain, not lit paper,
    # and a 3-pixel-wide stroke is the darkest level.
    "a glare of 2x2 pixels on dim paper": lambda: _page(
        (120, 160), 110, (_S(30, 90), _S(60, 66), 0), (_S(20, 22), _S(120, 122), 255)),
    "a stroke 3 pixels wide on mid-grey paper": lambda: _page(
        (120, 160), 140, (_S(30, 90), _S(60, 63), 0), (_S(20, 26), _S(120, 126), 255)),
    # Paper is bright when the 99th percentile of the photo opened (strokes gone) is: bright patches as
    # wide as the opening over 0.6% of it are chalk on a board, over 1.2% lit paper.
    "a grey board with one chalk patch over 0.6% of it": lambda: _lit(1),
    "grey paper with two lit patches over 1.2% of it": lambda: _lit(2),
    # The tie: paper (100) exactly halfway between the darkest (0) and brightest (200) levels.
    "paper halfway between its ink and its glare": lambda: _page(
        (120, 160), 100, (_S(30, 90), _S(60, 66), 0), (_S(20, 24), _S(120, 124), 200)),
    # Dim is darker than 70% of the paper's 95th percentile: a strip at exactly 70% (126 of 180), and
    # lit strips over 4.5% and 5.25% of the photo.
    "a 1 in a strip at exactly 70% of the paper": lambda: _dim_edge(126, 18),
    "a 1 in a strip at 78% of the paper, beside a lit strip": lambda: _dim_edge(140, 21),
    # The paper's brightness over a square of at least 3 pixels: a 3-pixel stroke on a 12-pixel-tall photo.
    "a 12-pixel-tall photo": lambda: _page((12, 60), 230, (_S(2, 10), _S(30, 33), 46)),
    # The frame's band of at least 1 pixel: a stroke from the second row in the shadowed half of a
    # 20-pixel-tall photo.
    "a stroke from the second row of a short photo": lambda: _page(
        (20, 60), 230, (_S(None), _S(30, None), 100), (_S(1, 13), _S(45, 47), 20)),
    # The crop from row or column 0 when the ink starts at 1: a faint rim in the frame's row or column.
    "a 1 from the second row, a rim above it": lambda: _page(
        (100, 100), 230, (_S(1, 61), _S(40, 48), 138), (0, _S(40, 48), 209)),
    "a 7 from the second column, a rim left of it": lambda: _page(
        (100, 100), 230, (_S(20, 28), _S(1, 40), 138), (_S(20, 80), _S(32, 40), 138), (_S(20, 28), 0, 209)),
    # Paper brighter than its estimate counts in Otsu's histogram at darkness 0.
    "a grey mark beside a 1 on grained paper": lambda: _grained(146),
    # The floor of one grey level under the paper's brightness: a black object at level 1.
    "a 1 beside a black object at level 1": lambda: _page(
        (300, 300), 230, (_S(100, 160), _S(60, 68), 46), (_S(100, 200), _S(150, 260), 1)),
    # The ties of the hysteresis: translucent grey ink exactly at Otsu's threshold (77.5 / 256), and a
    # faint tail of the 1 exactly at half its threshold (74.5 / 512).
    "translucent grey at the threshold": lambda: _translucent(
        218, (_S(60, 80), _S(104, 108), 59, 134), (_S(160, 175), _S(20, 180, 2), 59, 134)),
    "a tail at half the threshold": lambda: _translucent(
        201, (_S(150, 180), _S(94, 97), 11, 87), (_S(10, 25), _S(20, 180, 2), 2, 113)),
}


def _reading(image) -> str:
    """The reading's stages as a SHA-256 (its first 16 hex digits), or why there is none."""
    try:
        steps = photo_steps(image)
    except NotADigit as refusal:
        return f"not a digit: {refusal}"
    if steps is None:
        return "no ink"
    digest = hashlib.sha256()
    for stage in (steps.centred, steps.mask, np.round(steps.flattened * 255).astype(np.uint8)):
        digest.update(stage.tobytes())
    return digest.hexdigest()[:16]


_READINGS = {
    "a 3 under a deep shadow": "37eb1b1f84f3b9cd",
    "a glare of 2x2 pixels on dim paper": "b7374389582629c5",
    "a stroke 3 pixels wide on mid-grey paper": "a1032f36538000f1",
    "a grey board with one chalk patch over 0.6% of it": "not a digit: That looks like a dot or a small scribble, "
                                                         "not a digit: draw it larger, filling most of the canvas.",
    "grey paper with two lit patches over 1.2% of it": "361320f5a725f98b",
    "paper halfway between its ink and its glare": "4ed8dfc3a3b1131d",
    "a 1 in a strip at exactly 70% of the paper": "95da69569ca2ac2b",
    "a 1 in a strip at 78% of the paper, beside a lit strip": "no ink",
    "a 12-pixel-tall photo": "73bab2a5d734a22f",
    "a stroke from the second row of a short photo": "94b59b0ee438564f",
    "a 1 from the second row, a rim above it": "325507290c157af2",
    "a 7 from the second column, a rim left of it": "09ada1ef8256508a",
    "a grey mark beside a 1 on grained paper": "0bb09ea074b36ecc",
    "a 1 beside a black object at level 1": "4b7b529e01cb6ea3",
    "translucent grey at the threshold": "95e908036c40201a",
    "a tail at half the threshold": "68f6b65249f76c80",
}


@pytest.mark.parametrize("name", _PHOTOS)
def test_a_photo_on_a_tuned_level_or_a_tie_reads_as_recorded(name):
    assert _reading(_PHOTOS[name]()) == _READINGS[name]


def test_a_small_photo_of_an_empty_box_drawn_round_its_edges_has_no_digit():
    """A frame of ink all round a photo under 2,000 pixels, with nothing inside: the frame is off the
    paper, and the paper inside it is no piece of ink, however few clearly dark pixels a digit needs."""
    box = np.full((40, 40), 255, np.uint8)
    box[[0, -1], :] = box[:, [0, -1]] = 120
    assert photo_steps(box) is None
