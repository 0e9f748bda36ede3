"""The one owner of the Draw page's memory of inputs: the history of this visit, and an image shown
again (a shared link's drawing, or one clicked in the history) in place of the visitor's own input.

An image shown again stays until the input under it changes: a stroke on the canvas, clearing it,
another photo, or another input choice replaces it. The history lives in this session only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from digit_model.inputs.share_link import decode_drawing
from ui import state
from ui.history import History, Seen

__all__ = [
    "DRAWING", "HISTORY", "SHOWN", "HISTORY_OPEN", "FROM_LINK", "FROM_HISTORY", "Shown",
    "start", "history", "remember", "show", "shown", "again_key",
]

DRAWING = "d"  # the URL parameter that carries a shared drawing
FROM_LINK, FROM_HISTORY = "link", "history"  # where an image shown again came from
HISTORY = "history"  # this visit's History
SHOWN = "shown"  # the Shown image, while it stands in for the input
HISTORY_OPEN = "your_inputs"  # the "Your last inputs" expander: whether it is open


@dataclass(frozen=True, eq=False)
class Shown:
    """An image shown again, where it came from (FROM_LINK or FROM_HISTORY), and the input it was shown over,
    recorded on the first run that shows it."""

    image: np.ndarray
    source: str
    over: tuple | None = None


def start() -> list[str]:
    """Prepare the history; on a session's first run, take the drawing its link carries, or return
    the one sentence that says why it cannot be used. The ``d`` parameter then leaves the URL, which
    from there on shows the visitor's own view."""
    if HISTORY in st.session_state:
        return []
    st.session_state[HISTORY] = History()
    text = st.query_params.get(DRAWING)
    if text is None:
        return []
    del st.query_params[DRAWING]
    try:
        st.session_state[SHOWN] = Shown(decode_drawing(text), FROM_LINK)
    except ValueError as error:
        return [str(error)]
    return []


def history() -> History:
    return st.session_state[HISTORY]


def remember(image: np.ndarray, answer: str) -> None:
    """Add an answered input to the history (nothing changes when it is already there)."""
    st.session_state[HISTORY] = history().added(image, answer)


def show(seen: Seen) -> None:
    """Show an input of the history again (a callback of its button)."""
    st.session_state[SHOWN] = Shown(seen.image, FROM_HISTORY)


def shown(image: np.ndarray | None, refusal: str | None) -> Shown | None:
    """The image shown again, while the input under it (the choice of input, and the image or refusal
    it gave) stays as it was; forgotten, and None, once that changes."""
    kept = st.session_state.get(SHOWN)
    if kept is None:
        return None
    under = (st.session_state[state.SOURCE], refusal, None if image is None else image.tobytes())
    if kept.over is None:
        kept = st.session_state[SHOWN] = replace(kept, over=under)
    elif kept.over != under:
        del st.session_state[SHOWN]
        return None
    return kept


def again_key(seen: Seen) -> str:
    """The key of the button that shows this input again."""
    return f"again_{seen.number}"
