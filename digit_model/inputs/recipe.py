"""Turn a canvas drawing (or a photo of one digit) into a 28x28 image the way MNIST was made.

MNIST's recipe: the digit is cropped to its ink, its longer side scaled to 20 pixels with
anti-aliasing (aspect ratio kept), and it is pasted into a 28x28 field so that its centre of
mass sits at the centre. A plain resize of the whole canvas skips all three and gives the
model off-centre, wrongly scaled digits it has never seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy import ndimage

from digit_model.basics import SIDE

__all__ = [
    "MIN_INK_FRACTION", "MIN_INK_PIXELS", "NotADigit", "Steps", "as_image_array", "ink_strength", "to_mnist", "to_mnist_steps",
]

BOX = 20
#: Where MNIST's digits have their centre of mass (0-based rows and columns): its 60,000 training
#: digits average (14.0, 14.0), not the field's middle (13.5, 13.5). Following MNIST reads drawn
#: digits better for models that take pixels as they are (the book's SGD baseline).
CENTRE_OF_MASS = 14.0
#: A drawing with fewer ink pixels than this share of the image (or than MIN_INK_PIXELS)
#: is a speck, not a digit: ``to_mnist`` returns None for it.
MIN_INK_FRACTION = 0.001
MIN_INK_PIXELS = 4
_MIN_CONTRAST = 32  # grey levels between ink and background below which nothing is drawn
_NOISE_FLOOR = 0.2  # share of the strongest ink below which a pixel is background noise
# A digit is several strokes long and not much flatter than wide. Measured on 7,494 pen digits
# and 3,000 redrawn MNIST digits (every brush width), no digit is shorter than 2.4 of its own
# stroke widths or flatter than 0.57 (height / width); a dot, a scribble or a dash is.
_MIN_LENGTH_IN_STROKES = 2.0
_MIN_HEIGHT_TO_WIDTH = 0.45


class NotADigit(ValueError):
    """There is ink, but too little or too flat to be a digit (a dot, a dash, a small scribble)."""


@dataclass(frozen=True)
class Steps:
    """Every stage from the drawing to the model's input, for the "what the model sees" view.

    ink : float array of shape (H, W) in [0, 1], ink 1 on background 0
    cropped : uint8 array, the ink's bounding box
    fitted : uint8 array whose longer side is 20 pixels
    centred : uint8 array of shape (28, 28), the model's input
    """

    ink: np.ndarray
    cropped: np.ndarray
    fitted: np.ndarray
    centred: np.ndarray


def to_mnist(image) -> np.ndarray | None:
    """Return the (28, 28) uint8 MNIST image (ink 255 on 0) of a drawing, or None if empty.

    A dot, a dash or a small scribble is not a digit either: None too (``to_mnist_steps``
    says why, with :class:`NotADigit`).

    Parameters
    ----------
    image : ndarray of shape (H, W), (H, W, 1), (H, W, 2), (H, W, 3) or (H, W, 4), or PIL image
        Light ink on a dark background, dark ink on a light background, or ink on a
        transparent background, as ``st_canvas(...).image_data`` returns it.
    """
    try:
        steps = to_mnist_steps(image)
    except NotADigit:
        return None
    return None if steps is None else steps.centred


def to_mnist_steps(image, *, check_size: bool = True) -> Steps | None:
    """Like :func:`to_mnist`, keeping the intermediate images.

    Returns None when nothing is drawn, and raises :class:`NotADigit` for ink too small or
    too flat to be a digit, so that the visitor is asked to draw larger instead of getting
    a confident answer for a dot. ``check_size=False`` leaves out the "too small" test for a
    caller that judges size by something surer than the brush: the number reader, by the
    number's other digits (a small 0 in a broad brush is a blob here, a digit there).
    """
    ink = ink_strength(image)
    if ink is None:
        return None
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    cropped = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    _check_digit_shaped(cropped > 0.5, check_size=check_size)
    fitted = _to_uint8(_fit(cropped))
    if not fitted.any():  # ink so thin or faint that nothing survives at 20x20
        return None
    return Steps(ink=ink, cropped=_to_uint8(cropped), fitted=fitted, centred=_centre(fitted))


def as_image_array(image) -> np.ndarray:
    """Validate a drawing or photo at the public boundary: a uint8 (H, W, C) array; PIL images become arrays."""
    if isinstance(image, Image.Image):
        if image.mode not in ("L", "LA", "RGB", "RGBA"):
            image = image.convert("RGBA" if "transparency" in image.info or "A" in image.mode else "RGB")
        image = np.asarray(image)
    if not isinstance(image, np.ndarray):
        raise ValueError(f"Expected a numpy array or a PIL image of the drawing; got {type(image).__name__} instead.")
    if image.dtype == bool:
        image = image.astype(np.uint8) * 255
    if image.dtype != np.uint8:
        raise ValueError(f"Expected a uint8 image (values 0-255); got dtype {image.dtype} instead.")
    if image.ndim == 3 and image.shape[2] in (1, 2, 3, 4):
        return image
    if image.ndim == 2:
        return image[:, :, None]
    raise ValueError(
        f"Expected an image of shape (H, W) or (H, W, C) with C in 1-4 (grey, grey+alpha, RGB, RGBA); "
        f"got shape {image.shape} instead."
    )


def ink_strength(image) -> np.ndarray | None:
    """The drawing's ink in [0, 1], shape (H, W), or None when nothing (or only a speck) is drawn.

    The recipe's first step on its own, before the ink is checked to be one digit: a whole
    number is wider than any digit, and :mod:`digit_model.numbers` splits this ink into digits first.
    """
    return _ink(as_image_array(image))


def _ink(image: np.ndarray) -> np.ndarray | None:
    """Ink strength in [0, 1] for each pixel, or None when nothing (or only a speck) is drawn."""
    if image.size == 0:
        return None
    channels = image.shape[2]
    alpha = image[:, :, -1] if channels in (2, 4) else None
    if alpha is not None and (clear := _border_median(alpha)) < 128:
        strength = alpha.astype(np.float32) - clear  # ink on a transparent background, from its own opacity
    else:
        grey = image[:, :, 0].astype(np.float32)
        if channels >= 3:
            grey = image[:, :, :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        background = _border_median(grey)
        strength = background - grey if background > 127 else grey - background
    peak = float(strength.max())
    if peak < _MIN_CONTRAST:
        return None
    ink = np.clip(strength / peak, 0.0, 1.0)
    ink[ink < _NOISE_FLOOR] = 0.0
    if np.count_nonzero(ink > 0.5) < max(MIN_INK_PIXELS, MIN_INK_FRACTION * ink.size):
        return None
    return ink


def _check_digit_shaped(mask: np.ndarray, *, check_size: bool) -> None:
    """Refuse ink whose extent is only a couple of stroke widths, or that is much wider than tall."""
    height, width = mask.shape
    stroke = 2 * float(ndimage.distance_transform_edt(np.pad(mask, 1)).max())
    if check_size and max(height, width) < _MIN_LENGTH_IN_STROKES * stroke:
        raise NotADigit("That looks like a dot or a small scribble, not a digit: draw it larger, filling most of the canvas.")
    if height < _MIN_HEIGHT_TO_WIDTH * width:
        raise NotADigit("That looks like a dash, not a digit: draw a whole digit, about as tall as the canvas.")


def _border_median(channel: np.ndarray) -> float:
    """The background's level: a drawing rarely covers the image's outer frame."""
    return float(np.median(np.concatenate([channel[0], channel[-1], channel[:, 0], channel[:, -1]])))


def _fit(cropped: np.ndarray) -> np.ndarray:
    """Scale so the longer side is 20 pixels, keeping the aspect ratio, with anti-aliasing."""
    height, width = cropped.shape
    scale = BOX / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # Area averaging is true anti-aliasing when shrinking and, unlike Lanczos, never rings.
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    resized = Image.fromarray(cropped.astype(np.float32), mode="F").resize(size, resample)
    return np.clip(np.asarray(resized), 0.0, 1.0)


def _centre(fitted: np.ndarray) -> np.ndarray:
    """Paste into 28x28 with the centre of mass on the centre, without pushing ink off the edge.

    Like MNIST, the move is by whole pixels, so the ink stays inside a 20x20 box and the
    centre of mass lands within half a pixel of ``CENTRE_OF_MASS``.
    """
    out = np.zeros((SIDE, SIDE), dtype=np.uint8)
    com = ndimage.center_of_mass(fitted.astype(np.float64))
    top, left = (int(np.clip(round(CENTRE_OF_MASS - c), 0, SIDE - n)) for c, n in zip(com, fitted.shape))
    out[top : top + fitted.shape[0], left : left + fitted.shape[1]] = fitted
    return out


def _to_uint8(ink: np.ndarray) -> np.ndarray:
    return np.round(ink * 255).astype(np.uint8)
