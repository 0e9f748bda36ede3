import numpy as np
import pytest
from PIL import Image

from digit_model.inputs.canvas import STYLES, paint
from digit_model.inputs.photo import WORK_SIDE, PhotoSteps, photo_steps
from digit_model.inputs.recipe import NotADigit, to_mnist
from tests.inputs.pictures import HEIGHT, WIDTH, ink, photo, reference, similarity


def test_a_dark_shadow_over_a_third_of_the_photo_does_not_become_the_crop():
    written = ink("3", at=(180, 140))  # the shadow's soft edge runs through the digit's left side
    shadowed = photo(written, shadow=0.6)
    steps = photo_steps(shadowed)
    assert similarity(steps.centred, reference(written)) > 0.9
    assert similarity(steps.centred, photo_steps(photo(written)).centred) > 0.9
    # One background level for the whole photo turns the shadow into ink: the old way fails the same check.
    assert similarity(to_mnist(shadowed), reference(written)) < 0.9


def test_a_strip_of_table_at_the_edges_is_dropped():
    written = ink("7")
    steps = photo_steps(photo(written, table=True))
    assert similarity(steps.centred, reference(written)) > 0.9
    rows, cols = np.nonzero(steps.mask)
    scale = steps.mask.shape[0] / HEIGHT
    assert cols.max() < (WIDTH - 50) * scale and rows.max() < (HEIGHT - 35) * scale
    assert similarity(to_mnist(photo(written, table=True)), reference(written)) < 0.9


@pytest.mark.parametrize("darkness", [0.25, 0.4], ids=["light pencil", "pencil"])
def test_grey_pencil_is_found(darkness):
    written = ink("5")
    steps = photo_steps(photo(written, darkness=darkness, shadow=0.4, blur=1.0, grain=4.0))
    assert similarity(steps.centred, reference(written)) > 0.9


def test_a_tilted_blurred_jpeg_photo_still_gives_the_digit():
    written = ink("4", angle=7)
    steps = photo_steps(photo(written, darkness=0.5, shadow=0.5, table=True, blur=1.2, grain=5.0, jpeg=60))
    assert similarity(steps.centred, reference(written)) > 0.9


def test_pieces_of_a_digit_stay_together_and_specks_around_it_go():
    written = ink("1", height=180, at=(280, 120))
    rows, cols = np.nonzero(written > 0.5)
    middle = (cols.min() + cols.max()) // 2
    written[rows.max() + 12 : rows.max() + 24, middle - 50 : middle + 50] = 1.0  # a base, apart from the stem
    specked = written.copy()
    for row, col in [(40, 60), (420, 80), (60, 560), (300, 540)]:
        specked[row : row + 3, col : col + 3] = 1.0  # dust, far from the digit
    steps = photo_steps(photo(specked))
    assert similarity(steps.centred, reference(written)) > 0.95


@pytest.mark.parametrize(
    "scene",
    [
        photo(np.zeros((HEIGHT, WIDTH), np.float32)),
        photo(np.zeros((HEIGHT, WIDTH), np.float32), shadow=0.6, blur=1.0, grain=5.0, jpeg=70),
        photo(np.zeros((HEIGHT, WIDTH), np.float32), shadow=0.5, table=True),
        np.full((HEIGHT, WIDTH, 3), 200, np.uint8),
    ],
    ids=["blank paper", "paper with only a shadow", "paper with a shadow and the table", "one grey level"],
)
def test_paper_without_ink_gives_no_digit(scene):
    assert photo_steps(scene) is None


def test_specks_alone_are_no_digit():
    specks = np.zeros((HEIGHT, WIDTH), np.float32)
    for row, col in [(100, 100), (240, 320), (350, 500)]:
        specks[row : row + 3, col : col + 3] = 1.0
    assert photo_steps(photo(specks)) is None


def test_a_dot_is_not_a_digit():
    rows, cols = np.ogrid[:HEIGHT, :WIDTH]
    dot = ((rows - 240) ** 2 + (cols - 320) ** 2 <= 15**2).astype(np.float32)
    with pytest.raises(NotADigit, match="dot"):
        photo_steps(photo(dot))


@pytest.mark.parametrize("style", STYLES)
def test_a_clean_canvas_drawing_reads_as_the_drawing_path_reads_it(style):
    written = np.zeros((280, 280), np.float32)
    written[40:240, 60:230] = ink("2", height=200, at=(0, 0))[:200, :170]
    canvas = paint(written, style)
    assert similarity(photo_steps(canvas).centred, to_mnist(canvas)) > 0.95


def test_a_light_on_dark_image_is_turned_over():
    written = ink("6")
    light_on_dark = np.round(written * 255).astype(np.uint8)
    assert similarity(photo_steps(light_on_dark).centred, reference(written)) > 0.95


def test_every_stage_is_kept_at_the_working_size():
    big = np.asarray(Image.fromarray(photo(ink("8"), shadow=0.4)).resize((1024, 768)))
    steps = photo_steps(big)
    assert isinstance(steps, PhotoSteps)
    assert steps.grey.shape == steps.background.shape == steps.flattened.shape == steps.mask.shape == (384, WORK_SIDE)
    assert steps.mask.dtype == bool and steps.mask.any()
    assert 0 <= steps.flattened.min() and steps.flattened.max() <= 1
    assert steps.centred.shape == (28, 28) and steps.centred.dtype == np.uint8
    assert steps.centred is steps.steps.centred


@pytest.mark.parametrize(
    "image, message",
    [
        ([[0, 255]], "Expected a numpy array or a PIL image"),
        (np.zeros((10, 10), np.float64), "Expected a uint8 image"),
        (np.zeros((10, 10, 5), np.uint8), "Expected an image of shape"),
    ],
    ids=["list", "float", "five channels"],
)
def test_what_is_not_an_image_is_refused_with_a_message(image, message):
    with pytest.raises(ValueError, match=message):
        photo_steps(image)
