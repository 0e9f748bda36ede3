"""Is the drawing a digit at all? The not-a-digit check, built once per server in the background.

Building a shipped model's check (:func:`digit_model.novelty.check.novelty_check`) reads MNIST and turns
20,000 of its training digits into features: seconds on a full core, longer on a shared one. No
drawing waits for it: the app starts the build when a visitor arrives, and until it is ready the
answer is given unchecked, with a note. Shared by every visitor and never changed once built.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import streamlit as st

from digit_model.novelty.check import novelty_check
from ui import charts, lab_state
from ui.answer import Answer

__all__ = ["prepare", "not_digits", "say_not_a_digit"]

_BUILDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="digit-check")  # one build at a time
_LOCK = threading.Lock()
_CHECKS: dict[tuple[str, str], Future] = {}
_LAB = "The check whether this is a digit at all covers the shipped models, not the ones trained in the Lab."
_BUILDING = ("The check whether this is a digit at all is still being prepared on this server (once, from MNIST's "
             "training digits): draw again in a few seconds to have it.")


def prepare(task: str, name: str) -> Future | None:
    """Start building a shipped model's check, once per server; later calls return the same build."""
    if lab_state.own(task, name) is not None:
        return None
    with _LOCK:
        if (task, name) not in _CHECKS:
            _CHECKS[task, name] = _BUILDER.submit(novelty_check, task, name)
        return _CHECKS[task, name]


def not_digits(task: str, name: str, images: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """For each (28, 28) image, True where it does not look like a digit to the model; or None, and why,
    when it cannot be checked now. Never waits for the check's build."""
    build = prepare(task, name)
    if build is None:
        return None, _LAB
    if not build.done():
        return None, _BUILDING
    try:
        return ~build.result().looks_like_a_digit(images), None
    except (ValueError, OSError) as error:  # no MNIST to learn from
        return None, f"The check whether this is a digit at all is off: {error}"


def say_not_a_digit(result: Answer) -> None:
    """In place of the answer: the sentence, the digit it most resembles, a hint, and the probabilities on request."""
    st.metric("Prediction", "not a digit", delta=f"most like {result.label}", delta_color="off", delta_arrow="off")
    st.warning(
        f"That does not look like a digit. Of the digits, it most resembles {result.label}. Draw one digit, large "
        "and centred; for several digits, choose Number above.",
        icon=":material/block:",
    )
    with st.expander("The model's probabilities anyway"):
        st.vega_lite_chart(charts.probability_bars(result.probabilities, result.label), width="stretch")
        st.caption(
            "A classifier always answers with one of its classes. This drawing is farther from the training digits, "
            "in the features the model reads, than all but a few real digits are, so its answer means little."
        )
