import io

import numpy as np
import pytest
from PIL import Image

from digit_model.inputs.uploads import MAX_PIXELS, MAX_SIDE, read_image
from tests.inputs.pictures import decoded_sizes, encode

PHOTO = encode(Image.new("RGB", (64, 48), "white"), "JPEG")


@pytest.mark.parametrize("mode, fmt", [("RGB", "JPEG"), ("L", "PNG"), ("RGBA", "PNG"), ("P", "PNG"), ("1", "PNG")])
def test_png_and_jpeg_decode_to_8_bit_pixels(mode, fmt):
    array = read_image(encode(Image.new(mode, (64, 48)), fmt))
    assert array.dtype == np.uint8 and array.shape[:2] == (48, 64)


@pytest.mark.parametrize("size", [(64, 48), (2400, 1800)], ids=["small", "shrunk"])
def test_exif_rotation_of_phone_photos_is_applied(size):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees
    image = Image.new("RGB", size)
    image.paste((255, 255, 255), (0, 0, size[0] // 2, size[1]))  # the left half white, the top once turned
    array = read_image(encode(image, "JPEG", exif=exif))
    scale = min(1, MAX_SIDE / max(size))
    assert array.shape[:2] == (round(size[0] * scale), round(size[1] * scale))
    assert array[0].mean() > 200 and array[-1].mean() < 50


@pytest.mark.parametrize(
    "size, fmt",
    [((4000, 3000), "JPEG"), ((1500, 3100), "JPEG"), ((3000, 2000), "PNG")],
    ids=["12-megapixel JPEG", "portrait JPEG", "large PNG"],
)
def test_large_images_are_shrunk_while_decoding_keeping_their_shape(size, fmt):
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    array = read_image(encode(image, fmt))
    assert max(array.shape[:2]) == MAX_SIDE
    assert abs(array.shape[1] / array.shape[0] - size[0] / size[1]) < 0.01
    top, bottom = array[:5].mean(), array[-5:].mean()  # the gradient runs from black at the top to white
    assert top < 20 and bottom > 235


def test_a_huge_jpeg_is_decoded_at_a_fraction_of_its_size(monkeypatch):
    decoded = decoded_sizes(monkeypatch)
    array = read_image(encode(Image.new("RGB", (6000, 4000), "white"), "JPEG"))
    assert decoded[0] == (1500, 1000)  # 1/4 scale: the smallest that is still at least 1024 wide
    assert array.shape == (683, 1024, 3)


def test_the_first_image_of_a_camera_mpo_is_the_photo():
    first, second = Image.new("RGB", (64, 48), (255, 0, 0)), Image.new("RGB", (64, 48), (0, 0, 255))
    data = encode(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(data)).format == "MPO"
    array = read_image(data)
    assert array.shape == (48, 64, 3)
    assert array[..., 0].min() > 240 and array[..., 2].max() < 15


def test_cmyk_is_converted_to_rgb():
    array = read_image(encode(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG"))  # red ink only
    assert array.shape == (20, 20, 3)
    assert np.abs(array.astype(int) - [255, 0, 0]).max() < 10


def test_16_bit_greyscale_is_scaled_to_8_bit_not_clipped():
    levels = np.linspace(0, 65535, 256 * 4).round().astype(np.uint16).reshape(4, 256)
    image = Image.fromarray(levels)
    assert image.mode == "I;16"
    array = read_image(encode(image, "PNG"))
    assert array.dtype == np.uint8 and array.shape == (4, 256)
    assert np.abs(array.astype(int) - np.round(levels / 257)).max() <= 1
    assert array.min() == 0 and array.max() == 255 and 120 < np.median(array) < 135


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty"),
        (b"%PDF-1.4 definitely not a picture", "not a PNG or JPEG image"),
        (PHOTO[: len(PHOTO) // 2], "truncated or corrupt"),
        (encode(Image.new("L", (20, 20)), "GIF"), "not a PNG or JPEG image"),
        (
            encode(Image.new("RGB", (20, 20)), "PNG", save_all=True, append_images=[Image.new("RGB", (20, 20), "red")]),
            "animated",
        ),
        (encode(Image.new("1", (6000, MAX_PIXELS // 6000 + 1)), "PNG"), "pixels in all"),
        (b"\x00" * (6 * 1024 * 1024), "the limit is 5 MB"),
    ],
    ids=["empty", "not an image", "truncated", "GIF", "animated", "too many pixels", "too many bytes"],
)
def test_unsuitable_files_get_a_one_line_message(data, message):
    with pytest.raises(ValueError, match=message) as error:
        read_image(data)
    assert "\n" not in str(error.value)
