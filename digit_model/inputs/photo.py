"""Find the digit in a photo of paper the way a person would, then read it like a drawing.

A drawing's background is one level, so ``preprocess`` takes it from the image's border. A
phone photo's is not: the light falls off across the page, a hand or the phone casts a
shadow, and the paper's edge and the table show at the sides, so any single level turns the
shadow into "ink" and the crop into the shadow. Here the paper's own brightness is estimated
at every pixel (it changes slowly, while strokes are thin), the photo is divided by it, and
what is clearly darker than its surroundings is ink. Of that ink only the digit is kept: not
what is off the paper (its edges, the table), not specks. The kept ink then
goes through the very same MNIST recipe as a drawing (:func:`digit_model.inputs.recipe.to_mnist_steps`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from digit_model.inputs.recipe import Steps, as_image_array, to_mnist_steps

__all__ = ["WORK_SIDE", "PhotoSteps", "photo_ink", "photo_steps"]

#: The photo is read at this longer side at most: plenty for a 28x28 result, and fast.
WORK_SIDE = 512
_BACKGROUND_SHARE = 0.25  # strokes are narrower than this share of the shorter side, lit paper is wider
_MIN_CONTRAST = 0.2  # ink is at least this much darker than the paper around it (a share of its brightness)
_LOW_SHARE = 0.5  # a stroke continues down to this share of the threshold that found it
_MIN_DIGIT_SHARE = 0.0005  # a digit has at least this share of the photo's pixels clearly dark
_MIN_PART_SHARE = 0.05  # a piece of the digit has at least this share of its largest piece's clearly dark pixels
_NEAR = 0.5  # a piece of the digit lies within this share of the digit's size from the rest of it
_FRAME_SHARE = 0.05  # the frame's band (a share of the shorter side) where the table shows beyond the paper
_DIM_SHARE = 0.7  # background darker than this share of the paper's brightest is not lit paper
_MARGIN = 2  # background pixels kept around the kept ink
_INK_PERCENTILE = 90  # the kept strokes' darkness, scaled to 1: this percentile of it


@dataclass(frozen=True)
class PhotoSteps:
    """Every stage from the photo to the model's input, for the "what the model sees" view.

    grey : float array of shape (h, w) in [0, 1], the photo in grey, at most WORK_SIDE wide or
        tall, with dark ink (a light-on-dark image is turned over)
    background : float array of shape (h, w), the paper's estimated brightness at each pixel
    flattened : float array of shape (h, w) in [0, 1], ``grey / background``: paper 1 everywhere,
        whatever the light; ink darker
    mask : bool array of shape (h, w), the ink kept as the digit
    steps : the MNIST recipe's stages on the kept ink; ``steps.centred`` is the model's input
    """

    grey: np.ndarray
    background: np.ndarray
    flattened: np.ndarray
    mask: np.ndarray
    steps: Steps

    @property
    def centred(self) -> np.ndarray:
        """The (28, 28) uint8 model input."""
        return self.steps.centred


def photo_steps(image) -> PhotoSteps | None:
    """Read a photo (or scan) of one digit on paper into the model's input, keeping every stage.

    Parameters
    ----------
    image : uint8 array of shape (H, W), (H, W, 1), (H, W, 2), (H, W, 3) or (H, W, 4), or PIL image
        As :func:`digit_model.inputs.uploads.read_image` returns it; dark ink on light paper, or light
        ink on a dark background; transparent pixels count as paper.

    Returns None when there is no ink on the paper (blank paper, only shadows or edges), and
    raises :class:`digit_model.inputs.recipe.NotADigit` for ink too small or too flat to be a digit.
    """
    image = as_image_array(image)
    if image.shape[0] == 0 or image.shape[1] == 0:
        return None
    grey, background, strength, mask = _found(image)
    if mask is None:
        return None
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    box = (
        slice(max(rows[0] - _MARGIN, 0), rows[-1] + _MARGIN + 1),
        slice(max(cols[0] - _MARGIN, 0), cols[-1] + _MARGIN + 1),
    )
    ink = _kept_ink(strength, mask)[box]
    steps = to_mnist_steps(np.round(ink * 255).astype(np.uint8))
    if steps is None:
        return None
    flattened = np.clip(grey / background, 0.0, 1.0)
    return PhotoSteps(grey=grey, background=background, flattened=flattened, mask=mask, steps=steps)


def photo_ink(image) -> tuple[np.ndarray | None, float]:
    """``(ink, scale)``: the ink :func:`photo_steps` keeps, over the whole photo and not yet cut to
    one digit, and the photo's pixels per ink pixel (it is read at most WORK_SIDE wide or tall).

    A written number is wider than any digit; :mod:`digit_model.numbers` splits this ink into
    digits and reads each through the recipe, as :func:`photo_steps` reads its one digit. The ink
    is float32 in [0, 1] of shape (h, w), or None when there is no ink on the paper.
    """
    image = as_image_array(image)
    if image.shape[0] == 0 or image.shape[1] == 0:
        return None, 1.0
    grey, _, strength, mask = _found(image)
    scale = image.shape[1] / grey.shape[1]
    return (None if mask is None else _kept_ink(strength, mask).astype(np.float32)), scale


def _found(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """The photo in grey at working size, the paper's brightness, how much darker than the paper
    each pixel is, and the mask of the digit's ink (None: no ink on the paper)."""
    grey = _working_grey(image)
    background = _paper_brightness(grey)
    strength = 1.0 - np.clip(grey / background, 0.0, 1.0)
    return grey, background, strength, _digit(strength, background)


