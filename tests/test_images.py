import io

import numpy as np
import pytest
from PIL import Image

from digit_model.images import MAX_PIXELS, read_image


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


PHOTO = encode(Image.new("RGB", (64, 48), "white"), "JPEG")


@pytest.mark.parametrize("mode, fmt", [("RGB", "JPEG"), ("L", "PNG"), ("RGBA", "PNG"), ("P", "PNG"), ("1", "PNG")])
def test_png_and_jpeg_decode_to_8_bit_pixels(mode, fmt):
    array = read_image(encode(Image.new(mode, (64, 48)), fmt))
    assert array.dtype == np.uint8 and array.shape[:2] == (48, 64)


def test_exif_rotation_of_phone_photos_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees
    array = read_image(encode(Image.new("RGB", (64, 48)), "JPEG", exif=exif))
    assert array.shape[:2] == (64, 48)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty"),
        (b"%PDF-1.4 definitely not a picture", "not an image"),
        (PHOTO[: len(PHOTO) // 2], "truncated or corrupt"),
        (encode(Image.new("CMYK", (20, 20)), "JPEG"), "CMYK"),
        (encode(Image.new("I;16", (20, 20)), "PNG"), "16-bit"),
        (encode(Image.new("L", (20, 20)), "GIF"), "GIF file; upload a PNG or JPEG"),
        (
            encode(Image.new("RGB", (20, 20)), "PNG", save_all=True, append_images=[Image.new("RGB", (20, 20), "red")]),
            "animated",
        ),
        (encode(Image.new("1", (6000, MAX_PIXELS // 6000 + 1)), "PNG"), "pixels in all"),
        (b"\x00" * (6 * 1024 * 1024), "the limit is 5 MB"),
    ],
    ids=["empty", "not an image", "truncated", "CMYK", "16-bit", "GIF", "animated", "too many pixels", "too many bytes"],
)
def test_unsuitable_files_get_a_one_line_message(data, message):
    with pytest.raises(ValueError, match=message) as error:
        read_image(data)
    assert "\n" not in str(error.value)
