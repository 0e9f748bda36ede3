"""Read an uploaded photo or scan safely: every way a file can be wrong gets one clear sentence.

Phone photos are large (a 25-megapixel JPEG decodes to 75 MB of pixels) while reading one digit
needs a few hundred pixels a side, so a photo is shrunk while it is decoded: a JPEG decoder can
skip detail at 1/2, 1/4 or 1/8 scale for a fraction of the time and memory. What cameras write
is accepted too: the first image of an MPO (a JPEG with a second, e.g. depth, image), CMYK,
and 16-bit greyscale, converted to 8-bit pixels.
"""

from __future__ import annotations

import io
import struct

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

__all__ = ["read_image", "MAX_UPLOAD_MB", "MAX_PIXELS", "MAX_SIDE"]

MAX_UPLOAD_MB = 5
MAX_PIXELS = 25_000_000  # about a 6000x4000 photo; past that the header alone is reason enough to refuse
#: A decoded image's longer side at most: ample for one digit, and what the photo reading expects.
MAX_SIDE = 1024
_FORMATS = ("PNG", "JPEG")  # Pillow's JPEG decoder also opens an MPO, as format "MPO"
_MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "I;16"}  # I;16: 16-bit greyscale PNG


def read_image(data: bytes, *, max_bytes: int = MAX_UPLOAD_MB * 1024 * 1024) -> np.ndarray:
    """Decode a PNG or JPEG of one handwritten digit into a uint8 RGB/RGBA/grey array.

    The longer side is at most ``MAX_SIDE`` pixels: larger images are shrunk while decoding,
    keeping the aspect ratio. EXIF rotation is applied.

    Returns
    -------
    uint8 array of shape (H, W), (H, W, 3) or (H, W, 4)

    Raises ValueError, with a message meant for the person who uploaded the file, for an
    empty, oversized, unreadable, truncated or animated file.
    """
    if not data:
        raise ValueError("The file is empty. Upload a PNG or JPEG photo of one digit.")
    if len(data) > max_bytes:
        raise ValueError(f"The file is {len(data) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB.")
    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)  # no other decoder ever sees an upload
        _check(image)
        # A JPEG decodes straight at 1/2, 1/4 or 1/8 scale, as long as that stays at least MAX_SIDE.
        image.draft(None, _fitted(image.size))
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # phone photos carry their rotation in EXIF
    except _Unsuitable:
        raise
    except Image.DecompressionBombError:
        raise ValueError(f"The image has too many pixels; the limit is {MAX_PIXELS:,}.") from None
    except UnidentifiedImageError:
        raise ValueError("This file is not a PNG or JPEG image. Upload a PNG or JPEG photo of one digit.") from None
    # How Pillow reports damage: in the pixels or a chunk (OSError, SyntaxError, EOFError), in a header
    # it has read (ValueError: a short IHDR or APNG chunk), in the EXIF it reads and writes back without
    # the rotation (SyntaxError, ValueError, struct.error, TypeError: a value of the wrong type).
    except (OSError, SyntaxError, EOFError, ValueError, struct.error, TypeError):
        raise ValueError("The image is truncated or corrupt and cannot be decoded. Try exporting it again.") from None
    image = _eight_bit(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.BOX)
    return np.asarray(image)


class _Unsuitable(ValueError):
    """A refusal of this module's own, raised where Pillow's ValueErrors mean a damaged file."""


def _check(image: Image.Image) -> None:
    """Refuse what the header already tells us is unsuitable, before decoding any pixels."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _Unsuitable(f"The image is {width}x{height} pixels; the limit is {MAX_PIXELS:,} pixels in all.")
    # An MPO's further images are other views of the same photo (depth, a second lens); its first
    # image, the one opened, is the photo itself. Anything else with frames is an animation.
    if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
        raise _Unsuitable("The image is animated; upload a still PNG or JPEG.")
    if image.mode not in _MODES:
        raise _Unsuitable(f"The image uses {image.mode} pixels; save it as 8-bit RGB or greyscale.")


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """``size`` scaled down so that its longer side is MAX_SIDE (never up)."""
    scale = min(1.0, MAX_SIDE / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _eight_bit(image: Image.Image) -> Image.Image:
    """The image in L, RGB or RGBA: 16-bit levels scaled to 8 bits, CMYK and palettes converted."""
    if image.mode == "I;16":
        # 65535 / 257 = 255: every level keeps its place, where Pillow's own conversion would clip
        # everything above 255 to white.
        return Image.fromarray(np.round(np.asarray(image, dtype=np.float32) / 257).astype(np.uint8))
    if image.mode in ("L", "RGB", "RGBA"):
        return image
    return image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
