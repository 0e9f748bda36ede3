"""Small MNIST-sized images made big enough to see, with every pixel kept as a sharp square."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

__all__ = ["enlarged", "as_picture"]


def enlarged(image: np.ndarray, size: int) -> bytes:
    """A uint8 (H, W) image scaled by a whole factor to about ``size`` on its longer side, as PNG bytes.

    Nearest-neighbour keeps each pixel a crisp square; PNG because ``st.image`` would save a
    PIL image as JPEG, whose artefacts blur exactly the pixels we want to show.
    """
    factor = max(1, size // max(image.shape))
    height, width = image.shape
    big = Image.fromarray(image).resize((width * factor, height * factor), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    big.save(buffer, format="PNG")
    return buffer.getvalue()


def as_picture(levels: np.ndarray) -> np.ndarray:
    """A float (levels in [0, 1]) or boolean map as a uint8 grey image, for ``st.image``."""
    return np.round(np.clip(levels.astype(np.float32), 0.0, 1.0) * 255).astype(np.uint8)
