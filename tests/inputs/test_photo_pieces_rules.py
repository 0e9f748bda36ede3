"""Rules of the photo reader about the pieces of ink, at their boundaries: which piece is big enough
to be a digit or a part of one, how near a part must lie, and a digit close to the photo's edge.

Each page is a clean scan (:func:`tests.inputs.pictures.scan`) read at its own size, so that every
pixel of ink is clearly dark and a piece's clearly dark pixels can be counted exactly."""

import numpy as np
import pytest

from digit_model.inputs.photo import photo_ink, photo_steps
from tests.inputs.pictures import scan

# A bar 40 pixels tall and 10 wide (400 clearly dark pixels) on a 300x300 page: the digit's largest
# piece. Its reach is half its larger side: 20 pixels.
_BAR = np.s_[100:140, 100:110]
_REACH = 20


def _page(*pieces) -> np.ndarray:
    written = np.zeros((300, 300), np.float32)
    written[_BAR] = 1.0
    for piece in pieces:
        written[piece] = 1.0
    return scan(written)


def _kept(image: np.ndarray, piece) -> np.ndarray:
    """Whether each pixel of the piece is in the ink the photo reader keeps."""
    ink, scale = photo_ink(image)
    assert scale == 1.0  # read at its own size
    return ink[piece] > 0.5


# A 10x10 piece beside the bar, ``gap`` pixels of paper between their boxes, on each side.
_BESIDE = {
    "right": lambda gap: np.s_[110:120, 110 + gap : 120 + gap],
    "left": lambda gap: np.s_[110:120, 90 - gap : 100 - gap],
    "below": lambda gap: np.s_[140 + gap : 150 + gap, 100:110],
    "above": lambda gap: np.s_[90 - gap : 100 - gap, 100:110],
}


@pytest.mark.parametrize("side", _BESIDE)
def test_a_piece_less_than_half_the_digits_size_away_joins_it_and_one_as_far_away_does_not(side):
    near, far = _BESIDE[side](_REACH - 1), _BESIDE[side](_REACH)
    assert _kept(_page(near), near).all()
    assert not _kept(_page(far), far).any()
    assert _kept(_page(far), _BAR).all()


def test_a_speck_beside_the_digit_is_not_part_of_it():
    """Dust next to a stroke: far under a twentieth of the digit's clearly dark pixels, however near."""
    speck = np.s_[115:118, 113:116]  # 3x3, three pixels right of the bar
    assert not _kept(_page(speck), speck).any()


def test_a_piece_with_a_twentieth_of_the_largest_pieces_clearly_dark_pixels_joins_it_and_with_fewer_does_not():
    block = np.s_[115:119, 115:120]  # 20 pixels: a twentieth of the bar's 400, five pixels right of it
    assert _kept(_page(block), block).all()
    fewer = _page(block)
    fewer[115, 115] = scan(np.zeros((1, 1)))[0, 0]  # one pixel of it paper: 19
    assert not _kept(fewer, block).any()


@pytest.mark.parametrize("pixels, found", [(40, True), (39, False)], ids=["40 pixels", "39 pixels"])
def test_ink_of_a_two_thousandth_of_the_photos_pixels_is_a_digit_and_less_is_none(pixels, found):
    """A 200x400 page has 80,000 pixels: a digit has at least 40 clearly dark."""
    written = np.zeros((200, 400), np.float32)
    written[96:104, 195:200] = 1.0  # 40 pixels
    if pixels == 39:
        written[96, 195] = 0.0
    ink, _ = photo_ink(scan(written))
    assert (ink is not None) == found


@pytest.mark.parametrize("edge", ["left", "top"])
def test_a_digit_one_pixel_from_the_photos_edge_reads_as_one_away_from_it(edge):
    """A scan cropped tight: the margin kept around the ink stops at the edge."""
    def stroke(at: int) -> np.ndarray:  # a 1, 60 pixels tall, from row or column ``at``
        written = np.zeros((300, 300), np.float32)
        written[np.s_[100:160, at : at + 8] if edge == "left" else np.s_[at : at + 60, 100:108]] = 1.0
        return written

    tight, apart = photo_steps(scan(stroke(1))), photo_steps(scan(stroke(50)))
    assert tight is not None and apart is not None
    np.testing.assert_array_equal(tight.centred, apart.centred)


@pytest.mark.parametrize("paper", [230, 100, 60], ids=["lit", "dim light", "dark light"])
def test_a_digit_near_the_edge_of_a_photo_taken_in_dim_light_is_kept(paper):
    """Background counts as dim (the table beyond the paper) by the paper's brightest, not by white:
    under dim light the paper is not the table."""
    written = np.zeros((300, 300), np.float32)
    stroke = np.s_[100:160, 6:14]  # a 1, six pixels from the left edge: in the band of 15 along the frame
    written[stroke] = 1.0
    ink, _ = photo_ink(np.round(paper * (1 - 0.8 * written)).astype(np.uint8))
    assert ink is not None and (ink[stroke] > 0.5).all()


def test_in_a_photo_under_ten_pixels_tall_ink_on_a_darker_part_clear_of_the_edge_is_kept():
    """The band along the frame where ink over a dim background goes is at least a pixel, even where
    a twentieth of the shorter side rounds to none: it never spreads over the whole photo."""
    image = np.full((9, 60), 230, np.uint8)
    image[:, 30:] = 100  # the right half in shadow
    image[2:7, 45] = 20  # a stroke in it
    ink, _ = photo_ink(image)
    assert ink is not None and (ink[2:7, 45] > 0.5).all()


def test_in_a_photo_under_ten_pixels_tall_strokes_one_and_two_pixels_wide_are_equally_dark_ink():
    """The paper's brightness is taken over a square wider than a stroke, at least 3 pixels even
    where a quarter of the shorter side rounds to 2: a 2-pixel stroke is not half taken for paper."""
    image = np.full((9, 60), 230, np.uint8)
    image[2:7, 30] = image[2:7, 33:35] = 46  # the same ink, one and two pixels wide, side by side
    ink, _ = photo_ink(image)
    assert ink is not None
    np.testing.assert_allclose(ink[2:7, 33:35], np.c_[ink[2:7, 30], ink[2:7, 30]], atol=0.02)
    assert ink[4, 30] > 0.9