def _kept_ink(strength: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The kept ink with the strokes' soft rims, scaled so that its strokes' darkness is 1."""
    kept = np.where(ndimage.binary_dilation(mask), strength, 0.0)
    return np.clip(kept / np.percentile(strength[mask], _INK_PERCENTILE), 0.0, 1.0)


def _working_grey(image: np.ndarray) -> np.ndarray:
    """Grey levels in [0, 1] with dark ink, shrunk to WORK_SIDE, transparency shown as white paper."""
    picture = Image.fromarray(image[:, :, 0] if image.shape[2] == 1 else image)
    scale = WORK_SIDE / max(picture.size)
    if scale < 1:
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        picture = picture.resize(size, Image.Resampling.BOX)
    has_alpha = picture.mode in ("LA", "RGBA")
    pixels = np.asarray(picture.convert("LA" if has_alpha else "L"), dtype=np.float32) / 255
    grey = pixels[:, :, 0] * pixels[:, :, 1] + (1 - pixels[:, :, 1]) if has_alpha else pixels
    # Paper is bright and wide. When nothing bright is wider than a stroke (a grey opening, the
    # darkest level nearby and then the brightest of those, leaves no bright level behind), the
    # bright things are the strokes: light ink on a dark background.
    opened = ndimage.grey_opening(grey, size=(_window(grey),) * 2)
    levels = ndimage.uniform_filter(grey, 3)  # the darkest and brightest, not a grain of noise
    if np.percentile(opened, 99) < (levels.min() + levels.max()) / 2:
        grey = 1 - grey
    return grey


def _window(grey: np.ndarray) -> int:
    """The side of a square wider than any stroke, narrower than shadows and lit paper."""
    return max(3, round(_BACKGROUND_SHARE * min(grey.shape)))


def _paper_brightness(grey: np.ndarray) -> np.ndarray:
    """The paper's brightness under the light at each pixel, ink removed.

    A grey closing (the brightest level nearby, then the darkest of those) erases whatever dark
    is narrower than its window, i.e. the strokes, and keeps what is wider, i.e. shadows, falling
    light and the table, with their edges where they are.
    """
    window = _window(grey)
    smooth = ndimage.uniform_filter(grey, 3)  # sensor grain would otherwise lift the estimate
    # Continued past the frame, a strip of table at the side is as wide as the window, so it stays
    # background; only ink that runs off the frame is lost, and that is dropped anyway.
    closed = ndimage.grey_closing(np.pad(smooth, window, mode="edge"), size=(window, window))
    return np.maximum(closed[window:-window, window:-window], 1 / 255)


def _digit(strength: np.ndarray, background: np.ndarray) -> np.ndarray | None:
    """The pixels of the written digit, or None when there is no ink.

    Ink is found with hysteresis: a stroke is clearly dark in places (Otsu's threshold, at least
    _MIN_CONTRAST) and goes on while it is half as dark, so a light pencil line is not broken up.
    Of the pieces, those off the paper go; the piece with the most clearly dark pixels is the
    digit unless it is a speck, and the sizeable pieces near it join it (a 5's bar, a broken line).
    """
    high = max(_otsu(strength), _MIN_CONTRAST)
    labels, count = ndimage.label(strength >= _LOW_SHARE * high, structure=np.ones((3, 3)))
    clear = np.bincount(labels[strength >= high], minlength=count + 1)  # clearly dark pixels per piece
    clear[0] = 0
    # Off the paper: pieces touching the frame (paper edges, the table, shadows' rims), and pieces
    # nearly touching it over a background darker than the paper (the grain of the table beyond an edge).
    band = max(1, round(_FRAME_SHARE * min(strength.shape)))
    near = np.ones(strength.shape, bool)
    near[band:-band, band:-band] = False
    dim = background < _DIM_SHARE * np.percentile(background, 95)
    clear[np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1], labels[near & dim]])] = 0
    main = int(np.argmax(clear))
    if clear[main] < _MIN_DIGIT_SHARE * strength.size:
        return None
    found = clear >= _MIN_PART_SHARE * clear[main]
    boxes = ndimage.find_objects(labels)
    digit = {main}
    grown = True
    while grown:  # take in the pieces near the digit so far, until none is left
        top, left, bottom, right = _union(boxes, digit)
        reach = _NEAR * max(bottom - top, right - left)
        grown = False
        for label in np.flatnonzero(found):
            box = boxes[label - 1]
            if label not in digit and (
                box[0].start < bottom + reach and box[0].stop > top - reach
                and box[1].start < right + reach and box[1].stop > left - reach
            ):
                digit.add(int(label))
                grown = True
    return np.isin(labels, list(digit))


def _union(boxes: list[tuple[slice, slice]], labels: set[int]) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) of the bounding box around these labels' pieces."""
    chosen = [boxes[label - 1] for label in labels]
    return (
        min(box[0].start for box in chosen), min(box[1].start for box in chosen),
        max(box[0].stop for box in chosen), max(box[1].stop for box in chosen),
    )


def _otsu(values: np.ndarray) -> float:
    """Otsu's threshold of values in [0, 1]: the level that best splits them into two groups."""
    counts, edges = np.histogram(values, bins=256, range=(0.0, 1.0))
    levels = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(counts)
    total = weight[-1]
    below = np.cumsum(counts * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (below[-1] * weight - below * total) ** 2 / (weight * (total - weight))
    between[~np.isfinite(between)] = -1.0  # one side empty: no split there
    return float(levels[np.argmax(between)]) if between.max() >= 0 else 0.0
