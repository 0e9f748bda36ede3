"""A drawing in a link: the 28x28 image the model saw, packed into a short URL-safe text.

A share link must fit in a chat message and survive being copied by hand, so the image is
quantised to 16 grey levels (4 bits a pixel, which no answer of the shipped models depends on
at the level of a few grey steps), deflated (a digit is mostly background) and written in
base64url. Whatever comes back from a link is untrusted: every way it can be wrong, truncated,
padded, edited or oversized, is refused in one sentence.
"""

from __future__ import annotations

import base64
import binascii
import zlib

import numpy as np

from digit_model.basics import SIDE, as_digit

__all__ = ["MAX_LINK_TEXT", "quantised", "encode_drawing", "decode_drawing"]

_LEVELS = 16  # grey levels kept: 4 bits a pixel
_STEP = 255 // (_LEVELS - 1)  # 17: level k is grey k * 17, so 0 and 255 survive exactly
_PACKED = SIDE * SIDE // 2  # bytes of two 4-bit pixels each
#: Most characters a link's drawing may have: a full image that deflate cannot shrink takes 538.
MAX_LINK_TEXT = 600


def quantised(image: np.ndarray) -> np.ndarray:
    """The image as a link carries it: each pixel rounded to the nearest of 16 grey levels."""
    levels = np.rint(as_digit(image).astype(np.float32) / _STEP).astype(np.uint8)
    return levels * np.uint8(_STEP)


def encode_drawing(image: np.ndarray) -> str:
    """The text of a link's ``d`` parameter for a (28, 28) uint8 image, at most MAX_LINK_TEXT characters."""
    levels = (quantised(image) // _STEP).ravel()
    packed = (levels[0::2] << 4 | levels[1::2]).astype(np.uint8).tobytes()
    return base64.urlsafe_b64encode(zlib.compress(packed, 9)).decode("ascii").rstrip("=")


def decode_drawing(text: str) -> np.ndarray:
    """The (28, 28) uint8 image a link's ``d`` parameter carries, or a ValueError in one sentence."""
    if not isinstance(text, str) or not text:
        raise ValueError("The link carries no drawing.")
    if len(text) > MAX_LINK_TEXT:
        raise ValueError(f"The link's drawing is {len(text):,} characters long, more than the {MAX_LINK_TEXT} "
                         "a drawing takes: it was not made by this app.")
    try:
        deflated = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("The link's drawing is damaged: it is not base64url text.") from None
    inflater = zlib.decompressobj()
    try:
        packed = inflater.decompress(deflated, _PACKED + 1)
    except zlib.error:
        raise ValueError("The link's drawing is damaged: it does not unpack (cut short or edited?).") from None
    if not inflater.eof or len(packed) != _PACKED or inflater.unused_data:
        raise ValueError(f"The link's drawing is damaged: it unpacks to {len(packed)} bytes"
                         f"{'' if inflater.eof else ' or more'}, not the {_PACKED} of a 28x28 image.")
    pairs = np.frombuffer(packed, np.uint8)
    levels = np.empty(SIDE * SIDE, np.uint8)
    levels[0::2], levels[1::2] = pairs >> 4, pairs & 0x0F
    return (levels * np.uint8(_STEP)).reshape(SIDE, SIDE)
