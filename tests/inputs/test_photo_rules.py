"""Rules of the photo reader that a changed constant or comparison would break unnoticed by
tests/inputs/test_photo.py: which ink is the digit, and which is not."""

import dataclasses
import warnings

import numpy as np
import pytest

from digit_model.inputs.photo import WORK_SIDE, _otsu, photo_ink, photo_steps
from tests.inputs.pictures import HEIGHT, WIDTH, ink, photo, reference, scan, similarity

# A 3 150 pixels tall, in the middle or where its rows and columns differ, and a pen mark (no speck) well over
# half its height away from it (the digit's reach) on each side.
_UPPER_RIGHT = {"height": 150, "at": (400, 100)}  # rows 100-250, columns from 400
_LOWER_LEFT = {"height": 150, "at": (80, 280)}  # rows 280-430, columns from 80
_DIGIT = {"height": 150, "at": (250, 165)}  # rows 165-315, in the middle
_FAR = {
    "above the middle": (_DIGIT, np.s_[50:60, 270:320]),
    "below the middle": (_DIGIT, np.s_[420:430, 270:320]),
    "left": (_UPPER_RIGHT, np.s_[160:170, 200:250]),
    "below": (_UPPER_RIGHT, np.s_[360:370, 420:470]),
    "right": (_LOWER_LEFT, np.s_[340:350, 300:350]),
    "above": (_LOWER_LEFT, np.s_[150:160, 90:140]),
}
# A bar of ink running off each edge of the photo over lit paper, its end near the digit.
_OFF_EDGE = {
    "right": np.s_[230:245, 400:],
    "left": np.s_[230:245, :190],
    "top": np.s_[:120, 280:295],
    "bottom": np.s_[370:, 280:295],
}


@pytest.mark.parametrize("digit, mark", list(_FAR.values()), ids=list(_FAR))
def test_a_sizeable_mark_far_from_the_digit_is_dropped(digit, mark):
    written = ink("3", **digit)
    marked = written.copy()
    marked[mark] = 1.0
    steps = photo_steps(photo(marked))
    scale = steps.mask.shape[1] / WIDTH
    rows, cols = mark
    assert not steps.mask[round(rows.start * scale) : round(rows.stop * scale),
                          round(cols.start * scale) : round(cols.stop * scale)].any()
    assert similarity(steps.centred, reference(written)) > 0.9


def test_pieces_near_the_digit_join_it_one_after_another():
    """A broken stroke: the second piece is near the first, and only through it near the digit."""
    written = ink("1", height=150, at=(300, 100))  # rows 100-250
    cols = np.nonzero(written > 0.5)[1]
    middle = (cols.min() + cols.max()) // 2
    written[290:300, middle - 30 : middle + 30] = 1.0  # 40 pixels below it: within reach
    written[360:370, middle - 30 : middle + 30] = 1.0  # 110 below it, 60 below the piece before
    steps = photo_steps(photo(written))
    scale = steps.mask.shape[0] / HEIGHT
    assert steps.mask[round(360 * scale) : round(370 * scale)].any()
    assert similarity(steps.centred, reference(written)) > 0.9


@pytest.mark.parametrize("bar", list(_OFF_EDGE.values()), ids=list(_OFF_EDGE))
def test_ink_running_off_an_edge_of_the_photo_is_not_part_of_the_digit(bar):
    written = ink("3", **_DIGIT)
    barred = written.copy()
    barred[bar] = 1.0
    steps = photo_steps(photo(barred))
    assert similarity(steps.centred, reference(written)) > 0.9


def test_otsus_threshold_falls_between_the_paper_and_the_ink():
    values = np.r_[np.full(900, 0.05), np.full(100, 0.6)]  # paper, and ink clearly darker than it
    assert 0.05 - 1 / 256 < _otsu(values) < 0.6  # within one of its 256 levels
    assert _otsu(values + 0.2) > _otsu(values)  # it follows the levels, whatever they are
    # Of three groups, the split that best separates two: here a mid grey goes with the paper, since
    # three quarters at mean 0.2 against a quarter at 0.9 are further apart than half and half.
    three = np.r_[np.full(500, 0.1), np.full(250, 0.4), np.full(250, 0.9)]
    assert 0.4 - 1 / 256 < _otsu(three) < 0.9


def test_a_photo_with_a_transparent_background_reads_as_on_white_paper():
    written = ink("5")
    on_white = photo(written, grain=0.0)
    transparent = np.dstack([np.zeros_like(on_white), np.round(255 * written).astype(np.uint8)])
    steps = photo_steps(transparent)
    assert steps.grey.min() >= 0 and steps.grey.max() <= 1  # grey levels, transparency shown as white
    assert similarity(steps.centred, photo_steps(on_white).centred) > 0.95


def test_white_chalk_on_a_mid_grey_board_is_turned_over():
    board = np.full((HEIGHT, WIDTH), 128, np.uint8)
    written = ink("2")
    board[written > 0.5] = 255
    turned, dark_on_grey = photo_steps(board).centred, photo_steps(255 - board).centred
    assert np.abs(turned.astype(int) - dark_on_grey).max() <= 1  # a grey level of rounding


@pytest.mark.parametrize("shape", [(0, 40), (40, 0)], ids=["no rows", "no columns"])
def test_an_image_without_pixels_has_no_digit(shape):
    assert photo_steps(np.zeros(shape, np.uint8)) is None


def test_the_stages_of_a_reading_cannot_be_changed_afterwards():
    steps = photo_steps(photo(ink("3")))
    with pytest.raises(dataclasses.FrozenInstanceError):
        steps.mask = None


