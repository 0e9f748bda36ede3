"""The app's caches: models are shared objects (cache_resource), reports and MNIST are data (cache_data).

The one place pages get a model and its report: a visitor's own model from the Lab (``ui.lab_state``,
this session only) is looked up first, then the shipped ones.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from digit_model.explain.neighbours import Neighbours
from digit_model.explain.occlusion import Occlusion
from digit_model.explain.occlusion import occlusion as occlusion_of
from digit_model.inputs.mnist import load_mnist, load_test_set
from digit_model.inputs.photo import PhotoSteps, photo_steps
from digit_model.inputs.uploads import read_image
from digit_model.numbers.reading import NumberReading, read_number
from digit_model.personal.model import blend_for
from digit_model.personal.model import leave_one_out as leave_one_out_of
from digit_model.training import registry
from ui import lab_state

__all__ = ["models", "model", "report", "non_digit_study", "mnist_test", "photo", "number_photo", "occlusion", "neighbours", "leave_one_out"]


def models() -> dict[str, list[str]]:
    """``{task id: [model names]}``, the task's default model first, then this visitor's own from the Lab."""
    return {task: names + lab_state.own_names(task) for task, names in _shipped_models().items()}


def model(task: str, name: str):
    """The fitted model, never mutated: the visitor's own, or the shipped one loaded once per process."""
    own = lab_state.own(task, name)
    return _shipped_model(task, name) if own is None else own.model


def report(task: str, name: str) -> dict:
    """The model's test-set report."""
    own = lab_state.own(task, name)
    return _shipped_report(task, name) if own is None else own.result.report


def non_digit_study(task: str, name: str) -> dict | None:
    """What the not-a-digit check catches and refuses as its threshold moves, where it was measured and
    shipped with the model (``python -m digit_model.studies.non_digits --ship``); never for a Lab model."""
    return None if lab_state.own(task, name) is not None else _shipped_study(task, name)


@st.cache_data(show_spinner=False)
def _shipped_study(task: str, name: str) -> dict | None:
    return registry.load_study(task, name, "non_digits")


@st.cache_data(show_spinner=False)
def _shipped_models() -> dict[str, list[str]]:
    return registry.list_models()


@st.cache_resource(show_spinner="Loading the model...")
def _shipped_model(task: str, name: str):
    return registry.load_model(task, name)


@st.cache_data(show_spinner=False)
def _shipped_report(task: str, name: str) -> dict:
    return registry.load_report(task, name)


@st.cache_data(show_spinner="Loading the MNIST test set...")
def mnist_test(expected_sha256: str) -> tuple[np.ndarray, np.ndarray]:
    """MNIST test images (n, 28, 28) and labels, which a report's error indices point into, once
    they match the report's checksum of them."""
    return load_test_set(expected_sha256)


@st.cache_data(show_spinner="Reading the photo...", max_entries=16)
def photo(data: bytes) -> PhotoSteps | None:
    """An uploaded photo read into the model's input, once per file (keyed by its bytes), not on
    every rerun: moving the threshold or switching the model reuses it. Raises the core's
    ValueError for a file that is not a usable image, NotADigit for a speck."""
    return photo_steps(read_image(data))


@st.cache_data(show_spinner="Reading the number on the photo...", max_entries=16)
def number_photo(task: str, name: str, data: bytes) -> tuple[np.ndarray, NumberReading]:
    """A photo of a written number, decoded and read digit by digit once per file and model, not on every
    rerun. Raises the core's ValueError for a file that is not a usable image or holds no number."""
    image = read_image(data)
    return image, read_number(image, task=task, model=model(task, name), photo=True)


@st.cache_data(show_spinner=False, max_entries=64)
def occlusion(task: str, name: str, image: np.ndarray) -> Occlusion:
    """What covering each patch of this (28, 28) drawing does to the model's probabilities, once per drawing."""
    return occlusion_of(model(task, name), image)


@st.cache_resource(show_spinner="Indexing MNIST's training digits (once per model)...", max_entries=4)
def neighbours(task: str, name: str) -> tuple[Neighbours, np.ndarray]:
    """The model's index of training digits, and the pictures of the indexed digits (not all 60,000),
    shared by every visitor and never changed."""
    X_train, y_train, _, _ = load_mnist()
    index = Neighbours(model(task, name), X_train, y_train)
    return index, X_train[index.indices]


@st.cache_data(show_spinner="Reading your digits with and without them...", max_entries=32)
def leave_one_out(task: str, name: str, images: np.ndarray, labels: np.ndarray) -> dict:
    """A visitor's drawings read by the model, and by the model adapted to all their other drawings
    (see :func:`digit_model.personal.model.leave_one_out`); once per set of drawings. Keyed by the drawings
    themselves, so a visitor only ever gets back the reading of drawings they hold."""
    return leave_one_out_of(model(task, name), task, images, labels, **blend_for(report(task, name)))
