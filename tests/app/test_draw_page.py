"""The Draw page answers a real MNIST digit put on the canvas or uploaded, and explains itself."""

import dataclasses
import io
import tomllib
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from PIL import Image

from digit_model.evaluation.paper import photograph
from digit_model.inputs.canvas import draw_lines
from digit_model.inputs.recipe import to_mnist
from digit_model.inputs.uploads import MAX_UPLOAD_MB
from digit_model.tasks import TASKS
from digit_model.training import registry
from digit_model.training.registry import load_model, load_report
from tests.app.app_helpers import (
    APP,
    as_png,
    chart_layers,
    draw,
    open_page,
    prediction,
    well_read_digit,
)


def test_empty_canvas_asks_for_a_drawing_and_guesses_nothing(app):
    at = open_page(app, "Draw", task="which_digit")
    assert prediction(at) is None
    assert "Draw a digit" in at.info[0].value


@pytest.mark.parametrize("digit", [2, 7], ids=["two", "seven"])
def test_a_drawn_digit_is_predicted_with_its_steps_shown(app, mnist_test, digit):
    at = draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", digit))
    assert not at.exception
    assert prediction(at) == str(digit)
    assert [sub.value for sub in at.subheader] == ["What the model sees", "Why this answer"]


def test_a_drawing_the_model_gets_wrong_shows_the_wrong_answer_as_the_model_gives_it(app, mnist_test):
    images, labels = mnist_test
    model, task = load_model("which_digit"), TASKS["which_digit"]
    for error in load_report("which_digit")["errors"]:  # test digits it misreads, still misread once redrawn
        page_sees = to_mnist(np.asarray(Image.open(io.BytesIO(as_png(images[error["index"]])))))
        proba = model.predict_proba(page_sees[None])[0]
        if proba.argmax() != labels[error["index"]]:
            break
    answer, runner_up = np.argsort(proba)[-1], np.argsort(proba)[-2]
    at = draw(open_page(app, "Draw", task="which_digit"), images[error["index"]])
    sure = proba.max() >= task.sure_from
    assert prediction(at) == (str(answer) if sure else f"{answer} or {runner_up}?")
    assert prediction(at) != str(labels[error["index"]])
    assert next(m for m in at.metric if m.label == "Prediction").proto.delta == f"{proba.max():.0%} confident"
    assert bool(at.warning) != sure


@pytest.mark.parametrize(
    "strokes, message",
    [([[(140, 140)]], "draw it larger"), ([[(140, 60), (140, 220)]], "dash")],
    ids=["dot", "dash"],
)
def test_a_dot_or_a_dash_gets_a_message_instead_of_an_answer(app, strokes, message):
    canvas = draw_lines(strokes, brush=18, style="dark on light")
    at = draw(open_page(app, "Draw", task="which_digit"), canvas)
    assert not at.exception
    assert prediction(at) is None
    assert message in at.warning[0].value
    assert not at.subheader  # no "What the model sees" for something that is not a digit


def test_an_answer_is_not_sure_exactly_below_the_tasks_stated_level(app, mnist_test, monkeypatch):
    digit = well_read_digit(mnist_test, "which_digit", 7)
    page_sees = to_mnist(np.asarray(Image.open(io.BytesIO(as_png(digit)))))
    proba = load_model("which_digit").predict_proba(page_sees[None])[0]
    confidence, runner_up = proba.max(), np.argsort(proba)[-2]
    task = TASKS["which_digit"]
    monkeypatch.setitem(TASKS, "which_digit", dataclasses.replace(task, sure_from=float(confidence)))
    at = draw(open_page(app, "Draw", task="which_digit"), digit)
    assert prediction(at) == "7" and not at.warning
    monkeypatch.setitem(TASKS, "which_digit", dataclasses.replace(task, sure_from=float(np.nextafter(confidence, 1))))
    at.run()
    assert prediction(at) == f"7 or {runner_up}?"
    assert at.warning[0].value.startswith(f"I'm not sure: 7 or {runner_up}?")


def test_the_threshold_decides_the_binary_answer(app, mnist_test):
    at = draw(open_page(app, "Draw", task="five_or_not"), well_read_digit(mnist_test, "five_or_not", 5))
    assert prediction(at) == "5"
    recall_at_half = next(m.value for m in at.metric if m.label.startswith("Test-set recall"))
    at.slider(key="threshold").set_value(1.0).run()
    assert prediction(at) == "not 5 or 5?"  # forced to say "not 5" against its own probability: not sure
    assert next(m.value for m in at.metric if m.label.startswith("Test-set recall")) != recall_at_half


def test_where_no_test_digit_reaches_the_threshold_precision_is_a_dash_and_says_why(app):
    at = open_page(app, "Draw", task="five_or_not", model="sgd")
    at.slider(key="threshold").set_value(1.0).run()
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Test-set precision at this threshold"] == "—"
    assert metrics["Test-set recall at this threshold"] == "0.0%"
    assert "No test digit reaches this threshold" in " ".join(caption.value for caption in at.caption)


@pytest.mark.parametrize(("key", "value"), [("model", "sgd"), ("task", "five_or_three")])
def test_another_task_or_model_starts_again_at_threshold_one_half(app, key, value):
    app.session_state["threshold_value"] = 0.9  # set before the first run: AppTest 1.67 keeps the sidebar for that run only
    at = open_page(app, "Draw", task="five_or_not")
    assert at.slider(key="threshold").value == 0.9
    at.selectbox(key=key).set_value(value).run()
    assert at.slider(key="threshold").value == 0.5


