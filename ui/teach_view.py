"""Teaching the model from the Draw page: say whether an answer was right, which keeps the drawing in
My digits, and answer with them; and the visitor's own drawings that moved an answer."""

from __future__ import annotations

import numpy as np
import streamlit as st

from digit_model.personal.model import PersonalModel
from digit_model.tasks import Task
from ui import my_state
from ui.answer import Answer
from ui.pictures import enlarged

__all__ = ["teach", "own_nearest"]

_OWN_NEAREST = 3  # the visitor's drawings shown beside an answer they moved


def teach(task: Task, model_name: str, image: np.ndarray, result: Answer) -> None:
    """One click to say whether the answer was right, which keeps the drawing in My digits; and the
    switch that answers with them."""
    labelled = my_state.labelled_as(image)
    if labelled is not None:
        st.success(f"Kept in My digits as a {labelled}.", icon=":material/check:")
    else:
        row = st.container(horizontal=True, vertical_alignment="bottom")
        if result.digit is not None:
            row.button(
                f"Right, it is a {result.digit}", icon=":material/check:", key=my_state.RIGHT,
                on_click=my_state.teach, args=(image, result.digit, result, model_name),
            )
        row.segmented_control(
            "Right?" if result.digit is None else "No, it is a…", list(range(10)), key=my_state.TEACH,
            on_change=my_state.teach, args=(image, None, result, model_name),
        )
    usable = int(np.isin(my_state.my_digits().labels, task.digits).sum())
    if not usable:
        st.session_state[my_state.USE_MINE] = False
    st.toggle(
        f"Use my digits ({usable} of yours for this task)", key=my_state.USE_MINE, disabled=not usable,
        help="Answer with this model adapted to the drawings you labelled: your nearest ones vote beside it. "
        "Label a drawing above to start; see them all on the My digits page.",
    )


def own_nearest(personal: PersonalModel, image: np.ndarray) -> None:
    """The visitor's own drawings nearest to this one, which moved the answer."""
    nearest = personal.nearest(image, k=_OWN_NEAREST)
    mine = my_state.my_digits()
    for column, position, digit in zip(st.columns(_OWN_NEAREST + 1), nearest.indices, nearest.labels):
        column.image(enlarged(mine.images[position], 56), caption=f"your {digit}")
    st.caption("Your own labelled drawings nearest to this one in the model's features, closest first: they vote beside the model.")
