"""A whole number's ink, from a canvas or a photo, before it is split: what the one-digit readers
would find, with the image's pixels per ink pixel."""

import typing

import numpy as np
import pytest
from PIL import Image

from digit_model.inputs.photo import photo_ink
from digit_model.inputs.recipe import ink_strength
from digit_model.numbers.ink import number_ink
from tests.numbers.written import write


def _photo_of(canvas: np.ndarray, side: int = 840) -> np.ndarray:
    """A photo of the canvas's number written dark on paper, ``side`` pixels square."""
    paper = np.round(255 * (1 - 0.8 * canvas[:, :, 0].astype(np.float32) / 255)).astype(np.uint8)
    return np.asarray(Image.fromarray(paper).convert("RGB").resize((side, side), Image.Resampling.BILINEAR))


def test_a_canvass_number_ink_is_the_recipes_first_step_one_ink_pixel_per_canvas_pixel():
    canvas, _, _ = write((2, 0, 7), style="dark on light")
    ink, scale = number_ink(canvas)
    assert np.array_equal(ink, ink_strength(canvas)) and ink.shape == canvas.shape[:2]
    assert scale == 1.0 and ink.max() == 1.0


def test_a_photos_number_ink_is_what_the_photo_reader_keeps_with_the_photos_pixels_per_ink_pixel():
    photo = _photo_of(write((2, 0, 7))[0])
    ink, scale = number_ink(photo, is_photo=True)
    kept, kept_scale = photo_ink(photo)
    assert np.array_equal(ink, kept) and scale == kept_scale > 1.0
    assert ink.shape[1] * scale == photo.shape[1]


def test_an_image_is_read_as_a_canvas_unless_said_to_be_a_photo():
    photo = _photo_of(write((2, 0, 7))[0], side=280)
    ink, scale = number_ink(photo)
    assert np.array_equal(ink, ink_strength(photo)) and scale == 1.0
    assert not np.array_equal(ink, number_ink(photo, is_photo=True)[0])


def test_a_blank_canvas_or_paper_has_no_ink():
    assert number_ink(np.zeros((280, 560, 4), np.uint8)) == (None, 1.0)
    assert number_ink(np.full((280, 560, 3), 230, np.uint8), is_photo=True)[0] is None


def test_that_the_image_is_a_photo_must_be_said_by_name():
    canvas, _, _ = write((1,))
    with pytest.raises(TypeError):
        number_ink(canvas, True)


def test_the_ink_functions_type_hints_name_real_types():
    """Editors and documentation tools read the hints: each must name a type that exists."""
    assert typing.get_type_hints(number_ink)["return"] == tuple[np.ndarray | None, float]