def test_five_or_three_says_when_the_drawing_is_another_digit(app, mnist_test):
    at = draw(open_page(app, "Draw", task="five_or_three"), well_read_digit(mnist_test, "which_digit", 7))
    assert prediction(at) in {"3", "5", "3 or 5?", "5 or 3?"}
    assert "This looks like a 7" in at.info[0].value


def test_a_failing_out_of_task_note_does_not_hide_the_answer(app, mnist_test, monkeypatch):
    load_model = registry.load_model

    def all_digit_model_broken(task, name=None, **options):
        if task == "which_digit":
            raise registry.ModelError("which_digit/gradient_svm_pen.joblib does not match its checksum")
        return load_model(task, name, **options)

    st.cache_resource.clear()
    monkeypatch.setattr(registry, "load_model", all_digit_model_broken)
    at = draw(open_page(app, "Draw", task="five_or_three"), well_read_digit(mnist_test, "which_digit", 7))
    st.cache_resource.clear()
    assert prediction(at) in {"3", "5", "3 or 5?", "5 or 3?"} and len(at.get("vega_lite_chart")) == 1
    assert "does not match its checksum" in at.warning[-1].value and not at.error and not at.exception


def test_five_or_three_adds_no_note_for_a_three(app, mnist_test):
    at = draw(open_page(app, "Draw", task="five_or_three"), well_read_digit(mnist_test, "five_or_three", 3))
    assert prediction(at) in {"3", "3 or 5?"}
    assert not at.info


def _upload(at, name: str, content: bytes):
    at.radio(key="source").set_value("Upload a photo").run()
    at.file_uploader(key="upload").set_value((name, content, "image/png")).run()
    return at


def test_an_uploaded_photo_is_predicted(app, mnist_test):
    at = _upload(open_page(app, "Draw", task="which_digit"), "seven.png", as_png(well_read_digit(mnist_test, "which_digit", 7)))
    assert prediction(at) == "7"


def test_why_this_answer_waits_until_asked(app, mnist_test):
    at = draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", 7))
    assert at.toggle(key="explain").value is False
    assert "What made it say 7" not in [image.proto.imgs[0].caption for image in at.get("image")]


def explained(at):
    return at.toggle(key="explain").set_value(True).run()


def test_why_this_answer_shows_what_supported_it_and_the_nearest_training_digits(app, mnist_test):
    at = explained(draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", 7)))
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert "What made it say 7" in captions
    neighbours = [caption for caption in captions if caption.startswith("a ")]
    assert len(neighbours) == 8 and neighbours.count("a 7") >= 5
    assert not at.warning


def test_without_mnist_the_map_still_shows_and_the_neighbours_say_why_they_are_missing(app, mnist_test, monkeypatch):
    digit = well_read_digit(mnist_test, "which_digit", 7)
    monkeypatch.setenv("MNIST_PATH", "/nowhere/mnist.npz")
    st.cache_resource.clear()
    at = explained(draw(open_page(app, "Draw", task="which_digit"), digit))
    monkeypatch.undo()
    st.cache_resource.clear()
    assert "What made it say 7" in [image.proto.imgs[0].caption for image in at.get("image")]
    assert "No MNIST copy at '/nowhere/mnist.npz'" in at.warning[0].value and not at.exception


def _jpeg(photo: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(photo).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def test_a_phone_photo_with_shadow_and_table_is_read_and_its_extra_steps_shown(app, mnist_test):
    ink = np.asarray(Image.fromarray(well_read_digit(mnist_test, "which_digit", 7)).resize((280, 280), Image.Resampling.BILINEAR))
    photo = photograph(ink / 255.0, np.random.default_rng(3))
    at = _upload(open_page(app, "Draw", task="which_digit"), "IMG_0001.jpg", _jpeg(photo))
    assert not at.exception and prediction(at) == "7"
    assert "The paper's own brightness is estimated everywhere" in " ".join(caption.value for caption in at.caption)
    captions = [image.proto.imgs[0].caption for image in at.get("image")]
    assert captions[:6] == [  # the photo, evened out, its kept ink; then MNIST's three steps
        "a. The photo in grey", "b. The lighting evened out", "c. The ink kept as the digit", "1. Cropped to the ink",
        "2. Longer side fitted into 20 pixels", "3. Centred by mass in 28x28: the model's input",
    ]


def test_a_photo_of_blank_paper_finds_no_digit_and_says_what_to_do(app, mnist_test):
    photo = photograph(np.zeros((280, 280)), np.random.default_rng(4))
    at = _upload(open_page(app, "Draw", task="which_digit"), "paper.jpg", _jpeg(photo))
    assert not at.exception and prediction(at) is None
    assert "I found no digit on this photo" in at.warning[0].value


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"just some text, not pixels", "not a PNG or JPEG image"),
        ("truncated", "truncated or corrupt"),
    ],
    ids=["empty", "not-an-image", "truncated"],
)
def test_a_bad_upload_gets_one_line_and_no_traceback(app, mnist_test, content, message):
    if content == "truncated":
        content = as_png(well_read_digit(mnist_test, "which_digit", 7))[:200]
    at = _upload(open_page(app, "Draw", task="which_digit"), "digit.png", content)
    assert not at.exception
    assert message in at.error[0].value
    assert prediction(at) is None


def test_upload_limit_in_the_config_matches_the_core():
    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def test_the_probability_bars_show_every_class_and_highlight_the_answer(app, mnist_test):
    at = draw(open_page(app, "Draw", task="which_digit"), well_read_digit(mnist_test, "which_digit", 7))
    bars = next(data for chart in chart_layers(at) for spec, data in chart if spec.get("mark") == "bar")
    assert bars["class"].tolist() == [str(digit) for digit in range(10)]
    assert bars["probability"].sum() == pytest.approx(1)
    assert bars.loc[bars["answer"], "class"].tolist() == ["7"]
