"""The ink of a whole number, from a canvas or from a photo, before it is split into digits.

A number is wider than any digit, so the one-digit readers refuse it as "a dash" before they
return their ink. Their public first steps give it instead: a canvas's ink exactly as
:func:`digit_model.inputs.recipe.to_mnist` finds it, and a photo's kept ink exactly as
:func:`digit_model.inputs.photo.photo_steps` keeps it (the paper's light flattened, what is off
the paper and specks left out).
"""

from __future__ import annotations

import numpy as np

from digit_model.inputs.photo import photo_ink
from digit_model.inputs.recipe import ink_strength

__all__ = ["number_ink"]


def number_ink(image, *, is_photo: bool = False) -> tuple[np.ndarray | None, float]:
    """``(ink, scale)``: ink in [0, 1] of shape (h, w), or None when nothing is drawn, and the
    image's pixels per ink pixel (a photo is read at most ``photo.WORK_SIDE`` pixels wide or tall).

    Parameters
    ----------
    image : uint8 array of shape (H, W) or (H, W, C), C in 1-4, or PIL image
        A canvas (light on dark, dark on light or ink on transparent) or, with ``is_photo``,
        a photo of paper as :func:`digit_model.inputs.uploads.read_image` returns it.
    """
    return photo_ink(image) if is_photo else (ink_strength(image), 1.0)
