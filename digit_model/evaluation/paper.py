"""A synthetic phone photo of a digit written on paper, to measure how the app reads photos.

No set of phone photos of single digits ships with the project, so the photo benchmark makes
them from drawn digits, with what a phone adds to a page of paper: light falling off across
the page, a soft shadow over part of it, the paper's edge with a darker table beyond, grey
pencil (or a pen) instead of black ink, a small tilt, lens blur, sensor grain and JPEG.
Every effect is random and comes from the caller's generator, so a seed gives the same photo.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from scipy import ndimage, special

__all__ = ["photograph", "PHOTO_SIDE"]

#: The photos' longer side: what ``digit_model.inputs.uploads.read_image`` leaves of a phone photo.
PHOTO_SIDE = 1024
_ASPECT = 3 / 4  # shorter side / longer side, as phone cameras take them
_DIGIT_SHARE = (0.3, 0.55)  # the drawing's side as a share of the photo's shorter side
_JITTER = 0.06  # how far off the middle the drawing lands, as a share of each side
_TILT_DEGREES = 8.0
_EDGE_SHARE = (0.03, 0.12)  # how much of the frame the table takes beyond each paper edge
_EDGE_TILT_DEGREES = 5.0
# Graphite three times in four, else a blue pen: the share of light a fully inked pixel takes away, per channel.
_INKS = ((1.0, 1.0, 1.0), (1.0, 1.0, 1.0), (1.0, 1.0, 1.0), (0.95, 0.85, 0.45))
_DARKNESS = (0.3, 0.85)  # from a light pencil to a dark pen
_TABLES = ((1.0, 0.72, 0.48), (0.85, 0.85, 0.85), (0.55, 0.5, 0.45))  # wood, grey desk, dark desk


def photograph(ink: np.ndarray, rng: np.random.Generator, *, side: int = PHOTO_SIDE) -> np.ndarray:
    """An RGB phone photo of ``ink`` written on paper, decoded from a JPEG.

    Parameters
    ----------
    ink : float array of shape (h, w) in [0, 1], ink 1 on background 0, e.g. a 280x280 canvas
        drawing's brush ink; all zeros photographs blank paper (with its shadow and edge)
    rng : every random choice: placement, tilt, lighting, shadow, edges, ink, grain, JPEG quality
    side : the photo's longer side in pixels; the shorter one is 3/4 of it, portrait or landscape

    Returns
    -------
    uint8 array of shape (rows, cols, 3)
    """
    ink = np.asarray(ink)
    if ink.ndim != 2 or ink.size == 0 or not np.issubdtype(ink.dtype, np.number):
        raise ValueError(
            f"Expected the ink as a 2-D numeric array of shape (h, w); got shape {ink.shape}, dtype {ink.dtype} instead."
        )
    if not np.isfinite(ink).all() or ink.min() < 0 or ink.max() > 1:
        raise ValueError(
            "Expected ink values in [0, 1] (ink 1 on background 0); got values outside that range instead."
        )
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"Expected a numpy Generator (np.random.default_rng(seed)); got {type(rng).__name__} instead.")
    if side < 64:
        raise ValueError(f"The photo's longer side must be at least 64 pixels; got {side} instead.")
    shape = (side, round(side * _ASPECT)) if rng.random() < 0.5 else (round(side * _ASPECT), side)
    rows, cols = np.ogrid[: shape[0], : shape[1]]
    # Positions in units of the shorter side, from the photo's middle.
    y, x = (rows - shape[0] / 2) / min(shape), (cols - shape[1] / 2) / min(shape)

    paper = _paper(y, x, shape, rng)
    written = _placed(ink.astype(np.float32), shape, rng) * _pencil(shape, rng)
    colour = np.array(_INKS[rng.integers(len(_INKS))], np.float32) * rng.uniform(*_DARKNESS)
    white = rng.uniform(0.8, 0.95) * np.array([1.0, rng.uniform(0.96, 1.0), rng.uniform(0.88, 0.98)], np.float32)
    on_paper = paper[..., None] * white * (1 - written[..., None] * colour)
    reflectance = on_paper + (1 - paper[..., None]) * _table(y, x, shape, rng)

    light = _lighting(y, x, rng)
    exposure = rng.uniform(205, 250) / float(light.max() * white.max())
    image = reflectance * (exposure * light)[..., None]
    image = ndimage.gaussian_filter(image, sigma=(rng.uniform(0.5, 1.5),) * 2 + (0,))
    image += rng.normal(0, rng.uniform(2, 6), image.shape).astype(np.float32)
    return _jpeg(np.clip(np.round(image), 0, 255).astype(np.uint8), quality=int(rng.integers(60, 91)))


def _placed(ink: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """The ink scaled, tilted by up to 8 degrees and moved to near the photo's middle."""
    scale = rng.uniform(*_DIGIT_SHARE) * min(shape) / max(ink.shape)
    tilt = np.deg2rad(rng.uniform(-_TILT_DEGREES, _TILT_DEGREES))
    rotation = np.array([[np.cos(tilt), -np.sin(tilt)], [np.sin(tilt), np.cos(tilt)]])
    matrix = rotation / scale  # maps photo pixels back to ink pixels
    centre = np.array(shape) / 2 + rng.uniform(-_JITTER, _JITTER, 2) * np.array(shape)
    offset = (np.array(ink.shape) - 1) / 2 - matrix @ centre
    return ndimage.affine_transform(ink, matrix, offset=offset, output_shape=shape, order=1, cval=0.0)


