"""The ink of a whole number, from a canvas or from a photo, before it is split into digits.

A number is wider than any digit, so the one-digit readers refuse it as "a dash" before they
return their ink. This module takes their ink-finding steps without that last check: a canvas's
ink exactly as :func:`digit_model.inputs.recipe.to_mnist` finds it, and a photo's kept ink exactly
as :func:`digit_model.inputs.photo.photo_steps` keeps it (the paper's light flattened, what is off the
paper and specks left out). Both readers' steps are private to them, so they are reached here,
in one place, until they offer them publicly.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digit_model.inputs import photo, recipe

__all__ = ["number_ink"]

_PHOTO_INK_PERCENTILE = 90  # photo_steps' scale of a photo's ink: this percentile of the kept strokes' darkness


def number_ink(image, *, is_photo: bool = False) -> tuple[np.ndarray | None, float]:
    """``(ink, scale)``: ink in [0, 1] of shape (h, w), or None when nothing is drawn, and the
    image's pixels per ink pixel (a photo is read at most ``photo.WORK_SIDE`` pixels wide or tall).

    Parameters
    ----------
    image : uint8 array of shape (H, W) or (H, W, C), C in 1-4, or PIL image
        A canvas (light on dark, dark on light or ink on transparent) or, with ``is_photo``,
        a photo of paper as :func:`digit_model.inputs.uploads.read_image` returns it.
    """
    image = recipe.as_image_array(image)
    if not is_photo:
        return recipe._ink(image), 1.0
    if min(image.shape[:2]) == 0:
        return None, 1.0
    grey = photo._working_grey(image)
    background = photo._paper_brightness(grey)
    strength = 1.0 - np.clip(grey / background, 0.0, 1.0)
    mask = photo._digit(strength, background)
    scale = image.shape[1] / grey.shape[1]
    if mask is None:
        return None, scale
    kept = np.where(ndimage.binary_dilation(mask), strength, 0.0)
    return np.clip(kept / np.percentile(strength[mask], _PHOTO_INK_PERCENTILE), 0.0, 1.0).astype(np.float32), scale
