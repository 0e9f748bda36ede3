"""Draw a digit or write a whole number (or upload a photo) and see the model's answer and what it saw."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from digit_model.evaluation.scoring import at_threshold
from digit_model.inputs.photo import PhotoSteps
from digit_model.inputs.recipe import NotADigit, Steps, to_mnist_steps
from digit_model.numbers.reading import read_number
from ui import (
    cache,
    charts,
    digit_check,
    explain_view,
    history_state,
    my_state,
    number_canvas,
    number_view,
    recall,
    state,
    teach_view,
)
from ui.answer import Answer, answer, unknown_digit
from ui.guard import or_go_on, or_stop
from ui.pictures import as_picture, enlarged
from ui.share import share

CANVAS_SIZE = 280  # ten canvas pixels per MNIST pixel
STEP_SIZE = 168
NO_DIGIT_IN_PHOTO = (
    "I found no digit on this photo: nothing is clearly darker than the paper around it, once shadows, "
    "the paper's edges and specks are set aside. Write the digit larger and darker, fill most of the "
    "picture with the paper, and try again."
)

task, model_name = state.selection()
positive = task.class_label(task.classes[1]) if task.is_binary else None
digit_check.prepare(task.id, model_name)  # so that the first drawing finds the not-a-digit check ready
st.title(task.label)
st.caption(task.description)


@dataclass(frozen=True)
class Reading:
    """The input as far as MNIST's recipe took it: its steps when there is a digit to answer (and the
    photo's own steps for a photo), or else what to say in place of an answer."""

    steps: Steps | None = None
    photo: PhotoSteps | None = None
    refusal: str | None = None
    refusal_icon: str = ":material/zoom_in:"
    shown: history_state.Shown | None = None  # a link's or the history's image, in place of the input

    @property
    def image(self) -> np.ndarray | None:
        """The model's (28, 28) input, if there is one to answer."""
        return self.shown.image if self.shown else self.steps.centred if self.steps else None


def the_input() -> tuple[np.ndarray | None, bytes | None, number_view.Written | None]:
    """The drawing on the canvas or the uploaded photo's bytes; or, in Number mode or for a photo read
    as a number, the written number in their place. Nothing below the canvas, so that on a phone, where
    the columns stack, the answer is in view right under it."""
    source = st.radio("Input", state.SOURCES, key=state.SOURCE, horizontal=True, label_visibility="collapsed")
    if source in state.PHOTOS:
        if source == state.PHOTOS[1]:
            photo = st.camera_input("A photo of one digit", key=state.CAMERA)
        else:
            photo = st.file_uploader("A photo of one digit", type=["png", "jpg", "jpeg"], key=state.UPLOAD)
        data = None if photo is None else photo.getvalue()
        if st.toggle("Read it as a whole number", key=state.AS_NUMBER, help="Several digits side by side, read one by one."):
            return None, None, number_view.Written(photo=data)
        return None, data, None
    number = source == state.NUMBER
    # Right above the canvas, at its left: the canvas's toolbar shows above it at its right.
    with st.popover("Brush", icon=":material/brush:"):
        brush = st.slider("Brush width", min_value=6, max_value=40, key=state.NUMBER_BRUSH if number else state.BRUSH)
    if number:
        return None, None, number_canvas.canvas(brush)
    return number_canvas.paper(brush, CANVAS_SIZE, CANVAS_SIZE, state.CANVAS).image_data, None, None


def read(drawing: np.ndarray | None, photo: bytes | None, drawing_side) -> Reading:
    """The input through MNIST's recipe; a file that is not a usable image is refused under the uploader."""
    try:
        if drawing is not None:
            return Reading(steps=to_mnist_steps(drawing))
        if photo is not None:
            read_photo = cache.photo(photo)
            if read_photo is None:
                return Reading(refusal=NO_DIGIT_IN_PHOTO, refusal_icon=":material/image_search:")
            return Reading(steps=read_photo.steps, photo=read_photo)
    except NotADigit as why:
        return Reading(refusal=str(why))
    except ValueError as error:  # an upload that is not a usable image
        drawing_side.error(str(error), icon=":material/broken_image:")
    return Reading()


def the_answer(reading: Reading) -> Answer | None:
    """The answer above the threshold that decides it, so that it is in view first on a phone; then
    the test set's precision and recall at that threshold."""
    shown = st.container()
    threshold = state.threshold_slider(positive) if task.is_binary else 0.5
    with shown:
        result = answer_for(reading, threshold)
    if task.is_binary:
        on_the_test_set(threshold)
    return result


def answer_for(reading: Reading, threshold: float) -> Answer | None:
    """The Prediction with its confidence and every class's probability, or what stands in for it."""
    if reading.refusal is not None:
        st.warning(reading.refusal, icon=reading.refusal_icon)
        return None
    if reading.image is None:
        st.info(
            "Draw a digit on the canvas (or upload or take a photo) to see what the model thinks it is: one digit, "
            "large and centred. Undo and clear are in the canvas toolbar.",
            icon=":material/draw:",
        )
        return None
    image = reading.image
    with or_stop():
        personal = my_state.personal_model(task, model_name)
        result = answer(task, model_name, image, threshold=threshold, model=personal)
    if task.is_binary:
        state.remember_drawing(result.probabilities[positive])  # shown on the Metrics page's strip
    flags, unchecked = digit_check.not_digits(task.id, model_name, image[None])
    if flags is not None and flags[0]:
        digit_check.say_not_a_digit(result, photo=reading.photo is not None)
        teach_view.teach(task, model_name, image, result)  # the check can be wrong: the visitor may say so
        return result
    st.metric("Prediction", result.headline, delta=f"{result.confidence:.0%} confident", delta_color="off", delta_arrow="off")
    if not result.sure:
        st.warning(
            f"I'm not sure: {result.label} or {result.runner_up}? Below {task.sure_from:.2%} confidence this model "
            "is not right often enough to answer plainly (see Metrics).",
            icon=":material/help:",
        )
    teach_view.teach(task, model_name, image, result)
    if personal is not None:
        teach_view.own_nearest(personal, image)
    st.vega_lite_chart(charts.probability_bars(result.probabilities, result.label), width="stretch")
    st.caption("The model's probability for every class; the highlighted bar is its answer.")
    if unchecked:
        st.caption(unchecked)
    outside_the_task(image)
    return result


