"""Teaching the model your handwriting: label drawings on the Draw page, answer with them, and
look after them on the My digits page."""

import numpy as np
import pytest

from digit_model.inputs.canvas import draw_lines
from digit_model.inputs.recipe import to_mnist
from digit_model.personal.my_digits import MyDigits
from digit_model.training.registry import load_model
from tests.app.app_helpers import draw, open_page, prediction, well_read_digit
from ui import my_state, state

# A quirky, open "4" of a visitor, drawn with several brushes: the shipped model reads it as
# something else, whatever this visitor means by it.
_QUIRK = [[(70, 110), (160, 90), (165, 190)], [(100, 170), (230, 160)]]
_BRUSHES = (14, 18, 22)
_NEW_BRUSH = 26


def _quirk(brush: int) -> np.ndarray:
    return draw_lines([np.array(line) for line in _QUIRK], brush=brush, style="dark on light")


def _mine(at) -> MyDigits:
    return at.session_state[my_state.MY_DIGITS]


def _teach_no(at, digit: int):
    at.segmented_control(key=my_state.TEACH).set_value(digit).run()
    assert not at.exception, at.exception
    return at


def test_right_keeps_exactly_one_drawing_with_its_label_and_the_answer(app, mnist_test):
    at = draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", 7))
    assert at.toggle(key=my_state.USE_MINE).disabled  # nothing of yours yet
    at.button(key=my_state.RIGHT).click().run()
    mine = _mine(at)
    assert len(mine) == 1 and mine.labels.tolist() == [7] and mine.answers.tolist() == ["7"]
    assert mine.models.tolist() == [f"which_digit/{at.session_state[state.MODEL]}"]
    assert mine.probabilities[0].argmax() == 7 and mine.probabilities[0].sum() == pytest.approx(1)
    assert "Kept in My digits as a 7" in at.success[0].value
    assert not [button for button in at.button if button.key == my_state.RIGHT]  # not offered twice for one drawing
    assert not at.toggle(key=my_state.USE_MINE).disabled


def test_no_it_is_a_keeps_the_drawing_with_the_visitors_label(app):
    at = draw(open_page(app, "Draw", task="which_digit"), _quirk(_BRUSHES[0]))
    said = int(prediction(at).split()[0])
    meant = (said + 1) % 10
    mine = _mine(_teach_no(at, meant))
    assert mine.labels.tolist() == [meant] and mine.answers.tolist() == [str(said)]
    assert f"Kept in My digits as a {meant}" in at.success[0].value


def test_five_or_not_asks_for_the_digit_when_the_answer_is_not_5(app, mnist_test):
    at = draw(open_page(app, "Draw", task="five_or_not"), well_read_digit(mnist_test, "five_or_not", 7))
    assert prediction(at) == "not 5"
    assert not [button for button in at.button if button.key == my_state.RIGHT]
    assert _mine(_teach_no(at, 7)).labels.tolist() == [7]


def test_a_style_the_model_misreads_is_read_as_meant_once_a_few_are_labelled(app):
    model = load_model("which_digit")
    said = int(model.predict(to_mnist(_quirk(_NEW_BRUSH))[None])[0])
    meant = (said + 1) % 10
    at = open_page(app, "Draw", task="which_digit")
    for brush in _BRUSHES:
        _teach_no(draw(at, _quirk(brush)), meant)
    assert len(_mine(at)) == len(_BRUSHES)
    draw(at, _quirk(_NEW_BRUSH))  # the same style, drawn anew
    assert prediction(at).split()[0] == str(said)
    at.toggle(key=my_state.USE_MINE).set_value(True).run()
    assert prediction(at).split()[0] == str(meant)  # the answer first, "or ...?" after it when not sure
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert captions.count(f"your {meant}") == len(_BRUSHES)  # the nearest of yours, which moved the answer
    at.toggle(key=my_state.USE_MINE).set_value(False).run()
    assert prediction(at).split()[0] == str(said)


def _saved(*labels: int) -> bytes:
    mine = MyDigits()
    for number, label in enumerate(labels):
        image = np.zeros((28, 28), np.uint8)
        image[4 + number, 4:24] = 255
        mine = mine.add(image, label, task="which_digit", model="svm", answer=str(label), probabilities=np.eye(10)[label])
    return mine.save()


def _bring(at, content: bytes, name: str = "my_digits.npz"):
    at.file_uploader(key=my_state.MY_UPLOAD).set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def test_my_digits_without_drawings_says_how_to_start(app):
    at = open_page(app, "My digits", task="which_digit")
    assert "No drawings yet" in at.info[0].value
    assert at.get("download_button")[0].proto.disabled


def test_a_downloaded_file_brought_back_shows_its_drawings_counts_and_accuracy(app):
    at = _bring(open_page(app, "My digits", task="which_digit"), _saved(1, 1, 7))
    assert "Added 3 new drawings" in at.success[0].value
    assert len(_mine(at)) == 3 and _mine(at).counts()[[1, 7]].tolist() == [2, 1]
    assert at.subheader[0].value == "3 drawings of yours"
    labels = [metric.label for metric in at.metric]
    assert labels == ["Read right by this model", "Read right with your other digits"]
    assert len([button for button in at.button if button.key.startswith("delete_")]) == 3


@pytest.mark.parametrize(
    "content, message",
    [(b"not an archive", "not an .npz archive"), (_saved(1)[:-30], "not a saved set of drawings")],
    ids=["foreign", "truncated"],
)
def test_a_bad_file_is_refused_in_one_sentence_and_changes_nothing(app, content, message):
    at = _bring(open_page(app, "My digits", task="which_digit"), _saved(3))
    at = _bring(at, content, name="other.npz")
    assert message in at.error[0].value and "\n" not in at.error[0].value
    assert len(_mine(at)) == 1


def test_delete_removes_one_drawing_and_delete_all_asks_first(app):
    at = _bring(open_page(app, "My digits", task="which_digit"), _saved(1, 2, 3))
    at.button(key="delete_2").click().run()  # each Delete names its drawing's position: the 3 goes
    assert _mine(at).labels.tolist() == [1, 2]
    at.button(key="forget_all").click().run()
    assert len(_mine(at)) == 2  # not yet: a dialog asks
    at.button(key="forget_all_no").click().run()
    assert len(_mine(at)) == 2
    at.button(key="forget_all").click().run()
    at.button(key="forget_all_yes").click().run()
    assert len(_mine(at)) == 0 and "No drawings yet" in at.info[0].value


def test_the_filters_show_only_the_matching_drawings(app):
    at = _bring(open_page(app, "My digits", task="which_digit"), _saved(1, 2, 2))
    at.selectbox(key=my_state.MY_DIGIT).set_value(2).run()
    assert len([button for button in at.button if button.key.startswith("delete_")]) == 2