def _pencil(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Graphite's uneven cover: the ink's strength varies from grain to grain of the paper."""
    return (1 - rng.uniform(0.1, 0.35) * _smooth_noise(shape, 1.0, rng)).astype(np.float32)


def _paper(y: np.ndarray, x: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Where the sheet is (1) and the table is (0): the paper's edge shows on one or two sides."""
    sides = rng.choice(4, size=int(rng.integers(1, 3)), replace=False)
    paper = np.ones(shape, np.float32)
    half = np.array(shape) / 2 / min(shape)  # the frame's half extent in shorter-side units
    for side in sides:
        axis, sign = divmod(int(side), 2)  # 0: rows (top, bottom), 1: columns (left, right)
        tilt = np.tan(np.deg2rad(rng.uniform(-_EDGE_TILT_DEGREES, _EDGE_TILT_DEGREES)))
        edge = half[axis] * (1 - 2 * rng.uniform(*_EDGE_SHARE))
        along, across = (x, y) if axis == 0 else (y, x)
        inside = edge + tilt * along - (across if sign else -across)  # distance inside the paper
        paper *= np.clip(inside * min(shape) + 0.5, 0, 1)  # anti-aliased edge
    return paper


def _table(y: np.ndarray, x: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """The table's colour, (rows, cols, 3), with a wavy grain like wood's."""
    colour = rng.uniform(0.2, 0.5) * np.array(_TABLES[rng.integers(len(_TABLES))], np.float32)
    angle = rng.uniform(0, np.pi)
    across = x * np.cos(angle) + y * np.sin(angle)
    grain = 1 + 0.12 * np.sin(rng.uniform(20, 60) * across + 3 * _smooth_noise(shape, 40, rng))
    return grain[..., None] * colour


def _lighting(y: np.ndarray, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Light falling off across the page and towards the corners, and a soft shadow over a part of it."""
    direction = rng.uniform(0, 2 * np.pi)
    along = x * np.cos(direction) + y * np.sin(direction)
    light = (1 + rng.uniform(0.15, 0.45) * along) * (1 - rng.uniform(0, 0.25) * (x**2 + y**2))
    # The shadow of a hand or a phone: a soft-edged half-plane over 20-45% of the frame.
    direction = rng.uniform(0, 2 * np.pi)
    along = x * np.cos(direction) + y * np.sin(direction)
    border = np.quantile(along, 1 - rng.uniform(0.2, 0.45))
    softness = rng.uniform(0.01, 0.08)
    shadow = 0.5 * (1 + special.erf((along - border) / softness))
    return (light * (1 - rng.uniform(0.3, 0.6) * shadow)).astype(np.float32)


def _smooth_noise(shape: tuple[int, int], scale: float, rng: np.random.Generator) -> np.ndarray:
    """Random texture with blobs about ``scale`` pixels wide, in [0, 1].

    Made at 1/scale of the size and enlarged, which is far cheaper than a wide blur.
    """
    coarse = tuple(max(2, round(n / scale)) for n in shape)
    noise = ndimage.gaussian_filter(rng.random(coarse, dtype=np.float32), 1.0)
    if coarse != shape:
        noise = ndimage.zoom(noise, [n / c for n, c in zip(shape, coarse)], order=1, grid_mode=True, mode="nearest")
    low, high = noise.min(), noise.max()
    return (noise - low) / (high - low) if high > low else np.zeros(shape, np.float32)


def _jpeg(image: np.ndarray, *, quality: int) -> np.ndarray:
    """The image after a round trip through a phone's JPEG encoder."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "JPEG", quality=quality)
    return np.asarray(Image.open(buffer).convert("RGB"))
