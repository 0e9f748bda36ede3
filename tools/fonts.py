"""Digits rendered from a font: stand-ins for MNIST, shared by the tests and the timing commands."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def font_digits(n: int, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` 28x28 uint8 digits rendered from a font at random sizes and offsets, with labels.

    Stand-ins for MNIST wherever a test or a timing needs digit-like images but not MNIST itself.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 10
    images = np.zeros((n, 28, 28), dtype=np.uint8)
    for i, label in enumerate(labels):
        canvas = Image.new("L", (28, 28))
        font = ImageFont.load_default(size=int(rng.integers(16, 24)))
        ImageDraw.Draw(canvas).text(
            (int(rng.integers(4, 12)), int(rng.integers(-2, 4))), str(label), fill=255, font=font
        )
        images[i] = np.asarray(canvas)
    return images, labels.astype(np.int64)
