"""The Draw page from a phone and to a friend: a Share link under every answer that opens the same input
and answer, bad links refused in one sentence, the visit's last inputs shown again, and camera captures."""

import base64
import io
import zlib
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from digit_model.evaluation.paper import photograph
from digit_model.inputs.share_link import decode_drawing, encode_drawing
from tests.app.app_helpers import APP, draw, open_page, prediction, well_read_digit
from ui import history_state, my_state
from ui.history import KEPT
from ui.share import share_url

LINKED = "This image came from a link"
SHOWN_AGAIN = "Shown again from your last inputs"


def _share_link(at) -> str:
    """The link in the Share popover under the answer."""
    (code,) = at.code
    return code.value


def _infos(at) -> str:
    return " ".join(info.value for info in at.info)


def _again(at) -> list[str]:
    return [button.key for button in at.button if button.key.startswith("again_")]


def _with_history_open(at):
    """Open the "Your last inputs" expander, as a click on it does (its value is whether it is open)."""
    at.session_state[history_state.HISTORY_OPEN] = True
    return at


def test_a_share_link_opens_the_same_input_and_answer_in_a_new_session(app, mnist_test):
    at = draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", 2))
    link = _share_link(at)
    query = {key: values[0] for key, values in parse_qs(urlparse(link).query).items()}
    assert set(query) == {"task", "model", "d"} and len(link) <= 700
    seen = at.session_state[history_state.HISTORY].seen[-1].image  # the model's input, as the history keeps it

    friend = open_page(AppTest.from_file(APP, default_timeout=60), "Draw", **query)  # another visitor
    assert not friend.exception
    assert prediction(friend) == prediction(at) == "2"
    assert LINKED in _infos(friend)
    assert np.array_equal(friend.session_state[history_state.HISTORY].seen[-1].image, decode_drawing(query["d"]))
    assert np.abs(decode_drawing(query["d"]).astype(int) - seen).max() <= 9  # 16 grey levels: at most half a step off
    assert "d" not in friend.query_params  # the address bar shows the visitor's own view from then on
    assert "Why this answer" in [subheader.value for subheader in friend.subheader]
    friend.toggle(key="explain").set_value(True).run()
    assert "What made it say 2" in [image.proto.imgs[0].caption for image in friend.get("image")]


def test_drawing_on_the_canvas_replaces_the_linked_image(app, mnist_test):
    linked = encode_drawing(well_read_digit(mnist_test, "which_digit", 7))
    at = open_page(app, "Draw", task="which_digit", d=linked)
    assert prediction(at) == "7" and LINKED in _infos(at)
    at.run()  # a rerun with nothing new on the canvas keeps it
    assert prediction(at) == "7" and LINKED in _infos(at)
    draw(at, well_read_digit(mnist_test, "which_digit", 2))
    assert prediction(at) == "2" and LINKED not in _infos(at)


def _damaged_texts() -> dict[str, str]:
    good = encode_drawing(np.eye(28, dtype=np.uint8) * 255)
    return {
        "truncated": good[: len(good) // 2],
        "wrong-length": base64.urlsafe_b64encode(zlib.compress(bytes(300))).decode().rstrip("="),
        "not-base64": "this is not a drawing!",
        "oversized": "A" * 10_000,
    }


@pytest.mark.parametrize("text", list(_damaged_texts().values()), ids=list(_damaged_texts()))
def test_a_bad_link_says_why_in_one_sentence_and_the_page_works_as_without_it(app, mnist_test, text):
    with pytest.raises(ValueError) as refused:
        decode_drawing(text)
    at = open_page(app, "Draw", task="which_digit", d=text)
    assert not at.exception and prediction(at) is None
    assert [warning.value for warning in at.warning] == [str(refused.value)]
    assert "\n" not in str(refused.value) and LINKED not in _infos(at)
    assert "Draw a digit" in _infos(at)
    draw(at, well_read_digit(mnist_test, "which_digit", 7))
    assert not at.exception and prediction(at) == "7"


def test_the_share_link_is_relative_without_the_browsers_address_and_absolute_with_it():
    image = np.eye(28, dtype=np.uint8) * 255
    d = encode_drawing(image)
    assert share_url(None, "which_digit", "svm", image) == f"?task=which_digit&model=svm&d={d}"
    assert share_url("https://digits.example.app", "which_digit", "svm", image).startswith("https://digits.example.app/?task=")


def _distinct_digits(mnist_test, count: int) -> list[np.ndarray]:
    images, _ = mnist_test
    return [images[index] for index in range(count)]


def test_the_last_twenty_inputs_are_kept_and_the_oldest_dropped(app, mnist_test):
    at = _with_history_open(open_page(app, "Draw", task="which_digit"))
    assert not at.get("expander")  # nothing to show before the first answer
    for digit in _distinct_digits(mnist_test, KEPT + 1):
        draw(at, digit)
        assert not at.exception
    (strip,) = at.get("expander")
    assert strip.label == "Your last inputs" and f"Your last {KEPT} of at most {KEPT}" in strip.caption[0].value
    assert _again(at) == [f"again_{number}" for number in range(KEPT + 1, 1, -1)]  # newest first, the first one gone


def test_the_inputs_are_drawn_only_once_the_expander_is_opened(app, mnist_test):
    at = draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", 7))
    pictures = len(at.get("image"))
    assert [expander.label for expander in at.get("expander")] == ["Your last inputs"] and not _again(at)
    _with_history_open(at).run()
    assert _again(at) == ["again_1"] and len(at.get("image")) == pictures + 1


def test_reruns_with_the_same_input_add_it_once(app, mnist_test):
    at = draw(_with_history_open(open_page(app, "Draw", task="five_or_not")), well_read_digit(mnist_test, "five_or_not", 5))
    at.slider(key="threshold").set_value(1.0).run()  # the same drawing, answered otherwise
    at.run()
    assert not at.exception and prediction(at) == "not 5 or 5?"
    assert _again(at) == ["again_1"]


def test_an_input_of_the_history_is_shown_again_with_its_answer_and_can_be_labelled(app, mnist_test):
    seven, two = (well_read_digit(mnist_test, "which_digit", digit) for digit in (7, 2))
    at = draw(draw(_with_history_open(open_page(app, "Draw", task="which_digit")), seven), two)
    assert prediction(at) == "2" and _again(at) == ["again_2", "again_1"]
    at.button(key="again_1").click().run()
    assert prediction(at) == "7" and SHOWN_AGAIN in _infos(at)
    at.button(key=my_state.RIGHT).click().run()
    mine = at.session_state[my_state.MY_DIGITS]
    assert mine.labels.tolist() == [7]
    assert np.array_equal(mine.images[0], at.session_state[history_state.HISTORY].seen[0].image)
    assert _again(at) == ["again_2", "again_1"]  # shown again, not added again


def _jpeg(photo: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(photo).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def test_a_camera_capture_is_read_like_an_uploaded_photo(app, mnist_test):
    ink = Image.fromarray(well_read_digit(mnist_test, "which_digit", 7)).resize((280, 280), Image.Resampling.BILINEAR)
    capture = _jpeg(photograph(np.asarray(ink) / 255.0, np.random.default_rng(3), side=640))
    at = _with_history_open(open_page(app, "Draw", task="which_digit"))
    at.radio(key="source").set_value("Take a photo").run()
    at.camera_input(key="camera").set_value(("shot.jpg", capture, "image/jpeg")).run()
    assert not at.exception and prediction(at) == "7"
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert "b. The lighting evened out" in captions and "3. Centred by mass in 28x28: the model's input" in captions
    assert _again(at) == ["again_1"]  # a photo joins the history like a drawing
