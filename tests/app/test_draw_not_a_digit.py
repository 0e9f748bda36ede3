"""The Draw page says "That does not look like a digit" for a star, once the server's check is ready."""

import io
import time

import numpy as np
from PIL import Image

from digit_model.evaluation.paper import photograph
from digit_model.inputs.canvas import draw_strokes
from digit_model.novelty.drawings import TEMPLATES
from tests.app.app_helpers import draw, open_page, prediction, well_read_digit
from tests.helpers import needs_mnist
from tools.load import CHECK_BUILDING as _PREPARING  # the note the load command's warm-up waits out
_BUILD_SECONDS = 240  # the check's one build, from MNIST's training digits, on a busy CI machine at worst


def star() -> np.ndarray:
    """A star drawn with the canvas brush, as a visitor's whole canvas."""
    rng = np.random.default_rng(0)
    return draw_strokes(TEMPLATES["shape"]["star"](rng), rng, style="dark on light", brush=16)


def checked(at, drawing: np.ndarray):
    """Draw, and draw again until the answer comes with the not-a-digit check (built once per server)."""
    return until_checked(at, lambda at: draw(at, drawing))


def until_checked(at, give):
    """Give the input (``give(at)``), and again until the answer comes with the not-a-digit check."""
    deadline = time.monotonic() + _BUILD_SECONDS
    while True:
        give(at)
        if not any(_PREPARING in caption.value for caption in at.caption) or time.monotonic() > deadline:
            return at
        time.sleep(1)


def uploaded(at, photo: np.ndarray):
    """Upload ``photo`` (an RGB array) as a JPEG on the Draw page."""
    buffer = io.BytesIO()
    Image.fromarray(photo).save(buffer, format="JPEG", quality=90)
    at.radio(key="source").set_value("Upload a photo").run()
    return at.file_uploader(key="upload").set_value(("star.jpg", buffer.getvalue(), "image/jpeg")).run()


@needs_mnist
def test_a_star_is_no_digit_and_a_real_digit_still_is(app, mnist_test):
    at = checked(open_page(app, "Draw", task="which_digit"), star())
    assert not any(_PREPARING in caption.value for caption in at.caption), "the check was never ready"
    assert prediction(at) == "not a digit"
    warning = next(w.value for w in at.warning if "does not look like a digit" in w.value)
    assert warning.startswith("That does not look like a digit. Of the digits, it most resembles ")
    assert "choose Number" in warning and "Photograph" not in warning
    assert [expander.label for expander in at.expander if "probabilities" in expander.label] == [
        "The model's probabilities anyway"
    ]
    seven = checked(at, well_read_digit(mnist_test, "which_digit", 7))
    assert prediction(seven) == "7"
    assert not any("does not look like a digit" in w.value for w in seven.warning)


@needs_mnist
def test_a_photo_of_a_star_is_no_digit_and_the_hint_is_about_photos(app):
    ink = 1 - star()[:, :, 0] / 255  # the canvas's dark ink on light paper, as ink 1 on background 0
    photo = photograph(ink, np.random.default_rng(5))
    at = until_checked(open_page(app, "Draw", task="which_digit"), lambda at: uploaded(at, photo))
    assert not any(_PREPARING in caption.value for caption in at.caption), "the check was never ready"
    assert prediction(at) == "not a digit"
    warning = next(w.value for w in at.warning if "does not look like a digit" in w.value)
    assert "Photograph one digit" in warning and "Read it as a whole number" in warning
    assert "Draw one digit" not in warning