def outside_the_task(image: np.ndarray) -> None:
    """Say so when the drawing is clearly a digit this task does not know."""
    with or_go_on():
        stranger = unknown_digit(task, image)
        if stranger is not None:
            st.info(
                f"This looks like a {stranger}. This model only knows {' and '.join(f'{d}s' for d in task.digits)}, "
                "so it can only answer one of those.",
                icon=":material/help:",
            )


def on_the_test_set(threshold: float) -> None:
    """The test set's precision and recall at the threshold, so that moving it shows what it trades."""
    with or_stop():
        on_test = at_threshold(cache.report(task.id, model_name), threshold)
    precision, recall = st.columns(2)
    undefined = on_test["precision"] is None
    precision.metric("Test-set precision at this threshold", "—" if undefined else f"{on_test['precision']:.1%}")
    recall.metric("Test-set recall at this threshold", f"{on_test['recall']:.1%}")
    if undefined:
        st.caption(
            f"No test digit reaches this threshold, so the model never answers {positive}: there is no share of "
            "right answers to give (—), and it finds none of them."
        )
    st.caption(
        f"Of the test digits this model calls {positive}, the share that are {positive} (precision), and of the "
        f"real {positive}s, the share it finds (recall). Raising the threshold trades recall for precision. "
        "Choosing another task or model puts the threshold back at 0.50."
    )


def what_the_model_sees(reading: Reading) -> None:
    """The input's way to the model: for a photo, the photo's own steps first; then MNIST's recipe."""
    st.subheader("What the model sees")
    if reading.photo is not None:
        st.caption(
            "A photo is not a drawing: the light falls unevenly and the paper's edges show. The paper's own brightness "
            "is estimated everywhere and divided out, and only the digit's ink is kept; then it goes through MNIST's "
            "recipe like a drawing."
        )
        for column, picture, caption in zip(
            st.columns(3),
            (reading.photo.grey, reading.photo.flattened, ~reading.photo.mask),
            ("a. The photo in grey", "b. The lighting evened out", "c. The ink kept as the digit"),
        ):
            column.image(as_picture(picture), caption=caption)
    steps = reading.steps
    for column, picture, caption in zip(
        st.columns(3),
        (steps.cropped, steps.fitted, steps.centred),
        ("1. Cropped to the ink", "2. Longer side fitted into 20 pixels", "3. Centred by mass in 28x28: the model's input"),
    ):
        column.image(enlarged(picture, STEP_SIZE), caption=caption)


def read_as_number(written: number_view.Written, answer_side) -> None:
    """The written number read digit by digit: the number beside the input, its digits below."""
    with answer_side:
        if written.blank:
            st.info(
                "Write a number on the canvas (or upload or take a photo of one): its digits side by side, left to "
                "right, each about as tall as the canvas allows. Undo and clear are in the canvas toolbar.",
                icon=":material/draw:",
            )
            return
        try:
            if written.photo is None:
                image = written.image
                reading = read_number(image, task=task.id, model=cache.model(task.id, model_name), strokes=written.strokes)
            else:
                image, reading = cache.number_photo(task.id, model_name, written.photo)
        except ValueError as why:  # nothing written, only specks, too many digits, or not a usable image
            st.warning(str(why), icon=":material/zoom_in:")
            return
        flagged, _ = digit_check.not_digits(task.id, model_name, np.stack([digit.image for digit in reading.digits]))
        strangers = number_view.strangers(reading, flagged)
        number_view.answer(reading, strangers)
    number_view.digits(image, reading, strangers)


@st.fragment
def draw_and_read() -> None:
    """The canvas and everything a drawing changes. A fragment, so that a new drawing reruns only
    this, and not the navigation, sidebar and title around it, which a drawing cannot change."""
    wide = st.session_state.get(state.SOURCE) == state.NUMBER  # room beside the answer for the number canvas
    drawing_side, answer_side = st.columns([3, 2] if wide else 2, gap="large")
    with drawing_side:
        drawing, photo, number = the_input()
    if number is not None:
        read_as_number(number, answer_side)
        return
    reading = read(drawing, photo, drawing_side)
    if (shown := history_state.shown(reading.image, reading.refusal)) is not None:
        reading = Reading(shown=shown)
    with answer_side:
        recall.notice(reading.shown)
        result = the_answer(reading)
        if result is not None:
            share(reading.image, task.id, model_name)
    if reading.steps is not None:
        what_the_model_sees(reading)
    if result is not None:
        explain_view.why_this_answer(task, model_name, reading.image, result)
    recall.strip(reading.image, None if result is None else result.headline)


draw_and_read()
