"""Rules of reading uploads that a changed limit would break unnoticed by tests/inputs/test_uploads.py."""

import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from digit_model.inputs.uploads import MAX_SIDE, read_image
from tests.inputs.pictures import decoded_sizes, encode

_PNG = encode(Image.new("L", (64, 48), 255), "PNG")


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused():
    """5 MB (5 MiB), as the refusal says; a PNG's decoder ignores what follows its end."""
    exactly = _PNG + bytes(5 * 2**20 - len(_PNG))
    assert read_image(exactly).shape == (48, 64)
    with pytest.raises(ValueError, match=r"The file is 5\.0 MB; the limit is 5 MB"):
        read_image(exactly + b"\0")
    assert read_image(_PNG, max_bytes=len(_PNG)).shape == (48, 64)


def test_an_image_of_exactly_25_million_pixels_is_read():
    assert max(read_image(encode(Image.new("L", (5000, 5000)), "PNG")).shape) == MAX_SIDE


def test_the_size_limit_must_be_named():
    with pytest.raises(TypeError):
        read_image(_PNG, 10 * 2**20)


def test_one_pixel_more_than_25_million_is_refused():
    with pytest.raises(ValueError, match="the limit is 25,000,000 pixels"):
        read_image(encode(Image.new("1", (25_000_001, 1)), "PNG"))


def test_a_palette_image_with_a_transparent_colour_keeps_its_transparency():
    palette = Image.new("P", (64, 48))
    palette.info["transparency"] = 0
    assert read_image(encode(palette, "PNG")).shape == (48, 64, 4)


@pytest.mark.parametrize("size, decoded", [
    ((4000, 6000), (1000, 1500)),  # a portrait photo: 1/4 scale keeps its longer side at least 1024
    ((16000, 4), (4000, 1)),  # a strip 4 rows tall: 1/4 at most, which leaves it one whole row
    ((4, 16000), (1, 4000)),
], ids=["portrait", "wide strip", "tall strip"])
def test_a_large_jpeg_of_any_shape_is_decoded_at_the_smallest_scale_that_keeps_its_size_after_shrinking(
        monkeypatch, size, decoded):
    """Decoding at a fraction saves time and memory, but never below the size the image is shrunk to."""
    sizes = decoded_sizes(monkeypatch)
    array = read_image(encode(Image.new("L", size, 255), "JPEG"))
    assert sizes[0] == decoded
    assert max(array.shape) == MAX_SIDE


def test_a_png_whose_image_data_is_cut_short_by_its_own_length_is_refused_as_corrupt():
    """Pillow reports a chunk read from the middle of the image data as a SyntaxError, not an OSError."""
    png = bytearray(encode(Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64), dtype=np.uint8)), "PNG"))
    assert png[37:41] == b"IDAT"
    png[33:37] = (100).to_bytes(4, "big")  # the image data's length, far shorter than the data
    with pytest.raises(ValueError, match="truncated or corrupt"):
        read_image(bytes(png))


def _png_with(*chunks: tuple[bytes, bytes], header: bytes = _PNG[16:29]) -> bytes:
    """The small PNG with these (type, data) chunks after its header, each with a right checksum, so
    that Pillow reads them; ``header`` replaces the header's (IHDR's) 13 bytes."""
    body = b"".join(len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
                    for kind, data in [(b"IHDR", header), *chunks])
    return _PNG[:8] + body + _PNG[33:]


# EXIF (big-endian TIFF) with two tags: the rotation (6: turned 90 degrees) and the resolution, a
# fraction, written as the text "abc".
_TEXT_RESOLUTION = b"MM\x00*" + struct.pack(">IH", 8, 2) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(
    ">HHI", 0x011A, 2, 4) + b"abc\x00" + bytes(4)


@pytest.mark.parametrize("png", [
    _png_with((b"eXIf", b"these bytes are no EXIF")),
    _png_with((b"eXIf", _TEXT_RESOLUTION)),
    _png_with((b"eXIf", b"MM\x00*\x00")),
    _png_with((b"tEXt", b"Raw profile type exif\x00\nexif\n      12\nnot hex at all\n")),
    _png_with(header=_PNG[16:28]),
    _png_with((b"acTL", b"\x00\x00\x00\x01")),
    _png_with((b"fcTL", bytes(10))),
], ids=["EXIF not in TIFF's layout", "EXIF with a fraction as text", "EXIF cut short", "EXIF as text that is not hex",
        "header cut short", "animation control cut short", "frame control cut short"])
def test_a_png_with_a_damaged_header_or_exif_is_refused_as_corrupt_in_one_line(png):
    """A phone photo's rotation is in its EXIF, read after the pixels: damage there, or in a header
    chunk Pillow reads before them, is the file's damage, refused like a cut-short file, not a traceback
    or a message of Pillow's own."""
    with pytest.raises(ValueError, match="^The image is truncated or corrupt") as error:
        read_image(png)
    assert "\n" not in str(error.value)
