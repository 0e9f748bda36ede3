"""The Draw page's "Why this answer", on request: what made the model answer, and the training digits
the drawing resembles in the model's own features."""

from __future__ import annotations

import numpy as np
import streamlit as st

from digit_model.explain.occlusion import PATCH
from digit_model.tasks import Task
from ui import cache, state
from ui.answer import Answer
from ui.guard import or_go_on
from ui.pictures import enlarged, support_overlay

__all__ = ["NEIGHBOURS", "why_this_answer"]

PICTURE_SIZE = 168
NEIGHBOURS = 8


def why_this_answer(task: Task, model_name: str, image: np.ndarray, result: Answer) -> None:
    """On request, what made the model answer, and the training digits the drawing resembles."""
    st.subheader("Why this answer")
    # Off until asked: covering each patch asks the model about a hundred more questions, several
    # times the work of the answer itself, on a server many visitors share.
    if not st.toggle(
        "Explain each answer: what made the model say it, and the training digits it resembles",
        key=state.EXPLAIN, persist_state="session",
    ):
        return
    covered_side, neighbour_side = st.columns([1, 2], gap="large")
    with covered_side, or_go_on():
        what_made_it_say(task, model_name, image, result)
    with neighbour_side, or_go_on():
        nearest_training_digits(task, model_name, image)


def what_made_it_say(task: Task, model_name: str, image: np.ndarray, result: Answer) -> None:
    """The occlusion map: which ink speaks for the answer, and which against it."""
    covered = cache.occlusion(task.id, model_name, image)
    support = covered.heatmap(list(result.probabilities).index(result.label))
    st.image(enlarged(support_overlay(image, support), PICTURE_SIZE), caption=f"What made it say {result.label}")
    st.caption(
        f"Each {PATCH}x{PATCH}-pixel patch of the model's input was covered in turn. Red: covering it lowers "
        f"P({result.label}), so that ink speaks for the answer; blue: covering it raises P({result.label}). The "
        "colours are scaled to this drawing's strongest patch."
    )


def nearest_training_digits(task: Task, model_name: str, image: np.ndarray) -> None:
    """The MNIST training digits nearest to the drawing in the model's own features."""
    index, pictures = cache.neighbours(task.id, model_name)
    nearest = index.query(image, k=NEIGHBOURS)
    for column, position, digit in zip(st.columns(NEIGHBOURS), np.searchsorted(index.indices, nearest.indices), nearest.labels):
        column.image(enlarged(pictures[position], 56), caption=f"a {digit}")
    st.caption(
        f"The {NEIGHBOURS} MNIST training digits nearest to your drawing in the model's own features (of a "
        "fixed sample of 10,000), closest first: the examples your drawing resembles in the model's eyes."
    )
