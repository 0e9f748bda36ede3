"""Small MNIST-sized images made big enough to see, with every pixel kept as a sharp square."""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

__all__ = ["enlarged", "as_picture", "support_overlay", "mosaic", "data_url"]


def enlarged(image: np.ndarray, size: int) -> bytes:
    """A uint8 (H, W) or (H, W, 3) image scaled by a whole factor to about ``size`` on its longer side, as PNG bytes.

    Nearest-neighbour keeps each pixel a crisp square; PNG because ``st.image`` would save a
    PIL image as JPEG, whose artefacts blur exactly the pixels we want to show.
    """
    factor = max(1, size // max(image.shape))
    height, width = image.shape[:2]
    big = Image.fromarray(image).resize((width * factor, height * factor), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    big.save(buffer, format="PNG")
    return buffer.getvalue()


def as_picture(levels: np.ndarray) -> np.ndarray:
    """A float (levels in [0, 1]) or boolean map as a uint8 grey image, for ``st.image``."""
    return np.round(np.clip(levels.astype(np.float32), 0.0, 1.0) * 255).astype(np.uint8)


_SUPPORT, _AGAINST = np.array([214, 51, 108]), np.array([28, 126, 214])  # red for, blue against


def support_overlay(image: np.ndarray, support: np.ndarray) -> np.ndarray:
    """The (28, 28) drawing in grey with each pixel tinted by how much it supports the answer.

    ``support`` is an occlusion map: positive (red) where covering the pixel lowers the answer's
    probability, negative (blue) where it raises it. It is scaled to its own largest magnitude,
    since covering one patch of a confident answer moves its probability only a little.
    """
    scale = float(np.abs(support).max()) or 1.0
    strength = np.clip(np.abs(support) / scale, 0.0, 1.0)[:, :, None]
    tint = np.where(support[:, :, None] >= 0, _SUPPORT, _AGAINST)
    grey = 255 - 0.6 * image[:, :, None].astype(float)  # the ink dark on white, under the tint
    return np.round(grey * (1 - strength) + tint * strength).astype(np.uint8)


def mosaic(images: np.ndarray, *, columns: int = 5) -> np.ndarray:
    """(n, 28, 28) digits side by side in rows of ``columns``, with a 2-pixel gap: one picture."""
    rows = max(1, -(-len(images) // columns))
    sheet = np.zeros((rows * 30, columns * 30), np.uint8)
    for position, digit in enumerate(images):
        row, col = divmod(position, columns)
        sheet[row * 30 + 1 : row * 30 + 29, col * 30 + 1 : col * 30 + 29] = digit
    return sheet


def data_url(image: np.ndarray, size: int = 28) -> str:
    """A small uint8 image as a PNG data URL, for pictures inside a chart."""
    return "data:image/png;base64," + base64.b64encode(enlarged(image, size)).decode()
