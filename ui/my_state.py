"""The one owner of the My digits session state: the visitor's labelled drawings, the widgets that
label them on the Draw page and look after them on the My digits page, and the model adapted to them.

They build on the selection (``ui.state``): a drawing is labelled for the selected task and model.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from digit_model.personal.kaggle_csv import from_kaggle_csv
from digit_model.personal.model import PersonalModel, blend_for
from digit_model.personal.my_digits import MyDigits
from digit_model.tasks import Task, get_task
from ui import cache, state

__all__ = [
    "MY_DIGITS", "USE_MINE", "RIGHT", "TEACH", "MY_UPLOAD", "MY_READER", "MY_DIGIT", "MY_OUTCOME", "MY_PAGE",
    "OUTCOMES", "start", "my_digits", "teach", "labelled_as", "forget", "forget_all", "bring_back", "personal_model",
]

MY_DIGITS = "my_digits"  # this visitor's labelled drawings, a MyDigits: in this session only
USE_MINE = "use_my_digits"
RIGHT = "right"  # the "Right, it is a ..." button on the Draw page
TEACH = "teach"  # the "No, it is a ..." choice on the Draw page
MY_UPLOAD = "my_upload"
MY_READER = "my_reader"
MY_DIGIT = "my_digit"
MY_OUTCOME = "my_outcome"
MY_PAGE = "my_page"
_BROUGHT = "brought"  # the id of the uploaded file whose drawings were added, so that a rerun adds them once
_LABELLED = "labelled"  # (image bytes, digit) of the drawing labelled last, so it is not offered again
_PERSONAL = "personal"  # (MyDigits, task id, model name, PersonalModel): the model adapted to them, kept until they change

OUTCOMES = ("any", "right", "wrong")

_DEFAULTS = {
    USE_MINE: False,
    MY_DIGIT: state.ANY,
    MY_OUTCOME: OUTCOMES[0],
    MY_PAGE: 1,
}


def start() -> None:
    """Prepare this run's My digits state: no drawings yet in a new session."""
    for key, default in _DEFAULTS.items():
        st.session_state.setdefault(key, default)
    st.session_state.setdefault(MY_DIGITS, MyDigits())


def my_digits() -> MyDigits:
    """This visitor's labelled drawings (no other session ever sees them)."""
    return st.session_state[MY_DIGITS]


def teach(image: np.ndarray, digit: int | None, answer, model_name: str) -> None:
    """Keep the drawing ``image`` as a ``digit`` in My digits, with the ``answer`` the page gave it.

    ``digit`` None reads the "No, it is a ..." choice (a callback of that widget).
    """
    if digit is None:
        digit = st.session_state[TEACH]
        st.session_state[TEACH] = None
        if digit is None:
            return
    task = get_task(st.session_state[state.TASK])
    st.session_state[MY_DIGITS] = my_digits().add(
        image, digit, task=task.id, model=model_name, answer=answer.label, probabilities=list(answer.probabilities.values())
    )
    st.session_state[_LABELLED] = (image.tobytes(), int(digit))


def labelled_as(image: np.ndarray) -> int | None:
    """The digit this very drawing was just labelled as, if it was the last one labelled."""
    labelled = st.session_state.get(_LABELLED)
    return labelled[1] if labelled is not None and labelled[0] == image.tobytes() else None


def forget(position: int) -> None:
    """Delete one drawing from My digits."""
    st.session_state[MY_DIGITS] = my_digits().without([position])
    st.session_state.pop(_LABELLED, None)


def forget_all() -> None:
    """Delete every drawing from My digits."""
    st.session_state[MY_DIGITS] = MyDigits()
    st.session_state.pop(_LABELLED, None)


def bring_back(file_id: str, name: str, data: bytes) -> int | None:
    """Add the drawings of a downloaded file (our .npz, or a digit-recognizer .csv by its ``name``) to My
    digits, once per upload: how many were new, None when this upload was already added. A file that is
    not one of these raises the core's ValueError, and changes nothing."""
    if st.session_state.get(_BROUGHT) == file_id:
        return None
    before = len(my_digits())
    read = from_kaggle_csv if name.lower().endswith(".csv") else MyDigits.load
    st.session_state[MY_DIGITS] = my_digits().merged(read(data))
    st.session_state[_BROUGHT] = file_id
    return len(my_digits()) - before


def personal_model(task: Task, model_name: str) -> PersonalModel | None:
    """The selected model adapted to this visitor's drawings, when "use my digits" is on and some of them
    are digits of the task; built again only when the drawings or the choice change."""
    if not st.session_state[USE_MINE] or not np.isin(my_digits().labels, task.digits).any():
        return None
    mine, kept = my_digits(), st.session_state.get(_PERSONAL)
    if kept is None or kept[0] is not mine or kept[1:3] != (task.id, model_name):
        blend = blend_for(cache.report(task.id, model_name))
        personal = PersonalModel(cache.model(task.id, model_name), task, mine.images, mine.labels, **blend)
        kept = mine, task.id, model_name, personal
        st.session_state[_PERSONAL] = kept
    return kept[3]
