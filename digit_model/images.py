"""Read an uploaded photo or scan safely: every way a file can be wrong gets one clear sentence."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = ["read_image", "MAX_UPLOAD_MB", "MAX_PIXELS"]

MAX_UPLOAD_MB = 5
MAX_PIXELS = 25_000_000  # about a 6000x4000 photo; past that decoding alone costs too much memory
_FORMATS = ("PNG", "JPEG")
_MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA"}  # 8-bit modes; CMYK, 16-bit and float are refused


def read_image(data: bytes, *, max_bytes: int = MAX_UPLOAD_MB * 1024 * 1024) -> np.ndarray:
    """Decode a PNG or JPEG of one handwritten digit into a uint8 RGB/RGBA/grey array.

    Raises ValueError, with a message meant for the person who uploaded the file, for an
    empty, oversized, unreadable, truncated, animated, CMYK or 16-bit file.
    """
    if not data:
        raise ValueError("The file is empty. Upload a PNG or JPEG photo of one digit.")
    if len(data) > max_bytes:
        raise ValueError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB.")
    try:
        image = Image.open(io.BytesIO(data))
        _check(image)
        image.load()
    except Image.DecompressionBombError:
        raise ValueError(f"The image has too many pixels; the limit is {MAX_PIXELS:,}.") from None
    except UnidentifiedImageError:
        raise ValueError("This file is not an image Pillow can read. Upload a PNG or JPEG.") from None
    except (OSError, SyntaxError, EOFError):
        raise ValueError("The image is truncated or corrupt and cannot be decoded. Try exporting it again.") from None
    image = ImageOps.exif_transpose(image)  # phone photos carry their rotation in EXIF
    if image.mode not in ("L", "RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
    return np.asarray(image)


def _check(image: Image.Image) -> None:
    """Refuse what the header already tells us is unsuitable, before decoding any pixels."""
    if image.format not in _FORMATS:
        raise ValueError(f"This is a {image.format} file; upload a PNG or JPEG.")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValueError(f"The image is {width}x{height} pixels; the limit is {MAX_PIXELS:,} pixels in all.")
    if getattr(image, "n_frames", 1) > 1:
        raise ValueError("The image is animated; upload a still PNG or JPEG.")
    if image.mode == "CMYK":
        raise ValueError("The image is in CMYK (print) colours; save it as RGB and upload it again.")
    if image.mode not in _MODES:
        raise ValueError(f"The image uses {image.mode} pixels (for example 16-bit); save it as 8-bit RGB or greyscale.")
