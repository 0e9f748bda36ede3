"""The Draw page says "That does not look like a digit" for a star, once the server's check is ready."""

import time

import numpy as np

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
    deadline = time.monotonic() + _BUILD_SECONDS
    while True:
        draw(at, drawing)
        if not any(_PREPARING in caption.value for caption in at.caption) or time.monotonic() > deadline:
            return at
        time.sleep(1)


@needs_mnist
def test_a_star_is_no_digit_and_a_real_digit_still_is(app, mnist_test):
    at = checked(open_page(app, "Draw", task="which_digit"), star())
    assert not any(_PREPARING in caption.value for caption in at.caption), "the check was never ready"
    assert prediction(at) == "not a digit"
    warning = next(w.value for w in at.warning if "does not look like a digit" in w.value)
    assert warning.startswith("That does not look like a digit. Of the digits, it most resembles ")
    assert "choose Number" in warning
    assert [expander.label for expander in at.expander if "probabilities" in expander.label] == [
        "The model's probabilities anyway"
    ]
    seven = checked(at, well_read_digit(mnist_test, "which_digit", 7))
    assert prediction(seven) == "7"
    assert not any("does not look like a digit" in w.value for w in seven.warning)
