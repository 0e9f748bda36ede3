"""Is the drawing a digit at all? The not-a-digit check, built once per server in the background.

Building a shipped model's check (:func:`digit_model.novelty.check.novelty_check`) reads MNIST and turns
20,000 of its training digits into features: seconds on a full core, longer on a shared one. No
drawing waits for it: the app starts the build when a visitor arrives, and until it is ready the
answer is given unchecked, with a note. Shared by every visitor and never changed once built.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

import numpy as np
import streamlit as st

from digit_model.novelty.check import novelty_check
from ui import cache, charts, lab_state
from ui.answer import Answer

__all__ = ["prepare", "not_digits", "say_not_a_digit"]

_LOCK = threading.Lock()
_CHECKS: dict[tuple[str, str], Future] = {}
_ONLY_DEFAULTS = ("The check whether this is a digit at all covers each task's default model (the first in the "
                  "sidebar), which it learns on the server once; choose that one to have it.")
_BUILDING = ("The check whether this is a digit at all is still being prepared on this server (once, from MNIST's "
             "training digits): draw again in a few seconds to have it.")


def prepare(task: str, name: str) -> Future | None:
    """Start building the check of the task's default model, once per server; later calls return the same
    build. None for other models: each check holds its own index, and a shared server learns three at most."""
    if lab_state.own(task, name) is not None or name != cache.models()[task][0]:
        return None
    with _LOCK:
        if (task, name) not in _CHECKS:
            _CHECKS[task, name] = Future()
            # A daemon thread, so that a server (or a test run) stopping never waits for a build to end.
            threading.Thread(target=_build, args=(_CHECKS[task, name], task, name), daemon=True).start()
        return _CHECKS[task, name]


def _build(future: Future, task: str, name: str) -> None:
    try:
        future.set_result(novelty_check(task, name))
    except Exception as error:  # noqa: BLE001 - any failure is handed to the page, which says the check is off
        future.set_exception(error)


def not_digits(task: str, name: str, images: np.ndarray) -> tuple[np.ndarray | None, str | None]:
    """For each (28, 28) image, True where it does not look like a digit to the model; or None, and why,
    when it cannot be checked now. Never waits for the check's build."""
    build = prepare(task, name)
    if build is None:
        return None, _ONLY_DEFAULTS
    if not build.done():
        return None, _BUILDING
    if build.exception() is not None:  # no MNIST to learn from, say
        return None, f"The check whether this is a digit at all is off: {build.exception()}"
    return ~build.result().looks_like_a_digit(images), None


_HINTS = {  # what to do instead, for a drawing and for a photo
    False: "Draw one digit, large and centred; for several digits, choose Number above.",
    True: ("Photograph one digit, large and centred, with nothing else dark on the paper near it (a pen, a "
           "fold, another mark); for several digits, turn on \"Read it as a whole number\"."),
}


def say_not_a_digit(result: Answer, *, photo: bool = False) -> None:
    """In place of the answer: the sentence, the digit it most resembles, a hint for a drawing or a ``photo``,
    and the probabilities on request."""
    st.metric("Prediction", "not a digit", delta=f"most like {result.label}", delta_color="off", delta_arrow="off")
    st.warning(
        f"That does not look like a digit. Of the digits, it most resembles {result.label}. {_HINTS[photo]}",
        icon=":material/block:",
    )
    with st.expander("The model's probabilities anyway"):
        st.vega_lite_chart(charts.probability_bars(result.probabilities, result.label), width="stretch")
        st.caption(
            "A classifier always answers with one of its classes. The not-a-digit check, which learned what digits "
            "look like in the model's own features, and what letters, shapes and scribbles look like, calls this "
            "drawing no digit: the answer above means little."
        )
