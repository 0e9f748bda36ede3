"""Pictures the input tests make: font digits as canvas drawings and as photos of paper, and encoded
files. Plain functions shared by the mirror tests and their ``_rules`` companions."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from PIL.JpegImagePlugin import JpegImageFile
from scipy import ndimage

from digit_model.inputs.recipe import to_mnist

HEIGHT, WIDTH = 480, 640  # a photo's size

# The canvas's three styles as (background, ink) RGBA colours.
STYLES = {
    "light on dark": ((0, 0, 0, 255), (255, 255, 255, 255)),
    "dark on light": ((255, 255, 255, 255), (0, 0, 0, 255)),
    "ink on transparent": ((0, 0, 0, 0), (0, 0, 0, 255)),
}


def _glyph(digit: str, height: int) -> Image.Image:
    """The default font's ``digit``, cropped to its ink and scaled to ``height`` pixels."""
    glyph = Image.new("L", (400, 400))
    ImageDraw.Draw(glyph).text((50, 0), digit, fill=255, font=ImageFont.load_default(size=300))
    glyph = glyph.crop(glyph.getbbox())
    return glyph.resize((max(1, round(glyph.width * height / glyph.height)), height), Image.Resampling.BILINEAR)


def drawing(digit="4", *, style="light on dark", canvas=280, height=200, at=(40, 30)) -> np.ndarray:
    """A canvas-like RGBA array with one digit, ``height`` pixels tall, its top-left corner at ``at``."""
    glyph = _glyph(digit, height)
    background, ink_colour = STYLES[style]
    image = Image.new("RGBA", (canvas, canvas), background)
    image.paste(Image.new("RGBA", glyph.size, ink_colour), at, mask=glyph)
    return np.asarray(image)


def ink(digit: str = "3", *, height: int = 200, at: tuple[int, int] = (200, 140), angle: float = 0.0) -> np.ndarray:
    """Ink in [0, 1] of shape (480, 640): a font digit ``height`` pixels tall, its top-left corner at ``at`` (x, y)."""
    field = Image.new("L", (WIDTH, HEIGHT))
    field.paste(_glyph(digit, height), at)
    if angle:
        field = field.rotate(angle, Image.Resampling.BILINEAR)
    return np.asarray(field, np.float32) / 255


def photo(
    written: np.ndarray,
    *,
    darkness: float = 0.8,
    shadow: float = 0.0,
    table: bool = False,
    blur: float = 0.0,
    grain: float = 3.0,
    jpeg: int | None = None,
) -> np.ndarray:
    """An RGB photo of ``written`` on white paper, with a shadow over the left third (``shadow`` of the
    light taken away), a strip of dark, knotted table along the right and bottom edges, blur, grain and JPEG."""
    light = np.ones((HEIGHT, WIDTH), np.float32)
    if shadow:
        light[:, : WIDTH // 3] -= shadow
        light = ndimage.gaussian_filter(light, 6)  # a soft edge
    paper = 0.9 * (1 - darkness * written)
    if table:
        paper[:, -50:] = 0.25
        paper[-35:, :] = 0.25
        paper[200:240, -30:-20] = 0.15  # a knot in the wood, off the paper but clear of the frame
    image = 255 * light * paper
    if blur:
        image = ndimage.gaussian_filter(image, blur)
    image = image + np.random.default_rng(0).normal(0, grain, image.shape)
    image = np.repeat(np.clip(np.round(image), 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
    if jpeg is not None:
        image = np.asarray(Image.open(io.BytesIO(encode(Image.fromarray(image), "JPEG", quality=jpeg))))
    return image


def reference(written: np.ndarray) -> np.ndarray:
    """What the drawing itself gives: the 28x28 image a clean scan of the ink would."""
    return to_mnist(np.round(written * 255).astype(np.uint8))


def similarity(a: np.ndarray | None, b: np.ndarray) -> float:
    """The correlation of two images' pixels; -1 for no image (where no digit was found)."""
    if a is None:
        return -1.0
    return float(np.corrcoef(a.ravel().astype(float), b.ravel().astype(float))[0, 1])


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    """The bytes of ``image`` saved as ``fmt``, as an upload would bring them."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def decoded_sizes(monkeypatch) -> list[tuple[int, int]]:
    """From now on in the test, the size each JPEG's decoder is about to produce, in order."""
    sizes, load = [], JpegImageFile.load

    def measured_load(image):
        sizes.append(image.size)
        return load(image)

    monkeypatch.setattr(JpegImageFile, "load", measured_load)
    return sizes


def scan(written: np.ndarray) -> np.ndarray:
    """A clean grey scan of ``written`` (ink in [0, 1]): paper at level 230 and full ink at a fifth of
    it, without grain, blur or shadow, so every pixel of full ink is exactly as dark as the next."""
    return np.round(230 * (1 - 0.8 * written)).astype(np.uint8)