# A small 1, 60 pixels tall with its top-left corner at ``at``, and a line on a 300x300 page, read
# at its own size (under WORK_SIDE: no shrinking blurs the line).
def _page(line: tuple[slice, slice], at: tuple[int, int] = (130, 200)) -> np.ndarray:
    written = ink("1", height=60, at=at)[:300, :300].copy()
    written[line] = 1.0
    return np.round(230 * (1 - 0.8 * written)).astype(np.uint8)


@pytest.mark.parametrize("line", [np.s_[270, 110:170], np.s_[200:260, 175], np.s_[190, 110:170], np.s_[200:260, 120]],
                         ids=["below", "right", "above", "left"])  # the 1: rows 200-259, columns 130-153
def test_a_one_pixel_line_beside_the_digit_is_kept_whole_in_its_image(line):
    """The digit's image is cut from the box around every piece kept, however thin the last one."""
    steps = photo_steps(_page(line))
    assert steps.mask[line].all()
    rows, cols = np.nonzero(steps.mask)
    assert steps.steps.cropped.shape >= (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1)


@pytest.mark.parametrize("line", [np.s_[299, 230:290], np.s_[230:290, 299]], ids=["bottom", "right"])
def test_a_one_pixel_line_along_the_photos_edge_is_not_part_of_the_digit(line):
    """The paper's edge or the table's shows as a line along the frame, here within the digit's reach:
    it is off the paper, even when thin."""
    steps = photo_steps(_page(line, at=(250, 230)))  # rows 230-290, a few pixels from both edges
    assert not steps.mask[line].any() and steps.mask.any()


def test_otsus_threshold_tells_apart_two_levels_one_of_its_256_steps_apart():
    """Faint pencil on grey paper differs from it by little: the threshold has 256 levels over [0, 1]."""
    values = np.r_[np.full(500, 0.300), np.full(500, 0.3035)]
    assert 0.3 - 1 / 256 < _otsu(values) < 0.3035


@pytest.mark.parametrize("shape", [(1, 1200), (1200, 1)], ids=["wide", "tall"])
def test_a_photo_over_a_thousand_times_longer_than_wide_has_no_digit(shape):
    """Shrunk to WORK_SIDE its shorter side rounds to no pixel: it keeps one, and holds no digit."""
    assert photo_steps(np.full(shape, 255, np.uint8)) is None


def test_an_opaque_photo_with_an_alpha_channel_reads_exactly_as_without_one():
    rgb = photo(ink("5"))
    rgba = np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    np.testing.assert_array_equal(photo_steps(rgba).grey, photo_steps(rgb).grey)


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_the_ink_of_a_whole_photo_is_what_its_reading_keeps_with_the_photos_pixels_per_ink_pixel(portrait):
    """A written number's digits are cut from this ink, and placed back on the photo by its scale."""
    image = photo(ink("3"))  # 640 wide, 480 tall: read at 512x384
    if portrait:
        image = np.ascontiguousarray(image.transpose(1, 0, 2))
    found, scale = photo_ink(image)
    mask = photo_steps(image).mask
    assert scale == max(image.shape[:2]) / WORK_SIDE
    assert found.shape == mask.shape and found[mask].min() > 0


@pytest.mark.parametrize("shape, scale", [((0, 40), 1.0), ((40, 0), 1.0), ((1, 1024), 2.0)],
                         ids=["no rows", "no columns", "one row"])
def test_a_photo_without_pixels_or_one_pixel_thin_has_no_ink(shape, scale):
    assert photo_ink(np.full(shape, 255, np.uint8)) == (None, scale)


def test_the_flattened_photo_shows_paper_as_white_in_and_out_of_a_shadow_and_ink_dark():
    """The "what the model sees" view shows the light taken out: grey divided by the paper's brightness."""
    steps = photo_steps(photo(ink("3", at=(180, 140)), shadow=0.6))  # read at 512x384; the digit from x 144
    shaded, lit = steps.flattened[:, :100], steps.flattened[:, -100:]
    assert np.median(shaded) > 0.95 and np.median(lit) > 0.95
    assert steps.flattened[steps.mask].mean() < 0.5


def test_faint_chalk_on_a_grey_board_reads_as_faint_pencil_on_grey_paper():
    """A light-on-dark image is turned over grey level for grey level: its grey is 1 minus the image's,
    and faint chalk is as clearly ink as the faint pencil of the image turned over."""
    board = np.full((300, 300), 128, np.uint8)
    board[ink("3", height=150, at=(100, 80))[:300, :300] > 0.5] = 180  # faint chalk, read at its own size
    chalk, pencil = photo_steps(board), photo_steps(255 - board)
    assert chalk is not None and pencil is not None
    np.testing.assert_allclose(chalk.grey, 1 - board / 255, atol=1e-6)
    np.testing.assert_array_equal(chalk.centred, pencil.centred)


def test_a_photo_with_black_beyond_the_papers_edge_is_read_without_dividing_by_zero():
    """The table in deep shadow shows as black (0): the paper's brightness there is taken as a grey
    level at least, so no pixel's darkness is 0 / 0."""
    written = ink("3", height=150, at=(100, 80))[:300, :300]
    blackened = scan(written)
    blackened[:, 260:] = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        steps = photo_steps(blackened)
    assert [str(warning.message) for warning in caught] == []
    np.testing.assert_array_equal(steps.centred, photo_steps(scan(written)).centred)
